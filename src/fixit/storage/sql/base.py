"""What the shared SQL (``Records``, ``Screens``) stands on: a connection, its dialect, and how
several reads that do not depend on each other are asked together."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fixit.storage.sql.dialect import Connection, Cursor, Dialect


class SqlStore:
    conn: Connection
    dialect: Dialect

    def _read_together(self, statements: Sequence[str], parameters: dict[str, Any]) -> list[list[Any]]:
        """Each statement's rows; the statements share named parameters. One after another here
        (SQLite is in-process, a statement costs no trip); a server's store sends them in one
        exchange (PostgreSQL: a pipeline), so what a screen shows costs one network latency, not
        one per table it reads."""
        return [self.conn.execute(sql, parameters).fetchall() for sql in statements]

    def _read_streamed(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        """A query whose rows may be many (an export, `due --json`, an unlimited list), read as they
        are used. sqlite3 already steps through a result row by row; a server's store fetches it in
        batches, so memory stays flat however many rows there are."""
        cursor: Cursor = self.conn.execute(sql, parameters)
        return cursor

    def _read_table(self, sql: str) -> Cursor:
        """Every row of a table, as plain tuples, read as they are used (an export, a copy)."""
        return self._read_streamed(sql)

    def refresh_statistics(self) -> None:
        """Nothing to do on SQLite: fixit never runs ANALYZE there, so its planner works from the
        indexes themselves, whatever the tables hold."""
