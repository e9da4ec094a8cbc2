"""``PostgresStore``: the ``Store`` protocol on a PostgreSQL server, for a business whose tills,
locations and the owner's laptop share one record.

Record and screen SQL is shared with SQLite (``fixit.storage.sql``); here is what PostgreSQL does
its own way. Writers take one advisory lock at the start of their transaction, as SQLite's
BEGIN IMMEDIATE does: two tills logging the same new customer at once are served one after the
other, so the second finds the customer the first created (and its complaint is an emergency),
and coupon codes never collide. A command's writes are short, so the wait is too. Readers never
wait; a snapshot is a repeatable-read transaction. A backup is an SQLite file: portable, readable
by any fixit, and restorable into either store.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fixit.paths import shown
from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.postgres import connection, schema
from fixit.storage.postgres.connection import LOCK_KEY, PgConnection
from fixit.storage.sql.dialect import POSTGRES
from fixit.storage.sql.records import Records
from fixit.storage.sql.rows import to_sql
from fixit.storage.sql.screens import EXPORT_TABLES, Screens

if TYPE_CHECKING:
    from collections.abc import Sequence

    from fixit.storage.sql.dialect import Cursor
    from fixit.summaries import SearchMatch


def open_postgres(url: str) -> PostgresStore:
    """Connect (creating fixit's schema in an empty database, upgrading an older one)."""
    with sql_errors_as_storage_errors(connection.server_name(url)):
        return PostgresStore(connection.connect(url), url)


@functools.lru_cache(maxsize=64)
def _numbered_insert_sql(table: str, columns: tuple[str, ...]) -> str:
    return (f"INSERT INTO {table} (id, {', '.join(columns)}) SELECT coalesce(max(id), 0) + 1,"
            f" {', '.join('?' * len(columns))} FROM {table} RETURNING id")


_HEADLINE = "StartSel={0}, StopSel={1}, MaxWords=16, MinWords=6, ShortWord=0"


class PostgresStore(Records, Screens):
    conn: PgConnection
    dialect = POSTGRES

    def __init__(self, conn: PgConnection, url: str):
        self.conn = conn
        self.url = url
        self.location = shown(url)

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self.conn.in_transaction:  # inside a caller's (several numbers at once): all commit together
            yield
            return
        with sql_errors_as_storage_errors(connection.server_name(self.url)):
            self.conn.script(f"BEGIN; SELECT pg_advisory_xact_lock({LOCK_KEY})")
            try:
                yield
            except BaseException:
                if not self.conn.raw.closed:
                    self.conn.script("ROLLBACK")
                raise
            self.conn.script("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        with sql_errors_as_storage_errors(connection.server_name(self.url)):
            self.conn.script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                yield
            finally:
                if not self.conn.raw.closed:
                    self.conn.script("COMMIT")

    def _insert(self, table: str, values: dict[str, object]) -> int:
        """The next number after the highest, as SQLite gives: complaint numbers are the shop's words
        ("#12"), and a sequence would leave gaps wherever a transaction rolled back (an import's dry
        run, a refused log). Safe because writers hold fixit's lock; max(id) is read off the key."""
        row = self.conn.execute(_numbered_insert_sql(table, tuple(values)),
                                [to_sql(v) for v in values.values()]).fetchone()
        return int(row[0])

    def _read_streamed(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        cursor: Cursor = self.conn.stream(sql, parameters)
        return cursor

    def _read_together(self, statements: Sequence[str], parameters: dict[str, Any]) -> list[list[Any]]:
        """One pipeline: the statements go out together and come back together, one exchange with
        the server (at 20 ms away, `due`'s fourteen reads would otherwise add a quarter second)."""
        return [cursor.fetchall() for cursor in self.conn.pipeline(list(statements), parameters)]

    def refresh_statistics(self) -> None:
        """ANALYZE every table. Autovacuum would, but up to a minute later; meanwhile a query planned on
        the figures of an empty table can take minutes (`due --json` right after a `migrate --to` of
        100,000 open complaints ran its stalled section for over three; 0.1 s once analyzed)."""
        self.conn.script("ANALYZE")

    def _defer_foreign_keys(self) -> None:
        self.conn.execute("SET CONSTRAINTS ALL DEFERRED")

    def _columns_of(self, table: str) -> list[str]:
        return [row[0] for row in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = ? ORDER BY ordinal_position", (table,))]

    def _written_order(self, table: str) -> str:
        return schema.KEY_ORDER.get(table, "id")

    def search(self, words: list[str], mark: tuple[str, str], limit: int) -> list[SearchMatch]:
        """PostgreSQL's text search, as `find` works on SQLite: every word, as a word or the start of one,
        stemmed in English and folded to plain letters; best first (ts_rank), highlighted words from
        the field that matched. Ranked first, highlighted after: only the ``limit`` best cost a headline."""
        from fixit.summaries import SearchMatch

        if not words:
            return []
        query = " & ".join("'" + word.replace("'", "''") + "':*" for word in words)
        options = _HEADLINE.format(*mark)
        fields = " ".join(
            f"WHEN to_tsvector('english', fixit_fold(coalesce(c.{column}, ''))) @@ q.q"
            f" THEN ts_headline('english', c.{column}, q.q, :options)" for column in schema.COMPLAINT_TEXT_COLUMNS)
        found = self.conn.execute(
            "WITH q AS (SELECT to_tsquery('english', fixit_fold(:query)) AS q),"
            f" top AS (SELECT 'complaint' AS source, id, id AS complaint_id, ts_rank({schema.COMPLAINT_WORDS}, q.q)"
            f"   AS score FROM complaints, q WHERE {schema.COMPLAINT_WORDS} @@ q.q"
            f"  UNION ALL SELECT 'promise', id, complaint_id, ts_rank({schema.PROMISE_WORDS}, q.q)"
            f"   FROM promises, q WHERE {schema.PROMISE_WORDS} @@ q.q ORDER BY score DESC, id DESC LIMIT :limit)"
            " SELECT top.source, top.id, top.complaint_id,"
            f"  CASE WHEN top.source = 'promise' THEN ts_headline('english', p.what, q.q, :options)"
            f"  {fields} ELSE c.summary END"
            " FROM top CROSS JOIN q LEFT JOIN complaints c ON top.source = 'complaint' AND c.id = top.id"
            " LEFT JOIN promises p ON top.source = 'promise' AND p.id = top.id ORDER BY top.score DESC, top.id DESC",
            {"query": query, "options": options, "limit": limit})
        return [SearchMatch(source, complaint_id, record_id if source == "promise" else None, snippet)
                for source, record_id, complaint_id, snippet in found]

    # the store as a whole ----------------------------------------------------------------

    def backup(self, target: Path | None = None) -> Path:
        """Everything, as an SQLite file (by default in the app folder's backups/): a copy any fixit
        opens, and restores into either store. Read in one snapshot, so tills may go on writing."""
        from fixit.storage.copy import copy_to_new_file
        from fixit.storage.sqlite.store import default_backup_path

        target = target or default_backup_path()
        copy_to_new_file(self, target)
        return target

    def privacy_problem(self) -> str | None:
        return None  # the server's own accounts and grants decide who reads it

    def check_backup(self, source: Path) -> None:
        from fixit.storage.sqlite import connection as sqlite_connection

        sqlite_connection.check_restorable(source)

    def restore(self, source: Path) -> Path:
        """Replace every record with a backup file's, after a backup of what is here now (returned);
        all in one transaction, so the tills see the old records or the new, never half. A backup
        from an older fixit is upgraded in a private copy first; the file itself is never changed."""
        import shutil
        import tempfile

        from fixit.storage.copy import copy_records
        from fixit.storage.sqlite import connection as sqlite_connection
        from fixit.storage.sqlite import open_sqlite

        self.check_backup(source)
        safety = self.backup()
        folder = Path(tempfile.mkdtemp(prefix="fixit-restore-"))  # 0700
        try:
            readable = source
            if sqlite_connection.file_version(source) != sqlite_connection.SCHEMA_VERSION:
                readable = folder / source.name
                shutil.copyfile(source, readable)
                readable.chmod(0o600)
            backup = open_sqlite(readable)
            try:
                with self.transaction():
                    self.conn.execute(f"TRUNCATE {', '.join(EXPORT_TABLES)}")
                    copy_records(backup, self)
            finally:
                backup.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return safety
