"""Files in and out: export (spreadsheet-safe), import (all or nothing), calendar, backup, restore."""

import csv
import io
import json
import sqlite3
from datetime import timedelta

import icalendar
import pytest


def test_export_csv_neutralises_formulas(shop, tmp_path):
    shop.log('=HYPERLINK("http://x")', "+1 said the price was -5", "--notes", "@boss")
    out = shop.ok("export", "--table", "complaints")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["summary"] == "'+1 said the price was -5" and rows[0]["notes"] == "'@boss"
    assert rows[0]["emergency"] == "0"  # numbers stay numbers
    customers = list(csv.DictReader(io.StringIO(shop.ok("export", "--table", "customers"))))
    assert customers[0]["name"] == '\'=HYPERLINK("http://x")'
    shop.ok("export", "--out", str(tmp_path / "csv"))
    assert sorted(p.name for p in (tmp_path / "csv").iterdir())[:3] == [
        "amends.csv",
        "change_complaints.csv",
        "changes.csv",
    ]


def test_export_json_has_every_table(shop):
    shop.log("Dana", "Late", "--promise", "Call", "--by", "friday")
    data = json.loads(shop.ok("export", "--format", "json"))
    assert list(data) == [
        "customers",
        "complaints",
        "promises",
        "amends",
        "events",
        "changes",
        "change_complaints",
        "letters",
        "extra_contacts",
        "tags",
        "unsent",
        "settings",
    ]
    assert data["complaints"][0]["summary"] == "Late" and data["promises"][0]["what"] == "Call"
    assert "no table called" in shop.fails("export", "--table", "sqlite_master")
    assert "needs --out FOLDER" in shop.fails("export")


GOOD = """Name,What went wrong,Phone,Channel,Date,Apologized,Promise,Promise by
Dana Reyes,Charged twice,555-0142,phone,2026-11-20,yes,Refund,2026-11-21
Lee Park,"Waited, then left",,counter,,no,,
dana reyes,Cake dry,(555) 0142,email,2026-11-22 15:00,no,,
"""


def test_import_brings_in_every_row_with_matching_and_emergencies(shop, tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(GOOD)
    assert "Would import 3 complaint(s), 1 from repeat customers" in shop.ok("import", str(path), "--dry-run")
    assert not shop.query("SELECT count(*) FROM complaints")[0][0]
    assert "Imported 3 complaint(s), 1 from repeat customers (emergencies)." in shop.ok("import", str(path))
    assert shop.query(
        "SELECT customer_id, channel, logged_at, emergency, apologized_at IS NOT NULL FROM complaints ORDER BY id"
    ) == [
        (1, "phone", "2026-11-20T09:00:00+00:00", 0, 1),
        (2, "counter", "2026-11-23T09:00:00+00:00", 0, 0),
        (1, "email", "2026-11-22T15:00:00+00:00", 1, 0),
    ]
    assert [i["section"] for i in json.loads(shop.ok("due", "--json"))["items"]].count("overdue") == 1


def test_import_reports_every_bad_row_and_writes_nothing(shop, tmp_path):
    shop.log("Existing", "Row")
    before = shop.dump()
    path = tmp_path / "bad.csv"
    path.write_text(
        "name,summary,phone,channel,date\nAna,Fine,,counter,\n,No name,,,\nBo,Bad phone,xyz,,\n"
        "Cy,Bad channel,,fax,\nDi,Future,,,2030-01-01\nEd,Bad date,,,someday\n"
    )
    result = shop.run("import", str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert lines[0] == "fixit: error: nothing imported: 5 bad row(s)"
    assert [line.split(":")[0] for line in lines[1:]] == ["line 3", "line 4", "line 5", "line 6", "line 7"]
    assert shop.dump() == before


def test_import_header_problems(shop, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,colour\nAna,red\n")
    assert "unknown column(s): 'colour'" in shop.fails("import", str(path))
    path.write_text("name\nAna\n")
    assert "needs the column(s): summary" in shop.fails("import", str(path))
    path.write_text("")
    assert "the file is empty" in shop.fails("import", str(path))
    path.write_bytes(b"name,summary\nAna,\xff\xfe\n")  # not UTF-8: read as Windows-1252, and said so
    assert "Read as Windows-1252" in shop.ok("import", str(path))
    assert "cannot read" in shop.fails("import", str(tmp_path / "missing.csv"))


def test_calendar_round_trips(shop, tmp_path):
    shop.log("Dana Reyes", "Charged twice", "--promise", "Refund", "--by", "tomorrow 14:30")
    n = shop.log("Lee", "Late")
    shop.ok("fix", str(n), "Delivered")
    path = tmp_path / "fixit.ics"
    shop.ok("calendar", str(path))
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    # promises and follow-ups, and today's complaints still waiting for an apology, all day
    assert set(events) == {"promise-1@fixit", "followup-2@fixit", "apology-1@fixit", "apology-2@fixit"}
    assert str(events["promise-1@fixit"]["summary"]) == "P1 Dana Reyes: Refund"
    assert events["promise-1@fixit"].decoded("dtstart").isoformat() == "2026-11-24T14:30:00+00:00"
    assert events["followup-2@fixit"].decoded("dtstart").isoformat() == "2026-11-26"
    assert str(events["apology-1@fixit"]["summary"]) == "No apology yet to Dana Reyes (#1)"
    assert events["apology-1@fixit"].decoded("dtstart").isoformat() == "2026-11-23"
    # every entry reminds: half an hour before a timed promise, at 09:00 on an all-day entry's day
    alarms = {uid: [a.decoded("trigger") for a in e.walk("VALARM")] for uid, e in events.items()}
    assert alarms["promise-1@fixit"] == [timedelta(minutes=-30)]
    assert alarms["followup-2@fixit"] == [timedelta(hours=9)]
    again = tmp_path / "again.ics"
    shop.ok("due", "--ics", str(again))
    assert {str(e["uid"]) for e in icalendar.Calendar.from_ical(again.read_bytes()).walk("VEVENT")} == set(events)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


@pytest.mark.sqlite_only  # the PostgreSQL one is in test_postgres.py
def test_backup_is_consistent_while_another_terminal_writes(shop, tmp_path):
    shop.log("Dana", "Late")
    writer = sqlite3.connect(shop.db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE complaints SET summary = 'half-written'")
    target = tmp_path / "copy.db"
    assert f"Backed up to {target}." in shop.ok("backup", str(target))
    writer.execute("ROLLBACK")
    writer.close()
    copy = sqlite3.connect(target)
    assert copy.execute("SELECT summary FROM complaints").fetchall() == [("Late",)]
    assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert "already exists" in shop.fails("backup", str(target), code=1)


def test_default_backup_goes_to_the_app_folder(shop):
    shop.log()
    out = shop.ok("backup")
    assert str(shop.home / "backups" / "fixit-20261123-090000.db") in out


def test_restore_asks_keeps_a_copy_and_replaces(shop, tmp_path):
    shop.log("Dana", "Before")
    backup = tmp_path / "monday.db"
    shop.ok("backup", str(backup))
    shop.log("Lee", "After the backup")
    before = shop.dump()
    assert shop.run("restore", str(backup), input="y\n").exit_code == 2  # no terminal to ask on: --yes
    assert shop.dump() == before
    shop.at("2026-11-23T10:00:00")
    out = shop.ok("restore", str(backup), "--yes")
    assert "Restored from" in out and "fixit-20261123-100000.db" in out
    assert [c["summary"] for c in json.loads(shop.ok("list", "--json"))] == ["Before"]
    saved = sqlite3.connect(shop.home / "backups" / "fixit-20261123-100000.db")
    assert saved.execute("SELECT count(*) FROM complaints").fetchone() == (2,)


def test_restore_refuses_what_is_not_a_fixit_backup(shop, tmp_path):
    shop.log()
    before = shop.dump()
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    assert "not a fixit backup" in shop.fails("restore", str(junk), "--yes", code=1)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)")
    assert "not a fixit backup" in shop.fails("restore", str(other), "--yes", code=1)
    assert "no backup file" in shop.fails("restore", str(tmp_path / "none.db"), "--yes")
    assert shop.dump() == before


def test_an_export_imports_back_into_a_new_file_record_for_record(cli, tmp_path):
    """fixit's own JSON export, imported into an empty database, reproduces every record."""
    cli.ok("demo", str(tmp_path / "demo.db"))
    first = tmp_path / "first.json"
    cli.ok("--db", str(tmp_path / "demo.db"), "export", "--format", "json", "--out", str(first))
    copy = tmp_path / "copy.db"
    assert "Imported the export: 8 customers, 9 complaints, 7 promises" in cli.ok(
        "--db", str(copy), "import", str(first)
    )
    again = tmp_path / "again.json"
    cli.ok("--db", str(copy), "export", "--format", "json", "--out", str(again))
    assert json.loads(again.read_text()) == json.loads(first.read_text())
    assert "Dana Reyes" in cli.ok("--db", str(copy), "find", "birthday")  # the search index came too
    assert "an empty database" in cli.fails("--db", str(copy), "import", str(first))


def test_a_spreadsheet_date_may_be_a_full_timestamp(shop, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("name,summary,date\nAna,Cold coffee,2026-11-20T09:30:00+00:00\n")
    shop.ok("import", str(rows))
    assert shop.query("SELECT logged_at FROM complaints") == [("2026-11-20T09:30:00+00:00",)]
