"""What goes on the owner's phone calendar: open promises and pending follow-ups, each with a
reminder, and today's emergencies and complaints still waiting for an apology as all-day items,
so the phone shows them without `fixit due` being run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

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
    reminder: timedelta | None = None  # before a timed entry; after the start of an all-day one's day
    kind: str = "promise"  # promise, follow-up, emergency or apology: what acting on it means
    record: int = 0  # the promise's or complaint's number


BEFORE_A_TIMED_PROMISE = timedelta(minutes=30)
MORNING = timedelta(hours=9)  # an all-day entry reminds at 09:00 on its day


def entries(store: Store) -> list[Entry]:
    found: list[Entry] = []
    promises = store.open_promises_due_by(date.max)
    complaints = store.complaints_by_id(p.complaint_id for p in promises)
    for p in promises:
        owner = complaints[p.complaint_id]
        found.append(
            Entry(
                f"promise-{p.id}@fixit",
                p.due,
                p.due_time,
                f"{label('promise', p.id)} {owner.customer_name}: {p.what}",
                f"Promised for complaint {label('complaint', owner.id)}: {owner.summary}",
                BEFORE_A_TIMED_PROMISE if p.due_time else MORNING,
                "promise",
                p.id,
            )
        )
    followups, _ = store.agenda_section(Section.follow_up, AgendaWindow(date.max, clock.now(), date.max), None)
    for c in followups:
        assert isinstance(c, Complaint) and c.followup_due is not None
        found.append(
            Entry(
                f"followup-{c.id}@fixit",
                c.followup_due,
                None,
                f"Follow up with {c.customer_name} ({label('complaint', c.id)})",
                f"Fixed: {c.fix}\nWhat went wrong: {c.summary}",
                MORNING,
                "follow-up",
                c.id,
            )
        )
    now = clock.now()
    today = AgendaWindow(now.date(), now, now.date())
    for section, what in (
        (Section.emergency, "Emergency: second complaint from"),
        (Section.apology, "No apology yet to"),
    ):
        waiting, _ = store.agenda_section(section, today, None)
        for c in waiting:
            assert isinstance(c, Complaint)
            # one UID per complaint, not per day: tomorrow's file moves the item to tomorrow (a
            # calendar that imports the file daily updates it instead of piling up copies)
            found.append(
                Entry(
                    f"{section}-{c.id}@fixit",
                    today.day,
                    None,
                    f"{what} {c.customer_name} ({label('complaint', c.id)})",
                    f"What went wrong: {c.summary}",
                    MORNING,
                    str(section),
                    c.id,
                )
            )
    return sorted(found, key=lambda e: (e.day, e.at or time.min, e.uid))
