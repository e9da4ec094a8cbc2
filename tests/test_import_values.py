"""Every imported value passes the same checks as at the counter, all or nothing (issue 20): a JSON
export edited by hand, a spreadsheet cell and `fixit log` accept and refuse alike, and whatever an
import lets in, `list`, `show`, `letter`, `find`, `due` and `report` can read afterwards."""

import csv
import io
import itertools
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st


def _export(shop, tmp_path):
    """A small shop's JSON export, with a customer, a complaint, a promise, an amend, a letter, a tag."""
    source = str(tmp_path / "source.db")
    shop.ok("--db", source, "config", "set", "business_name", "Rosa's Bakery")
    shop.ok(
        "--db",
        source,
        "log",
        "Dana Reyes",
        "Charged twice",
        "--phone",
        "555-0142",
        "--email",
        "dana@example.com",
        "--promise",
        "Refund",
        "--by",
        "friday",
        "--tag",
        "till",
        "--about",
        "your card payment",
        "--happened",
        "yesterday",
    )
    shop.ok("--db", source, "amend", "1", "coupon", "--value", "10", "--now")
    shop.ok("--db", source, "letter", "1", "--record")
    return json.loads(shop.ok("--db", source, "export", "--format", "json"))


BAD = [
    ("complaints", "logged_at", "garbage"),
    ("complaints", "logged_at", "2031-01-01T10:00:00+00:00"),  # in the future, as a spreadsheet's date is refused
    ("letters", "sent_at", "2031-01-01T10:00:00+00:00"),
    ("complaints", "happened_on", "2026-02-30"),
    ("complaints", "summary", "Charged \x1b[2Jtwice"),
    ("customers", "name", "x" * 2_000_000),  # the class of the 200 MB name, in a size a test can carry
    ("customers", "id", 2**70),
    ("complaints", "customer_id", 2**70),
    ("complaints", "channel", "fax"),
    ("complaints", "emergency", "yes"),
    ("promises", "due_time", "25:00"),
    ("promises", "due", None),
    ("amends", "value_cents", -500),
    ("customers", "phone", "--5550142"),
    ("customers", "email", "a@b.c, evil@x.org"),
    ("events", "detail", "\x00"),
    ("letters", "kind", "ransom"),
    ("tags", "tag", "Two words"),
    ("settings", "value", "abc"),  # smtp_port
]


@pytest.mark.parametrize(("table", "field", "value"), BAD, ids=[f"{t}.{f}.{str(v)[:4]}" for t, f, v in BAD])
def test_a_json_import_refuses_a_bad_value_naming_the_record_and_field(shop, tmp_path, table, field, value):
    data = _export(shop, tmp_path)
    if table == "settings":
        data["settings"].append({"key": "smtp_port", "value": value})
    else:
        data[table][0][field] = value
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    shop.ok("due")  # the database exists, empty
    before = shop.dump()
    line = shop.fails("import", str(path))
    if value == 2**70:  # a number no field can hold is refused as the file is read, before any record
        assert line.startswith("fixit: error: not an export of fixit's: a number of 22 digits")
    else:
        assert line.startswith(f"fixit: error: nothing imported: {table} record ")
        assert (f", {field}: " if table != "settings" else ", smtp_port: ") in line
    assert len(line) < 400
    assert shop.dump() == before


def test_a_json_import_refuses_records_that_refer_to_nothing_or_come_twice(shop, tmp_path):
    data = _export(shop, tmp_path)
    data["promises"][0]["complaint_id"] = 99
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    assert "promises record 1, complaint_id: no record 99 in complaints" in shop.fails("import", str(path))
    data["promises"][0]["complaint_id"] = 1
    data["customers"].append(dict(data["customers"][0]))
    path.write_text(json.dumps(data))
    assert "customers record 2, id: 1 is there twice" in shop.fails("import", str(path))
    assert shop.query("SELECT count(*) FROM customers") == [(0,)]


def test_a_json_nested_too_deep_or_not_json_is_one_line(shop, tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000)
    assert "nested too deep" in shop.fails("import", str(path))
    path.write_text(
        '{"customers": [{"id": 1, "name": "\\ud800", "name_key": "x", "created_at": "2026-11-20T09:00:00+00:00"}]}'
    )
    assert "customers record 1 (id 1), name:" in shop.fails("import", str(path))


def test_an_export_keeps_its_keys_made_by_the_rules_not_as_written(shop, tmp_path):
    data = _export(shop, tmp_path)
    data["customers"][0]["name_key"] = "someone else"
    data["customers"][0]["phone_key"] = "999"
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(data))
    shop.ok("import", str(path))
    assert shop.query("SELECT name_key, phone_key FROM customers") == [("dana reyes", "5550142")]
    assert "matched by phone" in shop.ok("log", "D. Reyes", "Again", "--phone", "555 0142")


def _empty_shop(shop, folder: Path) -> Path:
    """A new shop's database, to be copied for each case: making the schema afresh, step by step,
    took most of a case's time."""
    empty = folder / "empty.db"
    shop.ok("--db", str(empty), "due")
    assert not empty.with_name("empty.db-wal").exists()  # the whole database is in the one file
    return empty


READERS = [("list",), ("show", "1"), ("letter", "1"), ("find", "charged"), ("due",), ("report",), ("customer", "1")]


@pytest.mark.sqlite_only  # a sweep of every field: the PostgreSQL store is covered by the cases above
def test_whatever_an_import_lets_in_every_reader_can_read(shop, tmp_path):
    """Every field of every record, replaced by odd values in turn: refused with one line, or
    imported and then read without an internal error by every command that shows records."""
    data = _export(shop, tmp_path)
    empty = _empty_shop(shop, tmp_path)
    odd = ["garbage", 2**70, "", "\x1b[31m", 1.5]
    for table, rows in data.items():
        if not rows:
            continue
        for field, value in itertools.product(list(rows[0]), odd):
            edited = json.loads(json.dumps(data))
            edited[table][0][field] = value
            path = tmp_path / "edited.json"
            path.write_text(json.dumps(edited))
            db = str(shutil.copy(empty, tmp_path / f"{table}-{field}-{odd.index(value)}.db"))
            result = shop.run("--db", db, "import", str(path))
            assert result.exit_code in (0, 2), (table, field, value, result.stderr)
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr
            if result.exit_code:
                assert len(result.stderr.strip().splitlines()) == 1, (table, field, value, result.stderr)
                continue
            for reader in READERS:
                read = shop.run("--db", db, *reader)
                assert read.exit_code in (0, 2), (table, field, value, reader, read.stderr)
                assert "internal error" not in read.stderr, (table, field, value, reader, read.stderr)


# the counter and the spreadsheet take the same values -----------------------------------------

_texts = st.text(st.characters(codec="utf-8", exclude_characters="\r"), min_size=0, max_size=12) | st.sampled_from(
    [
        "555-0142",
        "+1 (555) 0142",
        "a@b.co",
        "a@b",
        "Mrs Olsen",
        "your cake",
        "call you back",
        "x" * 201,
        "\x1b[2J",
        "Ann\x00",
        "--5550142",
        " ",
        "Dana, Reyes",
    ]
)
FIELDS = {
    "phone": "--phone",
    "email": "--email",
    "notes": "--notes",
    "staff": "--by-staff",
    "about": "--about",
    "greet": "--greet",
}


@pytest.fixture
def empty_shop(shop, tmp_path) -> Path:
    return _empty_shop(shop, tmp_path)


@pytest.mark.sqlite_only
@hypothesis_settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_texts, summary=_texts, field=st.sampled_from(sorted(FIELDS)), value=_texts)
def test_log_and_the_spreadsheet_accept_and_refuse_alike(
    shop, tmp_path_factory, empty_shop, name, summary, field, value
):
    """(The shop is only the environment: each example writes two new files of its own.)"""
    folder = tmp_path_factory.mktemp("alike")
    for copy in ("counter.db", "sheet.db"):
        shutil.copy(empty_shop, folder / copy)
    optional = [FIELDS[field], value] if value.strip() else []  # a blank cell is no value; at the counter, no flag
    counter = shop.run("--db", str(folder / "counter.db"), "log", *optional, "--", name, summary)
    sheet = io.StringIO()
    csv.writer(sheet).writerows([["name", "summary", field], [name, summary, value]])
    (folder / "in.csv").write_text(sheet.getvalue(), encoding="utf-8")
    imported = shop.run("--db", str(folder / "sheet.db"), "import", str(folder / "in.csv"))
    if not name.strip() and not summary.strip() and not value.strip():
        return  # an empty row is skipped by an import (nothing to log), and is no complaint at the counter
    assert "Traceback" not in counter.stderr + imported.stderr
    assert (counter.exit_code == 0) == (imported.exit_code == 0), (counter.stderr, imported.stderr)
    if counter.exit_code:
        assert counter.exit_code == imported.exit_code == 2
