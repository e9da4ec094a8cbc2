"""The database is fixit's and reads as one: someone else's SQLite file is refused on open and on
restore; an export taken while others log is one snapshot; a shop's file on read-only media can
still be read."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest
from test_reliability import _settled, read_only

APP_ID = 0x46495854  # "FIXT"


@pytest.mark.sqlite_only
def test_fixit_marks_its_files(shop):
    shop.log()
    assert shop.query("PRAGMA application_id") == [(APP_ID,)]


def someone_elses(path, version: int = 3, app_id: int = 0x12345678) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE complaints (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO complaints (body) VALUES ('theirs')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute(f"PRAGMA application_id = {app_id}")
    conn.commit()
    conn.close()


def test_someone_elses_sqlite_file_is_refused_untouched(cli, tmp_path):
    other = tmp_path / "theirs.db"
    someone_elses(other)
    before = other.read_bytes()
    assert "is not a fixit database (it belongs to another program)" in cli.fails("--db", str(other), "due", code=1)
    assert other.read_bytes() == before


def test_restore_refuses_a_file_that_only_looks_like_fixits(shop, tmp_path):
    shop.log()
    for name, app_id in (("theirs.db", 0x12345678), ("unmarked.db", 0)):
        other = tmp_path / name
        someone_elses(other, app_id=app_id)
        assert "not a fixit backup" in shop.fails("restore", str(other), "--yes", code=1)
    assert shop.ok("due")  # and everything still works


def test_a_backup_restores_from_read_only_media(shop, tmp_path):
    shop.log("Dana Reyes", "Late")
    backup = tmp_path / "usb" / "monday.db"
    backup.parent.mkdir()
    shop.ok("backup", str(backup))
    with read_only(backup.parent):
        shop.ok("restore", str(backup), "--yes")
    assert "Dana Reyes" in shop.ok("list")


@pytest.mark.sqlite_only
def test_read_only_commands_work_on_a_database_in_a_read_only_folder(shop):
    shop.log("Dana Reyes", "Late", "--promise", "Call")
    before = _settled(shop)
    with read_only(shop.home):
        assert "Dana Reyes" in shop.ok("list")
        assert "Not yet apologized (1)" in shop.ok("due")
        assert "Late" in shop.ok("show", "1")
        assert "1 complaint(s)" in shop.ok("report")
        line = shop.fails("log", "Lee", "Cold", code=1)
        assert line.startswith(f"fixit: error: nothing can be saved in {shop.db}: ")
    assert shop.db.read_bytes() == before


def test_an_export_taken_while_others_log_is_one_snapshot(shop, tmp_path):
    """A writer commits a complaint and its events every few milliseconds while exports run: each
    export must be one moment of the shop (every event's complaint in it, every complaint's customer)."""
    shop.log()
    writer = tmp_path / "writer.py"
    writer.write_text(
        "import sys\nfrom fixit.storage import open_store\nfrom fixit.domain import complaints, customers\n"
        "store = open_store(__import__('pathlib').Path(sys.argv[1]))\n"
        "for i in range(400):\n"
        "    complaints.log(store, complaints.NewComplaint(contact=customers.Contact.checked(f'Writer {i}'), summary='Busy'))\n"
    )
    env = {**os.environ, "FIXIT_NOW": "2026-11-23T09:00:00"}
    process = subprocess.Popen([sys.executable, str(writer), str(shop.db)], env=env)
    torn = 0
    try:
        for _ in range(12):
            data = json.loads(shop.ok("export", "--format", "json"))
            complaint_ids = {c["id"] for c in data["complaints"]}
            customer_ids = {c["id"] for c in data["customers"]}
            torn += any(e["complaint_id"] not in complaint_ids for e in data["events"])
            torn += any(c["customer_id"] not in customer_ids for c in data["complaints"])
    finally:
        process.wait(timeout=120)
    assert torn == 0
    assert process.returncode == 0
