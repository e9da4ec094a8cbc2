"""Undo: the last change made on this till, put back from the records' own history.

Every event a till writes carries the till's name, the run it was made in, and what the run's
changes replaced (``fixit.storage``: the events table). `fixit undo` reads the latest run of this
till that is not undone yet, says what it was, and puts it back; a second undo takes the run
before. Only the day's changes are undone: by the next day others have acted on them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from fixit import clock
from fixit.domain.complaints import recount_repeats
from fixit.errors import Conflict
from fixit.model import Event
from fixit.storage import Store

# what an undo can put back; a merge, a process change or a letter sent are not among them
UNDOABLE = {
    "logged",
    "emergency",
    "apologized",
    "judged",
    "fixed",
    "followed-up",
    "closed",
    "reopened",
    "edited",
    "tagged",
    "promised",
    "kept",
    "voided",
    "unvoided",
    "amend",
    "redeemed",
    "checked-in",
}


@dataclass
class LastChange:
    made: datetime
    events: list[Event]


def last_change(store: Store, till: str) -> LastChange:
    """The latest change made on ``till`` that is not undone yet (raises Conflict when there is none
    today, or when it is one undo cannot put back)."""
    found = store.last_change(till)
    if not found:
        raise Conflict("nothing to undo: no change made on this till is left to undo")
    made = clock.from_stored(json.loads(found[0][1])["made"])
    events = [event for event, _ in found]
    if made.astimezone(clock.now().tzinfo).date() != clock.today():
        raise Conflict(
            f"nothing to undo today: the last change on this till was made on {made:%Y-%m-%d} "
            f"({events[0].detail}); undo goes back within the day only"
        )
    refused = [event for event in events if event.kind not in UNDOABLE]
    if refused:
        raise Conflict(f"the last change on this till cannot be undone: {refused[0].detail}")
    return LastChange(made, events)


def undo(store: Store, till: str) -> LastChange:
    """Put back the latest change made on ``till``, in one transaction; each complaint's history says so."""
    with store.transaction():
        change = last_change(store, till)
        store.undo_change(till, clock.now())
        touched = sorted({event.complaint_id for event in change.events})
        for customer_id in sorted({c.customer_id for c in store.complaints_by_id(touched).values()}):
            recount_repeats(store, customer_id)
        for complaint_id in touched:
            store.add_event(
                complaint_id,
                "undone",
                "Undone: " + "; ".join(event.detail for event in change.events if event.complaint_id == complaint_id),
            )
    return change
