"""A connection to fixit's PostgreSQL database: libpq's settings, sqlite3's placeholders, the schema.

Connection settings follow libpq: the URL, then ``PGPASSWORD``, ``~/.pgpass``, service files and
``sslmode`` as psycopg reads them, so no secret has to sit on the command line. The session
speaks the machine's time zone (``TZ``, else the system's), as SQLite's 'localtime' does, and
gives up waiting for another till's lock after the same 5 s as SQLite's busy timeout.

Round trips are what a server 20 ms away makes slow, so each is counted (``ROUND_TRIPS``, read by
a test) and kept few: opening is the connection and one query for the schema version, a command
transaction adds one exchange to begin (with the lock) and one to commit.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg

from fixit.errors import StorageError
from fixit.storage.errors import BUSY_TIMEOUT_MS
from fixit.storage.postgres.schema import SCHEMA_VERSION, STEPS

LOCK_KEY = 0x46495854  # "FIXT": one lock for fixit's writers, as SQLite has one write lock per file
CONNECT_TIMEOUT_S = 5
STREAM_BATCH = 1000  # rows per exchange when a long result is read as it is used
ROUND_TRIPS = 0  # exchanges with the server since the process started (a test reads it)


def server_name(url: str) -> str:
    """The server and database, for messages: 'db.example.com/shop'."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    return f"{host}{parts.path or '/'}"


def local_zone() -> str:
    """The machine's time zone by name (TZ, else /etc/localtime), for the session."""
    zone = os.environ.get("TZ", "").lstrip(":")
    if zone and not zone.startswith("/"):
        return zone
    link = Path(zone or "/etc/localtime")
    try:
        target = str(link.resolve())
    except OSError:
        return "UTC"
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else "UTC"


_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\?|(?<![:\w]):([A-Za-z_]\w*)|%")


@functools.lru_cache(maxsize=512)
def translate(sql: str) -> str:
    """sqlite3's ``?`` and ``:name`` as psycopg's ``%s`` and ``%(name)s``; a literal ``%`` doubled."""
    def one(match: re.Match[str]) -> str:
        token = match.group(0)
        if token.startswith("'"):
            return token.replace("%", "%%")
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        return f"%({match.group(1)})s"

    return _PLACEHOLDER.sub(one, sql)


@functools.lru_cache(maxsize=256)
def _row_class(names: tuple[str, ...]) -> type[tuple[Any, ...]]:
    """A row that answers to ``row[0]``, ``row["name"]`` and ``keys()``, as sqlite3.Row does."""
    index = {name: position for position, name in enumerate(names)}

    class Row(tuple[Any, ...]):
        __slots__ = ()

        def __getitem__(self, key: Any) -> Any:
            return tuple.__getitem__(self, index[key] if isinstance(key, str) else key)

        def keys(self) -> list[str]:
            return list(names)

    return Row


def _rows(cursor: Any) -> Any:
    description = cursor.description
    return _row_class(tuple(column.name for column in description)) if description else tuple


class PgConnection:
    """psycopg's connection behind the interface the shared SQL uses (``fixit.storage.sql.dialect``)."""

    def __init__(self, raw: psycopg.Connection[Any]):
        self.raw = raw
        self._streams = 0

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = (), /) -> Any:
        global ROUND_TRIPS
        ROUND_TRIPS += 1
        if not isinstance(parameters, dict):
            parameters = tuple(parameters)
        return self.raw.execute(translate(sql), parameters)

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        """Every row in one pipeline: a thousand rows cost about one exchange, not a thousand."""
        global ROUND_TRIPS
        ROUND_TRIPS += 1
        cursor = self.raw.cursor()
        cursor.executemany(translate(sql), [tuple(row) for row in parameters])
        return cursor

    def pipeline(self, statements: list[str], parameters: dict[str, Any]) -> list[Any]:
        """Several queries sent together and answered together: one exchange. Returns their cursors."""
        global ROUND_TRIPS
        ROUND_TRIPS += 1
        with self.raw.pipeline():
            cursors = [self.raw.cursor() for _ in statements]
            for cursor, sql in zip(cursors, statements, strict=True):
                cursor.execute(translate(sql), parameters)
        return cursors

    @property
    def in_transaction(self) -> bool:
        """A BEGIN of ours is open (as sqlite3's attribute of the same name)."""
        return bool(self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE)

    def stream(self, sql: str, parameters: Sequence[Any] | dict[str, Any]) -> Any:
        """A server-side cursor: rows come ``STREAM_BATCH`` at a time, one exchange per batch (counted
        as one here: how many follow depends on what is read, not on what is stored). Inside a
        transaction it lives as long as the transaction; outside one the server keeps the result
        (WITH HOLD) until it is read or the connection closes."""
        global ROUND_TRIPS
        ROUND_TRIPS += 1
        self._streams += 1
        outside = self.raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE  # no BEGIN of ours open
        cursor = self.raw.cursor(name=f"fixit_stream_{self._streams}", withhold=outside)
        cursor.itersize = STREAM_BATCH
        if not isinstance(parameters, dict):
            parameters = tuple(parameters)
        cursor.execute(translate(sql), parameters)
        return cursor

    def script(self, sql: str) -> None:
        """Statements as they are (no placeholders), in one exchange."""
        global ROUND_TRIPS
        ROUND_TRIPS += 1
        self.raw.execute(sql.encode())

    def close(self) -> None:
        self.raw.close()


def connect(url: str) -> PgConnection:
    """A connection at this fixit's schema (created in an empty database, upgraded in an older one)."""
    global ROUND_TRIPS
    ROUND_TRIPS += 1
    settings: dict[str, Any] = {"autocommit": True, "row_factory": _rows,
                                "options": f"-c TimeZone={local_zone()} -c lock_timeout={BUSY_TIMEOUT_MS}"}
    if "connect_timeout" not in url:
        settings["connect_timeout"] = CONNECT_TIMEOUT_S
    conn = PgConnection(psycopg.connect(url, **settings))
    try:
        _ensure_schema(conn, url)
    except BaseException:
        conn.close()
        raise
    return conn


def schema_version(conn: PgConnection) -> int | None:
    """The schema's version; None in a database fixit has not set up. (Outside a transaction: the
    missing table is an error, which inside one would end it.)"""
    try:
        row = conn.execute("SELECT version FROM fixit_schema").fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return int(row[0]) if row else 0


def _schema_version_in_transaction(conn: PgConnection) -> int | None:
    if conn.execute("SELECT to_regclass('fixit_schema') IS NULL").fetchone()[0]:
        return None
    row = conn.execute("SELECT version FROM fixit_schema").fetchone()
    return int(row[0]) if row else 0


def _ensure_schema(conn: PgConnection, url: str) -> None:
    version = schema_version(conn)
    if version == SCHEMA_VERSION:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise StorageError(f"the database {server_name(url)} was written by a newer fixit (schema {version}; this "
                           f"fixit reads up to {SCHEMA_VERSION}): upgrade fixit to use it")
    _upgrade(conn, url)


def _upgrade(conn: PgConnection, url: str) -> None:
    """Every pending step in one transaction, under fixit's lock: two tills starting at once upgrade
    once, and a failure (or a killed process) leaves the schema as it was."""
    conn.script(f"BEGIN; SELECT pg_advisory_xact_lock({LOCK_KEY})")
    try:
        version = _schema_version_in_transaction(conn)  # another till may have upgraded while we waited
        if version == SCHEMA_VERSION:
            conn.script("COMMIT")
            return
        if version is None:
            if conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]:
                raise StorageError(f"the database {server_name(url)} holds tables fixit did not create; "
                                   "refusing to touch it (give fixit an empty database of its own)")
            version = 0
        for _name, statements in STEPS[version:]:
            for statement in statements:
                conn.script(statement)
        conn.execute("DELETE FROM fixit_schema")
        conn.execute("INSERT INTO fixit_schema (version) VALUES (?)", (SCHEMA_VERSION,))
        conn.script("COMMIT")
    except BaseException:
        if not conn.raw.closed:
            conn.script("ROLLBACK")
        raise
