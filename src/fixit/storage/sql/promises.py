"""Promises and amends: their tables, row mapping and methods (the ``PromisesAndAmends`` protocol)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from fixit import clock
from fixit.errors import NotFound
from fixit.ids import label
from fixit.model import (
    Amend,
    AmendKind,
    Promise,
)
from fixit.storage.sql.recording import Recording
from fixit.storage.sql.rows import build, day, moment, required_words, to_sql

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table


def declared_tables() -> tuple[Table, ...]:
    """Promises and amends, declared once (``declared``)."""
    from fixit.storage.sql.declared import Index, table

    return (
        table(
            "promises",
            "id INTEGER PRIMARY KEY",
            "complaint_id INTEGER NOT NULL REFERENCES complaints(id)",
            "what TEXT NOT NULL",
            "due TEXT NOT NULL",
            "due_time TEXT",
            "made_at TEXT NOT NULL",
            "kept_at TEXT",
            "amend_id INTEGER REFERENCES amends(id)",
            "tell TEXT",
            indexes=(
                Index("promises_complaint", ("complaint_id",)),
                Index("promises_open_due", ("due",), "kept_at IS NULL"),
            ),
        ),
        table(
            "amends",
            "id INTEGER PRIMARY KEY",
            "complaint_id INTEGER NOT NULL REFERENCES complaints(id)",
            "kind TEXT NOT NULL",
            "value_cents INTEGER",
            "note TEXT",
            "code TEXT UNIQUE",
            "expires TEXT",
            "created_at TEXT NOT NULL",
            "given_at TEXT",
            "redeemed_at TEXT",
            "approved_by TEXT",
            "checkin_due TEXT",
            "checkin_done_at TEXT",
            "checkin_ok INTEGER",
            indexes=(
                Index("amends_complaint", ("complaint_id",)),
                Index("amends_live_coupons", ("expires",), "code IS NOT NULL AND redeemed_at IS NULL"),
                Index("amends_checkins", ("checkin_due",), "checkin_due IS NOT NULL AND checkin_done_at IS NULL"),
            ),
        ),
    )


def read_promise(row: Any) -> Promise:
    return build(
        Promise,
        row,
        due=date.fromisoformat(row["due"]),
        due_time=time.fromisoformat(row["due_time"]) if row["due_time"] else None,
        made_at=clock.from_stored(row["made_at"]),
        kept_at=moment(row["kept_at"]),
    )


def read_amend(row: Any) -> Amend:
    return build(
        Amend,
        row,
        kind=required_words(AmendKind)[row["kind"]],
        created_at=clock.from_stored(row["created_at"]),
        expires=day(row["expires"]),
        given_at=moment(row["given_at"]),
        redeemed_at=moment(row["redeemed_at"]),
        checkin_due=day(row["checkin_due"]),
        checkin_done_at=moment(row["checkin_done_at"]),
        checkin_ok=None if row["checkin_ok"] is None else bool(row["checkin_ok"]),
    )


# One complaint's records, each by the complaint's number (:id).
PROMISES_OF = "SELECT * FROM promises WHERE complaint_id = :id ORDER BY id"


AMENDS_OF = "SELECT * FROM amends WHERE complaint_id = :id ORDER BY id"


class PromiseRecords(Recording):
    def add_promise(
        self,
        *,
        complaint_id: int,
        what: str,
        due: date,
        due_time: time | None,
        made_at: datetime,
        amend_id: int | None,
        tell: str | None = None,
    ) -> int:
        return self._inserted(
            "promises",
            {
                "complaint_id": complaint_id,
                "what": what,
                "due": due,
                "due_time": due_time,
                "made_at": made_at,
                "amend_id": amend_id,
                "tell": tell,
            },
        )

    def set_promise_tell(self, promise_id: int, tell: str | None) -> None:
        self._set("promises", promise_id, tell=tell)

    def get_promise(self, promise_id: int) -> Promise:
        row = self.conn.execute("SELECT * FROM promises WHERE id = ?", (promise_id,)).fetchone()
        if row is None:
            raise NotFound(f"no promise {label('promise', promise_id)}")
        return read_promise(row)

    def promises_of(self, complaint_id: int) -> list[Promise]:
        return [read_promise(row) for row in self.conn.execute(PROMISES_OF, {"id": complaint_id})]

    def open_promises_due_by(self, day: date) -> list[Promise]:
        found = self.conn.execute(
            "SELECT * FROM promises WHERE kept_at IS NULL AND due <= ? ORDER BY due, due_time NULLS LAST, id",
            (to_sql(day),),
        )
        return [read_promise(row) for row in found]

    def mark_kept(self, promise_id: int, at: datetime) -> None:
        self._set("promises", promise_id, kept_at=at)

    def add_amend(
        self,
        *,
        complaint_id: int,
        kind: AmendKind,
        value_cents: int | None,
        note: str | None,
        code: str | None,
        expires: date | None,
        created_at: datetime,
        given_at: datetime | None,
        approved_by: str | None,
    ) -> int:
        return self._inserted(
            "amends",
            {
                "complaint_id": complaint_id,
                "kind": kind,
                "value_cents": value_cents,
                "note": note,
                "code": code,
                "expires": expires,
                "created_at": created_at,
                "given_at": given_at,
                "approved_by": approved_by,
            },
        )

    def get_amend(self, amend_id: int) -> Amend:
        row = self.conn.execute("SELECT * FROM amends WHERE id = ?", (amend_id,)).fetchone()
        if row is None:
            raise NotFound(f"no amend {label('amend', amend_id)}")
        return read_amend(row)

    def coupon_with_code(self, code: str) -> Amend | None:
        row = self.conn.execute("SELECT * FROM amends WHERE code = ?", (code,)).fetchone()
        return read_amend(row) if row else None

    def amends_of(self, complaint_id: int) -> list[Amend]:
        return [read_amend(row) for row in self.conn.execute(AMENDS_OF, {"id": complaint_id})]

    def mark_handed_over(self, amend_id: int, at: datetime) -> None:
        self._set("amends", amend_id, given_at=at)

    def set_amend_note(self, amend_id: int, note: str | None) -> None:
        self._set("amends", amend_id, note=note)

    def mark_redeemed(self, amend_id: int, at: datetime) -> None:
        self._note_before("amends", amend_id, ("redeemed_at", "given_at"))
        self.conn.execute(
            "UPDATE amends SET redeemed_at = ?, given_at = coalesce(given_at, ?) WHERE id = ?",
            (to_sql(at), to_sql(at), amend_id),
        )

    def schedule_checkin(self, amend_id: int, due: date) -> None:
        self._set("amends", amend_id, checkin_due=due)

    def record_checkin(self, amend_id: int, at: datetime, ok: bool) -> None:
        self._set("amends", amend_id, checkin_done_at=at, checkin_ok=ok)
