"""Never losing a record: several terminals writing at once, a writer killed mid-write,
files that are read-only, missing, damaged or from a newer fixit. Each test runs in seconds."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

WORKER = """
import sys
from fixit.cli import build_app
db, worker, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
app = build_app("log")
for i in range(count):
    code = app(["--db", db, "log", f"Worker {worker} customer {i}", f"Complaint {i} from worker {worker}",
                "--phone", f"555{worker}{i:05d}"], standalone_mode=False)
    if code:
        sys.exit(f"worker {worker}: log {i} exited {code}")
"""


def _environment(**extra) -> dict[str, str]:
    env = {**os.environ, "FIXIT_NOW": "2026-11-23T09:00:00", **extra}
    env.pop("FIXIT_HOME", None)
    return env


@pytest.mark.parametrize("workers, each, fresh", [(2, 200, False), (4, 150, True)])
def test_terminals_logging_at_once_lose_nothing(tmp_path, workers, each, fresh):
    db = tmp_path / "shared.db"
    env = _environment()
    if not fresh:  # the 4-worker run also races the creation and upgrade of a new file
        subprocess.run(
            [sys.executable, "-m", "fixit", "--db", str(db), "due"], env=env, check=True, capture_output=True
        )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(db), str(w), str(each)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(1, workers + 1)
    ]
    errors = [p.communicate(timeout=120)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * workers, errors
    assert not any("locked" in e or "busy" in e for e in errors)
    conn = sqlite3.connect(db)
    summaries = {row[0] for row in conn.execute("SELECT summary FROM complaints")}
    assert conn.execute("SELECT count(*), count(DISTINCT id) FROM complaints").fetchone() == (workers * each,) * 2
    assert summaries == {f"Complaint {i} from worker {w}" for w in range(1, workers + 1) for i in range(each)}
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def _big_csv(path: Path, rows: int) -> None:
    lines = ["name,summary,phone,promise,promise_by"]
    lines += [f"Customer {i},Complaint number {i},555{i:06d},Call back,+2d" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n")


@pytest.mark.sqlite_only
def test_writer_killed_mid_import_leaves_nothing_half_written(shop, tmp_path):
    shop.log("Existing", "Before the import")
    rows = 3000
    source = tmp_path / "big.csv"
    _big_csv(source, rows)
    env = _environment(FIXIT_DB=str(shop.db))
    writer = subprocess.Popen(
        [sys.executable, "-m", "fixit", "import", str(source)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for_write_lock(shop.db, writer)  # inside the one transaction that logs every row, not a guess by time
    time.sleep(0.05)  # and some rows into it
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    assert writer.returncode == -signal.SIGKILL
    conn = sqlite3.connect(shop.db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    complaints = conn.execute("SELECT count(*) FROM complaints").fetchone()[0]
    customers = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    promises = conn.execute("SELECT count(*) FROM promises").fetchone()[0]
    assert (complaints, customers, promises) in [(1, 1, 0), (1 + rows, 1 + rows, rows)]  # all or nothing
    conn.close()
    assert "Before the import" in shop.ok("list")  # and fixit carries on with the file


def _wait_for_write_lock(db: Path, writer: subprocess.Popen[bytes]) -> None:
    """Return once another process holds the database's write lock (its transaction has begun)."""
    probe = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        while writer.poll() is None:  # no deadline of its own: a busy machine only makes it wait longer
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError:  # "database is locked": the writer is inside its transaction
                return
            time.sleep(0.002)
        raise AssertionError("the import never held the write lock")
    finally:
        probe.close()


@contextmanager
def read_only(path: Path):
    """Read-only even for root (CI runs as root): the immutable flag; chmod for everyone else."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


def _settled(shop) -> bytes:
    """Fold the WAL into the file, so the file alone holds everything, and return its bytes."""
    conn = sqlite3.connect(shop.db, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{shop.db}{suffix}").unlink(missing_ok=True)
    return shop.db.read_bytes()


@pytest.mark.sqlite_only
def test_read_only_file_can_be_read_but_not_written(shop):
    shop.log("Dana", "Late")
    before = _settled(shop)
    with read_only(shop.db):
        assert "Dana" in shop.ok("list")
        assert shop.fails("log", "Lee", "Cold", code=1).startswith(f"fixit: error: nothing can be saved in {shop.db}: ")
    assert shop.db.read_bytes() == before


@pytest.mark.sqlite_only
def test_read_only_folder_reads_and_refuses_writes_clearly(shop):
    """A shop's file where fixit cannot write: the morning list still shows, a write is one clear line."""
    shop.log("Dana", "Late")
    before = _settled(shop)
    with read_only(shop.home):
        assert "Dana" in shop.ok("due")
        error = shop.fails("log", "Lee", "Cold", code=1)
        assert error.startswith(f"fixit: error: nothing can be saved in {shop.db}: ")
    assert shop.db.read_bytes() == before


@pytest.mark.sqlite_only
def test_new_database_in_read_only_folder_is_a_clear_error(shop):
    with read_only(shop.home):
        assert "cannot create the database" in shop.fails("log", "Lee", "Cold", code=1)
    assert not shop.db.exists()


@pytest.mark.sqlite_only
def test_damaged_page_is_reported_not_hidden(shop):
    for i in range(30):
        shop.log(f"Customer {i}", "Something went wrong " * 20)
    data = bytearray(_settled(shop))
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    shop.db.write_bytes(bytes(data))
    before = shop.db.read_bytes()
    result = shop.run("list", "--limit", "0")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("fixit: error: ") and len(result.stderr.strip().splitlines()) == 1
    assert shop.db.read_bytes() == before
