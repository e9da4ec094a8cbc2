"""The morning agenda: everything that needs doing today or is already late, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fixit.domain.settings import load as load_settings
from fixit.model import Amend, Complaint, Promise
from fixit.storage import Store

# The order `due` lists things in, with the heading each section gets.
SECTIONS = {
    "emergency": "Emergencies",
    "apology": "Not yet apologized",
    "overdue": "Promises overdue",
    "due-today": "Promises due today",
    "follow-up": "Follow-ups due",
    "check-in": "Check-ins: is the replacement or redo working?",
    "stalled": "Stalled: no promise and no fix",
    "coupon": "Coupons expiring within 7 days",
}
COUPON_WARNING_DAYS = 7
APOLOGY_LATE_AFTER = timedelta(days=1)


@dataclass
class Item:
    section: str
    complaint: Complaint
    promise: Promise | None = None
    amend: Amend | None = None
    late: bool = False


@dataclass
class Agenda:
    day: date
    now: datetime
    open_complaints: int
    items: list[Item] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)  # per section, including items not shown


def build(store: Store, now: datetime, limit: int | None = None) -> Agenda:
    """Each section read off its own partial index, at most ``limit`` items each (all if None)."""
    day = now.date()
    settings = load_settings(store)
    params = store.agenda_params(day, now - timedelta(days=settings.stalled_days),
                                 day + timedelta(days=COUPON_WARNING_DAYS))
    agenda = Agenda(day, now, store.count_unclosed())
    for section in SECTIONS:
        records, agenda.totals[section] = store.agenda_section(section, params, limit)
        agenda.items += _items(store, section, records, now)
    return agenda


def _items(store: Store, section: str, records: list, now: datetime) -> list[Item]:
    day = now.date()
    if section in ("emergency", "apology", "follow-up", "stalled"):
        return [Item(section, c, late=_late(section, c, now)) for c in records]
    complaints = store.complaints_by_id(r.complaint_id for r in records)
    if section in ("overdue", "due-today"):
        return [Item(section, complaints[p.complaint_id], promise=p, late=section == "overdue") for p in records]
    return [Item(section, complaints[a.complaint_id], amend=a, late=section == "check-in" and a.checkin_due < day)
            for a in records]


def _late(section: str, complaint: Complaint, now: datetime) -> bool:
    if section == "apology":
        return now - complaint.logged_at > APOLOGY_LATE_AFTER
    if section == "follow-up":
        return complaint.followup_due < now.date()
    return False
