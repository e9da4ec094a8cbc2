"""The databases' exceptions as one-line StorageErrors that say what happened, and where.

SQLite's are caught by class; PostgreSQL's by the driver's module name, so that nothing here
imports psycopg (only a command that uses a server loads it)."""

from __future__ import annotations

import re
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
    """The PostgreSQL server cannot take the command now, though nothing is wrong with how fixit is set up
    to reach it: no answer (down, no network, a network that stopped answering), starting up or
    shutting down, too many connections, the connection lost inside a transaction, a timeout.
    `log` keeps the complaint on the till; other commands say so in one line."""


# SQLSTATEs of a moment that passes: keep the complaint (class 08: the connection broke)
TRANSIENT_SQLSTATES = {
    "57P01": "the server is shutting down",  # admin_shutdown (a restart)
    "57P02": "the server restarted after a crash",  # crash_shutdown
    "57P03": "the server is starting up or shutting down",  # cannot_connect_now
    "53300": "the server has too many connections",  # too_many_connections
    "57014": "the server took too long and stopped the statement",  # query_canceled (statement_timeout)
    "25P03": "the connection sat too long inside a transaction",  # idle_in_transaction_session_timeout
    "40001": "another till's change crossed this one",  # serialization_failure
    "40P01": "another till's change crossed this one",  # deadlock_detected
}
# what libpq says, with no SQLSTATE, while connecting or when the connection breaks: a moment that passes
TRANSIENT_TEXTS = {
    "is starting up": "the server is starting up",
    "is shutting down": "the server is shutting down",
    "not yet accepting connections": "the server is starting up",
    "not accepting connections": "the server is not accepting connections yet",
    "in recovery mode": "the server is recovering after a crash",
    "too many clients": "the server has too many connections",
    "remaining connection slots are reserved": "the server has too many connections",
    "temporary failure in name resolution": "the server's name cannot be looked up (no network?)",
}
# what the owner has to fix, with the fix: nothing is kept, every command says it in one line
OWNER_TEXTS = {
    "password authentication failed": "refused the login: check the user and password (PGPASSWORD, ~/.pgpass)",
    "no password supplied": "asks for a password and none was given: put it in ~/.pgpass (mode 600) or PGPASSWORD",
    "ssl was required": "does not offer TLS, but the URL asks for it (sslmode): turn TLS on at the server, "
    "or change sslmode in the URL",
    "ssl is not enabled on the server": "does not offer TLS, but the URL asks for it (sslmode): turn TLS on "
    "at the server, or change sslmode in the URL",
    "certificate": "could not be checked against its TLS certificate: give the right CA (sslrootcert) or fix "
    "the server's certificate",
    "no pg_hba.conf entry": "does not let this user in from this machine (pg_hba.conf): ask whoever runs "
    "the server to allow it",
    "gssapi": "asks for a sign-in this fixit cannot give (GSSAPI/Kerberos): ask whoever runs the server",
    "name or service not known": "has a name that does not exist: check the host in the URL",
    "nodename nor servname": "has a name that does not exist: check the host in the URL",
}
OWNER_SQLSTATE_CLASSES = {
    "28": "refused the login: check the user and password (PGPASSWORD, ~/.pgpass)",
    "42501": "does not let this user do that: fixit's user must own its database (GRANT, or ALTER DATABASE "
    "... OWNER TO)",
    "3D000": "has no such database: create it (createdb) or correct the URL",
}


_URL_IN_TEXT = re.compile(r'"?postgres(?:ql)?://[^"\s]*"?', re.IGNORECASE)


def server_error(error: Exception, where: Path | str | None) -> StorageError:
    """The driver's error as fixit's, in one line: ServerUnreachable for a moment that passes (the
    complaint is kept), a StorageError naming the fix for what the owner has to set right."""
    server = f" {where}" if where else ""
    lines = [line.strip() for line in str(error).strip().splitlines() if line.strip()]
    text = lines[0] if lines else type(error).__name__
    text = text.removeprefix("connection failed: ")
    said = text.split("FATAL:", 1)[1].strip() if "FATAL:" in text else text
    lowered = text.lower()
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate == "55P03":  # lock_not_available: another till held fixit's lock past the timeout
        return ServerUnreachable(
            f"the database is busy: another fixit kept it locked for {BUSY_TIMEOUT_MS // 1000} s; try again"
        )
    if sqlstate in TRANSIENT_SQLSTATES or (sqlstate or "").startswith("08"):
        why = TRANSIENT_SQLSTATES.get(sqlstate or "", "the connection broke")
        return ServerUnreachable(f"cannot reach the PostgreSQL server{server}: {why} ({said})")
    for class_or_state, fix in OWNER_SQLSTATE_CLASSES.items():
        if sqlstate and sqlstate.startswith(class_or_state):
            return StorageError(f"the PostgreSQL server{server} {fix} ({said})")
    if sqlstate is None:
        for words, why in TRANSIENT_TEXTS.items():
            if words in lowered:
                return ServerUnreachable(f"cannot reach the PostgreSQL server{server}: {why} ({said})")
        for words, fix in OWNER_TEXTS.items():
            if words in lowered:
                return StorageError(f"the PostgreSQL server{server} {fix}")
        if (
            text.startswith(("connection is bad: ", "invalid ", "missing "))
            or type(error).__name__ == "ProgrammingError"
        ):  # libpq could not even read the URL: a typo, not the network
            detail = _URL_IN_TEXT.sub("(the URL)", text.removeprefix("connection is bad: "))  # it may hold a password
            return StorageError(f"the server URL cannot be used: {detail}; correct it in --db or FIXIT_DB")
        if "FATAL:" in text:  # the server answered, and said no (no such database, no such user, no access)
            return StorageError(f"the PostgreSQL server{server} refused the connection: {said}")
        if type(error).__name__ in ("OperationalError", "ConnectionTimeout", "InterfaceError"):
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
