"""What every record module's writes go through: an insert, an update of some columns, and, while
a till is recording (``till``), what each change replaced, kept with the next event so `fixit undo`
can put it back. Each store brings ``_insert`` (how a record gets its id)."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from fixit.storage.sql.base import SqlStore
from fixit.storage.sql.rows import to_sql


class Recording(SqlStore):
    # Which till makes this run's changes (set by the command line; None: not recorded for undo). Each
    # event written then carries the till, this run's batch, and what the changes since the previous
    # event replaced, so `fixit undo` can put it back.
    till: str | None = None
    _batch: str | None = None
    _pending: list[dict[str, Any]] | None = None
    _made: set[tuple[str, int]] | None = None  # records this run inserted while recording
    _tags_by_complaint: dict[int, set[str]] | None = None

    def _noted(self, change: dict[str, Any]) -> None:
        if self.till is not None:
            if self._pending is None:
                self._pending = []
            self._pending.append(change)

    # what each store does its own way --------------------------------------------------------

    def _insert(self, table: str, values: dict[str, object]) -> int:
        """Insert one record; returns its id."""
        raise NotImplementedError

    def _before_erasing(self) -> None:
        """Make what forget_customer erases unrecoverable from the database's free space."""

    def _after_erasing(self) -> None:
        """Leave no erased word in the search index."""

    # the statements every change is made of ------------------------------------------------

    def _inserted(self, table: str, values: dict[str, object]) -> int:
        record_id = self._insert(table, values)
        self._noted({"table": table, "id": record_id, "inserted": True})
        if self.till is not None:
            if self._made is None:
                self._made = set()
            self._made.add((table, record_id))  # in place: an import makes 100,000 of them
        return record_id

    def _made_now(self, table: str, record_id: int) -> bool:
        """The record was inserted by the change being recorded (nothing of it to read back for undo)."""
        return (table, record_id) in (self._made or set())

    @property
    def _given_tags(self) -> dict[int, set[str]]:
        """Tags this run gave each complaint while recording (what a complaint it made can have)."""
        if self._tags_by_complaint is None:
            self._tags_by_complaint = {}
        return self._tags_by_complaint

    def _note_before(self, table: str, record_id: int, columns: Iterable[str]) -> None:
        """Keep what the columns hold now, for `fixit undo` (only when a till is recording)."""
        if self.till is None:
            return
        if self._made_now(table, record_id):
            return  # made in this same change: undoing it takes it away whole (no read, no exchange)
        names = list(columns)
        row = self.conn.execute(f"SELECT {', '.join(names)} FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if row is not None:
            self._noted({"table": table, "id": record_id, "before": dict(zip(names, row, strict=True))})

    def _set(self, table: str, record_id: int, **values: object) -> None:
        self._note_before(table, record_id, values)
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*(to_sql(v) for v in values.values()), record_id]
        )

    if TYPE_CHECKING:  # what one record module's methods use of another's

        def set_setting(self, key: str, value: str) -> None: ...  # settings

        def _contacted(self, customer_id: int, at: datetime) -> None: ...  # customers


@functools.lru_cache(maxsize=64)
def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    """One statement text per table and column list: built once, and the driver's statement cache reuses it."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
