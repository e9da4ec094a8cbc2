"""The complaint an action is on: it exists, and it was not entered in error. A complaint marked
void (logged twice, the wrong shop) takes no apology, verdict, fix, promise, amend or letter until
`fixit unvoid` puts it back: one rule for every action, here."""

from __future__ import annotations

from fixit.errors import VoidComplaint
from fixit.model import Complaint
from fixit.storage import Store


def complaint_to_act_on(store: Store, complaint_id: int, verb: str) -> Complaint:
    """The complaint, or VoidComplaint naming what it refused (``verb``: "apologize for", "fix")."""
    complaint = store.get_complaint(complaint_id)
    refuse_if_void(complaint, verb)
    return complaint


def refuse_if_void(complaint: Complaint, verb: str) -> None:
    if complaint.voided_at is not None:
        raise VoidComplaint(complaint.id, complaint.void_reason, verb)
