"""A database fixit may read but not write works for reading, as an ordinary user: in a read-only
folder, as a read-only file, on a full disk. A write says one true line. Paths that are no database
file (/dev/null, a FIFO, /proc/self/status, a folder) each get their own true sentence.

When the suite runs as root, these run fixit as ``nobody`` (setpriv), so root's powers hide nothing;
their temporary folder is made traversable for it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only

SRC = str(Path(__file__).resolve().parents[1] / "src")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] if AS_ROOT else []


def fixit(*args: str, env: dict[str, str], unprivileged: bool = True) -> subprocess.CompletedProcess[str]:
    command = [*(NOBODY if unprivileged else []), sys.executable, "-m", "fixit", *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            "PATH": os.environ.get("PATH", ""),
            "PYTHONPATH": SRC,
            "TZ": "UTC",
            "FIXIT_NOW": "2026-11-23T09:00:00",
            **env,
        },
    )


def give_to_user(path: Path) -> None:
    """The unprivileged user owns what it is to write (a no-op when the suite is that user)."""
    if AS_ROOT:
        for item in [path, *path.rglob("*")]:
            shutil.chown(item, "nobody", "nogroup")


@pytest.fixture
def place() -> Iterator[Path]:
    """A folder the unprivileged user can reach (pytest's own is root's alone)."""
    if AS_ROOT and shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv to drop to an ordinary user")
    folder = Path(tempfile.mkdtemp(prefix="fixit-ro-"))
    folder.chmod(0o755)
    yield folder
    for item in [folder, *folder.rglob("*")]:
        if item.is_dir():
            item.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def shop_in(place: Path) -> dict[str, str]:
    """A shop with two complaints in place/shop/fixit.db, owned by the unprivileged user."""
    (place / "home").mkdir()
    (place / "shop").mkdir()
    env = {"FIXIT_HOME": str(place / "home"), "FIXIT_DB": str(place / "shop" / "fixit.db")}
    give_to_user(place)
    for name, summary in (("Dana Reyes", "Late cake"), ("Lee Park", "Cold soup")):
        done = fixit("log", name, summary, "--phone", "555-0142" if name == "Dana Reyes" else "555-0150", env=env)
        assert done.returncode == 0, done.stderr
    return env


READS = [(["due"], "Lee Park"), (["list"], "Cold soup"), (["show", "1"], "Late cake"), (["report"], "")]


def reads_work_and_writes_say_why(env: dict[str, str], why: str, database: Path) -> None:
    before = database.read_bytes()
    for args, shows in READS:
        done = fixit(*args, env=env)
        assert done.returncode == 0 and shows in done.stdout, (args, done.stderr)
        assert "Traceback" not in done.stderr
    for args in (["log", "Ann Lee", "Late"], ["close", "1", "--outcome", "won-back"], ["apologize", "2"]):
        done = fixit(*args, env=env)
        assert done.returncode == 1, (args, done.stdout)
        assert done.stderr.strip().splitlines() == [done.stderr.strip()], done.stderr
        assert f"fixit: error: nothing can be saved in {database}: {why}" in done.stderr, done.stderr
    assert database.read_bytes() == before


def test_a_database_in_a_read_only_folder_can_be_read(place):
    env = shop_in(place)
    (place / "shop").chmod(0o555)
    reads_work_and_writes_say_why(env, "its folder is read-only for you", place / "shop" / "fixit.db")


def test_a_read_only_database_file_can_be_read(place):
    env = shop_in(place)
    (place / "shop" / "fixit.db").chmod(0o400)
    reads_work_and_writes_say_why(env, "the file is read-only for you", place / "shop" / "fixit.db")


@pytest.mark.parametrize("what", ["/dev/null", "fifo", "/proc/self/status", "folder", "text"])
def test_a_path_that_is_no_database_file_gets_its_own_sentence(shop, tmp_path, what):
    path = {"fifo": tmp_path / "fifo", "folder": tmp_path, "text": tmp_path / "notes.txt"}.get(what, Path(what))
    if what == "fifo":
        os.mkfifo(path)
    if what == "text":
        path.write_text("shopping list\n")
    if not path.exists():
        pytest.skip(f"{path} is not on this system")
    before = path.read_bytes() if what == "text" else None
    shop.monkeypatch.setenv("FIXIT_DB", str(path))
    says = {
        "/dev/null": "is a device, not a file",
        "fifo": "is a pipe (FIFO), not a file",
        "/proc/self/status": "is not an SQLite file",
        "folder": "is a folder",
        "text": "is not an SQLite file",
    }[what]
    for args in (["due"], ["log", "Ann Lee", "Late"], ["list"]):
        line = shop.fails(*args, code=1)
        assert says in line and "disk" not in line and "upgrade" not in line, line
    if before is not None:
        assert path.read_bytes() == before
    assert Path("/dev/null").is_char_device()


@pytest.fixture
def tiny_disk(place) -> Iterator[Path]:
    """A 2 MiB tmpfs (root only; skipped where it cannot be mounted)."""
    disk = place / "disk"
    disk.mkdir()
    if (
        not AS_ROOT
        or subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(disk)], capture_output=True, check=False
        ).returncode
        != 0
    ):
        pytest.skip("a full disk is made with a tmpfs, which needs root")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_reads_on_a_full_disk_work_and_do_not_say_nothing_was_saved(tiny_disk, place):
    (place / "home").mkdir()
    env = {"FIXIT_HOME": str(place / "home"), "FIXIT_DB": str(tiny_disk / "fixit.db")}
    for name, summary in (("Dana Reyes", "Late cake"), ("Lee Park", "Cold soup")):
        assert fixit("log", name, summary, env=env, unprivileged=False).returncode == 0
    fill(tiny_disk)
    for args, shows in READS:
        done = fixit(*args, env=env, unprivileged=False)
        assert "nothing was saved" not in done.stderr
        assert done.returncode == 0 and shows in done.stdout, (args, done.stderr)
    done = fixit("log", "Ann Lee", "Late", env=env, unprivileged=False)
    assert done.returncode == 1 and "the disk is full" in done.stderr and "free some space" in done.stderr


def test_demo_on_a_full_disk_leaves_nothing_in_the_way(tiny_disk, place):
    env = {"FIXIT_HOME": str(place / "home")}
    filler = fill(tiny_disk)
    done = fixit("demo", str(tiny_disk / "demo.db"), env=env, unprivileged=False)
    assert done.returncode == 1 and "the disk is full" in done.stderr, done.stderr
    assert str(tiny_disk / "demo.db") in done.stderr and ".building" not in done.stderr
    assert sorted(p.name for p in tiny_disk.iterdir()) == ["filler"]  # no 0-byte demo.db, no leftovers
    filler.unlink()
    done = fixit("demo", str(tiny_disk / "demo.db"), env=env, unprivileged=False)
    assert done.returncode == 0, done.stderr
    assert "Demo shop written" in done.stdout
