"""The database file: private, WAL, versioned, upgraded with a backup, never damaged by refusal."""

import json
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
import sqlite_utils

from fixit.storage.sqlite import SCHEMA_VERSION
from fixit.storage.sqlite.migrations import MIGRATIONS

FIXTURES = Path(__file__).parent / "fixtures"


def _content(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_new_database_is_private_and_in_wal_mode(shop, tmp_path, monkeypatch):
    home = tmp_path / "new" / "home"
    monkeypatch.setenv("FIXIT_HOME", str(home))
    shop.ok("due")
    db = home / "fixit.db"
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_schema_version_counts_the_migration_steps():
    assert len(MIGRATIONS.pending(sqlite_utils.Database(memory=True))) == SCHEMA_VERSION


def test_db_option_and_environment_variable(cli, tmp_path, monkeypatch):
    elsewhere = tmp_path / "elsewhere.db"
    cli.ok("--db", str(elsewhere), "log", "Ana", "One")
    assert elsewhere.exists() and not cli.db.exists()
    monkeypatch.setenv("FIXIT_DB", str(elsewhere))
    assert "Ana" in cli.ok("list")
    assert json.loads(cli.ok("paths", "--json"))["database"] == str(elsewhere)


def test_missing_folder_for_db_is_a_clear_error(cli, tmp_path):
    error = cli.fails("--db", str(tmp_path / "no" / "such" / "fixit.db"), "due", code=1)
    assert "the folder for the database does not exist" in error
    assert not (tmp_path / "no").exists()


@pytest.mark.sqlite_only
def test_database_from_a_newer_fixit_is_refused_untouched(shop):
    shop.log()
    conn = sqlite3.connect(shop.db, isolation_level=None)
    conn.execute("PRAGMA user_version = 99")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = shop.db.read_bytes()
    error = shop.fails("due", code=1)
    assert "written by a newer fixit (schema 99; this fixit reads up to" in error and "upgrade fixit" in error
    assert shop.db.read_bytes() == before


@pytest.mark.sqlite_only
def test_file_that_is_not_sqlite_is_refused_untouched(shop):
    shop.db.write_bytes(b"these are my tax notes, not a database\n" * 100)
    before = shop.db.read_bytes()
    assert "not a readable fixit database" in shop.fails("due", code=1)
    assert shop.db.read_bytes() == before


@pytest.mark.sqlite_only
def test_someone_elses_sqlite_file_is_refused_untouched(shop):
    conn = sqlite3.connect(shop.db)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = shop.db.read_bytes()
    assert "fixit did not create" in shop.fails("log", "Ana", "One", code=1)
    assert shop.db.read_bytes() == before


@pytest.mark.sqlite_only
def test_truncated_database_is_a_clear_error(shop):
    shop.log()
    conn = sqlite3.connect(shop.db, isolation_level=None)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = shop.db.read_bytes()
    shop.db.write_bytes(data[: len(data) // 3])
    assert shop.fails("list", code=1).startswith("fixit: error: the file is not a readable fixit database")


@pytest.mark.sqlite_only
def test_schema1_database_is_upgraded_with_a_backup_and_every_record_intact(shop):
    shutil.copy(FIXTURES / "schema1.db", shop.db)
    original = _content(shop.db)
    listed = json.loads(shop.ok("list", "--json"))
    assert [c["summary"] for c in listed] == ["Café order {{ wrong }}", "Cake was dry", "Charged twice for the cake"]
    backups = list(shop.home.glob("fixit.db.schema1-*.bak"))
    assert len(backups) == 1 and _content(backups[0]) == original
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    assert shop.query("PRAGMA user_version") == [(SCHEMA_VERSION,)]
    shown = json.loads(shop.ok("show", "1", "--json"))
    assert shown["complaint"]["fix"] == "Refunded; second check at the till"
    assert shown["promises"][0]["what"] == "Refund the second charge"
    assert shop.query("SELECT value FROM settings WHERE key = 'business_name'") == [("Rosa's Bakery",)]
    assert shop.query("SELECT count(*) FROM amends WHERE code IS NOT NULL") == [(1,)]
    shop.ok("due")
    assert len(list(shop.home.glob("*.bak"))) == 1  # no second backup once up to date


def test_every_write_is_one_transaction(shop):
    """A failure half-way (the second complaint of a shared name) leaves no customer behind."""
    shop.log("Sam", "One", "--phone", "555-1111")
    shop.log("Sam", "Two", "--phone", "555-2222")
    before = shop.dump()
    shop.fails("log", "Sam", "Three", "--email", "sam@example.com")
    assert shop.dump() == before
