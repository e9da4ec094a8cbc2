"""A complaint's life: logged at the counter, apologized for, judged, fixed, followed up, closed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from fixit import clock, dates
from fixit.domain import customers, promises
from fixit.domain.lookup import require_complaint
from fixit.domain.settings import load as load_settings
from fixit.domain.tags import clean_tags
from fixit.errors import Conflict, InputError, NotFound
from fixit.ids import label
from fixit.model import Cause, Channel, Complaint, ComplaintDetail, Customer, Outcome, Promise, Severity, Status
from fixit.storage import Store
from fixit.text import clean_name, clean_text, optional_text


@dataclass
class NewComplaint:
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


def log(store: Store, new: NewComplaint) -> Logged:
    """Record a complaint in one transaction; a customer's second complaint is an emergency."""
    checked = check(new)
    with store.transaction():
        logged = log_within(store, checked, clock.now())
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
    )


def log_within(store: Store, new: NewComplaint, at: datetime, allow_past_promise: bool = False) -> Logged:
    """Record a checked complaint logged ``at``, inside the caller's transaction (import logs many in one)."""
    match = customers.resolve(store, new.contact, new.customer_id)
    earlier = store.complaints_of_customer(match.customer.id)
    complaint_id = store.add_complaint(
        customer_id=match.customer.id, summary=new.summary, channel=new.channel, severity=new.severity,
        staff=new.staff, notes=new.notes, emergency=bool(earlier), logged_at=at,
        apologized_at=at if new.apologized else None,
    )
    store.add_event(complaint_id, "logged", f"Logged ({new.channel.value}): {new.summary}", at)
    if earlier:
        ids = ", ".join(label("complaint", c.id) for c in earlier)
        store.add_event(complaint_id, "emergency", f"Second complaint from this customer (earlier: {ids}): an emergency", at)
    if new.apologized:
        store.add_event(complaint_id, "apologized", "Apologized at once", at)
    if new.tags:
        store.add_tags(complaint_id, new.tags)
    promise = None
    if new.promise:
        by = new.promise_by or dates.parse_when("tomorrow", at.date())
        promise = store.promise(promises.add(store, complaint_id, new.promise, by, allow_past=allow_past_promise))
    return Logged(store.complaint(complaint_id), match.customer, match.matched_by, earlier, promise)


def apologize(store: Store, complaint_id: int, at: dates.When | None = None) -> Complaint:
    now = clock.now()
    moment = at.moment(now) if at else now
    if moment > now:
        raise InputError("an apology cannot be recorded in the future")
    with store.transaction():
        complaint = require_complaint(store, complaint_id)
        if complaint.apologized_at is not None:
            raise Conflict(f"complaint {label('complaint', complaint_id)} was already apologized for on "
                           f"{complaint.apologized_at:%Y-%m-%d %H:%M}")
        store.update_complaint(complaint_id, apologized_at=moment)
        late = moment - complaint.logged_at > timedelta(days=1)
        store.add_event(complaint_id, "apologized", "Apologized" + (" (late: more than a day after)" if late else ""), moment)
    return store.complaint(complaint_id)


def judge(store: Store, complaint_id: int, justified: bool, cause: Cause | None = None,
          explanation: str | None = None) -> Complaint:
    """Record the verdict; a cause only makes sense for a justified complaint, an explanation for an unjustified one."""
    if not justified and cause is not None:
        raise InputError("--cause is for justified complaints (a mistake of ours, or systemic)")
    if justified and explanation is not None:
        raise InputError("--explain is for unjustified complaints")
    explanation = optional_text(explanation, "the explanation")
    with store.transaction():
        require_complaint(store, complaint_id)
        verdict = "justified" if justified else "unjustified"
        store.update_complaint(complaint_id, verdict=verdict, cause=cause, explanation=explanation)
        detail = f"Judged {verdict}" + (f" ({cause.value})" if cause else "")
        store.add_event(complaint_id, "judged", detail)
    return store.complaint(complaint_id)


def fix(store: Store, complaint_id: int, what: str, followup: dates.When | None = None) -> Complaint:
    """Record what was done; the follow-up falls due `followup_days` later unless given."""
    what = clean_text(what, "what was done")
    today = clock.today()
    if followup is not None and followup.day < today:
        raise InputError("the follow-up date is in the past")
    with store.transaction():
        complaint = require_complaint(store, complaint_id)
        _require_not_closed(complaint, "fix")
        due = followup.day if followup else today + timedelta(days=load_settings(store).followup_days)
        store.update_complaint(complaint_id, status=Status.fixed, fix=what, fixed_at=clock.now(),
                               followup_due=due, followup_done_at=None)
        store.add_event(complaint_id, "fixed", f"Fixed: {what} (follow up by {due.isoformat()})")
    return store.complaint(complaint_id)


def followed_up(store: Store, complaint_id: int, note: str | None = None) -> Complaint:
    note = optional_text(note, "the note")
    with store.transaction():
        complaint = require_complaint(store, complaint_id)
        if complaint.followup_done_at is not None:
            raise Conflict(f"complaint {label('complaint', complaint_id)} was already followed up on "
                           f"{complaint.followup_done_at:%Y-%m-%d}")
        store.update_complaint(complaint_id, followup_done_at=clock.now())
        store.add_event(complaint_id, "followed-up", "Followed up" + (f": {note}" if note else ""))
    return store.complaint(complaint_id)


def close(store: Store, complaint_id: int, outcome: Outcome) -> tuple[Complaint, int]:
    """Close with an outcome; returns the complaint and how many of its promises are still open."""
    with store.transaction():
        complaint = require_complaint(store, complaint_id)
        _require_not_closed(complaint, "close")
        store.update_complaint(complaint_id, status=Status.closed, closed_at=clock.now(), outcome=outcome)
        store.add_event(complaint_id, "closed", f"Closed: {outcome.value}")
        still_open = sum(1 for p in store.promises_of(complaint_id) if p.kept_at is None)
    return store.complaint(complaint_id), still_open


def reopen(store: Store, complaint_id: int) -> Complaint:
    with store.transaction():
        complaint = require_complaint(store, complaint_id)
        if complaint.status != Status.closed.value:
            raise Conflict(f"complaint {label('complaint', complaint_id)} is not closed")
        store.update_complaint(complaint_id, status=Status.open, closed_at=None, outcome=None)
        store.add_event(complaint_id, "reopened", "Reopened")
    return store.complaint(complaint_id)


def _require_not_closed(complaint: Complaint, verb: str) -> None:
    if complaint.status == Status.closed.value:
        raise Conflict(f"complaint {label('complaint', complaint.id)} is closed; `fixit reopen {complaint.id}` "
                       f"before you {verb} it")


def detail(store: Store, complaint_id: int) -> ComplaintDetail:
    complaint = require_complaint(store, complaint_id)
    customer = store.customer(complaint.customer_id)
    others = [c for c in store.complaints_of_customer(customer.id) if c.id != complaint_id]
    return ComplaintDetail(
        complaint=complaint, customer=customer,
        promises=store.promises_of(complaint_id), amends=store.amends_of(complaint_id),
        events=store.events_of(complaint_id), earlier=others,
        changes=store.changes_of(complaint_id), letters=store.letters_of(complaint_id),
    )


def find(store: Store, *, open_only: bool = False, customer: str | None = None,
         since: datetime | None = None, channel: Channel | None = None,
         limit: int | None = None) -> list[Complaint]:
    """Complaints newest first; ``customer`` is a customer number or part of a name."""
    customer_id = name_part = None
    if customer is not None:
        wanted = customer.strip()
        if wanted.isdigit():
            customer_id = int(wanted)
            if store.customer(customer_id) is None:
                raise NotFound(f"no customer {wanted}")
        else:
            name_part = clean_name(wanted, "the customer")
    return store.list_complaints(open_only=open_only, customer_id=customer_id, name_part=name_part, since=since,
                                 channel=channel.value if channel else None, limit=limit)
