"""The SQLite store: a file on this machine, the default for a shop with one location.

``SqliteStore`` is the ``Store`` protocol over one connection: table methods from ``Records``,
screen queries from ``Screens`` (SQL shared with PostgreSQL), and here what only SQLite has:
transactions under its write lock, FTS5 search, and backups of the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fixit import clock
from fixit.errors import FixitError, InputError
from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.sql import rows
from fixit.storage.sql.dialect import SQLITE
from fixit.storage.sql.records import Records, insert_sql
from fixit.storage.sql.rows import to_sql
from fixit.storage.sql.screens import Screens
from fixit.storage.sqlite import connection

if TYPE_CHECKING:
    from fixit.summaries import SearchMatch


def open_sqlite(path: Path) -> SqliteStore:
    """Open (creating if needed, owner-only) and upgrade the database at ``path``."""
    return SqliteStore(connection.connect(path), path)


class SqliteStore(Records, Screens):
    conn: sqlite3.Connection
    dialect = SQLITE

    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path
        self.location = str(path)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE takes the write lock up front, so a second terminal waits (busy timeout)
        instead of failing half-way through. Inside a caller's transaction (several numbers at once) it
        is part of theirs: all commit together, or none."""
        if self.conn.in_transaction:
            yield
            return
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

    def _insert(self, table: str, values: dict[str, object]) -> int:
        cursor = self.conn.execute(insert_sql(table, tuple(values)), [to_sql(v) for v in values.values()])
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _before_erasing(self) -> None:
        self.conn.execute("PRAGMA secure_delete = ON")  # what is erased is overwritten, not just unlinked

    def _after_erasing(self) -> None:
        for index in ("complaints_fts", "promises_fts"):  # merge the index so no old word lingers in it
            self.conn.execute(f"INSERT INTO {index}({index}) VALUES ('optimize')")

    def _defer_foreign_keys(self) -> None:
        self.conn.execute("PRAGMA defer_foreign_keys = ON")

    def _columns_of(self, table: str) -> list[str]:
        return [row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")]

    def _written_order(self, table: str) -> str:
        return "rowid"

    def search(self, words: list[str], mark: tuple[str, str], limit: int) -> list[SearchMatch]:
        """FTS5 over complaints (summary, notes, fix, explanation) and promises. Ranked first, snippets
        after: a snippet costs far more than a rank, so only the ``limit`` best get one."""
        from fixit.summaries import SearchMatch

        if not words:
            return []
        match = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
        top = self.conn.execute(
            "SELECT 'complaint' AS source, rowid AS id, bm25(complaints_fts) AS score"
            " FROM complaints_fts WHERE complaints_fts MATCH ?"
            " UNION ALL SELECT 'promise', rowid, bm25(promises_fts) FROM promises_fts WHERE promises_fts MATCH ?"
            " ORDER BY score, id DESC LIMIT ?", (match, match, limit)).fetchall()
        snippets: dict[tuple[str, int], str] = {}
        for source, table, column in (("complaint", "complaints_fts", -1), ("promise", "promises_fts", 0)):
            ids = [row["id"] for row in top if row["source"] == source]
            if ids:
                found = self.conn.execute(
                    f"SELECT rowid, snippet({table}, {column}, ?, ?, '…', 16) FROM {table}"
                    f" WHERE {table} MATCH ? AND rowid IN ({','.join('?' * len(ids))})", (*mark, match, *ids))
                snippets.update({(source, row[0]): row[1] for row in found})
        promise_ids = [row["id"] for row in top if row["source"] == "promise"]
        owners = {row[0]: row[1] for row in rows.rows_by_id(
            self.conn, "SELECT id, complaint_id FROM promises WHERE id IN", promise_ids)}
        return [SearchMatch(row["source"], row["id"] if row["source"] == "complaint" else owners[row["id"]],
                            row["id"] if row["source"] == "promise" else None, snippets[(row["source"], row["id"])])
                for row in top]

    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy through SQLite's online backup API; by default in the app folder's backups/."""
        target = target or default_backup_path()
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


def default_backup_path() -> Path:
    """A new file in the app folder's backups/, named for now."""
    from fixit.paths import app_dir, private_folder

    folder = private_folder(app_dir() / "backups")
    stamp = f"fixit-{clock.now():%Y%m%d-%H%M%S}"
    target, again = folder / f"{stamp}.db", 1
    while target.exists():  # two backups within one second: the second gets a number
        again += 1
        target = folder / f"{stamp}-{again}.db"
    return target
