"""What the shared SQL needs from a database connection, and the few fragments the two stores
spell differently.

Both stores keep the same stored forms (``rows``): timestamps as UTC ISO 8601 text, days as ISO
dates, vocabulary words as text, booleans as 0/1. The same text sorts the same way on both, a
copy between them (`fixit migrate --to`) moves values unchanged, and a checksum of a table
means the same thing on either side. Where a computation needs a timestamp as time (hours
between two of them, the local day of the week), the dialect says how.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol


class Cursor(Protocol):
    """sqlite3's cursor, or psycopg's, as the shared SQL uses them."""

    @property
    def description(self) -> Any: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchmany(self, size: int = ...) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...

    def close(self) -> None: ...


class Connection(Protocol):
    """Statements use ``?`` and ``:name`` placeholders (sqlite3's); the PostgreSQL connection
    rewrites them for its driver. Rows answer to ``row[0]`` and ``row["name"]`` and have ``keys()``."""

    def execute(self, sql: str, parameters: Any = ..., /) -> Any: ...

    def executemany(self, sql: str, parameters: Any, /) -> Any: ...


@dataclass(frozen=True)
class Dialect:
    greatest: str  # the larger of two values (neither NULL: callers coalesce)
    local_time: str  # {0}: a stored timestamp, as local 'YYYY-MM-DD HH:MM:SS'
    hours_between: str  # {0} minus {1}, two stored timestamps, in hours (a float)
    local_monday: str  # {0}: a stored timestamp -> the Monday of its local week, 'YYYY-MM-DD'


SQLITE = Dialect(
    greatest="max",
    local_time="datetime({0}, 'localtime')",
    hours_between="((julianday({0}) - julianday({1})) * 24)",
    local_monday="date({0}, 'localtime', 'weekday 0', '-6 days')",
)

# The session's TimeZone is the machine's zone (set on connecting), so casts to timestamptz and
# to_char speak local time as SQLite's 'localtime' does.
POSTGRES = Dialect(
    greatest="greatest",
    local_time="to_char(({0})::timestamptz, 'YYYY-MM-DD HH24:MI:SS')",
    hours_between="(extract(epoch FROM (({0})::timestamptz - ({1})::timestamptz)) / 3600)::float8",
    local_monday="to_char(date_trunc('week', ({0})::timestamptz), 'YYYY-MM-DD')",
)
