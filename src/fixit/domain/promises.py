"""Promises: what we told a customer we would do, by when; kept, or overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fixit import clock, dates
from fixit.domain import checkins
from fixit.errors import Conflict, InputError
from fixit.ids import label
from fixit.model import Promise
from fixit.storage import Store
from fixit.text import clean_text, plural


def make(store: Store, complaint_id: int, what: str, by: dates.When) -> Promise:
    """Record a promise on a complaint (its own transaction)."""
    what = clean_text(what, "the promise")
    with store.transaction():
        store.get_complaint(complaint_id)
        promise_id = add(store, complaint_id, what, by)
    return store.get_promise(promise_id)


def add(store: Store, complaint_id: int, what: str, by: dates.When, amend_id: int | None = None,
        allow_past: bool = False) -> int:
    """Add a promise inside the caller's transaction (an import may bring promises already overdue)."""
    if not allow_past:
        check_due(by.day)
    promise_id = store.add_promise(
        complaint_id=complaint_id, what=what, due=by.day, due_time=by.at, made_at=clock.now(), amend_id=amend_id,
    )
    store.add_event(complaint_id, "promised",
                    f"{label('promise', promise_id)} promised: {what} (due {by.day.isoformat()})")
    return promise_id


def check_due(day: date) -> None:
    if day < clock.today():
        raise InputError(f"a promise cannot be due in the past ({day.isoformat()})")


@dataclass
class Kept:
    promise: Promise
    late_by_days: int


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
        late = max(0, (now.date() - promise.due).days)
        note = f" ({plural(late, 'day')} late)" if late else ""
        store.add_event(promise.complaint_id, "kept", f"{label('promise', promise_id)} kept: {promise.what}{note}")
    return Kept(store.get_promise(promise_id), late)
