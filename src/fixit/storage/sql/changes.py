"""Process changes and the complaints they were made for, and tags: their tables and methods
(the changes and tags half of the ``ChangesAndLetters`` protocol)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fixit import clock
from fixit.errors import NotFound
from fixit.ids import label
from fixit.model import Change
from fixit.storage.sql.recording import Recording
from fixit.storage.sql.rows import rows_by_id, to_sql

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table


def declared_tables() -> tuple[Table, ...]:
    """Process changes, the complaints they were made for, and tags, declared once (``declared``)."""
    from fixit.storage.sql.declared import Index, table

    return (
        table("changes", "id INTEGER PRIMARY KEY", "description TEXT NOT NULL", "made_at TEXT NOT NULL"),
        table(  # the complaints each change was made for
            "change_complaints",
            "change_id INTEGER NOT NULL REFERENCES changes(id)",
            "complaint_id INTEGER NOT NULL REFERENCES complaints(id)",
            key=("change_id", "complaint_id"),
            indexes=(Index("change_complaints_complaint", ("complaint_id",)),),
        ),
        table(
            "tags",
            "complaint_id INTEGER NOT NULL REFERENCES complaints(id)",
            "tag TEXT NOT NULL",
            key=("complaint_id", "tag"),
            indexes=(Index("tags_by_tag", ("tag", "complaint_id")),),
        ),
    )


class ChangeRecords(Recording):
    def add_change(self, description: str, made_at: datetime, complaint_ids: list[int]) -> int:
        change_id = self._insert("changes", {"description": description, "made_at": made_at})
        self.conn.executemany(
            "INSERT INTO change_complaints (change_id, complaint_id) VALUES (?, ?)",
            [(change_id, cid) for cid in complaint_ids],
        )
        return change_id

    def get_change(self, change_id: int) -> Change:
        row = self.conn.execute("SELECT * FROM changes WHERE id = ?", (change_id,)).fetchone()
        if row is None:
            raise NotFound(f"no process change {label('change', change_id)}")
        return self._change(row)

    def set_change_description(self, change_id: int, description: str) -> None:
        self._set("changes", change_id, description=description)

    def all_changes(self) -> list[Change]:
        return [self._change(row) for row in self.conn.execute("SELECT * FROM changes ORDER BY made_at, id")]

    def _change(self, row: Any) -> Change:
        linked = self.conn.execute(
            "SELECT complaint_id FROM change_complaints WHERE change_id = ? ORDER BY complaint_id", (row["id"],)
        )
        return Change(row["id"], row["description"], clock.from_stored(row["made_at"]), [r[0] for r in linked])

    def add_tags(self, complaint_id: int, tags: list[str]) -> None:
        if self.till is not None:  # a complaint made in this same change has no tags but those it was given
            given = self._given_tags.setdefault(complaint_id, set())
            had = set(given) if self._made_now("complaints", complaint_id) else set(self.tags_of([complaint_id]))
            given.update(tags)
            self._noted({"table": "tags", "id": complaint_id, "added": [t for t in tags if t not in had]})
        self.conn.executemany(
            "INSERT INTO tags (complaint_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(complaint_id, tag) for tag in tags],
        )

    def remove_tags(self, complaint_id: int, tags: list[str]) -> None:
        if self.till is not None:
            had = set(self.tags_of([complaint_id]))
            self._noted({"table": "tags", "id": complaint_id, "removed": [t for t in tags if t in had]})
        self.conn.executemany("DELETE FROM tags WHERE complaint_id = ? AND tag = ?", [(complaint_id, t) for t in tags])

    def tags_of(self, complaint_ids: Iterable[int]) -> list[str]:
        found = rows_by_id(self.conn, "SELECT DISTINCT tag FROM tags WHERE complaint_id IN", complaint_ids)
        return sorted({row[0] for row in found})

    def count_tagged(self, tags: list[str], start: datetime, end: datetime) -> int:
        if not tags:
            return 0
        count: int = self.conn.execute(
            "SELECT count(DISTINCT c.id) FROM complaints c JOIN tags t ON t.complaint_id = c.id"
            f" WHERE t.tag IN ({','.join('?' * len(tags))}) AND c.logged_at >= ? AND c.logged_at < ?",
            (*tags, to_sql(start), to_sql(end)),
        ).fetchone()[0]
        return count
