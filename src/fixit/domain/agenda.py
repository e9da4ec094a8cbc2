"""The morning agenda: everything that needs doing today or is already late, most urgent first.

What each section lists is defined in ``fixit.rules``; here the sections are read in order
and each item is told whether it is late.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import field
from datetime import date, datetime, timedelta

from fixit.domain.settings import load as load_settings
from fixit.model import Amend, Complaint, Promise, record
from fixit.rules import AgendaWindow, Section, apology_late
from fixit.storage import Store

COUPON_WARNING_DAYS = 7


@record
class Item:
    section: Section
    complaint: Complaint
    promise: Promise | None = None
    amend: Amend | None = None
    late: bool = False


@record
class Agenda:
    day: date
    now: datetime
    open_complaints: int
    items: list[Item] = field(default_factory=list)
    totals: dict[Section, int] = field(default_factory=dict)  # per section, including items not shown
    location: str | None = None  # the location it is for (None: the whole business)


def window(store: Store, now: datetime, location: str | None = None) -> AgendaWindow:
    day = now.date()
    return AgendaWindow(
        day,
        now - timedelta(days=load_settings(store).stalled_days),
        day + timedelta(days=COUPON_WARNING_DAYS),
        now.time().replace(second=0, microsecond=0, tzinfo=None),
        location,
    )


def build(store: Store, now: datetime, limit: int | None = None, location: str | None = None) -> Agenda:
    """Each section read off its own partial index, at most ``limit`` items each (all if None); with a
    ``location``, that location's work and work with none, and every emergency wherever it is."""
    day = now.date()
    sections = list(Section)
    found = store.agenda_sections(sections, window(store, now, location), limit)
    agenda = Agenda(day, now, found.open_complaints, location=location)
    for section, (records, agenda.totals[section]) in zip(sections, found.sections, strict=True):
        agenda.items += _items_of(section, records, found.complaints, now)
    return agenda


CHUNK = 500


def every_item(store: Store, now: datetime, location: str | None = None) -> Iterator[Item]:
    """Every item of every section, in order, read a chunk at a time: however many there are, only
    one chunk is in memory (`due --json` writes each as it comes)."""
    window_now = window(store, now, location)
    for section in Section:
        for records in store.agenda_chunks(section, window_now, CHUNK):
            yield from _items(store, section, records, now)


def _items(store: Store, section: Section, records: Sequence[Complaint | Promise | Amend], now: datetime) -> list[Item]:
    complaints = store.complaints_by_id(r.complaint_id for r in records if not isinstance(r, Complaint))
    return _items_of(section, records, complaints, now)


def _items_of(
    section: Section, records: Sequence[Complaint | Promise | Amend], complaints: dict[int, Complaint], now: datetime
) -> list[Item]:
    items = []
    for found in records:
        if isinstance(found, Complaint):
            items.append(Item(section, found, late=is_late(section, found.logged_at, found.followup_due, now)))
        elif isinstance(found, Promise):
            items.append(
                Item(
                    section, complaints[found.complaint_id], promise=found, late=is_late(section, None, found.due, now)
                )
            )
        else:
            items.append(
                Item(
                    section,
                    complaints[found.complaint_id],
                    amend=found,
                    late=is_late(section, None, found.checkin_due, now),
                )
            )
    return items


def is_late(section: Section, logged_at: datetime | None, due: date | None, now: datetime) -> bool:
    """Late: an apology more than a day after the complaint; a promise past its day; a follow-up or
    check-in past its due day."""
    if section is Section.overdue:
        return True
    if section is Section.apology:
        return logged_at is not None and apology_late(logged_at, now)
    if section in (Section.follow_up, Section.check_in):
        return due is not None and due < now.date()
    return False
