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
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fixit.model import Customer
from fixit.paths import shown
from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.postgres import connection, schema
from fixit.storage.postgres.connection import LOCK_KEY, WRITER_IDLE_MS, PgConnection
from fixit.storage.sql.dialect import POSTGRES
from fixit.storage.sql.records import Records
from fixit.storage.sql.rows import to_sql
from fixit.storage.sql.screens import EXPORT_TABLES, Screens
from fixit.text import PhoneRule, email_key, name_key

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
    return (
        f"INSERT INTO {table} (id, {', '.join(columns)}) SELECT coalesce(max(id), 0) + 1,"
        f" {', '.join('?' * len(columns))} FROM {table} RETURNING id"
    )


# What a bulk load sets aside and builds again (fixit's schema is the connection's current schema):
# indexes other than keys and unique constraints, references between tables, and tables with
# triggers of fixit's own (the kept search words).
_SET_ASIDE = """
SELECT 'index', t.relname, c.relname, pg_get_indexdef(i.indexrelid)
  FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid
 WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r' AND NOT i.indisprimary
   AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype != 'f')
UNION ALL
SELECT 'reference', conrelid::regclass::text, conname, pg_get_constraintdef(oid)
  FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
UNION ALL
SELECT DISTINCT 'trigger', tgrelid::regclass::text, '', ''
  FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
 WHERE NOT g.tgisinternal AND t.relnamespace = current_schema()::regnamespace
ORDER BY 1, 2, 3
"""

_NUMBERED = ("customers", "complaints", "events", "promises")  # what a log adds records to

_HEADLINE = "StartSel={0}, StopSel={1}, MaxWords=16, MinWords=6, ShortWord=0"


class PostgresStore(Records, Screens):
    conn: PgConnection
    dialect = POSTGRES

    def __init__(self, conn: PgConnection, url: str):
        self.conn = conn
        self.url = url
        self.location = shown(url)
        self.identity = conn.identity
        if conn.phone_rule is not False:  # read with the schema version
            self._phone_rule = PhoneRule(*json.loads(str(conn.phone_rule))) if conn.phone_rule else None
        self._known: dict[tuple[str, object], Any] = {}  # what prepare_log read, for this transaction
        self._next_ids: dict[str, int] = {}  # the next number of each table, read under the lock
        self._columns: dict[str, list[str]] = {}

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN and fixit's lock go out with the transaction's first read (one exchange, not two);
        the COMMIT with whatever writes are still waiting."""
        if self.conn.in_transaction:  # inside a caller's (several numbers at once): all commit together
            yield
            return
        with sql_errors_as_storage_errors(connection.server_name(self.url)):
            self.conn.queue("BEGIN")
            self.conn.queue(f"SET LOCAL idle_in_transaction_session_timeout = {WRITER_IDLE_MS}")
            self.conn.queue(f"SELECT pg_advisory_xact_lock({LOCK_KEY})")
            try:
                yield
            except BaseException:
                self._known, self._next_ids = {}, {}
                self.conn.rollback()
                raise
            self._known, self._next_ids = {}, {}
            self.conn.commit()

    def prepare_log(self, name: str, phone: str | None, email: str | None, customer_id: int | None) -> None:
        """Everything the customer match reads, and the next numbers, sent with the lock in one exchange;
        the log's writes then wait and go out with its one read back (a till 20 ms from its server
        logs in three exchanges, not twelve). Safe: every writer holds fixit's lock."""
        from fixit.storage.sql.customers import read_customer

        keys = {
            "phone": self.phone_key(phone) if phone else "",
            "email": email_key(email) if email else "",
            "name": name_key(name),
            "id": customer_id if customer_id is not None else 0,
        }
        by_contact = (
            "SELECT * FROM customers WHERE {0}_key = :{0} AND :{0} != '' UNION SELECT cu.* FROM customers"
            " cu JOIN extra_contacts x ON x.customer_id = cu.id WHERE x.kind = '{0}' AND x.key = :{0}"
            " AND :{0} != '' ORDER BY id"
        )
        numbers, by_phone, by_email, by_name, by_id, earlier = self._read_together(
            (
                "SELECT " + ", ".join(f"(SELECT coalesce(max(id), 0) FROM {table})" for table in _NUMBERED),
                by_contact.format("phone"),
                by_contact.format("email"),
                "SELECT * FROM customers WHERE name_key = :name ORDER BY id",
                "SELECT * FROM customers WHERE id = :id",
                "SELECT customer_id, id FROM complaints WHERE customer_id IN (SELECT id FROM customers WHERE"
                " (phone_key = :phone AND :phone != '') OR (email_key = :email AND :email != '') OR name_key = :name"
                " OR id = :id UNION SELECT customer_id FROM extra_contacts WHERE (kind = 'phone' AND key = :phone)"
                " OR (kind = 'email' AND key = :email)) ORDER BY logged_at, id",
            ),
            keys,
        )
        self._next_ids = {table: int(top) + 1 for table, top in zip(_NUMBERED, numbers[0], strict=True)}
        found = [read_customer(row) for row in (*by_phone, *by_email, *by_name, *by_id)]
        complaints_of: dict[int, list[int]] = {customer.id: [] for customer in found}
        for owner, complaint in earlier:
            complaints_of.setdefault(owner, []).append(complaint)
        self._known = {
            ("phone", keys["phone"]): [read_customer(row) for row in by_phone],
            ("email", keys["email"]): [read_customer(row) for row in by_email],
            ("name", keys["name"]): [read_customer(row) for row in by_name],
            **{("customer", customer.id): customer for customer in found},
            **{("earlier", owner): ids for owner, ids in complaints_of.items()},
        }
        self.conn.behind = True

    def customers_with_phone(self, phone: str) -> list[Customer]:
        known = self._known.get(("phone", self.phone_key(phone)))
        return list(known) if known is not None else super().customers_with_phone(phone)

    def customers_with_email(self, email: str) -> list[Customer]:
        known = self._known.get(("email", email_key(email)))
        return list(known) if known is not None else super().customers_with_email(email)

    def customers_named(self, name: str) -> list[Customer]:
        known = self._known.get(("name", name_key(name)))
        return list(known) if known is not None else super().customers_named(name)

    def get_customer(self, customer_id: int) -> Customer:
        known = self._known.get(("customer", customer_id))
        return known if isinstance(known, Customer) else super().get_customer(customer_id)

    def complaint_ids_of_customer(self, customer_id: int) -> list[int]:
        known = self._known.get(("earlier", customer_id))
        return list(known) if known is not None else super().complaint_ids_of_customer(customer_id)

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
        if table in self._next_ids:  # numbers read under the lock by prepare_log: the write waits
            number = self._next_ids[table]
            self._next_ids[table] = number + 1
            marks = ", ".join("?" * (len(values) + 1))
            self.conn.queue(
                f"INSERT INTO {table} (id, {', '.join(values)}) VALUES ({marks})",
                [number, *(to_sql(v) for v in values.values())],
            )
            return number
        row = self.conn.execute(
            _numbered_insert_sql(table, tuple(values)), [to_sql(v) for v in values.values()]
        ).fetchone()
        return int(row[0])

    def _read_streamed(self, sql: str, parameters: Sequence[Any] | dict[str, Any] = ()) -> Cursor:
        cursor: Cursor = self.conn.stream(sql, parameters)
        return cursor

    def _read_table(self, sql: str) -> Cursor:
        cursor: Cursor = self.conn.stream(sql, (), plain=True)
        return cursor

    def _read_together(self, statements: Sequence[str], parameters: dict[str, Any]) -> list[list[Any]]:
        """One pipeline: the statements go out together and come back together, one exchange with
        the server (at 20 ms away, `due`'s fourteen reads would otherwise add a quarter second)."""
        return [cursor.fetchall() for cursor in self.conn.pipeline(list(statements), parameters)]

    def refresh_statistics(self) -> None:
        """ANALYZE every table. Autovacuum would, but up to a minute later; meanwhile a query planned on
        the figures of an empty table can take minutes (`due --json` right after a `migrate --to` of
        100,000 open complaints ran its stalled section for over three; 0.1 s once analyzed)."""
        self.conn.script("SET statement_timeout = 0; ANALYZE; RESET statement_timeout", bounded=False)

    def _defer_foreign_keys(self) -> None:
        self.conn.queue("SET CONSTRAINTS ALL DEFERRED")  # goes with the next exchange: none of its own

    def _columns_of(self, table: str) -> list[str]:
        if table not in self._columns:  # asked once per table and batch by a copy: read once
            self._columns[table] = [
                row[0]
                for row in self.conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                    " AND table_name = ? ORDER BY ordinal_position",
                    (table,),
                )
            ]
        return self._columns[table]

    def _put_rows(self, table: str, names: tuple[str, ...], values: list[list[object]]) -> None:
        """COPY, PostgreSQL's bulk load: a copy of 100,000 complaints in seconds, not a minute of INSERTs."""
        self.conn.copy_in(table, names, values)

    def _put_all(self, table: str, names: tuple[str, ...], rows: Iterable[Sequence[object]]) -> None:
        self.conn.copy_in(table, names, rows)  # one COPY for the whole table, streamed

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Before the rows go in: every index but the keys, every reference between tables and the
        triggers that keep the search words set aside (their definitions read from the catalog);
        after: the search words worked out in one statement per table, each index built in one pass,
        each reference checked in one query. Inside the caller's transaction (PostgreSQL's DDL is
        transactional), so a copy that fails or does not match leaves the schema as it was; only for a
        store no till uses yet (a table's DDL waits for its readers and makes them wait)."""
        found = self.conn.execute(_SET_ASIDE).fetchall()
        indexes = [(name, definition) for kind, _, name, definition in found if kind == "index"]
        references = [(table, name, definition) for kind, table, name, definition in found if kind == "reference"]
        triggered = sorted({table for kind, table, _, _ in found if kind == "trigger"})
        self.conn.script(
            ";".join(
                [
                    "SET LOCAL statement_timeout = 0",  # each COPY and index is one statement, as long as the data
                    "SET LOCAL maintenance_work_mem = '256MB'",  # each index sorted in memory
                    *(f"ALTER TABLE {table} DROP CONSTRAINT {name}" for table, name, _ in references),
                    *(f"DROP INDEX {name}" for name, _ in indexes),
                    *(f"ALTER TABLE {table} DISABLE TRIGGER USER" for table in triggered),
                ]
            )
        )
        yield
        kept = [
            f"INSERT INTO {words} (id, words) SELECT id, {worked_out} FROM {table}"
            for table, (words, worked_out) in schema.KEPT_WORDS.items()
            if table in triggered
        ]
        self.conn.script(
            ";".join(
                [
                    *kept,
                    *(definition for _, definition in indexes),
                    *(f"ALTER TABLE {table} ADD CONSTRAINT {name} {rule}" for table, name, rule in references),
                    *(f"ALTER TABLE {table} ENABLE TRIGGER USER" for table in triggered),
                ]
            ),
            bounded=False,
        )

    def _written_order(self, table: str) -> str:
        return schema.KEY_ORDER.get(table, "id")

    def search(self, words: list[str], mark: tuple[str, str], limit: int) -> list[SearchMatch]:
        """PostgreSQL's text search, as `find` works on SQLite: every word, as a word or the start of one,
        stemmed in English and folded to plain letters; best first (ts_rank), highlighted words from
        the field that matched. Ranked first, highlighted after: only the ``limit`` best cost a headline."""
        from fixit.summaries import SearchMatch

        if not words:
            return []
        options = _HEADLINE.format(*mark)
        config = schema.SEARCH_CONFIG

        def each_field(shown: str) -> str:  # the field that matched, as ``shown`` renders a column
            return " ".join(
                f"WHEN to_tsvector('{config}', fixit_fold(coalesce(c.{column}, ''))) @@ q.q"
                f" THEN {shown.format(f'c.{column}')}"
                for column in schema.COMPLAINT_TEXT_COLUMNS
            )

        headline = f"ts_headline('{config}', fixit_fold({{0}}), q.q, :options)"  # on the folded words: accents too
        found = self.conn.execute(  # each word folded as the indexes fold it, then taken as a word or its start
            f"WITH q AS (SELECT to_tsquery('{config}', string_agg(quote_literal(trim(fixit_fold(w))) || ':*',"
            "   ' & ')) AS q FROM unnest(CAST(:words AS text[])) w WHERE trim(fixit_fold(w)) != ''),"
            # ranked on the words kept as each row was written (schema step 006), then joined for the few shown
            " top AS (SELECT 'complaint' AS source, w.id, ts_rank(w.words, q.q) AS score"
            "   FROM complaint_words w, q WHERE w.words @@ q.q"
            "  UNION ALL SELECT 'promise', w.id, ts_rank(w.words, q.q)"
            "   FROM promise_words w, q WHERE w.words @@ q.q ORDER BY score DESC, id DESC LIMIT :limit)"
            " SELECT top.source, top.id, coalesce(p.complaint_id, top.id),"
            f"  CASE WHEN top.source = 'promise' THEN {headline.format('p.what')} {each_field(headline)}"
            "   ELSE fixit_fold(c.summary) END,"
            f"  CASE WHEN top.source = 'promise' THEN p.what {each_field('{0}')} ELSE c.summary END"
            " FROM top CROSS JOIN q LEFT JOIN complaints c ON top.source = 'complaint' AND c.id = top.id"
            " LEFT JOIN promises p ON top.source = 'promise' AND p.id = top.id ORDER BY top.score DESC, top.id DESC",
            {"words": list(words), "options": options, "limit": limit},
        )
        return [
            SearchMatch(
                source, complaint_id, record_id if source == "promise" else None, _unfolded(marked, original, mark)
            )
            for source, record_id, complaint_id, marked, original in found
        ]

    # the store as a whole ----------------------------------------------------------------

    def backup(self, target: Path | None = None) -> Path:
        """Everything, as an SQLite file (by default in the app folder's backups/): a copy any fixit
        opens, and restores into either store. Read in one snapshot, so tills may go on writing."""
        from fixit.storage.sqlite.store import copy_to_new_file, default_backup_path

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
        all in one transaction, so the tills see the old records or the new, never half, and readers
        never wait for it (writers wait for fixit's lock, as for any writer). The copy of what is
        here is taken inside that transaction, under that lock, so a complaint a till logs meanwhile
        is in the copy or logged after: never lost between the two. A backup from an older fixit is
        upgraded in a private copy first; the file itself is never changed."""
        import shutil
        import tempfile

        from fixit.storage.copy import copy_records
        from fixit.storage.sqlite import connection as sqlite_connection
        from fixit.storage.sqlite import open_sqlite
        from fixit.storage.sqlite.store import copy_to_new_file, default_backup_path

        self.check_backup(source)
        safety = default_backup_path()
        folder = Path(tempfile.mkdtemp(prefix="fixit-restore-"))  # 0700
        try:
            readable = source
            if sqlite_connection.file_version(source) != sqlite_connection.SCHEMA_VERSION:
                readable = folder / source.name
                shutil.copyfile(source, readable)
                readable.chmod(0o600)
            backup = open_sqlite(readable)
            try:
                with self.transaction():  # holds the writers' lock: read committed sees every commit
                    # its work between exchanges (the copy's file written and checked, the backup read) is
                    # the restore's own, not a frozen till's: a reader's idle limit, not a writer's 3 s,
                    # which a busy machine overran mid-restore (other writers wait for the lock anyway)
                    self.conn.queue(f"SET LOCAL idle_in_transaction_session_timeout = {connection.READER_IDLE_MS}")
                    copy_to_new_file(self, safety, "the copy of what was there", source_held=True)
                    self._defer_foreign_keys()  # DELETE, not TRUNCATE: readers go on reading the old records
                    for table in EXPORT_TABLES:
                        self.conn.execute(f"DELETE FROM {table}")
                    copy_records(backup, self)
            finally:
                backup.close()
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return safety


def _unfolded(marked: str, original: str, mark: tuple[str, str]) -> str:
    """A headline made on the folded words ('the **pho** was cold') in the original's letters ('The
    **phở** was cold'): folding keeps every character in its place, so the excerpt is found in the
    folded text and read off the original. (Should a fold ever move a character, the folded headline.)"""
    from fixit.storage.postgres.schema import fold

    plain = marked.replace(mark[0], "").replace(mark[1], "")
    folded = fold(original)
    start = folded.find(plain)
    if start < 0 or len(folded) != len(original):
        return marked
    out, position = [], start
    for piece in re.split(f"({re.escape(mark[0])}|{re.escape(mark[1])})", marked):
        if piece in mark:
            out.append(piece)
        else:
            out.append(original[position : position + len(piece)])
            position += len(piece)
    return "".join(out)
