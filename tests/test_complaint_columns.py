"""The complaints table is declared once, on fixit.model.Complaint: every place a column must appear
is made from that declaration, so a new column (the receipt number) is one declaration and the
commands that show and take it, and none of these can miss it (docs/design.md, "Adding a field to
complaints")."""

import csv
import dataclasses
import io
import sqlite3

import pytest
import sqlite_utils

from fixit.domain import columns, fields
from fixit.domain.complaints import ComplaintCorrections, NewComplaint
from fixit.model import Complaint, columns_of
from fixit.storage.postgres import schema
from fixit.storage.sql import tables
from fixit.storage.sqlite.connection import SCHEMA_VERSION
from fixit.storage.sqlite.migrations import MIGRATIONS

DECLARED = columns_of(Complaint)


def _schema_of(shop) -> dict[str, bool]:
    """The complaints table's columns on the shop's store: name -> NOT NULL."""
    if shop.on_postgres:
        found = shop.query(
            "SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = 'complaints'"
        )
        return {name: nullable == "NO" for name, nullable in found}
    conn = sqlite3.connect(shop.db)
    try:
        return {row[1]: bool(row[3]) or bool(row[5]) for row in conn.execute("PRAGMA table_info(complaints)")}
    finally:
        conn.close()


def test_every_declared_column_is_in_the_store_and_every_column_is_declared(shop):
    shop.log("Dana Reyes", "Cake arrived late", "--ref", "10482")
    found = _schema_of(shop)
    assert set(found) == {column.name for column in DECLARED}
    for column in DECLARED:
        assert found[column.name] == (column.required or column.name == "id"), column.name


def test_every_declared_column_is_exported_and_checked_on_the_way_back(shop, tmp_path):
    shop.log("Dana Reyes", "Cake arrived late", "--ref", "10482")
    shop.ok("export", "--table", "complaints", "--out", str(tmp_path / "complaints.csv"))
    header = next(csv.reader(io.StringIO((tmp_path / "complaints.csv").read_text(encoding="utf-8"))))
    assert set(header) == {column.name for column in DECLARED}
    assert set(fields.ROWS["complaints"]) == set(header)
    for column in DECLARED:
        assert fields.is_required(fields.ROWS["complaints"][column.name]) == column.required


def test_columns_declared_imported_given_or_edited_have_their_places():
    new = {f.name for f in dataclasses.fields(NewComplaint)}
    corrected = {f.name for f in dataclasses.fields(ComplaintCorrections)}
    for column in DECLARED:
        if column.imported is not None:
            assert column.name in columns.COLUMNS and column.given, column.name
            assert all(columns.aliases()[columns.squeezed(alias)] == column.name for alias in column.imported)
        if column.given:
            assert column.name in new, column.name
        if column.edited:
            assert column.name in corrected, column.name
        assert column.check in fields.DECLARED_CHECKS, column.name
    assert "ref" in columns.help_text()


def test_new_complaints_and_corrections_take_named_fields_only():
    with pytest.raises(TypeError):
        NewComplaint(None, "Cake arrived late")  # type: ignore[misc, arg-type]
    with pytest.raises(TypeError):
        ComplaintCorrections("a new summary")  # type: ignore[misc]


def test_a_new_column_gets_its_step_generated_after_the_shipped_ones_on_both_stores():
    added = [column for column in DECLARED if column.added is not None]
    assert [column.name for column in added] == ["ref", "harmed"]
    sqlite_steps = [name for name, _ in tables.numbered(tables.added_steps(), 12)]
    assert sqlite_steps == ["012_complaint_ref", "013_complaint_harmed"]
    pending = [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]
    assert pending.index("012_complaint_ref") == 11 and len(pending) == SCHEMA_VERSION == 13
    # a shipped step never moves: the receipt number's is PostgreSQL's 8th, after 007_fold_quickly
    assert [name for name, _ in schema.STEPS].index("008_complaint_ref") == 7 == schema.HAND_WRITTEN
    assert schema.STEPS[-2][1] == [
        "ALTER TABLE complaints ADD COLUMN ref TEXT",
        "CREATE INDEX complaints_ref ON complaints(ref) WHERE ref IS NOT NULL",
    ]
    assert schema.STEPS[-1] == ("009_complaint_harmed", ["ALTER TABLE complaints ADD COLUMN harmed TEXT"])
    assert schema.SCHEMA_VERSION == schema.HAND_WRITTEN + 2


@pytest.mark.sqlite_only
def test_a_database_from_before_the_receipt_number_is_upgraded_to_it(shop):
    shop.log("Dana Reyes", "Cake arrived late")
    conn = sqlite3.connect(shop.db)
    conn.execute("DROP INDEX complaints_ref")
    conn.execute("ALTER TABLE complaints DROP COLUMN ref")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '012_complaint_ref'")
    conn.execute("PRAGMA user_version = 11")
    conn.commit()
    conn.close()
    shop.ok("edit", "1", "--ref", "10482")
    assert shop.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert "Receipt: 10482" in shop.ok("show", "--ref", "10482")


def test_sqlite_counts_its_hand_written_steps_once_in_each_module():
    from fixit.storage.sqlite import connection, migrations

    assert migrations.HAND_WRITTEN == connection.HAND_WRITTEN
    names = [m.name for m in MIGRATIONS.pending(sqlite_utils.Database(memory=True))]
    assert names[migrations.HAND_WRITTEN - 1] == "void_and_search"  # the last written out
