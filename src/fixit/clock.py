"""The one place fixit reads the time and turns it into stored text.

Event times are stored as UTC ISO 8601 strings (they sort and compare as text);
calendar days a shop owner talks about ("due tomorrow") are local dates.
``FIXIT_NOW`` (an ISO local date-time) fixes the clock for tests and demos.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

_travelled: datetime | None = None
FIRST_YEAR, LAST_YEAR = 1970, 2199  # the years fixit's dates are in (fixit.dates reads dates in them too)


def now() -> datetime:
    """The current local time, timezone-aware."""
    if _travelled is not None:
        return _travelled
    fixed = os.environ.get("FIXIT_NOW")
    if fixed:
        # A naive value is read as local time; astimezone() attaches the local zone.
        from fixit.errors import InputError

        try:
            moment = datetime.fromisoformat(fixed).astimezone()
        except (ValueError, OverflowError):
            raise InputError(f"FIXIT_NOW is not a date and time: {fixed[:40]!r} (e.g. 2026-11-23T09:00)") from None
        if not FIRST_YEAR <= moment.year <= LAST_YEAR:  # beyond, date arithmetic (a due date, a week) overflows
            raise InputError(f"FIXIT_NOW is {fixed[:40]!r}: fixit's clock runs from {FIRST_YEAR} to {LAST_YEAR}")
        return moment
    return datetime.now().astimezone()


def today() -> date:
    return now().date()


def to_stored(moment: datetime) -> str:
    """A timestamp as stored: UTC, seconds precision, ISO 8601 with offset."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def from_stored(text: str) -> datetime:
    """A stored timestamp back in the machine's local time."""
    return datetime.fromisoformat(text).astimezone()


def stamp() -> str:
    """Now, as stored."""
    return to_stored(now())


@contextmanager
def travel(moment: datetime) -> Iterator[None]:
    """Make ``now()`` return ``moment`` inside the block: how `fixit demo` writes a past."""
    global _travelled
    previous, _travelled = _travelled, moment
    try:
        yield
    finally:
        _travelled = previous
