"""The databases' exceptions as one-line StorageErrors that say what happened, and where.

SQLite's are caught by class; PostgreSQL's by the driver's module name, so that nothing here
imports psycopg (only a command that uses a server loads it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fixit.errors import StorageError

BUSY_TIMEOUT_MS = 5000


@contextmanager
def sql_errors_as_storage_errors(path: Path | str | None = None, writing: bool = False) -> Iterator[None]:
    """Turn SQLite's exceptions into one-line StorageErrors that name the file, and PostgreSQL's
    into ones that name the server (``path`` is then 'host/database'). ``writing``: inside a write
    transaction, which a failure rolls back (only then is "nothing was saved" said)."""
    try:
        yield
    except sqlite3.Error as error:
        raise StorageError(_describe(error, path, writing)) from None
    except Exception as error:
        if not type(error).__module__.startswith("psycopg"):
            raise
        raise server_error(error, path) from None


class ServerUnreachable(StorageError):
    """The PostgreSQL server could not be reached (down, or no network): `log` keeps the complaint."""


def server_error(error: Exception, where: Path | str | None) -> StorageError:
    """The driver's error as fixit's: ServerUnreachable when no server answered, else a StorageError."""
    server = f" {where}" if where else ""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    text = text.removeprefix("connection failed: ")
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate == "55P03":  # lock_not_available: another till held fixit's lock past the timeout
        return StorageError(f"the database is busy: another fixit kept it locked for {BUSY_TIMEOUT_MS // 1000} s; "
                            "try again")
    if "password authentication failed" in text or sqlstate == "28P01":
        return StorageError(f"the PostgreSQL server{server} refused the login: check the user and password "
                            "(PGPASSWORD, ~/.pgpass)")
    if "FATAL:" in text:  # the server answered, and said no (no such database, no such user, no access)
        return StorageError(f"the PostgreSQL server{server} refused the connection: "
                            f"{text.split('FATAL:', 1)[1].strip()}")
    if type(error).__name__ in ("OperationalError", "ConnectionTimeout") and sqlstate is None:
        return ServerUnreachable(f"cannot reach the PostgreSQL server{server}: {text}")
    return StorageError(f"database error on the PostgreSQL server{server}: {text}")


def _describe(error: sqlite3.Error, path: Path | str | None, writing: bool = False) -> str:
    where = f" ({path})" if path else ""
    unsaved = "nothing was saved; " if writing else ""
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"the database is busy: another fixit kept it locked for {BUSY_TIMEOUT_MS // 1000} s; try again{where}"
    if "readonly" in text or "read-only" in text:
        return f"the database is read-only: fixit cannot save changes{where}"
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return f"the file is not a readable fixit database: {text}{where}"
    if "disk is full" in text:  # SQLITE_FULL: the write was refused whole; the transaction rolled back
        return f"the disk is full: {unsaved}free some space and try again{where}"
    if "disk I/O error" in text:
        if writing:
            return f"the disk could not be written (is it full, or failing?): nothing was saved{where}"
        return f"the database could not be read or its journal written (is the disk full, or failing?){where}"
    if "unable to open" in text:
        return f"cannot open the database file{where}: check that you may read and write it and its folder"
    return f"database error: {text}{where}"
