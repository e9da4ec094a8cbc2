"""Each table is declared once, beside its record module (fixit.storage.sql.declared): the schema a
real SQLite store and a real PostgreSQL store have after every step must be that declaration, on
both: the same tables, columns (type family, NOT NULL, default, key, reference, unique) and indexes
(names, columns, the condition of a partial one). The shipped steps stay hand-written on each store
(never edited); this is the check that keeps the pair from drifting. A declaration missing a column
or with an index renamed must fail the comparison, so the check is seen to bite."""

from __future__ import annotations

import dataclasses
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from fixit.storage.sql.declared import Col, Index, Table, differences
from fixit.storage.sql.records import declared_schema


def sqlite_schema(path) -> dict[str, Table]:
    """The schema of an SQLite file, read with PRAGMAs, in the declaration's terms."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, Table] = {}
        names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for name in names:
            references = {row[3]: f"{row[2]}({row[4]})" for row in conn.execute(f"PRAGMA foreign_key_list('{name}')")}
            unique: set[str] = set()
            indexes = []
            for _, index, is_unique, origin, partial in conn.execute(f"PRAGMA index_list('{name}')"):
                columns = tuple(row[2] or "(expression)" for row in conn.execute(f"PRAGMA index_info('{index}')"))
                if origin == "u" and is_unique and len(columns) == 1:
                    unique.add(columns[0])
                if origin != "c":
                    continue  # made by a key or UNIQUE, not by a step
                where = None
                if partial:
                    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
                    where = re.split(r"\bWHERE\b", sql, maxsplit=1, flags=re.IGNORECASE)[1]
                indexes.append(Index(index, columns, where))
            columns = tuple(
                Col(
                    name=column,
                    family=kind.lower(),
                    # a key column is NOT NULL: SQLite's INTEGER PRIMARY KEY is the rowid (never NULL), and
                    # fixit never writes a NULL setting key, though SQLite's TEXT PRIMARY KEY would take one
                    not_null=bool(not_null) or bool(key),
                    default=default,
                    key=bool(key),
                    references=references.get(column),
                    unique=column in unique,
                )
                for _, column, kind, not_null, default, key in conn.execute(f"PRAGMA table_info('{name}')")
            )
            found[name] = Table(name, columns, tuple(indexes))
        return found
    finally:
        conn.close()


def postgres_schema(url: str) -> dict[str, Table]:
    """The schema of a PostgreSQL database, read from information_schema and the catalogue."""
    import psycopg

    families = {"bigint": "integer", "integer": "integer", "smallint": "integer", "text": "text"}
    with psycopg.connect(url, autocommit=True) as conn:
        constraints: dict[tuple[str, str], set[str]] = {}
        for table, kind, column, count in conn.execute(
            "SELECT tc.table_name, tc.constraint_type, k.column_name,"
            " count(*) OVER (PARTITION BY tc.constraint_name) FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name"
            " AND k.table_schema = tc.table_schema"
            " WHERE tc.table_schema = current_schema() AND tc.constraint_type IN ('PRIMARY KEY', 'UNIQUE')"
        ):
            if kind == "PRIMARY KEY" or count == 1:
                constraints.setdefault((table, column), set()).add(kind)
        references = {
            (table, column): f"{target}({to})"
            for table, column, target, to in conn.execute(
                "SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text, f.attname"
                " FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]"
                " JOIN pg_attribute f ON f.attrelid = c.confrelid AND f.attnum = c.confkey[1]"
                " WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace"
            )
        }
        columns: dict[str, list[Col]] = {}
        for table, column, kind, nullable, default in conn.execute(
            "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.column_default"
            " FROM information_schema.columns c JOIN information_schema.tables t ON t.table_name = c.table_name"
            " AND t.table_schema = c.table_schema"
            " WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY c.ordinal_position"
        ):
            kinds = constraints.get((table, column), set())
            columns.setdefault(table, []).append(
                Col(
                    name=column,
                    family=families.get(kind, kind),
                    not_null=nullable == "NO",
                    default=re.sub(r"::[\w ]+$", "", default) if default is not None else None,
                    key="PRIMARY KEY" in kinds,
                    references=references.get((table, column)),
                    unique="UNIQUE" in kinds,
                )
            )
        indexes: dict[str, list[Index]] = {}
        for index, table, where, names in conn.execute(
            "SELECT ic.relname, t.relname, pg_get_expr(i.indpred, i.indrelid),"
            " (SELECT array_agg(coalesce(a.attname, '(expression)') ORDER BY k.n)"
            "  FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)"
            "  LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)"
            " FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid"
            " WHERE t.relnamespace = current_schema()::regnamespace"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
        ):
            indexes.setdefault(table, []).append(Index(index, tuple(names), where))
    return {name: Table(name, tuple(found), tuple(indexes.get(name, ()))) for name, found in columns.items()}


def schema_of(shop) -> dict[str, Table]:
    shop.ok("due")  # the store opened, so every step has run
    return postgres_schema(shop.url) if shop.on_postgres else sqlite_schema(shop.db)


def test_both_stores_have_the_declared_schema(shop):
    store = "postgres" if shop.on_postgres else "sqlite"
    assert differences(declared_schema(), schema_of(shop), store) == []


@pytest.mark.sqlite_only
def test_a_file_upgraded_from_the_first_schema_has_the_declared_schema(shop):
    """The steps run one after another on an old file give the same schema as on a new one."""
    shutil.copy(Path(__file__).parent / "fixtures" / "schema1.db", shop.db)
    assert differences(declared_schema(), schema_of(shop), "sqlite") == []


def test_a_declaration_that_drifts_from_the_stores_fails_the_check(shop):
    """Mutations of the declaration: each must be reported, on each store."""
    store = "postgres" if shop.on_postgres else "sqlite"
    found = schema_of(shop)
    declared = declared_schema()

    def changed(table: str, **fields: object) -> dict[str, Table]:
        return {**declared, table: dataclasses.replace(declared[table], **fields)}

    promises = declared["promises"]
    events = declared["events"]
    letters = declared["letters"]
    mutations = {
        "a column removed": changed("promises", columns=tuple(c for c in promises.columns if c.name != "tell")),
        "an index renamed": changed(
            "events",
            indexes=tuple(
                dataclasses.replace(i, name=i.name + "_x") if i.name == "events_till" else i for i in events.indexes
            ),
        ),
        "an index on other columns": changed(
            "events",
            indexes=tuple(
                dataclasses.replace(i, columns=("till",)) if i.name == "events_till" else i for i in events.indexes
            ),
        ),
        "a partial index made whole": changed(
            "events",
            indexes=tuple(
                dataclasses.replace(i, where=None) if i.name == "events_batch" else i for i in events.indexes
            ),
        ),
        "a column made optional": changed(
            "letters",
            columns=tuple(dataclasses.replace(c, not_null=False) if c.name == "body" else c for c in letters.columns),
        ),
        "another default": changed(
            "letters",
            columns=tuple(dataclasses.replace(c, default="'email'") if c.name == "via" else c for c in letters.columns),
        ),
        "a reference dropped": changed(
            "letters",
            columns=tuple(
                dataclasses.replace(c, references=None) if c.name == "change_id" else c for c in letters.columns
            ),
        ),
        "a table left out": {name: table for name, table in declared.items() if name != "tags"},
    }
    for what, mutated in mutations.items():
        assert differences(mutated, found, store), f"{what} was not caught on {store}"
    extra = {**found, "stray": Table("stray", (Col("id", "integer"),))}
    assert differences(declared, extra, store) == [f"{store}: table stray is not declared"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ("id INTEGER PRIMARY KEY", Col("id", "integer", not_null=True, key=True)),
        ("severity TEXT NOT NULL DEFAULT 'normal'", Col("severity", "text", not_null=True, default="'normal'")),
        (
            "customer_id INTEGER NOT NULL REFERENCES customers(id)",
            Col("customer_id", "integer", not_null=True, references="customers(id)"),
        ),
        ("code TEXT UNIQUE", Col("code", "text", unique=True)),
    ],
)
def test_a_column_is_declared_as_its_ddl_reads(spec, expected):
    from fixit.storage.sql.declared import col

    assert col(spec) == expected
