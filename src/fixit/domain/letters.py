"""Which letter a complaint needs, and recording one as sent."""

from __future__ import annotations

from dataclasses import dataclass

from fixit import clock
from fixit.domain.lookup import require_complaint
from fixit.errors import InputError
from fixit.ids import label
from fixit.model import Complaint, ComplaintDetail, Promise, Status
from fixit.storage import Store


def choose_kind(complaint: Complaint) -> str:
    """Unjustified -> explanation; fixed (or closed after a fix) -> followup; otherwise apology."""
    if complaint.verdict == "unjustified":
        return "explanation"
    if complaint.status == Status.fixed.value or (complaint.status == Status.closed.value and complaint.fix):
        return "followup"
    return "apology"


def kept_promise(detail: ComplaintDetail, promise_id: int | None) -> Promise:
    """The promise a promise-kept letter is about: the one named, or the last one kept."""
    kept = [p for p in detail.promises if p.kept_at is not None]
    if promise_id is not None:
        chosen = next((p for p in detail.promises if p.id == promise_id), None)
        if chosen is None:
            raise InputError(f"promise {label('promise', promise_id)} is not on complaint "
                             f"{label('complaint', detail.complaint.id)}")
        if chosen.kept_at is None:
            raise InputError(f"promise {label('promise', promise_id)} is not kept yet: `fixit keep` it first")
        return chosen
    if not kept:
        raise InputError(f"complaint {label('complaint', detail.complaint.id)} has no kept promise to write about")
    return max(kept, key=lambda p: (p.kept_at, p.id))


@dataclass
class Sent:
    """A letter to record as sent: on which complaint, which kind, the text as it went out."""

    complaint_id: int
    kind: str
    body: str
    change_id: int | None = None


def record(store: Store, letters: list[Sent]) -> None:
    """Keep the letters as sent, all in one transaction; a follow-up letter is the follow-up done."""
    with store.transaction():
        for letter in letters:
            complaint = require_complaint(store, letter.complaint_id)
            store.add_letter(complaint_id=letter.complaint_id, change_id=letter.change_id, kind=letter.kind,
                             sent_at=clock.now(), body=letter.body)
            store.add_event(letter.complaint_id, "letter", f"Letter sent: {letter.kind}")
            if letter.kind == "followup" and complaint.followup_done_at is None:
                store.update_complaint(letter.complaint_id, followup_done_at=clock.now())
