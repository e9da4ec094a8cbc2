"""The SQLite store: a file on this machine, the default for a shop with one location.

``SqliteStore`` is the ``Store`` protocol over one connection: table methods from ``Records``,
screen queries from ``Screens``, and here what only a file has: transactions under SQLite's
write lock, and backups.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fixit import clock
from fixit.errors import FixitError, InputError
from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.sqlite import connection
from fixit.storage.sqlite.records import Records
from fixit.storage.sqlite.screens import Screens


def open_sqlite(path: Path) -> SqliteStore:
    """Open (creating if needed, owner-only) and upgrade the database at ``path``."""
    return SqliteStore(connection.connect(path), path)


class SqliteStore(Records, Screens):
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self.location = str(path)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE takes the write lock up front, so a second terminal waits (busy timeout)
        instead of failing half-way through."""
        with sql_errors_as_storage_errors(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that see one moment of the shop, however many statements they take: a read
        transaction, which in WAL mode others' commits do not change."""
        with sql_errors_as_storage_errors(self.path):
            self.conn.execute("BEGIN")
            try:
                yield
            finally:
                if self.conn.in_transaction:
                    self.conn.execute("COMMIT")

    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy through SQLite's online backup API; by default in the app folder's backups/."""
        target = target or _default_backup_path()
        if target.exists():
            raise FixitError(f"{target} already exists; choose another name")
        if not target.parent.is_dir():
            raise InputError(f"the folder {target.parent} does not exist")
        return connection.backup_to(self.conn, target)

    def privacy_problem(self) -> str | None:
        """Other users of this computer can read the file (it holds customers' names and phones)."""
        try:
            readable = self.path.stat().st_mode & 0o077
        except OSError:
            return None
        if not readable:
            return None
        return f"other users of this computer can read {self.path}; `chmod 600 {self.path}` makes it yours alone"

    def check_backup(self, source: Path) -> None:
        connection.check_restorable(source)

    def restore(self, source: Path) -> Path:
        """Replace the database's contents with the backup's; returns where the replaced data was saved."""
        connection.check_restorable(source)
        safety = self.backup()
        connection.restore_from(source, self.conn)
        return safety


def _default_backup_path() -> Path:
    from fixit.paths import app_dir, private_folder

    folder = private_folder(app_dir() / "backups")
    stamp = f"fixit-{clock.now():%Y%m%d-%H%M%S}"
    target, again = folder / f"{stamp}.db", 1
    while target.exists():  # two backups within one second: the second gets a number
        again += 1
        target = folder / f"{stamp}-{again}.db"
    return target
