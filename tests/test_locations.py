"""Several tills and locations on one record: each machine knows its location and who logs there
(`fixit till`, or FIXIT_LOCATION / FIXIT_STAFF), each complaint records both, `due` lists this
location's work and every emergency, `report` breaks the figures down by location and staff."""

from __future__ import annotations

import json
import stat


def test_a_till_is_set_on_this_machine_and_kept_private(cli):
    assert "Location: (none" in cli.ok("till")
    out = cli.ok("till", "--location", "Mill Lane", "--staff", "Sam")
    assert "Location: Mill Lane" in out and "Staff: Sam" in out
    path = cli.home / "till.json"
    assert json.loads(path.read_text()) == {"location": "Mill Lane", "staff": "Sam"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(cli.ok("till", "--staff", "", "--json")) == {
        "location": "Mill Lane",
        "staff": None,
        "file": str(path),
    }
    assert json.loads(cli.ok("paths", "--json"))["till"] == str(path)
    assert not cli.db.exists() or "till" not in cli.dump()  # never in the shared database


def test_the_environment_overrides_the_file(shop, monkeypatch):
    shop.ok("till", "--location", "Mill Lane")
    monkeypatch.setenv("FIXIT_LOCATION", "High St")
    monkeypatch.setenv("FIXIT_STAFF", "Ines")
    logged = json.loads(shop.ok("log", "Ann", "Late cake", "--json"))
    assert (logged["location"], logged["staff"]) == ("High St", "Ines")
    logged = json.loads(shop.ok("log", "Ben", "Cold soup", "--by-staff", "Tom", "--json"))
    assert logged["staff"] == "Tom"  # --by-staff wins over the till's


def test_a_broken_till_file_is_one_clear_line(cli):
    (cli.home / "till.json").write_text("{not json")
    line = cli.fails("log", "Ann", "Late cake", code=1)
    assert "cannot read" in line and "till.json" in line


def test_due_lists_this_locations_work_and_every_emergency(shop, monkeypatch):
    monkeypatch.setenv("FIXIT_LOCATION", "Mill Lane")
    mill = shop.log("Ann Olsen", "Late cake", "--phone", "555-0101")
    monkeypatch.setenv("FIXIT_LOCATION", "High St")
    high = shop.log("Ben Kim", "Cold soup", "--promise", "Call back", "--by", "today")
    again = shop.log("Ann Olsen", "Dry bread", "--phone", "555-0101")  # her second complaint, at the other shop
    monkeypatch.setenv("FIXIT_LOCATION", "")
    nowhere = shop.log("Cy Li", "Wrong change")
    monkeypatch.setenv("FIXIT_LOCATION", "Mill Lane")
    out = shop.ok("due")
    assert "at Mill Lane (and emergencies everywhere; --everywhere for all)" in out
    assert f"#{again} Ann Olsen" in out  # an emergency shows at every till
    assert f"fixit apologize {mill}" in out and f"fixit apologize {nowhere}" in out
    assert f"fixit apologize {high}" not in out and "P1" not in out
    everywhere = shop.ok("due", "--everywhere")
    assert f"fixit apologize {high}" in everywhere and "P1" in everywhere and "at Mill Lane" not in everywhere
    items = json.loads(shop.ok("due", "--json"))
    assert items["location"] == "Mill Lane"
    assert {i["complaint"] for i in items["items"]} == {mill, again, nowhere}
    assert {i["location"] for i in items["items"]} == {"Mill Lane", "High St", None}


def test_a_shop_with_one_location_sees_everything_as_before(shop):
    a = shop.log("Ann", "Late cake")
    b = shop.log("Ben", "Cold soup")
    out = shop.ok("due")
    assert f"fixit apologize {a}" in out and f"fixit apologize {b}" in out and " at " not in out.splitlines()[0]
    assert "By location" not in shop.ok("report")


def test_report_breaks_figures_down_by_location_and_staff(shop, monkeypatch):
    monkeypatch.setenv("FIXIT_LOCATION", "Mill Lane")
    monkeypatch.setenv("FIXIT_STAFF", "Sam")
    a = shop.log("Ann", "Late cake", "--apologized")
    shop.ok("judge", str(a), "--justified")
    shop.log("Ben", "Cold soup")
    monkeypatch.setenv("FIXIT_LOCATION", "High St")
    monkeypatch.setenv("FIXIT_STAFF", "Ines")
    c = shop.log("Cy", "Wrong change", "--apologized")
    shop.ok("close", str(c), "--outcome", "won-back")
    report = json.loads(shop.ok("report", "--json"))
    assert report["by_location"] == [
        {"name": "Mill Lane", "complaints": 2, "justified": 1, "apologized_within_a_day": 1, "still_open": 2},
        {"name": "High St", "complaints": 1, "justified": 0, "apologized_within_a_day": 1, "still_open": 0},
    ]
    assert [(g["name"], g["complaints"]) for g in report["by_staff"]] == [("Sam", 2), ("Ines", 1)]
    text = shop.ok("report")
    assert "By location" in text and "By staff" in text
    assert "Mill Lane" in text and "50%" in text


def test_show_and_import_carry_the_location(shop, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text("name,summary,location,staff\nAnn,Late cake,Mill Lane,Sam\n", encoding="utf-8")
    shop.ok("import", str(rows))
    assert shop.query("SELECT location, staff FROM complaints") == [("Mill Lane", "Sam")]
    assert "Staff: Sam · Location: Mill Lane" in shop.ok("show", "1")
