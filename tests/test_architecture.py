"""The layers, read from the tree: commands -> domain -> the Store protocol; storage and letters
beside; no import cycles. And every morning-agenda section runs on one of its partial indexes."""

import ast
import sqlite3
from pathlib import Path

import pytest

from fixit.rules import Section
from fixit.storage.sql.screens import section_sql

SRC = Path(__file__).parent.parent / "src"


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, at the top or inside a function (``from x import y`` counts as x)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


MODULES = {".".join(p.relative_to(SRC).with_suffix("").parts).removesuffix(".__init__"): p
           for p in SRC.rglob("*.py")}


def in_layer(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


FORBIDDEN = {
    # a layer: what it must never import
    "fixit.domain": ["fixit.commands", "fixit.cli", "fixit.cli_group", "fixit.output", "fixit.storage.sqlite",
                     "typer", "rich", "sqlite3", "sqlite_utils"],
    "fixit.storage": ["fixit.domain", "fixit.commands", "fixit.letters", "fixit.cli", "typer", "rich"],
    "fixit.letters": ["fixit.commands", "fixit.cli", "fixit.storage.sqlite", "typer", "sqlite3"],
    "fixit.model": ["fixit.domain", "fixit.storage", "fixit.commands", "fixit.letters"],
    "fixit.summaries": ["fixit.domain", "fixit.storage", "fixit.commands", "fixit.letters"],
    "fixit.delivery": ["fixit.domain", "fixit.storage", "fixit.commands", "fixit.letters", "typer", "rich"],
    "fixit.rules": ["fixit.domain", "fixit.storage", "fixit.commands", "fixit.letters"],
}


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layers_import_only_downwards(layer):
    wrong = [(module, imported) for module, path in MODULES.items() if in_layer(module, layer)
             for imported in imports_of(path) if any(in_layer(imported, bad) for bad in FORBIDDEN[layer])]
    assert not wrong


def test_sql_lives_only_in_storage():
    outside = [m for m, p in MODULES.items() if not in_layer(m, "fixit.storage")
               and any(word in p.read_text(encoding="utf-8") for word in ("SELECT ", "INSERT INTO", "UPDATE "))]
    assert not outside


def test_no_import_cycles():
    graph = {m: {i for i in imports_of(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    # `from fixit.domain import amends` names the package; count it as the module it brings in
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module in MODULES:
                graph[module] |= {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in MODULES}
    for package in [m for m in MODULES if MODULES[m].name == "__init__.py"]:
        graph[package] = set()  # a package's __init__ re-exports; its members are the nodes that matter
    visiting, done, cycles = [], set(), []

    def visit(module):
        if module in done:
            return
        if module in visiting:
            cycles.append([*visiting[visiting.index(module):], module])
            return
        visiting.append(module)
        for target in sorted(graph[module]):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    assert not cycles


INDEX_OF = {
    Section.emergency: "complaints_open_emergencies", Section.apology: "complaints_unapologized",
    Section.overdue: "promises_open_due", Section.due_today: "promises_open_due",
    Section.follow_up: "complaints_followups", Section.check_in: "amends_checkins",
    Section.stalled: "complaints_open", Section.coupon: "amends_live_coupons",
}


@pytest.mark.parametrize("section", list(Section), ids=str)
def test_every_agenda_section_reads_its_partial_index(shop, section):
    """The rule's conditions, compiled, imply the index's WHERE: the morning query reads only the open
    part of a table, however long the shop's history (bench/ measures it at a million complaints)."""
    shop.ok("due")  # a migrated database
    source, where, order = section_sql(section)
    params = {"day": "2026-11-23", "stalled_before": "2026-11-20T09:00:00+00:00", "coupons_until": "2026-11-30",
              "at": "09:00"}
    if shop.on_postgres:
        plan_on_postgres(shop.url, section, source, where, order, params)
        return
    conn = sqlite3.connect(shop.db)
    try:
        plan = [row[-1] for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT * FROM {source} WHERE {where} ORDER BY {order} LIMIT 25", params)]
        counting = [row[-1] for row in conn.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM {source} WHERE {where}", params)]
    finally:
        conn.close()
    alias = source.split()[1]
    assert f"USING INDEX {INDEX_OF[section]}" in plan[0] and plan[0].split()[1] == alias, plan
    assert all("USING" in step for step in plan + counting if step.startswith(("SCAN", "SEARCH"))), plan + counting


def postgres_plan(url, sql, params):
    """PostgreSQL's plan for ``sql`` with sequential scans priced out: an index it can use is one it
    names (it reads a partial index only when the WHERE implies the index's own)."""
    import psycopg

    from fixit.storage.postgres.connection import translate

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET enable_seqscan = off")
        return "\n".join(row[0] for row in conn.execute(translate(f"EXPLAIN {sql}"), params))


def plan_on_postgres(url, section, source, where, order, params):
    plan = postgres_plan(url, f"SELECT * FROM {source} WHERE {where} ORDER BY {order} LIMIT 25", params)
    assert f" on {INDEX_OF[section]}" in plan or f" using {INDEX_OF[section]}" in plan, plan


def test_a_kept_complaint_is_looked_up_by_the_moment_it_was_logged_not_by_scanning_events(shop):
    """Sending a kept complaint first asks whether it already arrived: through the index on the moment
    logged, then that complaint's own events, whatever the size of the shop's history."""
    from fixit.storage.sql.records import EVENT_OF_COMPLAINT_LOGGED_SQL

    shop.ok("due")
    params = ("2026-11-23T09:00:00+00:00", "kept", "%(ref abc)%")
    if shop.on_postgres:
        plan = postgres_plan(shop.url, EVENT_OF_COMPLAINT_LOGGED_SQL, params)
        assert "complaints_logged" in plan and "events_complaint" in plan, plan
        return
    conn = sqlite3.connect(shop.db)
    try:
        plan = [row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {EVENT_OF_COMPLAINT_LOGGED_SQL}", params)]
    finally:
        conn.close()
    assert any("INDEX complaints_logged" in step for step in plan), plan
    assert all("USING" in step for step in plan if step.startswith(("SCAN", "SEARCH"))), plan


def test_the_domain_names_no_command_and_no_flag():
    """Commands and flags are the CLI's words: the domain says what went wrong, commands/hints.py
    and the command modules say what to type. (Docstrings may name them: they are for developers.)"""
    import re

    from fixit.cli import COMMAND_MODULES, GROUP_MODULES

    command = re.compile(r"`fixit (%s)\b|\bfixit (%s) " % (("|".join(map(re.escape, [*COMMAND_MODULES, *GROUP_MODULES])),) * 2))
    flag = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
    found = []
    for module, path in MODULES.items():
        if not in_layer(module, "fixit.domain"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                      and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
        found += [(module, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                  and (command.search(node.value) or flag.search(node.value))]
    assert not found
