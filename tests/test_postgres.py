"""What only a server has: several tills at once, a copy between the stores, a till that cannot reach
the server, the driver, the round trips. (The whole CLI suite also runs on PostgreSQL: conftest's
`shop` fixture gives every test both stores.)"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from conftest import MONDAY, Shop, fill_with_complaints, pg_query
from pgtcp import Proxy, proxy
from test_reliability import WORKER as LOG_WORKER

from fixit.storage.postgres.schema import SCHEMA_VERSION

UNREACHABLE = "postgresql://fixit@127.0.0.1:1/shop?connect_timeout=2"  # nothing listens on port 1

# each worker logs as test_reliability's do, then gives five coupons (codes must never collide)
WORKER = (
    LOG_WORKER
    + """
coupons = build_app("amend")
for i in range(5):
    code = coupons(["--db", db, "amend", "1", "coupon", "--value", "5", "--now"], standalone_mode=False)
    if code:
        sys.exit(f"worker {worker}: coupon {i} exited {code}")
"""
)


@pytest.fixture
def till(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_database: str) -> Shop:
    """A till whose FIXIT_DB is a fresh PostgreSQL database."""
    home = tmp_path / "till"
    home.mkdir()
    return Shop(home, monkeypatch, pg_database)


@pytest.fixture
def network(pg_server, pg_database: str) -> Iterator[Proxy]:
    """The network between a till and its server: a proxy on 127.0.0.1 in front of the test server's
    socket (``network.away()``: the server cannot be reached; ``back()``: it can again)."""
    with proxy(str(pg_server.server.get_postmaster_info().socket_path)) as running:
        yield running


@pytest.fixture
def far_till(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_database: str, network: Proxy) -> Shop:
    """A till whose FIXIT_DB reaches the fresh database through ``network``."""
    home = tmp_path / "till"
    home.mkdir()
    from urllib.parse import urlsplit

    return Shop(home, monkeypatch, f"postgresql://postgres@127.0.0.1:{network.port}{urlsplit(pg_database).path}")


def _environment(home: Path, **extra: str) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    return {**os.environ, "FIXIT_NOW": MONDAY, "FIXIT_HOME": str(home), **extra}


def test_four_tills_logging_at_once_lose_nothing_and_share_no_coupon_code(pg_database, tmp_path):
    shop = pg_database
    workers, each = 4, 50
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, shop, str(w), str(each)],
            env=_environment(tmp_path / f"till{w}"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(1, workers + 1)
    ]
    errors = [p.communicate(timeout=300)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * workers, errors
    assert pg_query(shop, "SELECT count(*), count(DISTINCT id), max(id) FROM complaints") == [(200, 200, 200)]
    summaries = {row[0] for row in pg_query(shop, "SELECT summary FROM complaints")}
    assert summaries == {f"Complaint {i} from worker {w}" for w in range(1, workers + 1) for i in range(each)}
    assert pg_query(shop, "SELECT count(*), count(DISTINCT code) FROM amends") == [(20, 20)]


RACER = """
import os, sys, time
from pathlib import Path
from fixit.cli import build_app
url, gate, summary = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
app = build_app("log")
(gate / summary).touch()  # ready: imported and waiting
while not (gate / "go").exists():
    pass
sys.exit(app(["--db", url, "log", "Mira Olsen", summary, "--phone", "555-0199"], standalone_mode=False))
"""


def test_two_tills_logging_the_same_new_customer_at_once_make_one_customer_and_an_emergency(pg_server, tmp_path):
    for attempt in range(3):  # the same race, three times over, each on a fresh database
        name = pg_server.fresh()
        url = pg_server.url(name)
        gate = tmp_path / f"gate{attempt}"
        gate.mkdir()
        summaries = [f"Cold soup at till {t}" for t in (1, 2)]
        racers = [
            subprocess.Popen(
                [sys.executable, "-c", RACER, url, str(gate), summary],
                env=_environment(tmp_path / f"race{attempt}-{t}"),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for t, summary in enumerate(summaries, 1)
        ]
        # both are imported and spinning before either is let go, however busy the machine is
        while not all((gate / summary).exists() for summary in summaries):
            assert all(r.poll() is None for r in racers), [r.communicate() for r in racers]
            time.sleep(0.01)
        (gate / "go").touch()
        outputs = [r.communicate(timeout=120) for r in racers]
        assert [r.returncode for r in racers] == [0, 0], outputs
        assert pg_query(url, "SELECT count(*) FROM customers") == [(1,)]
        assert pg_query(url, "SELECT count(*), sum(emergency) FROM complaints") == [(2, 1)]
        assert sum("Second complaint" in out for out, _ in outputs) == 1  # the second till is told at once
        pg_server.drop(name)


def _sqlite_shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shop:
    home = tmp_path / "sqlite-home"
    home.mkdir()
    shop = Shop(home, monkeypatch)
    shop.log(
        "Dana Reyes",
        "Charged twice for the cake",
        "--phone",
        "555-0142",
        "--promise",
        "Refund",
        "--by",
        "friday",
        "--tag",
        "billing",
    )
    shop.log("Dana Reyes", "Café latte was cold", "--phone", "555-0142")
    shop.log("Lee Park", "Waited an hour", "--email", "lee@example.com", "--greet", "Mr Park")
    shop.ok("apologize", "1")
    shop.ok("amend", "1", "coupon", "--value", "10", "--now")
    shop.ok("judge", "3", "--justified", "--cause", "systemic")
    shop.ok("change", "A second person at the till at lunch", "--complaint", "3")
    shop.ok("letter", "1", "--record")
    shop.ok("config", "set", "business_name", "Rosa's Bakery")
    return shop


def test_migrate_copies_a_shop_to_postgresql_and_back_with_every_record(pg_database, tmp_path, monkeypatch):
    shop = _sqlite_shop(tmp_path, monkeypatch)
    before = {
        command: shop.ok(*command)
        for command in (("due",), ("show", "1"), ("report",), ("find", "cake"), ("customers",), ("letter", "3"))
    }
    copied = json.loads(shop.ok("migrate", "--to", pg_database, "--json"))
    assert copied["tables"]["complaints"] == 3 and copied["tables"]["customers"] == 2
    for command, output in before.items():  # the same shop, command for command
        assert shop.ok("--db", pg_database, *command) == output, command
    assert shop.ok("--db", pg_database, "log", "Ana Diaz", "Wrong order", "--json")  # numbering goes on
    assert pg_query(pg_database, "SELECT max(id) FROM complaints") == [(4,)]
    back = tmp_path / "back.db"
    assert "Copied 4 complaint(s) of 3 customer(s)" in shop.ok("--db", pg_database, "migrate", "--to", str(back))
    assert oct(back.stat().st_mode & 0o777) == "0o600"
    conn = sqlite3.connect(back)
    assert conn.execute("SELECT count(*) FROM complaints").fetchone() == (4,)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
    conn.close()
    assert shop.ok("--db", str(back), "show", "1") == shop.ok("--db", pg_database, "show", "1")
    assert "already exists" in shop.fails("--db", pg_database, "migrate", "--to", str(back), code=1)
    assert "already holds records" in shop.fails("migrate", "--to", pg_database, code=1)


def _schema_of(url: str) -> list[tuple]:
    """Every index, reference and trigger of fixit's schema on a server, as the catalog defines it."""
    return pg_query(
        url,
        "SELECT 'index', indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        " UNION ALL SELECT 'reference', conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f'"
        " UNION ALL SELECT 'trigger', tgname, tgenabled::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2",
    )


def test_a_round_trip_through_the_server_gives_back_every_row_and_the_whole_schema(
    pg_database, pg_server, tmp_path, monkeypatch
):
    """`migrate --to` sets the target's indexes, references and search words aside while the rows go in
    and builds them after: what comes back is every row as it was, and either store's schema whole."""
    from fixit.storage.postgres.schema import KEPT_WORDS, KEY_ORDER
    from fixit.storage.sql.screens import EXPORT_TABLES

    shop = _sqlite_shop(tmp_path, monkeypatch)
    shop.log("Zoë Ångström", "The phở was cold, the crème brûlée late", "--email", "zoe@example.com")
    shop.ok("promise", "4", "Call back about the crème", "--by", "friday")
    shop.ok("tag", "4", "kitchen")
    fresh_schema = _schema_of(pg_server.url(pg_server.fresh()))
    shop.ok("migrate", "--to", pg_database)
    assert _schema_of(pg_database) == fresh_schema
    for table, (words, worked_out) in KEPT_WORDS.items():  # as the triggers would have kept them
        assert pg_query(
            pg_database,
            f"SELECT count(*) FROM {table} t FULL JOIN {words} w ON w.id = t.id"
            f" WHERE w.words IS DISTINCT FROM (SELECT {worked_out} FROM {table} x WHERE x.id = t.id)",
        ) == [(0,)], table
        assert pg_query(pg_database, f"SELECT count(*) FROM {words}") == pg_query(
            pg_database, f"SELECT count(*) FROM {table}"
        )

    def found(*args: str) -> list[str]:  # the complaints found (each store words its excerpts its own way)
        return [line.split()[0] for line in shop.ok(*args).splitlines() if line.startswith(("#", "P"))]

    for words in ("phở", "brulee", "cafe", "refund"):
        assert found("--db", pg_database, "find", words) == found("find", words) != [], words
    back = tmp_path / "back.db"
    shop.ok("--db", pg_database, "migrate", "--to", str(back))
    original, copy = sqlite3.connect(shop.db), sqlite3.connect(back)
    try:
        for table in EXPORT_TABLES:
            query = f"SELECT * FROM {table} ORDER BY {KEY_ORDER.get(table, 'id')}"
            rows = original.execute(query).fetchall()
            assert copy.execute(query).fetchall() == rows, table
            assert rows or table in ("extra_contacts", "unsent"), table  # the rest hold rows here
        schema = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        assert copy.execute(schema).fetchall() == original.execute(schema).fetchall()
        assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert copy.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        original.close()
        copy.close()
    for words in ("phở", "brulee", "cafe", "refund"):
        assert shop.ok("--db", str(back), "find", words) == shop.ok("find", words), words  # the same store


def test_the_planner_knows_the_tables_as_soon_as_a_copy_or_an_import_is_in(
    pg_database, pg_server, tmp_path, monkeypatch
):
    """Right after `migrate --to` of 100,000 open complaints, `due --json` ran its stalled section
    for over three minutes: the server planned it on an empty table's figures (autovacuum analyzes,
    but up to a minute later). Every bulk write now leaves the statistics current."""
    shop = _sqlite_shop(tmp_path, monkeypatch)
    shop.ok("migrate", "--to", pg_database)
    assert pg_query(
        pg_database,
        "SELECT relname, reltuples FROM pg_class WHERE relname IN ('complaints', 'customers') ORDER BY relname",
    ) == [("complaints", 3), ("customers", 2)]
    imported = pg_server.url(pg_server.fresh())
    rows = tmp_path / "rows.csv"
    rows.write_text("name,summary\n" + "".join(f"Customer {i},Late order\n" for i in range(40)))
    shop.ok("--db", imported, "import", str(rows))
    assert pg_query(imported, "SELECT reltuples FROM pg_class WHERE relname = 'complaints'") == [(40,)]


def test_a_migrate_killed_half_way_leaves_the_server_empty(pg_database, tmp_path):
    source = tmp_path / "big.db"
    env = _environment(tmp_path / "home")
    subprocess.run(
        [sys.executable, "-m", "fixit", "--db", str(source), "due"], env=env, check=True, capture_output=True
    )
    fill_with_complaints(source, 20000)
    schema = (  # what the copy sets aside while the rows go in, and builds again after
        "SELECT (SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()),"
        " (SELECT count(*) FROM pg_constraint WHERE contype = 'f'),"
        " (SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'O')"
    )
    whole = pg_query(pg_database, schema)
    copier = subprocess.Popen(
        [sys.executable, "-m", "fixit", "--db", str(source), "migrate", "--to", pg_database],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # the copy's transaction has written (set the indexes aside, or put rows in), however busy the
    # machine is: read off the server's list of sessions, as the tables are locked until it commits
    writing = (
        "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL"
        " AND pid != pg_backend_pid()"
    )
    while not pg_query(pg_database, writing):
        assert copier.poll() is None, "the copy ended before it could be stopped"
        time.sleep(0.002)
    copier.send_signal(signal.SIGKILL)
    copier.wait()
    assert pg_query(pg_database, "SELECT count(*) FROM customers") == [(0,)]
    assert pg_query(pg_database, "SELECT count(*) FROM complaints") == [(0,)]
    assert pg_query(pg_database, schema) == whole  # every index, reference and trigger as it was
    finished = subprocess.run(
        [sys.executable, "-m", "fixit", "--db", str(source), "migrate", "--to", pg_database],
        env=env,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stderr  # and a second try completes it
    assert pg_query(pg_database, "SELECT count(*) FROM complaints") == [(20000,)]


def test_a_log_the_server_cannot_take_is_kept_on_the_till_and_sent_later(far_till, network, pg_database):
    shop, home = far_till, far_till.home
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    shop.at("2026-11-23T10:15:00")
    network.away()
    result = shop.run("log", "Dana Reyes", "Still charged twice", "--phone", "555-0142")
    assert result.exit_code == 0
    assert result.stderr.startswith("fixit: warning: cannot reach the PostgreSQL server 127.0.0.1/shop")
    assert "Kept on this till: Dana Reyes" in result.stdout
    kept = home / "outbox.json"
    assert oct(kept.stat().st_mode & 0o777) == "0o600"
    assert pg_query(pg_database, "SELECT count(*) FROM complaints") == [(1,)]
    refused = shop.run("due")  # other commands say what is wrong, in one line
    assert refused.exit_code == 1 and refused.stderr.startswith("fixit: error: cannot reach the PostgreSQL server")
    bad = shop.run("log", "Dana", "")  # bad input is still refused at once
    assert bad.exit_code == 2 and "what went wrong" in bad.stderr
    shop.at("2026-11-23T11:00:00")
    network.back()
    arrived = shop.run("due")  # the next command that reaches the server sends it, as logged at 10:15
    assert "sent #2 Dana Reyes, kept on this till since 10:15. SECOND COMPLAINT" in arrived.stderr
    assert "Emergencies (1)" in arrived.stdout
    assert pg_query(pg_database, "SELECT logged_at, emergency FROM complaints WHERE id = 2") == [
        ("2026-11-23T10:15:00+00:00", 1)
    ]
    assert not kept.exists()
    assert "Kept on the till while the server was unreachable" in shop.ok("show", "2")
    assert "Nothing kept on this till" in shop.ok("sync")


def test_a_kept_complaint_that_already_arrived_is_not_sent_twice(far_till, network, pg_database):
    shop, home = far_till, far_till.home
    network.away()
    shop.ok("log", "Lee Park", "Cold soup")
    copy = (home / "outbox.json").read_bytes()
    network.back()
    assert json.loads(shop.ok("sync", "--json"))["sent"] == [1]
    (home / "outbox.json").write_bytes(copy)  # as if the till stopped before crossing it off
    assert json.loads(shop.ok("sync", "--json")) == {"sent": [], "waiting": []}
    assert pg_query(pg_database, "SELECT count(*) FROM complaints") == [(1,)]


def test_a_kept_complaint_the_server_cannot_place_waits_until_the_owner_says_whose_it_is(
    far_till, network, pg_database
):
    shop, home = far_till, far_till.home
    shop.log("Lee Park", "Cold soup", "--phone", "555-0101")
    shop.log("Lee Park", "Late order", "--new-customer", "--phone", "555-0202")
    shop.at("2026-11-23T10:15:00")
    network.away()
    shop.ok("log", "Lee Park", "Wrong change")  # no phone: which Lee?
    shop.ok("log", "Ana Diaz", "Broken cup")
    network.back()
    reference = json.loads((home / "outbox.json").read_text())[0]["reference"][:8]
    result = shop.run("sync")
    assert result.exit_code == 0
    assert (
        f'the complaint kept on this till as {reference} (Lee Park, "Wrong change") could not be logged: '
        "2 customers are called 'Lee Park'; pick one with --customer ID (1, 2)"
    ) in result.stderr
    assert f"fixit sync --kept {reference} --customer ID" in result.stderr
    assert "1 complaint(s) still kept on this till" in result.stdout and f"  {reference}  Lee Park" in result.stdout
    assert pg_query(pg_database, "SELECT summary FROM complaints ORDER BY id") == [
        ("Cold soup",),
        ("Late order",),
        ("Broken cup",),
    ]  # the rest went on
    before = (home / "outbox.json").read_bytes()
    assert "no complaint kept on this till has the reference 'zzzz'" in shop.fails(
        "sync", "--kept", "zzzz", "--customer", "2", code=2
    )
    assert "--customer ID or --new-customer" in shop.fails("sync", "--kept", reference, code=2)
    assert "go with --kept" in shop.fails("sync", "--customer", "2", code=2)
    assert (home / "outbox.json").read_bytes() == before  # a refused command changed nothing
    sent = json.loads(shop.ok("sync", "--kept", reference[:5], "--customer", "2", "--json"))
    assert sent == {"sent": [4], "waiting": []}
    assert pg_query(pg_database, "SELECT customer_id, emergency, logged_at FROM complaints WHERE id = 4") == [
        (2, 1, "2026-11-23T10:15:00+00:00")
    ]
    assert not (home / "outbox.json").exists()


def test_a_server_that_answers_no_is_named_and_nothing_is_kept(pg_server, tmp_path, monkeypatch):
    home = tmp_path / "till"
    home.mkdir()
    shop = Shop(home, monkeypatch, pg_server.url("no_such_database"))
    error = shop.fails("log", "Lee", "Cold soup", code=1)
    assert "refused the connection" in error and "no_such_database" in error
    assert not (home / "outbox.json").exists()


def test_paths_never_show_the_password(till, pg_server):
    url = pg_server.url("shop1").replace("postgres:@", "postgres:s3cret@")
    shown = till.ok("--db", url, "paths")
    assert "s3cret" not in shown and "postgres:***@" in shown


def test_without_the_driver_a_server_url_says_what_to_install(tmp_path):
    blocked = (
        "import sys; sys.modules['psycopg'] = None; sys.argv = ['fixit', '--db', "
        "'postgresql://fixit@db.example.com/shop', 'due']; from fixit.cli import main; main()"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked], env=_environment(tmp_path / "home"), capture_output=True, text=True
    )
    assert result.returncode == 1
    assert result.stderr == (
        "fixit: error: this fixit cannot reach PostgreSQL without its driver: "
        "pip install 'fixit[postgres]' (or: pip install 'psycopg[binary]')\n"
    )


def test_a_schema_from_a_newer_fixit_is_refused_untouched(till, pg_database):
    shop = till
    shop.ok("--db", pg_database, "log", "Lee", "Cold soup")
    pg_query(pg_database, "UPDATE fixit_schema SET version = 99")
    error = shop.fails("--db", pg_database, "due", code=1)
    assert f"written by a newer fixit (schema 99; this fixit reads up to {SCHEMA_VERSION})" in error
    assert pg_query(pg_database, "SELECT count(*) FROM complaints") == [(1,)]


def test_a_database_of_the_first_schema_is_upgraded_by_the_next_command_with_every_record(till, pg_server):
    """As a till running an older fixit left it: schema 1 (its step only), with records in it."""
    from fixit.storage.postgres.schema import STEPS

    shop = till
    url = pg_server.url(pg_server.fresh(template="template1"))
    pg_query(url, ";".join(STEPS[0][1]) + "; INSERT INTO fixit_schema (version) VALUES (1)")
    pg_query(
        url,
        "INSERT INTO customers (id, name, name_key, created_at, last_contact_at) VALUES "
        "(1, 'Ana', 'ana', '2026-11-01T09:00:00+00:00', '2026-11-20T09:00:00+00:00'),"
        " (2, 'Ben', 'ben', '2026-11-01T09:00:00+00:00', NULL)",
    )
    pg_query(
        url,
        "INSERT INTO complaints (id, customer_id, summary, channel, logged_at) VALUES "
        "(1, 1, 'Cold soup', 'counter', '2026-11-20T09:00:00+00:00')",
    )
    listed = json.loads(shop.ok("--db", url, "customers", "--json"))
    assert [c["customer"]["name"] for c in listed] == ["Ana", "Ben"]
    assert pg_query(url, "SELECT version FROM fixit_schema") == [(SCHEMA_VERSION,)]
    indexes = [row[0] for row in pg_query(url, "SELECT indexname FROM pg_indexes WHERE tablename = 'customers'")]
    assert "customers_recent_first" in indexes and "customers_last_contact" not in indexes
    shop.ok("--db", url, "void", "1", "--why", "logged twice")  # step 004: complaints can be void
    assert [c["id"] for c in json.loads(shop.ok("--db", url, "list", "--void", "--json"))] == [1]
    assert "Cold soup" in shop.ok("--db", url, "show", "1")
    assert json.loads(shop.ok("--db", url, "find", "cold", "--json"))[0]["complaint"] == 1  # the search step's words


def test_a_database_of_another_program_is_refused_untouched(till, pg_server):
    shop = till
    name = pg_server.fresh(template="template1")
    url = pg_server.url(name)
    pg_query(url, "CREATE TABLE invoices (id int)")
    assert "holds tables fixit did not create" in shop.fails("--db", url, "due", code=1)
    assert pg_query(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == [(1,)]


def test_an_empty_database_gets_the_schema_once_even_when_tills_start_together(pg_server, tmp_path):
    name = pg_server.fresh(template="template1")
    url = pg_server.url(name)
    starts = [
        subprocess.Popen(
            [sys.executable, "-m", "fixit", "--db", url, "due"],
            env=_environment(tmp_path / f"till{n}"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    assert [p.wait(timeout=60) for p in starts] == [0, 0, 0], [p.stderr.read() for p in starts]
    assert pg_query(url, "SELECT version FROM fixit_schema") == [(SCHEMA_VERSION,)]


def test_a_backup_is_a_file_of_what_was_committed_while_a_till_writes(till, pg_database, tmp_path):
    shop = till
    shop.ok("--db", pg_database, "log", "Dana", "Late")
    target = tmp_path / "copy.db"
    with psycopg.connect(pg_database) as writer:  # another till, half-way through its transaction
        writer.execute("UPDATE complaints SET summary = 'half-written'")
        assert f"Backed up to {target}." in shop.ok("--db", pg_database, "backup", str(target))
        writer.rollback()
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT summary FROM complaints").fetchall() == [("Late",)]
    copy.close()
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    shop.ok("--db", pg_database, "log", "Lee", "Cold soup")
    restored = shop.ok("--db", pg_database, "restore", str(target), "--yes")
    assert "Restored" in restored
    assert [row[0] for row in pg_query(pg_database, "SELECT summary FROM complaints ORDER BY id")] == ["Late"]
    assert shop.ok("--db", pg_database, "log", "Ana", "Wrong order", "--json")
    assert pg_query(pg_database, "SELECT max(id) FROM complaints") == [(2,)]


@pytest.mark.parametrize("complaints", [3, 300])
def test_each_command_talks_to_the_server_a_few_times_whatever_the_size(till, pg_database, complaints):
    shop = till
    from fixit.storage.postgres import connection

    url = pg_database
    pg_query(
        url,
        "INSERT INTO customers (id, name, name_key, created_at) SELECT n, 'Customer ' || n, "
        "'customer ' || n, '2026-11-01T09:00:00+00:00' FROM generate_series(1, ?) n",
        complaints,
    )
    pg_query(
        url,
        "INSERT INTO complaints (id, customer_id, summary, channel, logged_at) SELECT n, n, 'Late', "
        "'counter', '2026-11-20T09:00:00+00:00' FROM generate_series(1, ?) n",
        complaints,
    )
    pg_query(
        url,
        "INSERT INTO promises (id, complaint_id, what, due, made_at) SELECT n, n, 'Call', '2026-11-22',"
        " '2026-11-20T09:00:00+00:00' FROM generate_series(1, ?) n",
        complaints,
    )
    counts = {}
    for command in (("due",), ("log", "Ana", "Cold soup", "--phone", "555-0142"), ("show", "2"), ("list",)):
        before = connection.ROUND_TRIPS
        shop.ok("--db", url, *command)
        counts[command[0]] = connection.ROUND_TRIPS - before
    assert counts == EXPECTED_ROUND_TRIPS
    logs = (
        ("Ana", "Again", "--phone", "555-0142", "--apologized"),  # a second complaint: an emergency
        ("Customer 2", "Late", "--promise", "Call back", "--by", "friday", "--tag", "delivery", "--tag", "cake"),
        ("Bo", "Wrong size", "--email", "bo@example.com", "--notes", "Size 9"),
        ("Ana", "Third", "--customer", "1"),
        ("Ana", "Someone new", "--new-customer"),
    )
    for command in logs:
        before = connection.ROUND_TRIPS
        shop.ok("--db", url, "log", *command)
        assert connection.ROUND_TRIPS - before <= EXPECTED_ROUND_TRIPS["log"], command


# Measured, and the same at 3 and at 300 complaints (bench/ has them at 100,000): opening is two (the
# connection, the schema version); `due` reads the settings, then the open count, every section and
# the complaints of its promises and amends in one pipelined exchange; `show` reads the complaint
# file in one; `log` sends BEGIN, the lock and every read of the customer match in one, its writes
# with the one read back in the next, and COMMIT: three, whoever the customer is.
EXPECTED_ROUND_TRIPS = {"due": 4, "log": 5, "show": 4, "list": 3}
