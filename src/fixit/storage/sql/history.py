"""Each complaint's timeline of events, and `fixit undo`: the events table, row mapping and
methods (the ``History`` protocol). What a change replaced is noted by ``recording`` as it is made."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from fixit import clock
from fixit.model import Event
from fixit.storage.sql import tables
from fixit.storage.sql.recording import Recording
from fixit.storage.sql.rows import to_sql

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table


def declared_tables() -> tuple[Table, ...]:
    """The events of each complaint's timeline, declared once (``declared``)."""
    from fixit.storage.sql.declared import Index, table

    return (
        table(
            "events",
            "id INTEGER PRIMARY KEY",
            "complaint_id INTEGER NOT NULL REFERENCES complaints(id)",
            "at TEXT NOT NULL",
            "kind TEXT NOT NULL",
            "detail TEXT NOT NULL",
            "till TEXT",
            "batch TEXT",
            "undo TEXT",
            "undone_at TEXT",
            indexes=(
                Index("events_complaint", ("complaint_id", "at")),
                Index("events_till", ("till", "id"), "till IS NOT NULL"),
                Index("events_batch", ("batch",), "batch IS NOT NULL"),
            ),
        ),
    )


def read_event(row: Any) -> Event:
    return Event(row["complaint_id"], clock.from_stored(row["at"]), row["kind"], row["detail"])


class HistoryRecords(Recording):
    def add_event(self, complaint_id: int, kind: str, detail: str, at: datetime | None = None) -> None:
        values: dict[str, object] = {
            "complaint_id": complaint_id,
            "kind": kind,
            "detail": detail,
            "at": at or clock.now(),
        }
        if self.till is not None:
            import json
            import uuid

            if self._batch is None:
                self._batch = uuid.uuid4().hex
            values.update(
                till=self.till,
                batch=self._batch,
                undo=json.dumps({"made": clock.stamp(), "changes": self._pending or []}),
            )
            # what this event carries is written down: only the records it made are still "made
            # now" (the tags `log` gives the complaint it just wrote need no read back); older ones
            # are read back like any other, so nothing grows with 100,000 imported complaints
            made = {(c["table"], c["id"]) for c in self._pending or [] if c.get("inserted")}
            if made:  # an event that made nothing ("emergency" after "logged") keeps the last ones
                self._made = made
                self._tags_by_complaint = {
                    complaint: tags
                    for complaint, tags in (self._tags_by_complaint or {}).items()
                    if ("complaints", complaint) in made
                } or None
            self._pending = None
        self._insert("events", values)

    def last_change(self, till: str) -> list[tuple[Event, str]]:
        """The events of the latest change this till made that is not undone yet (oldest first), each
        with what it replaced (JSON: {"made": when, "changes": [...]})."""
        batch = self._last_batch(till)
        if batch is None:
            return []
        found = self.conn.execute("SELECT * FROM events WHERE batch = ? AND undone_at IS NULL ORDER BY id", (batch,))
        return [(read_event(r), r["undo"]) for r in found]

    def undo_change(self, till: str, at: datetime) -> None:
        """Put back what the latest change of this till replaced (in reverse order) and mark it undone.
        A complaint it logged is marked void, a promise, amend or tag it added is taken off; nothing
        else is deleted."""
        import json

        batch = self._last_batch(till)
        if batch is None:
            return
        for _, undo in reversed(self.last_change(till)):
            for change in reversed(json.loads(undo)["changes"]):
                self._reverse(change, at)
        self.conn.execute("UPDATE events SET undone_at = ? WHERE batch = ?", (to_sql(at), batch))

    def _last_batch(self, till: str) -> str | None:
        row = self.conn.execute(
            "SELECT batch FROM events WHERE till = ? AND undone_at IS NULL AND kind != 'undone'"
            " ORDER BY id DESC LIMIT 1",
            (till,),
        ).fetchone()
        return None if row is None else str(row[0])

    def _reverse(self, change: dict[str, Any], at: datetime) -> None:
        table, record_id = change["table"], change["id"]
        if table == "tags":
            for tag in change.get("added", []):
                self.conn.execute("DELETE FROM tags WHERE complaint_id = ? AND tag = ?", (record_id, tag))
            for tag in change.get("removed", []):
                self.conn.execute(
                    "INSERT INTO tags (complaint_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", (record_id, tag)
                )
        elif change.get("inserted"):
            if table == "complaints":  # kept, as entered in error
                self.conn.execute(
                    "UPDATE complaints SET voided_at = ?, void_reason = 'undone' WHERE id = ?", (to_sql(at), record_id)
                )
            else:
                if table == "amends":
                    self.conn.execute("UPDATE promises SET amend_id = NULL WHERE amend_id = ?", (record_id,))
                self.conn.execute(f"DELETE FROM {_UNDOABLE_TABLES[table]} WHERE id = ?", (record_id,))
        else:
            before: dict[str, object] = change["before"]
            columns = [column for column in before if column in _UNDOABLE_COLUMNS[table]]
            self.conn.execute(
                f"UPDATE {_UNDOABLE_TABLES[table]} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*(before[c] for c in columns), record_id],
            )


# what `fixit undo` may write back: the tables, and the columns of each its changes replace
_UNDOABLE_TABLES = {"complaints": "complaints", "promises": "promises", "amends": "amends", "changes": "changes"}


_UNDOABLE_COLUMNS = {
    "complaints": {
        "apologized_at",
        "verdict",
        "cause",
        "explanation",
        "status",
        "fix",
        "fixed_at",
        "followup_due",
        "followup_done_at",
        "closed_at",
        "outcome",
        "summary",
        "channel",
        "severity",
        "customer_id",
        "about",
        "happened_on",
        "emergency",
        "voided_at",
        "void_reason",
        *tables.edited(),  # went wrong, found, we did, careful, harmed ...: what `fixit edit` writes
    },
    "promises": {"kept_at", "tell"},
    "amends": {"given_at", "redeemed_at", "checkin_due", "checkin_done_at", "checkin_ok", "note"},
    "changes": {"description"},
}
