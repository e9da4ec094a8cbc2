"""Letters sent and letters that could not be sent: their tables, row mapping and methods (the
letters half of the ``ChangesAndLetters`` protocol)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from fixit import clock
from fixit.errors import NotFound
from fixit.ids import label
from fixit.model import (
    Letter,
    LetterKind,
    Unsent,
    Via,
)
from fixit.storage.sql.recording import Recording
from fixit.storage.sql.rows import build, required_words, to_sql

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table


def declared_tables() -> tuple[Table, ...]:
    """Letters sent and unsent, declared once (``declared``)."""
    from fixit.storage.sql.declared import Index, table

    return (
        table(
            "letters",
            "id INTEGER PRIMARY KEY",
            "complaint_id INTEGER NOT NULL REFERENCES complaints(id)",
            "change_id INTEGER REFERENCES changes(id)",
            "kind TEXT NOT NULL",
            "sent_at TEXT NOT NULL",
            "body TEXT NOT NULL",
            "via TEXT NOT NULL DEFAULT 'recorded'",
            "message_id TEXT",
            indexes=(Index("letters_complaint", ("complaint_id",)),),
        ),
        table(
            "unsent",
            "id INTEGER PRIMARY KEY",
            "complaint_id INTEGER NOT NULL REFERENCES complaints(id)",
            "change_id INTEGER REFERENCES changes(id)",
            "kind TEXT NOT NULL",
            "via TEXT NOT NULL",
            "subject TEXT NOT NULL",
            "body TEXT NOT NULL",
            "failed_at TEXT NOT NULL",
            "reason TEXT NOT NULL",
            indexes=(Index("unsent_complaint", ("complaint_id",)),),
        ),
    )


def read_letter(row: Any) -> Letter:
    return build(
        Letter,
        row,
        kind=required_words(LetterKind)[row["kind"]],
        sent_at=clock.from_stored(row["sent_at"]),
        via=required_words(Via)[row["via"]],
    )


def read_unsent(row: Any) -> Unsent:
    return build(
        Unsent,
        row,
        kind=required_words(LetterKind)[row["kind"]],
        via=required_words(Via)[row["via"]],
        failed_at=clock.from_stored(row["failed_at"]),
    )


LETTERS_OF = "SELECT * FROM letters WHERE complaint_id = :id ORDER BY sent_at, id"


class LetterRecords(Recording):
    def add_letter(
        self,
        *,
        complaint_id: int,
        kind: LetterKind,
        body: str,
        sent_at: datetime,
        change_id: int | None,
        via: Via = Via.recorded,
        message_id: str | None = None,
    ) -> int:
        letter_id = self._insert(
            "letters",
            {
                "complaint_id": complaint_id,
                "kind": kind,
                "body": body,
                "sent_at": sent_at,
                "change_id": change_id,
                "via": via,
                "message_id": message_id,
            },
        )
        owner = self.conn.execute("SELECT customer_id FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        if owner:
            self._contacted(owner[0], sent_at)
        return letter_id

    def recent_letters(self, limit: int | None) -> list[Letter]:
        tail = f" LIMIT {int(limit)}" if limit else ""
        found = self.conn.execute(f"SELECT * FROM letters ORDER BY sent_at DESC, id DESC{tail}")
        return [read_letter(row) for row in found]

    def keep_unsent(
        self,
        *,
        complaint_id: int,
        kind: LetterKind,
        via: Via,
        subject: str,
        body: str,
        failed_at: datetime,
        reason: str,
        change_id: int | None,
    ) -> int:
        return self._insert(
            "unsent",
            {
                "complaint_id": complaint_id,
                "kind": kind,
                "via": via,
                "subject": subject,
                "body": body,
                "failed_at": failed_at,
                "reason": reason,
                "change_id": change_id,
            },
        )

    def unsent_letters(self) -> list[Unsent]:
        return [read_unsent(row) for row in self.conn.execute("SELECT * FROM unsent ORDER BY failed_at, id")]

    def get_unsent(self, unsent_id: int) -> Unsent:
        row = self.conn.execute("SELECT * FROM unsent WHERE id = ?", (unsent_id,)).fetchone()
        if row is None:
            raise NotFound(f"no unsent letter {label('unsent', unsent_id)}")
        return read_unsent(row)

    def forget_unsent(self, complaint_id: int, kind: LetterKind) -> None:
        """Once a letter of this kind went out, earlier failed drafts of it are done with."""
        self.conn.execute("DELETE FROM unsent WHERE complaint_id = ? AND kind = ?", (complaint_id, to_sql(kind)))

    def letters_of(self, complaint_id: int) -> list[Letter]:
        return [read_letter(row) for row in self.conn.execute(LETTERS_OF, {"id": complaint_id})]
