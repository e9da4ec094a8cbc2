"""A till and its server in the real world: the network goes away, freezes or slows down, the server
restarts or is full, the owner mistypes a setting. The counter keeps every complaint it cannot send,
for the server it was meant for, and nothing else waits for long (docs/servers-network.md).

Everything runs against real PostgreSQL: conftest's socket server, reached through a TCP proxy on
127.0.0.1 (tests/pgtcp.py), and a cluster of these tests' own listening on 127.0.0.1 with SCRAM
passwords. Outcomes are asserted, never elapsed time; process timeouts are only a safety net."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import MONDAY, Shop, fill_with_complaints, pg_query
from pgtcp import Proxy, TcpCluster, proxy

# One worker runs the whole file: its password-protected PostgreSQL cluster is started once (the
# rest of the suite is shared out test by test).
pytestmark = pytest.mark.xdist_group("server_network")

UNREACHABLE = "postgresql://fixit@127.0.0.1:1/shop?connect_timeout=2"  # nothing listens on port 1
SAFETY = 300  # seconds: a process still running then has hung (a failure, not a measurement)


def _environment(home: Path, **extra: str) -> dict[str, str]:
    home.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "FIXIT_NOW": MONDAY, "FIXIT_HOME": str(home), **extra}
    environment.pop("FIXIT_DB", None)
    return environment


def _fixit(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "fixit", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture
def network(pg_server) -> Iterator[Proxy]:
    """The network between a till and the test server: a proxy on 127.0.0.1 in front of its socket."""
    with proxy(str(pg_server.server.get_postmaster_info().socket_path)) as running:
        yield running


def _via(network: Proxy, url: str) -> str:
    return f"postgresql://postgres@127.0.0.1:{network.port}{urlsplit(url).path}"


@pytest.fixture
def far_till(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg_database: str, network: Proxy) -> Shop:
    home = tmp_path / "till"
    home.mkdir()
    return Shop(home, monkeypatch, _via(network, pg_database))


# the outbox: a queue that loses nothing and sends only where it was meant to go -------------------


def test_ten_logs_at_once_with_the_server_away_are_all_kept(tmp_path):
    env = _environment(tmp_path / "till")
    logs = [_fixit("--db", UNREACHABLE, "log", f"Customer {n}", f"Complaint {n}", env=env) for n in range(10)]
    results = [p.communicate(timeout=SAFETY) for p in logs]
    assert [p.returncode for p in logs] == [0] * 10, results
    assert all("Kept on this till" in out for out, _ in results)
    kept = json.loads((tmp_path / "till" / "outbox.json").read_text())
    assert sorted(entry["complaint"]["summary"] for entry in kept) == sorted(f"Complaint {n}" for n in range(10))


def test_a_complaint_kept_while_another_terminal_syncs_is_not_lost(tmp_path, pg_database, pg_server):
    home = tmp_path / "till"
    env = _environment(home)
    with proxy(str(pg_server.server.get_postmaster_info().socket_path), delay=0.02) as slow:
        url = _via(slow, pg_database)
        subprocess.run(
            [sys.executable, "-m", "fixit", "--db", url, "due"],
            env=env,
            check=True,
            capture_output=True,
            timeout=SAFETY,
        )  # the till knows its server
        slow.away()
        for n in range(15):
            subprocess.run(
                [sys.executable, "-m", "fixit", "--db", url, "log", f"Kept {n}", "Late"],
                env=env,
                check=True,
                capture_output=True,
                timeout=SAFETY,
            )
        slow.back()
        sync = _fixit("--db", url, "sync", env=env)
        while not pg_query(pg_database, "SELECT count(*) FROM complaints")[0][0] and sync.poll() is None:
            time.sleep(0.01)  # until the sync is under way (a poll that leaves the CPU to the sync)
        keeps = [_fixit("--db", UNREACHABLE, "log", f"Meanwhile {n}", "Cold", env=env) for n in range(5)]
        assert [p.wait(timeout=SAFETY) for p in keeps] == [0] * 5
        assert sync.wait(timeout=SAFETY) == 0, sync.communicate()[1]
    on_server = {row[0] for row in pg_query(pg_database, "SELECT c.name FROM customers c")}
    assert on_server == {f"Kept {n}" for n in range(15)}
    left = json.loads((home / "outbox.json").read_text())
    assert sorted(entry["complaint"]["contact"]["name"] for entry in left) == [f"Meanwhile {n}" for n in range(5)]


def test_a_complaint_kept_for_one_server_is_never_sent_into_another(far_till, network, pg_server, pg_database):
    shop = far_till
    shop.ok("due")  # this till has reached shop A
    network.away()
    shop.ok("log", "Lee Park", "Cold soup")
    network.back()
    other = pg_server.url(pg_server.fresh())  # shop B, on the same server
    try:
        result = shop.run("--db", other, "sync")
        assert result.exit_code == 0
        assert "1 complaint(s) kept on this till are for another server" in result.stderr
        assert pg_query(other, "SELECT count(*) FROM complaints") == [(0,)]
        assert "Lee Park" in result.stdout  # still listed as kept
    finally:
        pg_server.drop(urlsplit(other).path.strip("/"))
    local = shop.run("--db", pg_database, "sync")  # the same server and database by another address: its own
    assert local.exit_code == 0 and "sent #1 Lee Park" in local.stderr
    assert pg_query(pg_database, "SELECT summary FROM complaints") == [("Cold soup",)]


@pytest.mark.parametrize("damage", [b"", b'[{"reference": "ab', b"\x00\xffgarbage", b"{}"])
def test_a_damaged_outbox_is_moved_aside_and_the_counter_keeps_logging(far_till, network, damage):
    shop, home = far_till, far_till.home
    (home / "outbox.json").write_bytes(damage)
    network.away()
    kept = shop.run("log", "Lee Park", "Cold soup")
    assert kept.exit_code == 0 and "Kept on this till" in kept.stdout
    asides = list(home.glob("outbox.damaged-*.json"))
    assert len(asides) == 1 and asides[0].read_bytes() == damage
    assert oct(asides[0].stat().st_mode & 0o777) == "0o600"
    assert f"kept as {asides[0]}" in kept.stderr
    assert [entry["complaint"]["summary"] for entry in json.loads((home / "outbox.json").read_text())] == ["Cold soup"]
    network.back()
    assert "sent #1 Lee Park" in shop.run("due").stderr


# what passes keeps the complaint; what the owner must fix says how, and keeps nothing ----------


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TcpCluster]:
    """A PostgreSQL of these tests' own on 127.0.0.1, with a password (SCRAM), as a hosted one is reached."""
    running = TcpCluster(tmp_path_factory.mktemp("tcp-cluster"))
    yield running
    running.close()


@pytest.fixture
def tcp_till(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cluster: TcpCluster) -> Shop:
    home = tmp_path / "till"
    home.mkdir()
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.pgpass but the test's own
    monkeypatch.delenv("PGPASSWORD", raising=False)
    cluster.fresh("shop")
    return Shop(home, monkeypatch, cluster.url())


def _kept(shop: Shop) -> list[str]:
    path = shop.home / "outbox.json"
    return [entry["complaint"]["summary"] for entry in json.loads(path.read_text())] if path.exists() else []


def test_a_server_shutting_down_keeps_the_complaint(tcp_till, cluster):
    shop = tcp_till
    shop.log("Ana", "Late")
    import psycopg

    holding = psycopg.connect(cluster.url())  # a session the server waits for before it stops
    try:
        cluster.stop("smart", wait=False)
        while True:  # until the server says it is shutting down
            try:
                psycopg.connect(cluster.url(), connect_timeout=2).close()
            except psycopg.OperationalError as refused:
                if "shutting down" in str(refused):
                    break
        result = shop.run("log", "Ben", "Cold soup")
        assert result.exit_code == 0, result.stderr
        assert "shutting down" in result.stderr and "Kept on this till" in result.stdout
    finally:
        holding.close()
    cluster.restart()
    assert "sent #2 Ben" in shop.run("due").stderr
    assert _kept(shop) == []


def test_a_server_with_every_connection_taken_keeps_the_complaint(tcp_till, cluster):
    import psycopg

    shop = tcp_till
    held = []
    try:
        while True:
            try:
                held.append(psycopg.connect(cluster.url()))
            except psycopg.OperationalError:
                break
        result = shop.run("log", "Ben", "Cold soup")
        assert result.exit_code == 0, result.stderr
        assert "too many connections" in result.stderr and _kept(shop) == ["Cold soup"]
    finally:
        for conn in held:
            conn.close()
    assert "sent #1 Ben" in shop.run("due").stderr


@pytest.mark.parametrize(
    ("change", "fix"),
    [
        ({"sslmode": "require"}, "turn TLS on at the server, or change sslmode"),
        ({"sslmode": "bogus"}, "correct it in --db or FIXIT_DB"),
        ({"password": "wrong"}, "check the user and password"),
        ({"password": None}, "put it in ~/.pgpass (mode 600) or PGPASSWORD"),
        ({"port": 99999}, "correct it in --db or FIXIT_DB"),
        ({"database": "nosuch"}, "does not exist"),
    ],
)
def test_a_setting_the_owner_must_fix_is_named_with_the_fix_and_nothing_is_kept(tcp_till, cluster, change, fix):
    shop = tcp_till
    password = change.pop("password", "till-s3cret")
    url = cluster.url(password=password, **change)
    for command in (("log", "Ben", "Cold soup"), ("due",)):
        error = shop.fails("--db", url, *command, code=1)
        assert fix in error, error
        assert "s3cret" not in error and "wrong" not in error.replace("password authentication", "")
    assert _kept(shop) == []


def test_a_password_file_others_may_read_is_named_and_nothing_is_kept(tcp_till, cluster, tmp_path):
    shop = tcp_till
    passfile = tmp_path / ".pgpass"
    passfile.write_text(f"127.0.0.1:{cluster.port}:*:till:till-s3cret\n")
    passfile.chmod(0o644)
    error = shop.fails("--db", cluster.url(password=None), "log", "Ben", "Cold soup", code=1)
    assert error == (
        f"fixit: error: PostgreSQL ignores the password file {passfile}: others may read it (mode "
        f"644); make it yours alone: chmod 600 {passfile}"
    )
    assert _kept(shop) == []
    passfile.chmod(0o600)
    assert shop.ok("--db", cluster.url(password=None), "log", "Ben", "Cold soup")


def test_a_url_that_cannot_be_read_is_one_line_without_its_password(tcp_till):
    # the owner's typing, not the server's state: bad input (2), naming what is wrong, quoting none of it
    for command in (("due",), ("log", "Ben", "Cold soup")):
        error = tcp_till.fails("--db", "postgresql://till:s3cret@[127.0.0.1/shop", *command, code=2)
        assert "[ with no ]" in error and "s3cret" not in error and "till@" not in error
    assert _kept(tcp_till) == []


# no hang, no stuck lock ---------------------------------------------------------------------------


# fixit, whose watchdog gives up on an unanswered exchange after 8 s instead of EXCHANGE_TIMEOUT_S (25 s):
# still past the server's 3 s for a writer left idle and the other till's 5 s lock wait, so the events
# come in the order a till meets them, without a test waiting 25 s for the watchdog
SHORT_WATCH = """
import sys
from fixit.storage.postgres import connection
connection.EXCHANGE_TIMEOUT_S = 8
from fixit.cli import main
sys.argv[0] = "fixit"
main()
"""


def test_a_till_whose_network_freezes_holding_the_lock_frees_it_and_keeps_its_complaint(
    tmp_path, monkeypatch, pg_server, pg_database
):
    with proxy(
        str(pg_server.server.get_postmaster_info().socket_path), freeze_after=b"pg_advisory_xact_lock"
    ) as freezing:
        env = _environment(tmp_path / "frozen")
        frozen = subprocess.Popen(
            [sys.executable, "-c", SHORT_WATCH, "--db", _via(freezing, pg_database), "log", "Ana", "Cold soup"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while not freezing.frozen.is_set() and frozen.poll() is None:
            freezing.frozen.wait(0.1)  # until its log holds fixit's lock and the network stops answering
        assert freezing.frozen.is_set(), frozen.communicate()
        other = Shop(tmp_path / "other", monkeypatch, pg_database)
        (tmp_path / "other").mkdir()
        logged = other.run("log", "Ben", "Late", "--json")
        assert json.loads(logged.stdout)["complaint"] == 1, (
            logged.stderr
        )  # another till's log gets the lock the frozen one held
        out, err = frozen.communicate(timeout=SAFETY)
    assert frozen.returncode == 0, err
    assert "Kept on this till: Ana" in out
    kept = json.loads((tmp_path / "frozen" / "outbox.json").read_text())
    assert [entry["complaint"]["summary"] for entry in kept] == ["Cold soup"]
    assert pg_query(pg_database, "SELECT summary FROM complaints") == [("Late",)]
    sent = subprocess.run(
        [sys.executable, "-m", "fixit", "--db", pg_database, "sync", "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=SAFETY,
    )
    assert json.loads(sent.stdout) == {"sent": [2], "waiting": []}, sent.stderr


# restore and migrate on a server ------------------------------------------------------------------


def test_readers_go_on_reading_while_a_restore_runs(tmp_path, monkeypatch, pg_database):
    from fixit.storage.postgres.connection import LOCK_KEY

    url = pg_database
    pg_query(
        url,
        "INSERT INTO customers (id, name, name_key, created_at) SELECT n, 'Customer ' || n, "
        "'customer ' || n, '2026-11-01T09:00:00+00:00' FROM generate_series(1, 20000) n",
    )
    pg_query(
        url,
        "INSERT INTO complaints (id, customer_id, summary, channel, logged_at) SELECT n, n, 'Late', "
        "'counter', '2026-11-20T09:00:00+00:00' FROM generate_series(1, 20000) n",
    )
    (tmp_path / "home").mkdir(exist_ok=True)
    reader = Shop(tmp_path / "home", monkeypatch, url)
    backup = tmp_path / "copy.db"
    reader.ok("backup", str(backup))
    env = _environment(tmp_path / "restorer")
    restore = _fixit("--db", url, "restore", str(backup), "--yes", env=env)
    locked = (
        f"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = {LOCK_KEY & 0xFFFFFFFF}"
    )
    while not pg_query(url, locked)[0][0] and restore.poll() is None:
        time.sleep(0.01)  # until the restore holds fixit's lock, inside its transaction (a poll, as above)
    assert restore.poll() is None, "the restore ended before a reader could try"
    during = reader.run("due", "--json")
    assert during.exit_code == 0, during.stderr  # the old records, read while the restore writes
    assert restore.wait(timeout=SAFETY) == 0, restore.communicate()[1]
    assert pg_query(url, "SELECT count(*) FROM complaints") == [(20000,)]


def test_what_a_killed_migrate_to_a_file_left_is_removed_by_the_next(tmp_path, monkeypatch, pg_database):
    import sqlite3

    (tmp_path / "home").mkdir(exist_ok=True)
    shop = Shop(tmp_path / "home", monkeypatch, pg_database)
    shop.log("Ana", "Late")
    target = tmp_path / "copy.db"
    killed = tmp_path / ".copy.db.k1ll3d.tmp"  # as a run killed half-way leaves them
    for suffix, size in (("", 4096), ("-wal", 1 << 20), ("-shm", 32768)):
        Path(f"{killed}{suffix}").write_bytes(b"\0" * size)
    running = tmp_path / ".copy.db.running.tmp"  # another run's, still open in its process: not touched
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('PRAGMA journal_mode = WAL'); c.execute('CREATE TABLE t (x)'); "
            "print('open', flush=True); sys.stdin.read()",
            str(running),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        assert "Copied 1 complaint(s)" in shop.ok("migrate", "--to", str(target))
        assert not any(Path(f"{killed}{suffix}").exists() for suffix in ("", "-wal", "-shm"))
        assert running.exists()
    finally:
        holder.communicate(timeout=SAFETY)
    assert sqlite3.connect(target).execute("SELECT summary FROM complaints").fetchall() == [("Late",)]


def test_a_migrate_to_a_file_killed_while_it_writes_leaves_what_the_next_run_removes(tmp_path):
    """A real kill, not files made to look like one: the copy is stopped while it writes its hidden
    temporary file, and the next copy to that name takes the place of what it left."""
    import signal
    import sqlite3
    import time

    source = tmp_path / "big.db"
    env = _environment(tmp_path / "home")
    assert _fixit("--db", str(source), "due", env=env).wait(timeout=SAFETY) == 0
    fill_with_complaints(source, 20000, "Complaint {} about the cake")
    target = tmp_path / "copy.db"
    copier = _fixit("--db", str(source), "migrate", "--to", str(target), env=env)
    # inside the copy's transaction: SQLite's journal of the temporary file exists
    while not list(tmp_path.glob(".copy.db.*.tmp-journal")):
        assert copier.poll() is None, "the copy ended before it could be stopped"
        time.sleep(0.002)
    copier.send_signal(signal.SIGKILL)
    copier.communicate(timeout=SAFETY)
    assert list(tmp_path.glob(".copy.db.*")) and not target.exists()
    again = _fixit("--db", str(source), "migrate", "--to", str(target), env=env)
    _, error = again.communicate(timeout=SAFETY)
    assert again.returncode == 0, error
    assert not list(tmp_path.glob(".copy.db.*"))  # the temporary file and its journal are gone
    assert sqlite3.connect(target).execute("SELECT count(*) FROM complaints").fetchone() == (20000,)
