"""A connection to fixit's PostgreSQL database: libpq's settings, sqlite3's placeholders, the schema.

Connection settings follow libpq: the URL, then ``PGPASSWORD``, ``~/.pgpass``, service files and
``sslmode`` as psycopg reads them, so no secret has to sit on the command line. The session
speaks the machine's time zone (``TZ``, else the system's), as SQLite's 'localtime' does, and
gives up waiting for another till's lock after the same 5 s as SQLite's busy timeout.

Nothing waits for hours, as a counter cannot (``LIMITS``; a URL's own setting wins): connecting
gives up after 5 s; TCP keepalives notice a silent peer within about 15 s; the server ends a
statement after 15 s (a schema upgrade and ANALYZE excepted) and a writer's session left idle
inside its transaction after 3 s, so a till whose network froze while it held fixit's lock frees
it before another till's 5 s wait runs out; and no exchange (bulk copies excepted) waits more than
``EXCHANGE_TIMEOUT_S`` for its answer (a network that stops answering
after the connection is made: the connection is cut, and `log` keeps the complaint).

Round trips are what a server 20 ms away makes slow, so each is counted (``ROUND_TRIPS``, read by
a test) and kept few: opening is the connection and one query for the schema version, a command
transaction adds one exchange to begin (with the lock) and one to commit.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import psycopg
from psycopg.rows import tuple_row

from fixit.errors import StorageError
from fixit.storage.errors import BUSY_TIMEOUT_MS
from fixit.storage.postgres.schema import SCHEMA_VERSION, STEPS

LOCK_KEY = 0x46495854  # "FIXT": one lock for fixit's writers, as SQLite has one write lock per file
CONNECT_TIMEOUT_S = 5
STATEMENT_TIMEOUT_MS = 15_000
WRITER_IDLE_MS = 3_000  # under BUSY_TIMEOUT_MS: a frozen till's lock is freed before another till gives up
READER_IDLE_MS = 60_000  # a reader holds no lock: a slow pager may keep it a while
EXCHANGE_TIMEOUT_S = 25  # the lock's and a statement's timeouts, and a margin: past this the network is gone
LIMITS = {
    "connect_timeout": str(CONNECT_TIMEOUT_S),
    "keepalives": "1",
    "keepalives_idle": "5",
    "keepalives_interval": "2",
    "keepalives_count": "5",
    "tcp_user_timeout": "15000",
}
STREAM_BATCH = 1000  # rows per exchange when a long result is read as it is used
TABLE_BATCH = 5000  # the same, for a whole table read as plain tuples (an export, a copy)
ROUND_TRIPS = 0  # exchanges with the server since the process started (a test reads it)


def server_name(url: str) -> str:
    """The server and database, for messages: 'db.example.com/shop' (read as libpq reads the URL)."""
    from fixit.conninfo import server_name as named

    return named(url)


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


_WRITE = re.compile(r"\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
_BEGINNING = ("BEGIN", "SET LOCAL", "SELECT pg_advisory_xact_lock")

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


class _Watchdog:
    """Cuts the connection when an exchange goes unanswered for ``EXCHANGE_TIMEOUT_S``: the blocked
    read then fails at once, as a lost connection (no answer at all is what a frozen network gives:
    TCP keepalives are answered by whatever box froze, and the server never saw the query)."""

    def __init__(self, raw: psycopg.Connection[Any]):
        import threading

        self.raw = raw
        self.fired = False
        self._armed = threading.Condition()
        self._deadline: float | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._watch, daemon=True, name="fixit-exchange-watchdog")
        self._thread.start()

    def arm(self) -> None:
        import time

        with self._armed:
            self._deadline = time.monotonic() + EXCHANGE_TIMEOUT_S
            self._armed.notify()

    def disarm(self) -> None:
        with self._armed:
            self._deadline = None

    def close(self) -> None:
        with self._armed:
            self._closed = True
            self._armed.notify()

    def _watch(self) -> None:
        import socket
        import time

        with self._armed:
            while not self._closed:
                if self._deadline is None:
                    self._armed.wait()
                    continue
                left = self._deadline - time.monotonic()
                if left > 0:
                    self._armed.wait(left)
                    continue
                self._deadline, self.fired = None, True
                try:
                    cut = socket.socket(fileno=os.dup(self.raw.pgconn.socket))
                    cut.shutdown(socket.SHUT_RDWR)
                    cut.close()
                except (OSError, psycopg.Error):
                    pass


class _Result:
    """Rows already read, answering as a cursor does."""

    def __init__(self, rows: list[Any]):
        self.rows = rows

    def fetchall(self) -> list[Any]:
        return self.rows


class PgConnection:
    """psycopg's connection behind the interface the shared SQL uses (``fixit.storage.sql.dialect``)."""

    def __init__(self, raw: psycopg.Connection[Any]):
        self.raw = raw
        self._streams = 0
        self.identity: str | None = None  # 'system identifier/database', read with the schema version
        self._watchdog = _Watchdog(raw)
        self.pending: list[tuple[str, Any]] = []  # statements sent with the next exchange (a transaction's
        # BEGIN and lock; during `log`, its writes), so that they cost no exchange of their own
        self.behind = False  # writes wait in ``pending`` for the next read or the COMMIT
        self.begun = False  # the pending BEGIN went out
        self.phone_rule: str | bool | None = False  # the phone_rule setting as read on opening (False: not read)

    def queue(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> None:
        """A statement whose answer nobody reads: it goes out with the next exchange."""
        self.pending.append((translate(sql), parameters if isinstance(parameters, dict) else tuple(parameters)))

    def _with_pending(self, last: tuple[str, Any] | None) -> Any:
        """What is pending, and ``last``, as one message (one exchange): a cursor on the last result."""
        return self._together([*([last] if last else [])], 1)[0]

    def _together(self, after: list[tuple[str, Any]], wanted: int) -> list[Any]:
        """What is pending, then ``after``, as ONE simple-query message (values bound here, by psycopg's
        quoting): one exchange, and all or nothing on the wire. (Sent as a pipeline, a network freezing
        half-way could leave the server holding fixit's lock inside an unfinished pipeline, where no
        idle timeout applies.) Returns cursors on the last ``wanted`` results."""
        statements = [*self.pending, *after]
        self.pending = []
        self.begun = True
        cursor = psycopg.ClientCursor(self.raw)
        text = ";\n".join(cursor.mogrify(sql, parameters) for sql, parameters in statements)
        self._answered(lambda: cursor.execute(text.encode()))
        skip = len(statements) - wanted
        for _ in range(skip):
            cursor.nextset()
        if wanted <= 1:
            return [cursor]
        results = []
        for index in range(wanted):
            results.append(_Result(cursor.fetchall() if cursor.description else []))
            if index < wanted - 1:
                cursor.nextset()
        return results

    def flush(self) -> None:
        global ROUND_TRIPS
        if self.pending:
            ROUND_TRIPS += 1
            self._with_pending(None)

    def commit(self) -> None:
        """What is pending and the COMMIT, in one exchange (nothing at all when nothing went out)."""
        global ROUND_TRIPS
        self.behind = False
        if not self.begun and all(sql.startswith(_BEGINNING) for sql, _ in self.pending):
            self.pending = []
            return
        ROUND_TRIPS += 1
        self._with_pending(("COMMIT", ()))

    def rollback(self) -> None:
        self.behind = False
        self.pending = []
        if self.begun and not self.raw.closed:
            self.script("ROLLBACK")

    def _answered(self, run: Any) -> Any:
        self._watchdog.arm()
        try:
            return run()
        finally:
            self._watchdog.disarm()

    def execute(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = (), /) -> Any:
        global ROUND_TRIPS
        if self.behind and _WRITE.match(sql) and "RETURNING" not in sql:
            self.queue(sql, parameters)
            return None
        ROUND_TRIPS += 1
        if not isinstance(parameters, dict):
            parameters = tuple(parameters)
        if self.pending:
            return self._with_pending((translate(sql), parameters))
        return self._answered(lambda: self.raw.execute(translate(sql), parameters))

    def executemany(self, sql: str, parameters: Any, /) -> Any:
        """Every row in one pipeline: a thousand rows cost about one exchange, not a thousand. (A bulk
        copy: no deadline on the whole, each statement has the server's.)"""
        global ROUND_TRIPS
        if self.behind:
            for row in parameters:
                self.queue(sql, tuple(row))
            return None
        self.flush()
        ROUND_TRIPS += 1
        cursor = self.raw.cursor()
        cursor.executemany(translate(sql), [tuple(row) for row in parameters])
        return cursor

    def pipeline(self, statements: list[str], parameters: dict[str, Any]) -> list[Any]:
        """Several queries sent together and answered together: one exchange. Returns their cursors."""
        global ROUND_TRIPS
        ROUND_TRIPS += 1
        if self.pending:
            return self._together([(translate(sql), parameters) for sql in statements], len(statements))
        cursors = [self.raw.cursor() for _ in statements]

        def run() -> None:
            with self.raw.pipeline():
                for cursor, sql in zip(cursors, statements, strict=True):
                    cursor.execute(translate(sql), parameters)

        self._answered(run)
        return cursors

    def copy_in(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Rows into ``table`` through COPY, read from ``rows`` as they go: one stream, one exchange
        (a bulk copy: no deadline)."""
        global ROUND_TRIPS
        self.flush()
        ROUND_TRIPS += 1
        with self.raw.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    @property
    def in_transaction(self) -> bool:
        """A BEGIN of ours is open (as sqlite3's attribute of the same name), whether it went out or
        still waits to go with the transaction's first exchange."""
        if any(sql.startswith("BEGIN") for sql, _ in self.pending):
            return True
        return bool(self.raw.info.transaction_status != psycopg.pq.TransactionStatus.IDLE)

    def stream(self, sql: str, parameters: Sequence[Any] | dict[str, Any], plain: bool = False) -> Any:
        """A server-side cursor: rows come ``STREAM_BATCH`` at a time, one exchange per batch (counted
        as one here: how many follow depends on what is read, not on what is stored). Inside a
        transaction it lives as long as the transaction; outside one the server keeps the result
        (WITH HOLD) until it is read or the connection closes. ``plain``: rows as plain tuples, a
        bigger batch at a time (a whole table read for an export or a copy)."""
        global ROUND_TRIPS
        self.flush()
        ROUND_TRIPS += 1
        self._streams += 1
        outside = self.raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE  # no BEGIN of ours open
        if plain:
            cursor = self.raw.cursor(name=f"fixit_stream_{self._streams}", withhold=outside, row_factory=tuple_row)
            cursor.itersize = TABLE_BATCH
        else:
            cursor = self.raw.cursor(name=f"fixit_stream_{self._streams}", withhold=outside)
            cursor.itersize = STREAM_BATCH
        if not isinstance(parameters, dict):
            parameters = tuple(parameters)
        self._answered(lambda: cursor.execute(translate(sql), parameters))
        return cursor

    def script(self, sql: str, bounded: bool = True) -> None:
        """Statements as they are (no placeholders), in one exchange (``bounded``: within
        ``EXCHANGE_TIMEOUT_S``; not for a schema upgrade or ANALYZE, as long as the data makes them)."""
        global ROUND_TRIPS
        self.flush()
        ROUND_TRIPS += 1
        if bounded:
            self._answered(lambda: self.raw.execute(sql.encode()))
        else:
            self.raw.execute(sql.encode())

    def close(self) -> None:
        self._watchdog.close()
        self.raw.close()


def connect(url: str) -> PgConnection:
    """A connection at this fixit's schema (created in an empty database, upgraded in an older one)."""
    global ROUND_TRIPS
    ROUND_TRIPS += 1
    from psycopg.conninfo import conninfo_to_dict

    given = conninfo_to_dict(url)
    check_password_file(given)
    settings: dict[str, Any] = {
        "autocommit": True,
        "row_factory": _rows,
        "options": f"-c TimeZone={local_zone()} -c lock_timeout={BUSY_TIMEOUT_MS}"
        f" -c statement_timeout={STATEMENT_TIMEOUT_MS}"
        f" -c idle_in_transaction_session_timeout={READER_IDLE_MS}",
    }
    settings.update({key: value for key, value in LIMITS.items() if key not in given})
    conn = PgConnection(psycopg.connect(url, **settings))
    try:
        _ensure_schema(conn, url)
    except BaseException:
        conn.close()
        raise
    return conn


def check_password_file(given: dict[str, Any]) -> None:
    """libpq ignores a password file others may read, with a warning of its own and then 'no password
    supplied': the owner's to fix, said here in one line before connecting."""
    if given.get("password") or os.environ.get("PGPASSWORD"):
        return
    named = given.get("passfile") or os.environ.get("PGPASSFILE")
    path = Path(named).expanduser() if named else Path.home() / ".pgpass"
    try:
        mode = path.stat().st_mode
    except OSError:
        return
    if os.name == "posix" and mode & 0o077:
        raise StorageError(
            f"PostgreSQL ignores the password file {path}: others may read it (mode "
            f"{mode & 0o777:o}); make it yours alone: chmod 600 {path}"
        )


_VERSION_AND_IDENTITY = (
    "SELECT version, (SELECT system_identifier FROM pg_control_system())::text"
    " || '/' || current_database(), (SELECT value FROM settings WHERE key = 'phone_rule')"
    " FROM fixit_schema"
)  # the phone rule too: `log` keys a phone before its first read


def schema_version(conn: PgConnection) -> int | None:
    """The schema's version; None in a database fixit has not set up. (Outside a transaction: the
    missing table is an error, which inside one would end it.) The server's identity comes with it."""
    try:
        row = conn.execute(_VERSION_AND_IDENTITY).fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    if row is None:
        return 0
    conn.identity = str(row[1])
    conn.phone_rule = row[2]
    return int(row[0])


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
        raise StorageError(
            f"the database {server_name(url)} was written by a newer fixit (schema {version}; this "
            f"fixit reads up to {SCHEMA_VERSION}): upgrade fixit to use it"
        )
    _upgrade(conn, url)
    schema_version(conn)  # and the server's identity, now the table is there


def _upgrade(conn: PgConnection, url: str) -> None:
    """Every pending step in one transaction, under fixit's lock: two tills starting at once upgrade
    once, and a failure (or a killed process) leaves the schema as it was."""
    conn.script(f"BEGIN; SET LOCAL statement_timeout = 0; SELECT pg_advisory_xact_lock({LOCK_KEY})")
    try:
        version = _schema_version_in_transaction(conn)  # another till may have upgraded while we waited
        if version == SCHEMA_VERSION:
            conn.script("COMMIT")
            return
        if version is None:
            if conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").fetchone()[0]:
                raise StorageError(
                    f"the database {server_name(url)} holds tables fixit did not create; "
                    "refusing to touch it (give fixit an empty database of its own)"
                )
            version = 0
        for _name, statements in STEPS[version:]:
            for statement in statements:
                conn.script(statement, bounded=False)
        conn.execute("DELETE FROM fixit_schema")
        conn.execute("INSERT INTO fixit_schema (version) VALUES (?)", (SCHEMA_VERSION,))
        conn.script("COMMIT")
    except BaseException:
        if not conn.raw.closed:
            conn.script("ROLLBACK")
        raise
