"""The checks every value passes on its way in, whichever door it comes through: typed at the
counter (`fixit log` and the other commands), a spreadsheet cell (`fixit import FILE.csv`), a value
of fixit's own JSON export (`fixit import EXPORT.json`), a web form.

A check takes the value as it arrives and returns it as it is kept, or raises InputError saying
what is wrong with it. The free-text checks are those of ``fixit.text`` (control characters, length),
dates those of ``fixit.dates``, vocabulary words those of ``fixit.model``: one rule, one place.
``ROWS`` says which check each column of each exported table passes (every column the schema has:
tests/test_records_safe.py fails when a migration adds one without a check here), so an export that was edited
by hand (or written by someone hostile) is refused before a row goes in, naming the record and the
field, rather than breaking `list`, `show` or `letter` afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any, TypeVar

from fixit import dates, text
from fixit.errors import InputError
from fixit.model import AmendKind, Column, Complaint, LetterKind, Via, columns_of

W = TypeVar("W", bound=Enum)
Check = Callable[[Any], Any]

MAX_ID = 2**63 - 1  # the largest id either store can hold (SQLite INTEGER, PostgreSQL BIGINT)
MAX_LETTER = 100_000  # a letter's body, or a kept draft's: pages, not a book
_PHONE_KEY = re.compile(r"^\+?[0-9]{1,24}$")
_TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
_CODE = re.compile(r"^[A-Z0-9]{4}-[A-Z0-9]{4}$")
_EVENT_KIND = re.compile(r"^[a-z][a-z-]{0,29}$")


def shown(value: object) -> str:
    """A bad value as an error quotes it: short, one line, its control characters escaped."""
    return repr(text.shorten(value, 40, "...")) if isinstance(value, str) else text.shorten(repr(value), 40, "...")


def choice(enum: type[W], value: object, what: str) -> W:
    """One word of a closed vocabulary, case ignored: 'Phone' is the channel phone."""
    try:
        return enum(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        raise InputError(f"{what} {shown(value)} is not one of {', '.join(str(m.value) for m in enum)}") from None


def _string(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InputError(f"{what} must be text, not {shown(value)}")
    return value


# The checks of the stored forms (see fixit.storage.sql.rows): one per kind of column -------------


def free_text(what: str, limit: int = text.MAX_TEXT) -> Check:
    return lambda value: text.clean_text(_string(value, what), what, limit)


def letter_body(what: str) -> Check:
    """A letter as drafted: many lines; carriage returns are allowed (an email's lines end in them)."""

    def check(value: object) -> str:
        body = _string(value, what)
        if not body.strip():
            raise InputError(f"{what} is empty")
        if len(body) > MAX_LETTER:
            raise InputError(f"{what} is too long ({len(body):,} characters; the most is {MAX_LETTER:,})")
        text.clean_text(body.replace("\r", "\n"), what, MAX_LETTER)  # every other control character refused
        return body

    return check


def name(what: str) -> Check:
    return lambda value: text.clean_name(_string(value, what), what)


def phone(value: object) -> str:
    return text.clean_phone(_string(value, "the phone number"))


def email(value: object) -> str:
    return text.clean_email(_string(value, "the email address"))


def phone_key(value: object) -> str:
    key = _string(value, "the phone key")
    if not _PHONE_KEY.match(key):
        raise InputError(f"the phone key is digits (a + first, once the country is set), not {shown(value)}")
    return key


def timestamp(value: object) -> str:
    """A moment as fixit keeps it: ISO 8601 with its UTC offset, between the years dates allow, and
    not later than now (give or take a till's clock)."""
    stamp = _string(value, "a date and time")
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None or not re.match(r"^\d{4}-\d{2}-\d{2}T", stamp):
        raise InputError(f"not a date and time such as 2026-11-20T09:30:00+00:00: {shown(value)}")
    if not dates.FIRST_YEAR <= moment.year <= dates.LAST_YEAR:
        raise InputError(
            f"{shown(value)} is too far away: give a date between {dates.FIRST_YEAR} and {dates.LAST_YEAR}"
        )
    from fixit import clock

    if moment > clock.now() + _CLOCKS_APART:
        raise InputError(f"{shown(value)} is in the future: a record keeps only moments that have passed")
    return clock.to_stored(moment)


# Every moment a record keeps (logged, apologized, kept, sent...) is in the past; a file written on a
# till whose clock runs ahead is still taken, up to a day ahead.
_CLOCKS_APART = timedelta(days=1)


def day(value: object) -> str:
    """A calendar day, ISO: 2026-11-20 (a 30 February is no day)."""
    stamp = _string(value, "a date")
    try:
        found = date.fromisoformat(stamp) if re.match(r"^\d{4}-\d{2}-\d{2}$", stamp) else None
    except ValueError:
        found = None
    if found is None:
        raise InputError(f"not a date such as 2026-11-20: {shown(value)}")
    if not dates.FIRST_YEAR <= found.year <= dates.LAST_YEAR:
        raise InputError(
            f"{shown(value)} is too far away: give a date between {dates.FIRST_YEAR} and {dates.LAST_YEAR}"
        )
    return found.isoformat()


def time_of_day(value: object) -> str:
    stamp = _string(value, "a time")
    if not _TIME.match(stamp):
        raise InputError(f"not a time of day such as 14:30: {shown(value)}")
    return time.fromisoformat(stamp).isoformat(timespec="minutes")


def word(enum: type[W]) -> Check:
    what = enum.__name__.lower()
    return lambda value: choice(enum, _string(value, f"the {what}"), f"the {what}").value


def number(what: str, low: int, high: int) -> Check:
    """A whole number from ``low`` to ``high`` (JSON's true and false are not numbers)."""

    def check(value: object) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise InputError(f"{what} is a whole number from {low:,} to {high:,}, not {shown(value)}")
        return value

    return check


record_id = number("an id", 1, MAX_ID)
flag = number("a yes/no flag", 0, 1)


def cents(value: object) -> int:
    from fixit.money import MAX_CENTS

    return int(number("an amount in cents", 1, MAX_CENTS)(value))


def yearly_cents(value: object) -> int:
    from fixit.money import MAX_CENTS

    return int(number("a yearly spend in cents", 0, MAX_CENTS * 100)(value))


def coupon_code(value: object) -> str:
    code = _string(value, "the coupon code")
    if not _CODE.match(code):
        raise InputError(f"not a coupon code such as K7QM-4XPD: {shown(value)}")
    return code


def event_kind(value: object) -> str:
    kind = _string(value, "the kind of event")
    if not _EVENT_KIND.match(kind):
        raise InputError(f"not a kind of event (a word such as logged): {shown(value)}")
    return kind


def contact_kind(value: object) -> str:
    if value not in ("phone", "email"):
        raise InputError(f"the kind of contact is phone or email, not {shown(value)}")
    return str(value)


def tag(value: object) -> str:
    from fixit.domain.tags import clean_tags

    return clean_tags([_string(value, "the tag")])[0]


def voice(which: str) -> Check:
    """What letters say to the customer, as `fixit log --about/--greet/--tell` checks it."""

    def check(value: object) -> str:
        from fixit.domain import voice as words

        cleaner = {
            "about": words.clean_about,
            "greet": words.clean_greet,
            "tell": words.clean_tell,
            "went_wrong": words.clean_went_wrong,
            "found": words.clean_found,
            "we_did": words.clean_we_did,
            "harmed": words.clean_harmed,
        }[which]
        return cleaner(_string(value, f"the {which}"))

    return check


def careful(value: object) -> str:
    if value not in ("yes", "no"):
        raise InputError(f"careful is yes or no, not {shown(value)}")
    return str(value)


def batch(value: object) -> str:
    """One run's changes, as `fixit undo` finds them: a hex number."""
    found = _string(value, "the batch")
    if not re.match(r"^[0-9a-f]{1,64}$", found):
        raise InputError(f"not a batch (a hex number): {shown(value)}")
    return found


_UNDO_TABLES = ("complaints", "promises", "amends", "tags")


def undo(value: object) -> str:
    """What a change replaced, as `fixit undo` puts it back: JSON {"made": ..., "changes": [{"table":
    ..., "id": ...}, ...]}, each change of a table undo knows and an id."""
    import json

    found = _string(value, "what undo puts back")
    try:
        data = json.loads(found) if len(found) <= 2 * MAX_LETTER else None
    except (ValueError, RecursionError):
        data = None
    changes = data.get("changes") if isinstance(data, dict) else None
    if not isinstance(changes, list) or not all(
        isinstance(change, dict)
        and change.get("table") in _UNDO_TABLES
        and isinstance(change.get("id"), int)
        and not isinstance(change.get("id"), bool)
        for change in changes
    ):
        raise InputError(f"not a record of what a change replaced: {shown(value)}")
    return found


def optional(check: Check) -> Check:
    """The same check, or nothing (JSON null)."""

    def either(value: object) -> Any:
        return None if value is None else check(value)

    either.optional = True  # type: ignore[attr-defined]
    return either


def is_required(check: Check) -> bool:
    return not getattr(check, "optional", False)


Opt = optional
ROWS: dict[str, dict[str, Check]] = {
    "customers": {
        "id": record_id,
        "name": name("the name"),
        "name_key": Opt(free_text("the name key", text.MAX_NAME)),
        "phone": Opt(phone),
        "phone_key": Opt(phone_key),
        "email": Opt(email),
        "email_key": Opt(email),
        "notes": Opt(free_text("the notes")),
        "yearly_spend_cents": Opt(yearly_cents),
        "created_at": timestamp,
        "last_contact_at": Opt(timestamp),
        "greet": Opt(voice("greet")),
    },
    "complaints": {},  # made from the declaration on fixit.model.Complaint, below
    "promises": {
        "id": record_id,
        "complaint_id": record_id,
        "what": free_text("the promise"),
        "due": day,
        "due_time": Opt(time_of_day),
        "made_at": timestamp,
        "kept_at": Opt(timestamp),
        "amend_id": Opt(record_id),
        "tell": Opt(voice("tell")),
    },
    "amends": {
        "id": record_id,
        "complaint_id": record_id,
        "kind": word(AmendKind),
        "value_cents": Opt(cents),
        "note": Opt(free_text("the note")),
        "code": Opt(coupon_code),
        "expires": Opt(day),
        "created_at": timestamp,
        "given_at": Opt(timestamp),
        "redeemed_at": Opt(timestamp),
        "approved_by": Opt(name("who approved it")),
        "checkin_due": Opt(day),
        "checkin_done_at": Opt(timestamp),
        "checkin_ok": Opt(flag),
    },
    "events": {
        "id": record_id,
        "complaint_id": record_id,
        "at": timestamp,
        "kind": event_kind,
        "detail": free_text("the event's words", 2 * text.MAX_TEXT + 200),
        "till": Opt(name("the till")),
        "batch": Opt(batch),
        "undo": Opt(undo),
        "undone_at": Opt(timestamp),
    },
    "changes": {"id": record_id, "description": free_text("the change"), "made_at": timestamp},
    "change_complaints": {"change_id": record_id, "complaint_id": record_id},
    "letters": {
        "id": record_id,
        "complaint_id": record_id,
        "change_id": Opt(record_id),
        "kind": word(LetterKind),
        "sent_at": timestamp,
        "body": letter_body("the letter"),
        "via": word(Via),
        "message_id": Opt(free_text("the message id", 998)),
    },
    "extra_contacts": {
        "customer_id": record_id,
        "kind": contact_kind,
        "value": free_text("the contact", 254),
        "key": free_text("the contact key", 254),
    },
    "tags": {"complaint_id": record_id, "tag": tag},
    "unsent": {
        "id": record_id,
        "complaint_id": record_id,
        "change_id": Opt(record_id),
        "kind": word(LetterKind),
        "via": word(Via),
        "subject": free_text("the subject", 998),
        "body": letter_body("the draft"),
        "failed_at": timestamp,
        "reason": free_text("the reason", text.MAX_TEXT),
    },
}

# How each kind of declared column (fixit.model.Column.check) is checked, by the column.
DECLARED_CHECKS: dict[str, Callable[[Column], Check]] = {
    "id": lambda column: record_id,
    "text": lambda column: free_text(column.what),
    "name": lambda column: name(column.what),
    "voice": lambda column: voice(column.name),
    "word": lambda column: word(column.vocabulary) if column.vocabulary else free_text(column.what),
    "timestamp": lambda column: timestamp,
    "day": lambda column: day,
    "flag": lambda column: flag,
    "careful": lambda column: careful,
}


def declared_check(column: Column) -> Check:
    """A declared column's check: required when the schema makes it NOT NULL."""
    check = DECLARED_CHECKS[column.check](column)
    return check if column.required else optional(check)


ROWS["complaints"] = {column.name: declared_check(column) for column in columns_of(Complaint)}

# what refers to what, and what must be unique, in each table: checked before a row goes in
REFERENCES = {
    "complaints": {"customer_id": "customers"},
    "promises": {"complaint_id": "complaints", "amend_id": "amends"},
    "amends": {"complaint_id": "complaints"},
    "events": {"complaint_id": "complaints"},
    "change_complaints": {"change_id": "changes", "complaint_id": "complaints"},
    "letters": {"complaint_id": "complaints", "change_id": "changes"},
    "extra_contacts": {"customer_id": "customers"},
    "tags": {"complaint_id": "complaints"},
    "unsent": {"complaint_id": "complaints", "change_id": "changes"},
}
UNIQUE: dict[str, list[tuple[str, ...]]] = {
    "change_complaints": [("change_id", "complaint_id")],
    "tags": [("complaint_id", "tag")],
    "extra_contacts": [("customer_id", "kind", "key")],
    "amends": [("id",), ("code",)],
    "settings": [("key",)],
}


def unique_keys(table: str) -> list[tuple[str, ...]]:
    return UNIQUE.get(table, [("id",)])


def checked_row(table: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """One row of an exported table, each value through its column's check (InputError naming the
    column); the keys matching is done by are made again from what they are keys of (phone keys by
    the importer, under the country's rule: None for the `phone_rule` setting, made again too)."""
    if table == "settings":
        return _setting(row)
    columns = ROWS[table]
    unknown = sorted(set(row) - set(columns))
    if unknown:
        raise InputError(f"{shown(unknown[0])}: {table} has no such column")
    missing = [column for column, check in columns.items() if is_required(check) and column not in row]
    if missing:
        raise InputError(f"{missing[0]}: missing")
    checked: dict[str, Any] = {}
    for column, value in row.items():
        try:
            checked[column] = columns[column](value)
        except InputError as problem:
            raise InputError(f"{column}: {problem}") from None
    if table == "customers":
        if "name_key" in row:
            checked["name_key"] = text.name_key(checked["name"])
        if "email_key" in row:
            checked["email_key"] = text.email_key(checked["email"]) if checked.get("email") else None
        if checked.get("phone") is None and checked.get("phone_key") is not None:
            raise InputError("phone_key: a key for no phone number")
    if table == "extra_contacts":
        kind, value = checked["kind"], checked["value"]
        try:
            checked["value"] = phone(value) if kind == "phone" else email(value)
        except InputError as problem:
            raise InputError(f"value: {problem}") from None
        checked["key"] = text.email_key(checked["value"]) if kind == "email" else phone_key(checked["key"])
    return checked


def _setting(row: dict[str, Any]) -> dict[str, Any] | None:
    from fixit.domain.settings import SETTINGS, check_stored

    if set(row) != {"key", "value"}:
        raise InputError("a setting is a key and a value")
    key, value = row["key"], row["value"]
    if key == "phone_rule":
        return None
    if isinstance(key, str) and key.startswith("import_map."):  # a spreadsheet map kept under a name
        from fixit.domain.columns import parse_map

        if not re.match(r"^import_map\.[a-z0-9][a-z0-9-]{0,39}$", key):
            raise InputError(f"key: not the name of a map: {shown(key)}")
        try:
            parse_map(_string(value, key))
        except InputError as problem:
            raise InputError(f"{key}: {problem}") from None
        return {"key": key, "value": value.strip()}
    if not isinstance(key, str) or key not in SETTINGS:
        raise InputError(f"key: no setting called {shown(key)}")
    try:
        if value == "" and SETTINGS[key][0] == "":
            return {"key": key, "value": ""}  # a setting left unset
        return {"key": key, "value": check_stored(key, _string(value, key))}
    except InputError as problem:
        raise InputError(f"{key}: {problem}") from None
