"""SQLite's exceptions as one-line StorageErrors that say what happened to which file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fixit.errors import StorageError

BUSY_TIMEOUT_MS = 5000


@contextmanager
def sql_errors_as_storage_errors(path: Path | None = None) -> Iterator[None]:
    """Turn SQLite's exceptions into one-line StorageErrors that name the file."""
    try:
        yield
    except sqlite3.Error as error:
        raise StorageError(_describe(error, path)) from None


def _describe(error: sqlite3.Error, path: Path | None) -> str:
    where = f" ({path})" if path else ""
    text = str(error)
    if "locked" in text or "busy" in text:
        return f"the database is busy: another fixit kept it locked for {BUSY_TIMEOUT_MS // 1000} s; try again{where}"
    if "readonly" in text or "read-only" in text:
        return f"the database is read-only: fixit cannot save changes{where}"
    if "not a database" in text or "malformed" in text or "disk image" in text:
        return f"the file is not a readable fixit database: {text}{where}"
    if "disk is full" in text:  # SQLITE_FULL: the write was refused whole; the transaction rolled back
        return f"the disk is full: nothing was saved; free some space and try again{where}"
    if "disk I/O error" in text:
        return f"the disk could not be written (is it full, or failing?): nothing was saved{where}"
    if "unable to open" in text:
        return f"cannot open the database file{where}: check that you may read and write it and its folder"
    return f"database error: {text}{where}"
