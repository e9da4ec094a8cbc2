"""Stored forms, both ways: a Python value as it is stored (``to_sql``), and back (``moment``, ``day``,
``word``), and ``build``, with which each record module (``customers``, ``complaints`` ...) makes
its ``fixit.model`` dataclass from a row.

Stored forms: timestamps as UTC ISO 8601 text (they sort as text), days as ISO dates,
times of day as HH:MM, vocabulary words as their text, booleans as 0/1.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import date, datetime, time
from enum import Enum
from typing import Any, TypeVar

from fixit import clock
from fixit.storage.sql.dialect import Connection

ID_CHUNK = 500  # ids bound per statement when reading records by id: never near a driver's limit
Record = TypeVar("Record")
W = TypeVar("W", bound=Enum)


_AS_IS = (str, int, float, type(None))


def to_sql(value: object) -> object:
    """A Python value in its stored form."""
    if type(value) in _AS_IS:  # most values, on the import's hot path: no isinstance chain
        return value
    if isinstance(value, datetime):
        return clock.to_stored(value)
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


def moment(text: str | None) -> datetime | None:
    return clock.from_stored(text) if text else None


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


_WORDS: dict[type, dict[str | None, Any]] = {}


def words(kind: type[W]) -> dict[str | None, W | None]:
    """Stored text -> vocabulary member (None -> None), built once per vocabulary: calling the enum
    for every row of a report costs more than the query."""
    table = _WORDS.get(kind)
    if table is None:
        table = _WORDS[kind] = {None: None}
        table.update(required_words(kind).items())
    return table


def word(kind: type[W], text: str | None) -> W | None:
    return words(kind)[text]


_REQUIRED: dict[type, dict[str, Any]] = {}


def required_words(kind: type[W]) -> dict[str, W]:
    """As ``words``, for a column the schema makes NOT NULL."""
    table = _REQUIRED.get(kind)
    if table is None:
        table = _REQUIRED[kind] = {member.value: member for member in kind}
    return table


def rows_by_id(conn: Connection, select: str, ids: Iterable[int]) -> list[Any]:
    """``select`` ending in "IN", for every id, a chunk at a time."""
    wanted = sorted(set(ids))
    found: list[Any] = []
    for start in range(0, len(wanted), ID_CHUNK):
        chunk = wanted[start : start + ID_CHUNK]
        found += conn.execute(f"{select} ({','.join('?' * len(chunk))})", chunk).fetchall()
    return found


_FIELDS: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELDS:
        _FIELDS[cls] = tuple(f.name for f in fields(cls))
    return _FIELDS[cls]


def build(cls: type[Record], row: Any, **converted: Any) -> Record:
    """``cls`` from the row's columns of the same names, with ``converted`` values in place of raw ones."""
    data = dict(zip(row.keys(), row, strict=True))
    values = {name: data[name] for name in _field_names(cls) if name in data}
    values.update(converted)
    return cls(**values)
