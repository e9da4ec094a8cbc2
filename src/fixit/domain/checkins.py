"""Check-ins: after a replacement or a redo, ask whether the new one works. A "no" reopens the complaint."""

from __future__ import annotations

from datetime import datetime, timedelta

from fixit import clock
from fixit.domain.settings import load as load_settings
from fixit.errors import Conflict
from fixit.ids import label
from fixit.model import Amend, AmendKind, Complaint, Status
from fixit.storage import Store
from fixit.text import optional_text

NEEDS_CHECKIN = {AmendKind.replacement, AmendKind.redo}


def schedule(store: Store, amend: Amend, handed_over: datetime) -> None:
    """Inside the caller's transaction: a replacement or redo handed over gets a check-in date."""
    if amend.kind in NEEDS_CHECKIN and amend.checkin_due is None:
        due = handed_over.date() + timedelta(days=load_settings(store).checkin_days)
        store.schedule_checkin(amend.id, due)


def record(store: Store, complaint_id: int, ok: bool, note: str | None = None) -> Complaint:
    note = optional_text(note, "the note")
    with store.transaction():
        complaint = store.get_complaint(complaint_id)
        pending = [a for a in store.amends_of(complaint_id) if a.checkin_due is not None and a.checkin_done_at is None]
        if not pending:
            raise Conflict(
                f"no check-in is waiting on complaint {label('complaint', complaint_id)} "
                "(one is set when a replacement or redo is handed over)"
            )
        for amend in pending:
            store.record_checkin(amend.id, clock.now(), ok)
        answer = "working" if ok else "not working"
        store.add_event(complaint_id, "checked-in", f"Check-in: {answer}" + (f" ({note})" if note else ""))
        if not ok and complaint.status is not Status.open:
            store.reopen_complaint(complaint_id)
            store.add_event(complaint_id, "reopened", "Reopened: the replacement or redo did not work")
    return store.get_complaint(complaint_id)
