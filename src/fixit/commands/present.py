"""Turning domain records into the short phrases the terminal shows. No I/O here."""

from datetime import date, datetime

from fixit import dates
from fixit.ids import label
from fixit.model import Amend, Complaint, Promise, Status
from fixit.text import phone_key, shorten


def complaint_line(complaint: Complaint) -> str:
    return f'{label("complaint", complaint.id)} {customer_shown(complaint)}: "{shorten(complaint.summary, 50)}"'


def customer_shown(complaint: Complaint) -> str:
    """The complaint's customer by name, and, when another customer has the same name, what tells
    them apart: the last digits of their phone, else their email, else their number."""
    return told_apart(
        complaint.customer_name or f"customer {complaint.customer_id}",
        complaint.namesake_contact,
        complaint.customer_id,
    )


def told_apart(name: str, namesake_contact: str | None, customer_id: int) -> str:
    if namesake_contact is None:
        return name
    digits = phone_key(namesake_contact) if "@" not in namesake_contact else ""
    if digits:
        return f"{name} (…{digits[-4:]})"
    return f"{name} ({namesake_contact or f'customer {customer_id}'})"


def status_word(complaint: Complaint) -> str:
    if complaint.status is Status.closed:
        return f"closed ({complaint.outcome})"
    return str(complaint.status)


def verdict_words(complaint: Complaint) -> str:
    if complaint.verdict is None:
        return "not yet judged"
    return str(complaint.verdict) + (f", {complaint.cause}" if complaint.cause else "")


def promise_state(promise: Promise, now: datetime) -> str:
    from fixit.domain.promises import lateness, overdue

    if promise.kept_at is not None:
        late = lateness(promise)
        return f"kept {promise.kept_at:%Y-%m-%d}" + (f" {late}" if late else "")
    if overdue(promise, now):
        return f"OVERDUE since {due_words(promise)}"
    return f"due {dates.relative(promise.due, now.date())}"


def due_words(promise: Promise) -> str:
    when = dates.written(promise.due)
    return f"{when} {promise.due_time:%H:%M}" if promise.due_time else when


def amend_state(amend: Amend, today: date) -> str:
    if amend.redeemed_at is not None:
        return f"redeemed {amend.redeemed_at:%Y-%m-%d}"
    if amend.expires is not None and amend.expires < today:
        return f"expired {amend.expires.isoformat()}"
    approved = f" (approved by {amend.approved_by})" if amend.approved_by else ""
    if amend.checkin_done_at is not None:
        return ("handed over; check-in: " + ("working" if amend.checkin_ok else "NOT working")) + approved
    if amend.checkin_due is not None:
        return f"handed over; check-in due {amend.checkin_due.isoformat()}" + approved
    if amend.given_at is not None:
        return "handed over" + (f", expires {amend.expires.isoformat()}" if amend.expires else "") + approved
    return "promised, not yet handed over" + approved
