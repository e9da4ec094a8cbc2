"""The SQLite store: a file on this machine, the default for a shop with one location.

``SqliteStore`` is the ``Store`` protocol over one connection: table methods from ``Records``,
screen queries from ``Screens`` (SQL shared with PostgreSQL), and here what only SQLite has:
transactions under its write lock, FTS5 search, and backups of the file.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from fixit import clock
from fixit.errors import StorageError
from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.sql import rows
from fixit.storage.sql.dialect import SQLITE
from fixit.storage.sql.recording import insert_sql
from fixit.storage.sql.records import Records
from fixit.storage.sql.rows import to_sql
from fixit.storage.sql.screens import Screens
from fixit.storage.sqlite import connection

if TYPE_CHECKING:
    from fixit.storage.protocol import Store
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
        self.identity: str | None = None

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE takes the write lock up front, so a second terminal waits (busy timeout)
        instead of failing half-way through. Inside a caller's transaction (several numbers at once) it
        is part of theirs: all commit together, or none."""
        if isinstance(self.conn, connection.ReadOnlyConnection):
            advice = (
                "free some space and try again"
                if "full" in self.conn.reason
                else "due, list, show and report still work; copy it somewhere you can write to change it"
            )
            raise StorageError(f"nothing can be saved in {self.path}: {self.conn.reason} ({advice})")
        if self.conn.in_transaction:
            yield
            return
        with sql_errors_as_storage_errors(self.path, writing=True):
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

    def _put_all(self, table: str, names: tuple[str, ...], rows: Iterable[Sequence[object]]) -> None:
        self.conn.executemany(insert_sql(table, names), rows)  # read from ``rows`` as it goes: memory stays flat

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """The indexes and the search index's triggers dropped, the rows put in, then each index built
        in one pass over its table and the search index rebuilt from the records (FTS5's 'rebuild'):
        several times faster than keeping some twenty indexes up to date row by row. All inside the
        caller's transaction, so a copy that fails leaves the schema as it was."""
        kept = self.conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL"
            " ORDER BY type, name"
        ).fetchall()
        searched = [
            row[0]
            for row in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%fts5%'"
            )
        ]
        for kind, name, _ in kept:
            self.conn.execute(f'DROP {kind.upper()} "{name}"')
        yield
        for _, _, sql in kept:
            self.conn.execute(sql)
        for index in searched:
            self.conn.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")

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
            " ORDER BY score, id DESC LIMIT ?",
            (match, match, limit),
        ).fetchall()
        snippets: dict[tuple[str, int], str] = {}
        for source, table, column in (("complaint", "complaints_fts", -1), ("promise", "promises_fts", 0)):
            ids = [row["id"] for row in top if row["source"] == source]
            if ids:
                # One pass over the matches between the first and the last shown, FTS5 holding the rowid
                # range: `rowid IN (...)` handed to FTS5 matched the words once per id (20 scans of a
                # common word's matches); ``+rowid`` keeps the list a filter outside it.
                found = self.conn.execute(
                    f"SELECT rowid, snippet({table}, {column}, ?, ?, '…', 16) FROM {table}"
                    f" WHERE {table} MATCH ? AND rowid BETWEEN ? AND ? AND +rowid IN ({','.join('?' * len(ids))})",
                    (*mark, match, min(ids), max(ids), *ids),
                )
                snippets.update({(source, row[0]): row[1] for row in found})
        promise_ids = [row["id"] for row in top if row["source"] == "promise"]
        owners = {
            row[0]: row[1]
            for row in rows.rows_by_id(self.conn, "SELECT id, complaint_id FROM promises WHERE id IN", promise_ids)
        }
        return [
            SearchMatch(
                row["source"],
                row["id"] if row["source"] == "complaint" else owners[row["id"]],
                row["id"] if row["source"] == "promise" else None,
                snippets[(row["source"], row["id"])],
            )
            for row in top
        ]

    def backup(self, target: Path | None = None) -> Path:
        """A consistent copy through SQLite's online backup API; by default in the app folder's backups/."""
        from fixit.paths import checked_target

        target = target or default_backup_path()
        checked_target(target, new_only=True)
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
        """Replace the database's contents with the backup's; returns where the replaced data was saved.

        The backup is checked whole (a damaged page refuses it before anything changes), copied
        beside the database and brought up to this fixit's schema there. Then, under one write lock
        (BEGIN IMMEDIATE) held from the safety copy to the last row restored, what is there is
        saved and replaced: a complaint a till logged is either in the safety copy or was logged
        after the restore, never lost between the two."""
        from fixit.storage.copy import copy_records

        connection.check_restorable(source)
        safety = default_backup_path()
        staged = connection.temporary_beside(self.path, "the restore")
        try:
            connection.copy_file_database(source, staged)
            backup = open_sqlite(staged)  # upgraded to this fixit's schema, apart from the live file
            try:
                with self.transaction():  # SQLite's backup API cannot read through a connection that writes
                    copy_to_new_file(self, safety, "the copy of what was there", source_held=True)
                    self._defer_foreign_keys()
                    for table in reversed(self.exportable_tables()):
                        self.conn.execute(f"DELETE FROM {table}")
                    with backup.snapshot():
                        copy_records(backup, self)
            finally:
                backup.close()
        finally:
            for leftover in staged.parent.glob(f"{staged.name}*"):  # with its -wal, and a pre-upgrade copy
                leftover.unlink(missing_ok=True)
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


def copy_to_new_file(
    source: Store, target: Path, what: str = "the backup", source_held: bool = False
) -> dict[str, int]:
    """Everything into a new SQLite file at ``target`` (0600), written beside it and renamed when whole;
    returns how many rows each table had. ``source_held``: as for copy_store."""
    from fixit.paths import checked_target, sync_folder
    from fixit.storage.copy import copy_store

    temporary_beside = connection.temporary_beside

    checked_target(target, new_only=True)
    remove_leftovers(target)
    temporary = temporary_beside(target, what)
    try:
        copy = open_sqlite(temporary)
        try:
            # one self-contained file, and the copy written once: through the write-ahead log, every
            # page would be written twice (into the log, then back into the file)
            copy.conn.execute("PRAGMA journal_mode = DELETE")
            counts = copy_store(source, copy, source_held)
        finally:
            copy.close()
        os.replace(temporary, target)
    except BaseException as error:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
        if isinstance(error, StorageError) and str(temporary) in str(error):  # the new file's trouble
            raise StorageError(f"cannot write {what} {target}: {str(error).split(' (')[0]}") from None
        if isinstance(error, OSError):
            raise StorageError(f"cannot write {what} {target}: {error.strerror or error}") from None
        raise
    sync_folder(target.parent)
    return counts


def remove_leftovers(target: Path) -> list[Path]:
    """What a copy to ``target`` killed half-way left beside it (its hidden temporary file, with SQLite's
    -wal and -shm: up to the size of the shop), removed; returns what went. A temporary another process
    is still writing is left alone: SQLite holds a lock on it while it is open, so it can be locked here
    only when no one has it."""
    if sys.platform == "win32":
        return []
    import fcntl

    removed: list[Path] = []
    for temporary in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            descriptor = os.open(temporary, os.O_RDWR)
        except OSError:
            continue
        try:
            try:
                fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while a process has it open
            except OSError:
                continue
            for suffix in ("", "-wal", "-shm", "-journal"):
                leftover = Path(f"{temporary}{suffix}")
                if leftover.exists():
                    leftover.unlink(missing_ok=True)
                    removed.append(leftover)
        finally:
            os.close(descriptor)
    return removed
