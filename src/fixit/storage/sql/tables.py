"""What the stores make from the tables declared on the records (``fixit.model.column``): the schema
step that adds a new column, the same on SQLite and PostgreSQL, and the columns written as a complaint
is logged or corrected.

A shipped step is never changed: a column declared with ``added="NAME"`` gets a step of its own,
generated here and placed by each store after its hand-written steps (SQLite's migrations named
"0NN_NAME", PostgreSQL's STEPS likewise), in the order the columns are declared. Columns sharing a
step name share the step. A searched column gets a partial index, so `find` and `show --ref` read one
row, not the table.

A shipped step never moves either (PostgreSQL counts the steps a database has had): declare a new
column after the others, never between them, and should a hand-written step ever be needed after a
generated one, give the generated steps shipped so far their places in the store's list first.
tests/test_complaint_columns.py pins where each generated step is.
"""

from __future__ import annotations

from functools import cache

from fixit.model import Column, Complaint, columns_of

TABLES: dict[str, type] = {"complaints": Complaint}


def declared(table: str) -> tuple[Column, ...]:
    return columns_of(TABLES[table])


def added_steps() -> list[tuple[str, list[str]]]:
    """(name, statements) for each step that adds declared columns, in declaration order."""
    steps: dict[str, list[str]] = {}
    for table in TABLES:
        for each in declared(table):
            if each.added is None:
                continue
            statements = steps.setdefault(each.added, [])
            statements.append(f"ALTER TABLE {table} ADD COLUMN {each.name} {each.sql}")
            if each.searched:
                statements.append(
                    f"CREATE INDEX {table}_{each.name} ON {table}({each.name}) WHERE {each.name} IS NOT NULL"
                )
    return list(steps.items())


def numbered(steps: list[tuple[str, list[str]]], first: int) -> list[tuple[str, list[str]]]:
    """The generated steps named as the hand-written ones are: 012_complaint_ref after 011."""
    return [(f"{number:03d}_{name}", statements) for number, (name, statements) in enumerate(steps, start=first)]


@cache
def searched(table: str = "complaints") -> tuple[str, ...]:
    """The columns `find` matches whole and `show --NAME` looks a complaint up by."""
    return tuple(each.name for each in declared(table) if each.searched)


@cache
def given(table: str = "complaints") -> tuple[str, ...]:
    """The columns a new complaint brings by name (``NewComplaint`` fields), written as it is logged."""
    return tuple(each.name for each in declared(table) if each.given)


@cache
def edited(table: str = "complaints") -> tuple[str, ...]:
    """The columns `fixit edit` writes with the other corrections."""
    return tuple(each.name for each in declared(table) if each.edited)


@cache
def _checks(table: str) -> dict[str, str]:
    return {each.name: each.check for each in declared(table)}


def stored(table: str, name: str, value: object) -> object:
    """A declared column's value in its stored form where the kind of check says more than the
    Python type does (a careful apology is 'yes' / 'no')."""
    if _checks(table)[name] == "careful":
        return None if value is None else "yes" if value else "no"
    return value
