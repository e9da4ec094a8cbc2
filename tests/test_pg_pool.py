"""The PostgreSQL databases the tests run on are renewed, not copied afresh (tests/conftest.py,
``PostgresServer``): a database a test gave back is handed out again only if it is just like the
template, and the check that a ``shop`` test opened its store still holds on it."""

from __future__ import annotations

import time

import pytest
from conftest import PostgresServer, pg_query

from fixit.storage.postgres.schema import SCHEMA_VERSION


def _oid(pg_server: PostgresServer, name: str) -> int | None:
    found = pg_query(pg_server.url("postgres"), "SELECT oid FROM pg_database WHERE datname = ?", name)
    return int(found[0][0]) if found else None


def _give_back(pg_server: PostgresServer, name: str) -> int:
    """Give database ``name`` back once this test's own connections to it are gone; its oid (kept by a
    renamed database)."""
    oid = _oid(pg_server, name)
    assert oid is not None
    while pg_server.connections(name):
        time.sleep(0.005)
    pg_server.drop(name)
    return oid


def _renewed(pg_server: PostgresServer, oid: int) -> str | None:
    """Take databases until the one of ``oid`` is handed out again (its new name) or is gone (None).
    The worker deals with what was given back before anything else, so it is one of the next few."""
    for _ in range(100):
        name = pg_server.fresh()
        if _oid(pg_server, name) == oid:
            return name
        pg_server.drop(name)
        if not pg_query(pg_server.url("postgres"), "SELECT 1 FROM pg_database WHERE oid = ?", oid):
            return None
    raise AssertionError(f"database {oid} was neither handed out again nor dropped")


def test_a_database_given_back_with_records_is_handed_out_again_empty_with_the_template_rows(pg_server):
    name = pg_server.fresh()
    url = pg_server.url(name)
    pg_query(url, "INSERT INTO customers (id, name, name_key, created_at) VALUES (1, 'Ana', 'ana', '2026-11-01')")
    pg_query(
        url,
        "INSERT INTO complaints (id, customer_id, summary, channel, logged_at)"
        " VALUES (1, 1, 'Cold soup', 'counter', '2026-11-02')",
    )
    pg_query(url, "INSERT INTO settings (key, value) VALUES ('followup_days', '9')")
    assert pg_query(url, "SELECT count(*) FROM complaint_words") == [(1,)]  # written by fixit's trigger
    oid = _give_back(pg_server, name)
    again = _renewed(pg_server, oid)
    assert again and again != name, f"a database given back clean was not renewed: {pg_server.refused}"
    url = pg_server.url(again)
    for table in ("customers", "complaints", "complaint_words", "settings"):
        assert pg_query(url, f"SELECT count(*) FROM {table}") == [(0,)], table
        # no pages left of the rows either: the planner prices a table by its pages, so a renewed
        # database must plan as the template does (a DELETE left them, and a plan test failed)
        assert pg_query(url, f"SELECT pg_relation_size('{table}')") == [(0,)], table
    assert pg_query(url, "SELECT version FROM fixit_schema") == [(SCHEMA_VERSION,)]  # the template's row stays
    assert pg_server.fingerprint(again) == pg_server.template.fingerprint
    # and each table's and index's size, and the planner's figures for it, are the template's
    assert pg_query(url, PLANNER_FIGURES) == pg_query(pg_server.url("fixit_template"), PLANNER_FIGURES)
    pg_server.drop(again)


PLANNER_FIGURES = (
    "SELECT c.relname, c.relkind, pg_relation_size(c.oid), c.relpages, c.reltuples, c.relallvisible"
    " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') ORDER BY 1"
)


BREAKS = {
    "a column added": "ALTER TABLE complaints ADD COLUMN note text",
    "a column renamed": "ALTER TABLE customers RENAME COLUMN phone TO telephone",
    "an index dropped": "DROP INDEX customers_phone",
    "a trigger disabled": "ALTER TABLE complaints DISABLE TRIGGER ALL",
    "a function replaced": "CREATE OR REPLACE FUNCTION fixit_complaint_words_emptied() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$",
    "a table of its own": "CREATE TABLE invoices (id int)",
    "a sequence of its own": "CREATE SEQUENCE invoice_numbers",
    "a template row changed": "UPDATE fixit_schema SET version = 99",
    "a database setting": "ALTER DATABASE {name} SET statement_timeout = 1234",
}


@pytest.mark.parametrize("change", BREAKS.values(), ids=BREAKS.keys())
def test_a_database_a_test_changed_is_dropped_and_the_next_ones_are_just_like_the_template(pg_server, change):
    name = pg_server.fresh()
    pg_query(pg_server.url(name), change.format(name=name))
    assert _renewed(pg_server, _give_back(pg_server, name)) is None
    for handed in [pg_server.fresh() for _ in range(2)]:
        assert pg_server.fingerprint(handed) == pg_server.template.fingerprint
        pg_server.drop(handed)


def test_a_renewed_database_nobody_opens_is_not_opened(pg_server):
    """The `shop` fixture fails a test that passes on PostgreSQL without opening its database; on a
    renewed one, whose statistics count the transactions of the test before and of its renewal."""
    name = pg_server.fresh()
    pg_query(pg_server.url(name), "INSERT INTO settings (key, value) VALUES ('followup_days', '9')")
    again = _renewed(pg_server, _give_back(pg_server, name))
    assert again, f"a database given back clean was not renewed: {pg_server.refused}"
    counted = pg_query(pg_server.url("postgres"), "SELECT xact_commit FROM pg_stat_database WHERE datname = ?", again)
    assert counted[0][0] > 0  # its counters go on from before
    assert not pg_server.opened(again)
    pg_query(pg_server.url(again), "SELECT count(*) FROM complaints")
    while pg_server.connections(again):
        time.sleep(0.005)
    assert pg_server.opened(again)
    pg_server.drop(again)


def test_a_database_a_test_analyzed_is_renewed_without_the_statistics_of_its_rows(pg_server):
    """fixit runs ANALYZE after a bulk load (of every table, the system's too): planner statistics are
    not the schema, and those of the rows a test left go with them."""
    name = pg_server.fresh()
    url = pg_server.url(name)
    pg_query(url, "INSERT INTO customers (id, name, name_key, created_at) VALUES (1, 'Ana', 'ana', '2026-11-01')")
    pg_query(url, "ANALYZE")
    assert pg_query(url, "SELECT count(*) FROM pg_stats WHERE tablename = 'customers'") != [(0,)]
    again = _renewed(pg_server, _give_back(pg_server, name))
    assert again, f"an analyzed database was not renewed: {pg_server.refused}"
    assert pg_query(pg_server.url(again), "SELECT count(*) FROM pg_stats WHERE tablename = 'customers'") == [(0,)]
    pg_server.drop(again)
