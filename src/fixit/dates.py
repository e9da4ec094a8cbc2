"""The one date parser of fixit, used at the CLI boundary, and the ways dates are written out.

Accepted forms (case does not matter), optionally followed by a time ``HH:MM``:
``today``, ``tomorrow``, ``yesterday``, a weekday name or its first three letters,
``+3d`` / ``+2w`` (days or weeks ahead), ``-3d`` / ``3d`` (see *direction*),
and ISO dates ``2026-12-01`` or ``2026-12-01T14:30`` / ``2026-12-01 14:30``.

A parameter looks either ahead (a promise's due date) or back (when an apology was
made, ``--since``). The direction decides what a bare weekday or a bare ``3d`` means:
ahead, ``friday`` is the next Friday after today; back, the last Friday before it.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Literal, NamedTuple

from fixit.errors import InputError
from fixit.text import shorten

Direction = Literal["ahead", "back"]

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ACCEPTED_FORMS = "today, tomorrow, yesterday, a weekday (friday), +3d, +2w, -3d, or 2026-12-01 [14:30]"

_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_RELATIVE = re.compile(r"^([+-]?)(\d{1,4})([dw])$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})(?::\d{2})?(?: ?([ap])\.?m\.?)?$")
# a day written with numbers in a shop's own order: 11/20/2026, 20.11.2026, 20-11-2026, 2026/11/20
_NUMERIC_DATE = re.compile(r"^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})$")
DATE_ORDERS = {
    "dmy": "day/month/year (20/11/2026)",
    "mdy": "month/day/year (11/20/2026)",
    "ymd": "year/month/day (2026/11/20)",
}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 1970, 2199  # a shop's records: beyond these a date is a typo, and date arithmetic overflows


class When(NamedTuple):
    """A parsed date with an optional time of day."""

    day: date
    at: time | None = None

    def moment(self, now: datetime) -> datetime:
        """A full local timestamp: the given time, or now's time of day on that date, with the local
        zone's offset *for that date* (not today's: a time typed after a clock change means the wall
        clock then). A time the spring change skipped moves on to the first that exists."""
        clock_time = (self.at or now.time()).replace(tzinfo=None)
        return local(datetime.combine(self.day, clock_time)).replace(microsecond=0)

    def start(self, now: datetime) -> datetime:
        """Where a period beginning 'then' starts: the given time, or the start of that day."""
        return local(datetime.combine(self.day, self.at or time.min))


def local(wall_clock: datetime) -> datetime:
    """A naive wall-clock time in this machine's zone, made aware with that date's offset (the zone's
    rules, through the C library's mktime, which honours TZ). A time the spring change skipped comes
    out an hour back with the first reading (fold 0); the second (fold 1) moves it on, as promised."""
    aware = wall_clock.astimezone()
    if aware.replace(tzinfo=None) != wall_clock.replace(fold=0):
        aware = wall_clock.replace(fold=1).astimezone()
    return aware


def parse_when(text: str, today: date, direction: Direction = "ahead", order: str | None = None) -> When:
    """Parse one of the accepted forms relative to ``today``; raise InputError otherwise. Given the
    shop's date ``order`` (dmy, mdy, ymd; "" when it is not set), a day written with numbers
    (11/20/2026) is read in it."""
    cleaned = _normalise(text)
    if not cleaned:
        raise _error(text)
    day_part, _, time_part = cleaned.partition(" ")
    at = _parse_time(time_part, text) if time_part else None
    numeric = None if order is None or _ISO_DATE.match(day_part) else _NUMERIC_DATE.match(day_part)
    day = _in_order(numeric, order or "", text) if numeric else _parse_day(day_part, today, direction, text)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InputError(
            f"{shorten(text, 40, '...')!r} is too far away: give a date between {FIRST_YEAR} and {LAST_YEAR}"
        )
    return When(day, at)


def _normalise(text: str) -> str:
    """Lower case, single spaces, and the ISO 'T' between date and time made a space."""
    cleaned = " ".join(text.lower().split())
    if re.match(r"^\d{4}-\d{2}-\d{2}t", cleaned):
        cleaned = cleaned[:10] + " " + cleaned[11:]
    return cleaned


def _parse_day(word: str, today: date, direction: Direction, original: str) -> date:
    named = {"today": 0, "tomorrow": 1, "yesterday": -1}
    if word in named:
        return today + timedelta(days=named[word])
    weekday = _weekday_index(word)
    if weekday is not None:
        return _next_weekday(today, weekday) if direction == "ahead" else _last_weekday(today, weekday)
    relative = _RELATIVE.match(word)
    if relative:
        return _relative_day(today, relative, direction, original)
    iso = _ISO_DATE.match(word)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            raise _error(original) from None
    raise _error(original)


def _in_order(found: re.Match[str], order: str, original: str) -> date:
    """A day written with numbers, read in the shop's order; refused when the order is not known
    (04/05 is April or May: fixit does not guess)."""
    shown = shorten(original, 40, "...")
    if order not in DATE_ORDERS:
        raise InputError(
            f"{shown!r}: is that day/month or month/day? Set the shop's date order "
            "(the date_order setting: dmy, mdy or ymd)"
        )
    first, second, third = found[1], found[3], found[4]
    parts = dict(zip(order, (first, second, third), strict=True))
    if len(parts["y"]) != 4:
        raise InputError(f"{shown!r} is not a date in the shop's order, {DATE_ORDERS[order]}")
    try:
        return date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
    except ValueError:
        raise InputError(f"{shown!r} is not a date in the shop's order, {DATE_ORDERS[order]}") from None


def _weekday_index(word: str) -> int | None:
    for index, name in enumerate(WEEKDAYS):
        if word == name or word == name[:3]:
            return index
    return None


def _next_weekday(today: date, weekday: int) -> date:
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _last_weekday(today: date, weekday: int) -> date:
    return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _relative_day(today: date, match: re.Match[str], direction: Direction, original: str) -> date:
    sign, count, unit = match[1], int(match[2]), match[3]
    days = count * (7 if unit == "w" else 1)
    backwards = sign == "-" or (sign == "" and direction == "back")
    try:
        return today - timedelta(days=days) if backwards else today + timedelta(days=days)
    except OverflowError:
        raise _error(original) from None


def _parse_time(text: str, original: str) -> time:
    match = _TIME.match(text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59 or (match[3] and not 1 <= int(match[1]) <= 12):
        raise _error(original)
    hour = int(match[1])
    if match[3]:  # 12-hour: 12 am is midnight, 12 pm noon
        hour = hour % 12 + (12 if match[3] == "p" else 0)
    return time(hour, int(match[2]))


def _error(text: str) -> InputError:
    shown = shorten(text, 40, "...")
    return InputError(f"not a date: {shown!r} (use {ACCEPTED_FORMS})")


def written(day: date) -> str:
    """A date as a letter writes it: 'Tuesday 1 December' (month names in English, whatever the locale)."""
    return f"{WEEKDAYS[day.weekday()].capitalize()} {day.day} {_MONTHS[day.month - 1]}"


def relative(day: date, today: date) -> str:
    """'today', 'tomorrow', 'yesterday', 'in 3 days', '2 days ago': how the agenda speaks."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


def age(since: datetime, now: datetime) -> str:
    """How long ago something happened, in the largest sensible unit: '3 h', '2 days'."""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 3600:
        return f"{seconds // 60} min"
    if seconds < 86400:
        return f"{seconds // 3600} h"
    days = seconds // 86400
    return f"{days} day" if days == 1 else f"{days} days"
