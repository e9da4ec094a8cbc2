"""What goes on the owner's phone calendar: open promises and pending follow-ups."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from fixit import clock
from fixit.ids import label
from fixit.model import Complaint
from fixit.rules import AgendaWindow, Section
from fixit.storage import Store


@dataclass
class Entry:
    uid: str  # stable, so importing a newer file updates the entry instead of doubling it
    day: date
    at: time | None
    title: str
    details: str


def entries(store: Store) -> list[Entry]:
    found: list[Entry] = []
    promises = store.open_promises_due_by(date.max)
    complaints = store.complaints_by_id(p.complaint_id for p in promises)
    for p in promises:
        owner = complaints[p.complaint_id]
        found.append(Entry(f"promise-{p.id}@fixit", p.due, p.due_time,
                           f"{label('promise', p.id)} {owner.customer_name}: {p.what}",
                           f"Promised for complaint {label('complaint', owner.id)}: {owner.summary}\n"
                           f"When done: fixit keep {label('promise', p.id)}"))
    followups, _ = store.agenda_section(Section.follow_up, AgendaWindow(date.max, clock.now(), date.max), None)
    for c in followups:
        assert isinstance(c, Complaint) and c.followup_due is not None
        found.append(Entry(f"followup-{c.id}@fixit", c.followup_due, None,
                           f"Follow up with {c.customer_name} ({label('complaint', c.id)})",
                           f"Fixed: {c.fix}\nWhat went wrong: {c.summary}\nWhen done: fixit followup {c.id}"))
    return sorted(found, key=lambda e: (e.day, e.at or time.min, e.uid))
