"""The receipt number: the complaint's column declared once (fixit.model.Complaint.ref), logged, shown,
edited, found, imported and exported on both stores."""

import csv
import json


def test_log_show_and_edit_a_receipt_number(shop):
    number = shop.log("Dana Reyes", "Cake arrived late", "--ref", "10482")
    assert "Receipt: 10482" in shop.ok("show", str(number))
    assert json.loads(shop.ok("show", str(number), "--json"))["complaint"]["ref"] == "10482"
    assert shop.ok("show", "--ref", " 10482 ").startswith(f"#{number} Cake arrived late")

    shop.ok("edit", str(number), "--ref", "A-2231")
    shown = shop.ok("show", "--ref", "A-2231")
    assert "Receipt: A-2231" in shown and "Corrected ref: A-2231 (was: 10482)" in shown
    shop.ok("edit", str(number), "--ref", "")
    assert "Receipt:" not in shop.ok("show", str(number))
    assert shop.query("SELECT ref FROM complaints") == [(None,)]


def test_show_by_a_receipt_number_no_one_has_or_several_have_is_one_line(shop):
    first = shop.log("Dana Reyes", "Cake arrived late", "--ref", "10482")
    assert "no complaint has the receipt number '999'" in shop.fails("show", "--ref", "999")
    second = shop.log("Sam Lee", "Cold coffee", "--ref", "10482")
    line = shop.fails("show", "--ref", "10482")
    assert f"2 complaints have the receipt number '10482' (#{first}, #{second})" in line
    assert "not both" in shop.fails("show", "1", "--ref", "10482")
    assert "--ref" in shop.fails("show")


def test_a_bad_receipt_number_changes_nothing(shop):
    shop.log("Dana Reyes", "Cake arrived late")
    before = shop.dump()
    shop.fails("log", "Sam Lee", "Cold coffee", "--ref", "1\x072")
    shop.fails("edit", "1", "--ref", "x" * 500)
    assert shop.dump() == before


def test_find_finds_the_receipt_number_first(shop):
    shop.log("Sam Lee", "Order 10482 was someone else's", "--ref", "77")
    number = shop.log("Dana Reyes", "Cake arrived late", "--ref", "10482")
    found = shop.ok("find", "10482").splitlines()
    assert found[0].startswith(f"#{number} Dana Reyes") and "10482" in found[0]
    hits = json.loads(shop.ok("find", "10482", "--json"))
    assert hits[0]["complaint"] == number and hits[0]["source"] == "ref"
    assert [hit["complaint"] for hit in hits].count(number) == 1  # not again among the words' matches
    assert len(hits) == 2  # the other complaint's summary names the number


def test_a_spreadsheet_brings_receipt_numbers_under_its_own_headers(shop, tmp_path):
    sheet = tmp_path / "old.csv"
    sheet.write_text("name,summary,Order number\nDana Reyes,Cake arrived late,10482\nSam Lee,Cold coffee,\n")
    shop.ok("import", str(sheet))
    assert shop.query("SELECT summary, ref FROM complaints ORDER BY id") == [
        ("Cake arrived late", "10482"),
        ("Cold coffee", None),
    ]
    assert "receipt" in shop.ok("import", "--help")


def test_export_and_import_keep_the_receipt_number(shop, tmp_path):
    shop.log("Dana Reyes", "Cake arrived late", "--ref", "10482")
    folder = tmp_path / "csv"
    shop.ok("export", "--out", str(folder))
    with (folder / "complaints.csv").open(encoding="utf-8") as handle:
        assert [row["ref"] for row in csv.DictReader(handle)] == ["10482"]

    target = tmp_path / "shop.json"
    shop.ok("export", "--format", "json", "--out", str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["complaints"][0]["ref"] == "10482"
    shop.empty()
    shop.ok("import", str(target))
    assert shop.ok("show", "--ref", "10482").startswith("#1 Cake arrived late")

    data["complaints"][0]["ref"] = "bad\x00ref"  # an export edited by hand is checked as `log` checks
    target.write_text(json.dumps(data), encoding="utf-8")
    shop.empty()
    assert "ref:" in shop.fails("import", str(target))
