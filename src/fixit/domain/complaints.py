"""A complaint's life: logged at the counter, apologized for, judged, fixed, followed up, closed."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from fixit import clock, dates
from fixit.domain import customers, promises, voice
from fixit.domain.acting import complaint_to_act_on
from fixit.domain.settings import load as load_settings
from fixit.domain.tags import clean_tags
from fixit.errors import AlreadyVoid, ClosedComplaint, Conflict, InputError, NotFound
from fixit.ids import label
from fixit.model import (
    Cause,
    Channel,
    Column,
    Complaint,
    Customer,
    Outcome,
    Promise,
    Severity,
    Status,
    Verdict,
    columns_of,
)
from fixit.rules import apology_late
from fixit.storage import Store
from fixit.text import clean_name, clean_text, optional_text, ordinal


@dataclass(kw_only=True)
class NewComplaint:
    """A complaint to log, given by name. Each column declared ``given`` on ``fixit.model.Complaint``
    has a field here of the same name, checked by its column's check and written as it is logged."""

    contact: customers.Contact
    summary: str
    channel: Channel = Channel.counter
    severity: Severity = Severity.normal
    staff: str | None = None
    notes: str | None = None
    apologized: bool = False
    promise: str | None = None
    promise_by: dates.When | None = None
    customer_id: int | None = None
    tags: list[str] = field(default_factory=list)
    new_customer: bool = False  # someone new, even if their phone or email is on file for another
    about: str | None = None  # what it was about, as a letter names it ("your wedding cake")
    happened_on: date | None = None  # when it happened, if not today
    greet: str | None = None  # the name a letter greets the customer by
    tell: str | None = None  # the promise as the customer was told it
    location: str | None = None  # the shop location of the till that logs it
    went_wrong: str | None = None  # what went wrong, said to the customer as a clause
    careful: bool | None = None  # a careful apology set by hand (None: worked out from the words)
    channel_given: bool = False  # the channel was given (a default one is not a visit)
    ref: str | None = None  # the receipt or order number in the customer's hand
    harmed: str | None = None  # who was hurt or unwell ("your dog Paşa", "no one")


@dataclass
class Logged:
    complaint: Complaint
    customer: Customer
    matched_by: str | None
    earlier: list[Complaint] = field(default_factory=list)
    promise: Promise | None = None

    @property
    def emergency(self) -> bool:
        return bool(self.earlier)


def log(store: Store, new: NewComplaint, at: datetime | None = None) -> Logged:
    """Record a complaint in one transaction, logged ``at`` (now); a customer's second complaint is an
    emergency."""
    checked = check(new)
    with store.transaction():
        store.prepare_log(
            checked.contact.name,
            checked.contact.phone,
            checked.contact.email,
            None if checked.new_customer else checked.customer_id,
        )
        logged = log_within(store, checked, at or clock.now())
    return logged


def log_kept(
    store: Store, new: NewComplaint, logged_at: datetime, reference: str, unsure: bool = False
) -> Logged | None:
    """A complaint a till kept while the server was unreachable, logged as of when it was taken, in one
    transaction; None when its reference shows it already arrived (the till stopped before it could
    cross it off), or, ``unsure`` (the connection broke while `log` wrote it), when the complaint its
    `log` wrote is there: same moment, same words. Its history says it waited, and for how long."""
    with store.transaction():
        if store.complaint_with_event(logged_at, "kept", f"(ref {reference})") is not None:
            return None
        if unsure and store.complaint_with_event(logged_at, "logged", f"Logged ({new.channel}): {new.summary}"):
            return None
        logged = log_within(store, new, logged_at, allow_past_promise=True)
        store.add_event(
            logged.complaint.id,
            "kept",
            f"Kept on the till while the server was unreachable; "
            f"arrived {clock.now():%Y-%m-%d %H:%M} (ref {reference})",
        )
    return logged


def check(new: NewComplaint, allow_past_promise: bool = False) -> NewComplaint:
    """The complaint with its free text checked and trimmed (raises InputError), before any write."""
    if new.promise_by is not None and not allow_past_promise:
        promises.check_due(new.promise_by.day)
    return replace(
        new,
        summary=clean_text(new.summary, "what went wrong"),
        staff=clean_name(new.staff, "the staff name") if new.staff is not None else None,
        notes=optional_text(new.notes, "the notes"),
        promise=optional_text(new.promise, "the promise"),
        tags=clean_tags(new.tags),
        **_given_checked(new),
        greet=voice.clean_greet(new.greet) if new.greet is not None else None,
        tell=voice.clean_tell(new.tell) if new.tell is not None else None,
        happened_on=_check_happened(new.happened_on, clock.today()),
    )


@functools.cache
def _given_columns() -> tuple[Column, ...]:
    return tuple(column for column in columns_of(Complaint) if column.given)


@functools.cache
def _checks() -> dict[str, Callable[[Any], Any]]:
    """Each declared column's check, by name (fixit.domain.fields.DECLARED_CHECKS)."""
    from fixit.domain.fields import DECLARED_CHECKS

    return {column.name: DECLARED_CHECKS[column.check](column) for column in columns_of(Complaint)}


def _given_checked(new: NewComplaint) -> dict[str, Any]:
    """Each declared column the complaint brings as text, through its column's check."""
    return {
        column.name: _checks()[column.name](value)
        for column in _given_columns()
        if isinstance(value := getattr(new, column.name), str)
    }


def _check_happened(day: date | None, logged: date) -> date | None:
    if day is not None and day > logged:
        raise InputError(f"it cannot have happened after it was logged ({logged.isoformat()})")
    return day


def log_within(store: Store, new: NewComplaint, at: datetime, allow_past_promise: bool = False) -> Logged:
    """Record a checked complaint logged ``at``, inside the caller's transaction, and read it back."""
    recorded = record(store, new, at, allow_past_promise)
    complaint, promise, others = store.logged_back(recorded.complaint_id, recorded.promise_id)
    earlier = {c.id: c for c in others}
    return Logged(
        complaint, recorded.match.customer, recorded.match.matched_by, [earlier[i] for i in recorded.earlier], promise
    )


@dataclass
class Recorded:
    complaint_id: int
    match: customers.Match
    earlier: list[int]  # the customer's complaints before this one, oldest first
    promise_id: int | None

    @property
    def emergency(self) -> bool:
        return bool(self.earlier)


def record(store: Store, new: NewComplaint, at: datetime, allow_past_promise: bool = False) -> Recorded:
    """Write a checked complaint logged ``at`` inside the caller's transaction, reading nothing back
    (an import writes thousands in one)."""
    match = customers.resolve(store, new.contact, new.customer_id, new.new_customer)
    if new.greet is not None and new.greet != match.customer.greet:
        match = replace(match, customer=replace(match.customer, greet=new.greet))
        store.save_customer_details(match.customer)
    # a customer made just now has no complaints yet: one question fewer for a distant server
    earlier = store.complaint_ids_of_customer(match.customer.id) if match.matched_by is not None else []
    complaint_id = store.add_complaint(
        customer_id=match.customer.id,
        summary=new.summary,
        channel=new.channel,
        severity=new.severity,
        staff=new.staff,
        notes=new.notes,
        emergency=bool(earlier),
        logged_at=at,
        apologized_at=at if new.apologized else None,
        given={column.name: getattr(new, column.name) for column in _given_columns()},
    )
    store.add_event(complaint_id, "logged", f"Logged ({new.channel}): {new.summary}", at)
    if earlier:
        ids = ", ".join(label("complaint", i) for i in earlier)
        store.add_event(
            complaint_id,
            "emergency",
            f"{ordinal(len(earlier) + 1).capitalize()} complaint from this customer (earlier: {ids}): an emergency",
            at,
        )
    if new.apologized:
        store.add_event(complaint_id, "apologized", "Apologized at once", at)
    if new.tags:
        store.add_tags(complaint_id, new.tags)
    promise_id = None
    if new.promise:
        by = new.promise_by or dates.parse_when("tomorrow", at.date())
        promise_id = promises.add(store, complaint_id, new.promise, by, allow_past=allow_past_promise, tell=new.tell)
    return Recorded(complaint_id, match, earlier, promise_id)


def by_ref(store: Store, ref: str) -> int:
    """The one complaint with this receipt or order number (InputError when none or several have it)."""
    wanted = _checks()["ref"](ref)
    found = store.complaints_with("ref", wanted)
    if not found:
        raise NotFound(f"no complaint has the receipt number {wanted!r}")
    if len(found) > 1:
        shown = ", ".join(label("complaint", i) for i in found)
        raise InputError(f"{len(found)} complaints have the receipt number {wanted!r} ({shown}): give its number")
    return found[0]


def apologize(store: Store, complaint_id: int, at: dates.When | None = None) -> Complaint:
    now = clock.now()
    moment = at.moment(now) if at else now
    if moment > now:
        raise InputError("an apology cannot be recorded in the future")
    with store.transaction():
        complaint = complaint_to_act_on(store, complaint_id, "apologize for")
        if moment < complaint.logged_at:
            raise InputError(f"that is before the complaint was logged ({complaint.logged_at:%Y-%m-%d %H:%M})")
        if complaint.apologized_at is not None:
            raise Conflict(
                f"complaint {label('complaint', complaint_id)} was already apologized for on "
                f"{complaint.apologized_at:%Y-%m-%d %H:%M}"
            )
        store.mark_apologized(complaint_id, moment)
        late = apology_late(complaint.logged_at, moment)
        store.add_event(
            complaint_id, "apologized", "Apologized" + (" (late: more than a day after)" if late else ""), moment
        )
    return store.get_complaint(complaint_id)


def judge_justified(store: Store, complaint_id: int, cause: Cause | None = None, found: str | None = None) -> Complaint:
    """The customer was right: a one-off mistake of ours, or something systemic (or not yet known);
    ``found`` is what we examined and found, for the follow-up and new-procedure letters."""
    return _judge(store, complaint_id, Verdict.justified, cause, None, found)


def judge_unjustified(
    store: Store, complaint_id: int, explanation: str | None = None, found: str | None = None
) -> Complaint:
    """The customer was not right; ``explanation`` is what actually happened, for the letter."""
    return _judge(store, complaint_id, Verdict.unjustified, None, optional_text(explanation, "the explanation"), found)


def _judge(
    store: Store,
    complaint_id: int,
    verdict: Verdict,
    cause: Cause | None,
    explanation: str | None,
    found: str | None = None,
) -> Complaint:
    finding = voice.clean_found(found) if found is not None else None
    with store.transaction():
        complaint = complaint_to_act_on(store, complaint_id, "judge")
        store.record_verdict(complaint_id, verdict, cause, explanation)
        store.add_event(complaint_id, "judged", f"Judged {verdict}" + (f" ({cause})" if cause else ""))
        if finding is not None and finding != complaint.found:
            store.correct_complaint(replace(store.get_complaint(complaint_id), found=finding))
            store.add_event(complaint_id, "edited", f"Found: {finding}")
    return store.get_complaint(complaint_id)


def fix(store: Store, complaint_id: int, what: str, followup: dates.When | None = None) -> Complaint:
    """Record what was done; the follow-up falls due `followup_days` later unless given."""
    what = clean_text(what, "what was done")
    today = clock.today()
    if followup is not None and followup.day < today:
        raise InputError("the follow-up date is in the past")
    with store.transaction():
        _require_not_closed(complaint_to_act_on(store, complaint_id, "fix"), "fix")
        due = followup.day if followup else today + timedelta(days=load_settings(store).followup_days)
        store.mark_fixed(complaint_id, what, clock.now(), due)
        store.add_event(complaint_id, "fixed", f"Fixed: {what} (follow up by {due.isoformat()})")
    return store.get_complaint(complaint_id)


def followed_up(store: Store, complaint_id: int, note: str | None = None) -> Complaint:
    note = optional_text(note, "the note")
    with store.transaction():
        complaint = complaint_to_act_on(store, complaint_id, "follow up")
        if complaint.followup_done_at is not None:
            raise Conflict(
                f"complaint {label('complaint', complaint_id)} was already followed up on "
                f"{complaint.followup_done_at:%Y-%m-%d}"
            )
        store.mark_followed_up(complaint_id, clock.now())
        store.add_event(complaint_id, "followed-up", "Followed up" + (f": {note}" if note else ""))
    return store.get_complaint(complaint_id)


def close(store: Store, complaint_id: int, outcome: Outcome) -> tuple[Complaint, int]:
    """Close with an outcome; returns the complaint and how many of its promises are still open."""
    with store.transaction():
        _require_not_closed(complaint_to_act_on(store, complaint_id, "close"), "close")
        store.close_complaint(complaint_id, clock.now(), outcome)
        store.add_event(complaint_id, "closed", f"Closed: {outcome}")
        still_open = sum(1 for p in store.promises_of(complaint_id) if p.kept_at is None)
    return store.get_complaint(complaint_id), still_open


def reopen(store: Store, complaint_id: int) -> Complaint:
    with store.transaction():
        complaint = complaint_to_act_on(store, complaint_id, "reopen")
        if complaint.status is not Status.closed:
            raise Conflict(f"complaint {label('complaint', complaint_id)} is not closed")
        store.reopen_complaint(complaint_id)
        store.add_event(complaint_id, "reopened", "Reopened")
    return store.get_complaint(complaint_id)


def _require_not_closed(complaint: Complaint, verb: str) -> None:
    if complaint.status is Status.closed:
        raise ClosedComplaint(complaint.id, verb)


@dataclass(kw_only=True)
class ComplaintCorrections:
    """What `fixit edit` changes: None leaves a field as it is; "" clears 'about' and 'happened'. Each
    column declared ``edited`` on ``fixit.model.Complaint`` has a field here of the same name; given
    as text, it is checked by its column's check ("" clears it)."""

    summary: str | None = None
    channel: Channel | None = None
    severity: Severity | None = None
    customer_id: int | None = None
    about: str | None = None
    happened_on: date | None = None
    clear_happened: bool = False
    went_wrong: str | None = None  # the words letters say; "" clears each
    found: str | None = None
    we_did: str | None = None
    careful: bool | None = None  # True / False: set by hand
    channel_given: bool = False  # set with the channel when it is corrected
    ref: str | None = None  # the receipt or order number ("" clears it)
    harmed: str | None = None  # who was hurt or unwell, as a careful letter names them ("" clears it)

    def __bool__(self) -> bool:
        return self.careful is not None or any(value not in (None, False) for value in vars(self).values())


def correct(store: Store, complaint_id: int, fix: ComplaintCorrections) -> Complaint:
    """Correct what was taken down; each change is a line in the complaint's history. Moving a
    complaint to another customer makes it an emergency if that customer complained before."""
    summary = clean_text(fix.summary, "what went wrong") if fix.summary is not None else None
    about = (voice.clean_about(fix.about) if fix.about.strip() else "") if fix.about is not None else None
    words = {
        column.name: _checks()[column.name](value) if value.strip() else ""
        for column in columns_of(Complaint)
        if column.edited and isinstance(value := getattr(fix, column.name), str)
    }
    with store.transaction():
        old = store.get_complaint(complaint_id)
        happened = None if fix.clear_happened else _check_happened(fix.happened_on, old.logged_at.date())
        new = replace(old)
        changes: list[str] = []

        def change(field: str, words: str, value: object) -> None:
            before = getattr(old, field)
            if value != before:
                setattr(new, field, value)
                changes.append(f"{words}: {_shown(value)} (was: {_shown(before)})")

        if summary is not None:
            change("summary", "summary", summary)
        if fix.channel is not None:
            change("channel", "channel", fix.channel)
            new.channel_given = True
        if fix.severity is not None:
            change("severity", "severity", fix.severity)
        if about is not None:
            change("about", "about", about or None)
        if fix.happened_on is not None or fix.clear_happened:
            change("happened_on", "happened", happened)
        for name, value in words.items():
            change(name, name.replace("_", " "), value or None)
        if fix.careful is not None:
            change("careful", "careful", fix.careful)
        if fix.customer_id is not None and fix.customer_id != old.customer_id:
            customer = store.get_customer(fix.customer_id)
            earlier = any(
                c.logged_at <= old.logged_at and c.id != complaint_id and c.voided_at is None
                for c in store.complaints_of_customer(customer.id)
            )
            new.customer_id, new.emergency = customer.id, earlier
            changes.append(f"customer: {customer.id} {customer.name} (was: {old.customer_id} {old.customer_name})")
        if not changes and new.channel_given == old.channel_given:
            return old
        store.correct_complaint(new)
        for line in changes:
            store.add_event(complaint_id, "edited", f"Corrected {line}")
    return store.get_complaint(complaint_id)


def _shown(value: object) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, date) else str(value)


def void(store: Store, complaint_id: int, why: str) -> Complaint:
    """Mark a complaint entered in error (logged twice, the wrong shop): it is kept, with when and
    why, but leaves the agenda, the report and the customer's repeat count (`fixit list --void`)."""
    reason = clean_text(why, "the reason", 500)
    with store.transaction():
        complaint = store.get_complaint(complaint_id)
        if complaint.voided_at is not None:
            raise AlreadyVoid(
                f"complaint {label('complaint', complaint_id)} is already void ({complaint.void_reason})", complaint_id
            )
        store.void_complaint(complaint_id, clock.now(), reason)
        store.add_event(complaint_id, "voided", f"Void: entered in error ({reason})")
        recount_repeats(store, complaint.customer_id)
    return store.get_complaint(complaint_id)


def unvoid(store: Store, complaint_id: int) -> Complaint:
    """Put a complaint marked void back: on the agenda, in the report and the repeat counts again."""
    with store.transaction():
        complaint = store.get_complaint(complaint_id)
        if complaint.voided_at is None:
            raise Conflict(f"complaint {label('complaint', complaint_id)} is not void")
        store.unvoid_complaint(complaint_id)
        store.add_event(complaint_id, "unvoided", f"No longer void (was: {complaint.void_reason})")
        recount_repeats(store, complaint.customer_id)
    return store.get_complaint(complaint_id)


def recount_repeats(store: Store, customer_id: int) -> None:
    """A complaint is an emergency when the customer complained before it; complaints entered in
    error do not count."""
    seen = False
    for complaint in store.complaints_of_customer(customer_id):
        if complaint.voided_at is not None:
            continue
        if complaint.emergency != seen:
            store.set_emergency(complaint.id, seen)
        seen = True
