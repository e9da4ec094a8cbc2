"""Promises: what we told a customer we would do, by when; kept, or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from fixit import clock, dates, rules
from fixit.dates import local
from fixit.domain import checkins, voice
from fixit.domain.acting import complaint_to_act_on
from fixit.errors import Conflict, InputError
from fixit.ids import label, pick
from fixit.model import Promise
from fixit.storage import Store
from fixit.text import clean_text, plural, shorten


def find(store: Store, text: str) -> Promise:
    """The promise ``text`` names: P3, or #3 for complaint #3's one open promise; a bare 3 only
    when that cannot mean both (``fixit.ids.pick``)."""

    def open_of(complaint_id: int) -> list[Promise]:
        store.get_complaint(complaint_id)
        return [p for p in store.promises_of(complaint_id) if p.kept_at is None]

    return pick(
        text,
        "promise",
        store.get_promise,
        open_of,
        lambda p: p.id,
        lambda p: f"of #{p.complaint_id}: {shorten(p.what, 30)}",
        "open promise",
    )


def make(store: Store, complaint_id: int, what: str, by: dates.When, tell: str | None = None) -> Promise:
    """Record a promise on a complaint (its own transaction); ``tell`` is how the customer heard it."""
    what = clean_text(what, "the promise")
    tell = voice.clean_tell(tell) if tell is not None else None
    with store.transaction():
        complaint_to_act_on(store, complaint_id, "make a promise on")
        promise_id = add(store, complaint_id, what, by, tell=tell)
    return store.get_promise(promise_id)


def add(
    store: Store,
    complaint_id: int,
    what: str,
    by: dates.When,
    amend_id: int | None = None,
    allow_past: bool = False,
    tell: str | None = None,
) -> int:
    """Add a promise inside the caller's transaction (an import may bring promises already overdue)."""
    if not allow_past:
        check_due(by.day)
    promise_id = store.add_promise(
        complaint_id=complaint_id,
        what=what,
        due=by.day,
        due_time=by.at,
        made_at=clock.now(),
        amend_id=amend_id,
        tell=tell,
    )
    store.add_event(
        complaint_id, "promised", f"{label('promise', promise_id)} promised: {what} (due {by.day.isoformat()})"
    )
    return promise_id


def check_due(day: date) -> None:
    if day < clock.today():
        raise InputError(f"a promise cannot be due in the past ({day.isoformat()})")


def deadline(promise: Promise) -> datetime:
    """When a promise falls due (``rules.deadline``), in this machine's zone."""
    return local(rules.deadline(promise.due, promise.due_time))


def kept_late(promise: Promise) -> bool:
    return promise.kept_at is not None and promise.kept_at > deadline(promise)


def overdue(promise: Promise, now: datetime) -> bool:
    return promise.kept_at is None and now > deadline(promise)


def lateness(promise: Promise) -> str:
    """'' for a promise kept in time; '(late)' later the same day; '(2 days late)'."""
    if not kept_late(promise) or promise.kept_at is None:
        return ""
    days = (promise.kept_at.date() - promise.due).days
    return f"({plural(days, 'day')} late)" if days > 0 else "(late)"


@dataclass
class Kept:
    promise: Promise
    late: str  # as lateness() says it


def keep(store: Store, promise_id: int) -> Kept:
    """Mark a promise kept; an amend waiting on it counts as handed over."""
    now = clock.now()
    with store.transaction():
        promise = store.get_promise(promise_id)
        if promise.kept_at is not None:
            raise Conflict(f"promise {label('promise', promise_id)} was already kept on {promise.kept_at:%Y-%m-%d}")
        store.mark_kept(promise_id, now)
        if promise.amend_id is not None:
            store.mark_handed_over(promise.amend_id, now)
            checkins.schedule(store, store.get_amend(promise.amend_id), now)
        kept = store.get_promise(promise_id)
        late = lateness(kept)
        store.add_event(
            promise.complaint_id,
            "kept",
            f"{label('promise', promise_id)} kept: {promise.what}" + (f" {late}" if late else ""),
        )
    return Kept(kept, late)


def retell(store: Store, promise_id: int, tell: str) -> Promise:
    """Set (or correct) what the customer was told a promise is ("" clears it: letters say the
    promise in its own words again); kept in the complaint's history."""
    told = voice.clean_tell(tell) if tell.strip() else None
    with store.transaction():
        promise = store.get_promise(promise_id)
        store.set_promise_tell(promise_id, told)
        before = f" (was: {promise.tell})" if promise.tell else ""
        said = f"as the customer was told it: {told}" if told else "as the customer was told it: cleared"
        store.add_event(promise.complaint_id, "edited", f"{label('promise', promise_id)} {said}{before}")
    return store.get_promise(promise_id)
