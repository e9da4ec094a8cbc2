"""The morning agenda: everything that needs doing today or is already late, most urgent first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Optional

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
    promise: Optional[Promise] = None
    amend: Optional[Amend] = None
    late: bool = False


@dataclass
class Agenda:
    day: date
    now: datetime
    open_complaints: int
    items: list[Item] = field(default_factory=list)


def build(store: Store, now: datetime) -> Agenda:
    """Read each section off its own partial index; the whole thing is a handful of small queries."""
    day = now.date()
    settings = load_settings(store)
    items = [Item("emergency", c) for c in store.open_emergencies()]
    items += [Item("apology", c, late=now - c.logged_at > APOLOGY_LATE_AFTER) for c in store.unapologized()]
    items += _promise_items(store, day)
    items += [Item("follow-up", c, late=c.followup_due < day) for c in store.followups_due(day)]
    items += _amend_items(store, "check-in", store.checkins_due(day), day)
    items += [Item("stalled", c) for c in store.stalled(now - timedelta(days=settings.stalled_days))]
    items += _coupon_items(store, day)
    return Agenda(day, now, store.count_unclosed(), items)


def _promise_items(store: Store, day: date) -> list[Item]:
    due = store.open_promises_due_by(day)
    complaints = store.complaints_by_id(p.complaint_id for p in due)
    overdue = [Item("overdue", complaints[p.complaint_id], promise=p, late=True) for p in due if p.due < day]
    today = [Item("due-today", complaints[p.complaint_id], promise=p) for p in due if p.due == day]
    return overdue + today


def _coupon_items(store: Store, day: date) -> list[Item]:
    coupons = store.coupons_expiring(day, day + timedelta(days=COUPON_WARNING_DAYS))
    return _amend_items(store, "coupon", coupons, day)


def _amend_items(store: Store, section: str, amends: list[Amend], day: date) -> list[Item]:
    complaints = store.complaints_by_id(a.complaint_id for a in amends)
    return [Item(section, complaints[a.complaint_id], amend=a,
                 late=section == "check-in" and a.checkin_due < day) for a in amends]
