"""Rows and records: the one place database rows become ``fixit.model`` dataclasses, and back.

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
from fixit.model import (
    Amend,
    AmendKind,
    Cause,
    Channel,
    Complaint,
    Customer,
    Event,
    Letter,
    LetterKind,
    Outcome,
    Promise,
    Severity,
    Status,
    Unsent,
    Verdict,
    Via,
)
from fixit.storage.sql.dialect import Connection

ID_CHUNK = 500  # ids bound per statement when reading records by id: never near a driver's limit
# the customer's name, and what tells them apart when another customer has the same name
COMPLAINT_COLUMNS = (
    "c.*, cu.name AS customer_name, CASE WHEN EXISTS (SELECT 1 FROM customers namesake"
    " WHERE namesake.name_key = cu.name_key AND namesake.id != cu.id)"
    " THEN coalesce(cu.phone, cu.email, '') END AS namesake_contact"
)
COMPLAINT_FROM = "complaints c JOIN customers cu ON cu.id = c.customer_id"

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


def _build(cls: type[Record], row: Any, **converted: Any) -> Record:
    """``cls`` from the row's columns of the same names, with ``converted`` values in place of raw ones."""
    data = dict(zip(row.keys(), row, strict=True))
    values = {name: data[name] for name in _field_names(cls) if name in data}
    values.update(converted)
    return cls(**values)


def customer(row: Any) -> Customer:
    return _build(Customer, row)


def complaint(row: Any) -> Complaint:
    return _build(
        Complaint,
        row,
        channel=required_words(Channel)[row["channel"]],
        severity=required_words(Severity)[row["severity"]],
        status=required_words(Status)[row["status"]],
        verdict=word(Verdict, row["verdict"]),
        cause=word(Cause, row["cause"]),
        outcome=word(Outcome, row["outcome"]),
        emergency=bool(row["emergency"]),
        logged_at=clock.from_stored(row["logged_at"]),
        apologized_at=moment(row["apologized_at"]),
        fixed_at=moment(row["fixed_at"]),
        followup_due=day(row["followup_due"]),
        followup_done_at=moment(row["followup_done_at"]),
        closed_at=moment(row["closed_at"]),
        happened_on=day(row["happened_on"]),
        voided_at=moment(row["voided_at"]),
        careful={"yes": True, "no": False}.get(row["careful"]),
        channel_given=bool(row["channel_given"]),
    )


def promise(row: Any) -> Promise:
    return _build(
        Promise,
        row,
        due=date.fromisoformat(row["due"]),
        due_time=time.fromisoformat(row["due_time"]) if row["due_time"] else None,
        made_at=clock.from_stored(row["made_at"]),
        kept_at=moment(row["kept_at"]),
    )


def amend(row: Any) -> Amend:
    return _build(
        Amend,
        row,
        kind=required_words(AmendKind)[row["kind"]],
        created_at=clock.from_stored(row["created_at"]),
        expires=day(row["expires"]),
        given_at=moment(row["given_at"]),
        redeemed_at=moment(row["redeemed_at"]),
        checkin_due=day(row["checkin_due"]),
        checkin_done_at=moment(row["checkin_done_at"]),
        checkin_ok=None if row["checkin_ok"] is None else bool(row["checkin_ok"]),
    )


def letter(row: Any) -> Letter:
    return _build(
        Letter,
        row,
        kind=required_words(LetterKind)[row["kind"]],
        sent_at=clock.from_stored(row["sent_at"]),
        via=required_words(Via)[row["via"]],
    )


def unsent(row: Any) -> Unsent:
    return _build(
        Unsent,
        row,
        kind=required_words(LetterKind)[row["kind"]],
        via=required_words(Via)[row["via"]],
        failed_at=clock.from_stored(row["failed_at"]),
    )


def event(row: Any) -> Event:
    return Event(row["complaint_id"], clock.from_stored(row["at"]), row["kind"], row["detail"])
