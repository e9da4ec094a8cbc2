"""Every file fixit writes goes to a temporary file beside it and is renamed over the target only
when whole, so a failure (a full disk, here a real file-size limit) leaves the old file as it was;
every file and folder fixit creates is readable by its owner alone."""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

LIMIT = 64 * 1024  # bytes a process may write to one file: room for SQLite's own, not for the output


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def run_limited(shop, *args: str) -> subprocess.CompletedProcess[str]:
    """fixit in a fresh process that cannot write more than LIMIT bytes to any file."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))

    env = {**os.environ, "FIXIT_HOME": str(shop.home), "FIXIT_NOW": "2026-11-23T09:00:00"}
    return subprocess.run(
        [sys.executable, "-m", "fixit", *args], env=env, capture_output=True, text=True, preexec_fn=limit, check=False
    )


@pytest.fixture
def busy_shop(shop, tmp_path):
    """A shop whose export, calendar and backup are all larger than LIMIT."""
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,summary,promise,promise_by\n"
        + "".join(
            f"Customer {i},{'The order was wrong and nobody called back. ' * 4},Call back about order {i},+3d\n"
            for i in range(300)
        )
    )
    shop.ok("import", str(rows))
    shop.ok("letter", "1", "--out", str(tmp_path / "warm.txt"))  # the template cache, made before the limit
    return shop


def test_a_failed_export_leaves_the_previous_export_whole(busy_shop, tmp_path):
    target = (tmp_path / "out").joinpath("e.json")
    target.parent.mkdir()
    busy_shop.ok("log", "Small", "Late")
    target.write_text('{"previous": "export"}\n')
    result = run_limited(busy_shop, "export", "--format", "json", "--out", str(target))
    assert result.returncode == 1
    assert result.stderr == f"fixit: error: cannot write {target}: File too large\n"
    assert json.loads(target.read_text()) == {"previous": "export"}
    assert [p.name for p in target.parent.iterdir()] == ["e.json"]  # no temporary file left behind


@pytest.mark.parametrize(
    "command",
    [
        ("calendar", "{target}"),
        ("letter", "1", "--out", "{target}"),
        ("backup", "{target}"),
    ],
)
def test_a_failed_write_leaves_no_empty_or_partial_file(busy_shop, tmp_path, command):
    target = (tmp_path / "out").joinpath("out.file")
    target.parent.mkdir()
    if command[0] != "backup":
        target.write_text("the old file\n")
    result = run_limited(busy_shop, *[part.format(target=target) for part in command])
    if command[0] == "backup":
        assert result.returncode != 0 and not target.exists()
        assert result.stderr.startswith(f"fixit: error: cannot write the backup {target}")
    elif result.returncode == 0:  # small enough to fit under the limit: then it is whole
        assert target.stat().st_size > 0
    else:
        assert target.read_text() == "the old file\n"
        assert result.stderr == f"fixit: error: cannot write {target}: File too large\n"
    said = [line for line in result.stderr.splitlines() if not line.startswith("fixit: warning: ")]
    assert len(said) <= 1 and "Traceback" not in result.stderr
    assert {p.name for p in target.parent.iterdir()} <= {"out.file"}


def test_files_replaced_or_created_are_owner_only(shop, tmp_path):
    shop.log("Dana Reyes", "Charged twice", "--promise", "Refund")
    shared = tmp_path / "shared.json"
    shared.write_text("{}")
    shared.chmod(0o644)
    shop.ok("export", "--format", "json", "--out", str(shared))
    assert mode(shared) == 0o600
    folder = tmp_path / "csv"
    shop.ok("export", "--out", str(folder))
    assert mode(folder) == 0o700 and {mode(p) for p in folder.iterdir()} == {0o600}
    letters = tmp_path / "letters"
    shop.ok("letter", "1", "--out", str(tmp_path / "one.txt"))
    assert mode(tmp_path / "one.txt") == 0o600
    shop.log("Lee Park", "Charged twice too")
    shop.ok("change", "Check the till roll", "--complaint", "1", "--complaint", "2")
    shop.ok("letter", "--change", "1", "--out", str(letters))
    assert mode(letters) == 0o700


def test_the_app_folder_and_every_folder_under_it_are_owner_only(tmp_path, monkeypatch, shop):
    home = tmp_path / "fresh" / "fixit-home"
    monkeypatch.setenv("FIXIT_HOME", str(home))
    shop.ok("log", "Dana", "Late")
    shop.ok("letter", "1")  # makes the template cache
    shop.ok("backup")
    for folder in [home, *[p for p in home.rglob("*") if p.is_dir()]]:
        assert mode(folder) == 0o700, folder
    for file in [p for p in home.rglob("*") if p.is_file()]:
        assert mode(file) == 0o600, file


def test_a_database_reached_through_a_dangling_link_is_created_owner_only(cli, tmp_path):
    link = tmp_path / "link.db"
    link.symlink_to(tmp_path / "real.db")
    cli.ok("--db", str(link), "log", "Dana", "Late")
    assert mode(tmp_path / "real.db") == 0o600


@pytest.mark.sqlite_only
def test_a_database_others_can_read_gets_a_warning_with_the_fix(shop):
    shop.log()
    shop.db.chmod(0o644)
    result = shop.run("due")
    assert result.exit_code == 0
    assert result.stderr == (
        f"fixit: warning: other users of this computer can read {shop.db}; `chmod 600 {shop.db}` makes it yours alone\n"
    )


@pytest.mark.sqlite_only  # on a server, the disk that fills is the server's
def test_a_full_disk_at_the_counter_is_named_and_loses_nothing(busy_shop):
    """A log that cannot be written (here: the file-size limit stops SQLite's write) says so plainly,
    and the shop's file is as it was."""
    before = busy_shop.query("SELECT count(*) FROM complaints")
    result = run_limited(busy_shop, "log", "Lee Park", "Cold coffee " * 300)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "fixit: error: the disk could not be written (is it full, or failing?): nothing was saved"
    )
    assert busy_shop.query("SELECT count(*) FROM complaints") == before
