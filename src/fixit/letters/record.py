"""Keeping a letter as sent: its text as it went out, on the complaint's timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fixit import clock
from fixit.model import Complaint, LetterKind, Via
from fixit.rules import apology_late
from fixit.storage import Store


@dataclass
class Sent:
    """A letter to record as sent: on which complaint, which kind, the text as it went out, and,
    when fixit sent it, how and under which Message-ID."""

    complaint_id: int
    kind: LetterKind
    body: str
    change_id: int | None = None
    via: Via = Via.recorded
    message_id: str | None = None


def record(store: Store, letters: list[Sent]) -> None:
    """Keep the letters as sent, all in one transaction, each doing what its kind does (``_done_by``)."""
    with store.transaction():
        for letter in letters:
            complaint = store.get_complaint(letter.complaint_id)
            now = clock.now()
            store.add_letter(
                complaint_id=letter.complaint_id,
                change_id=letter.change_id,
                kind=letter.kind,
                sent_at=now,
                body=letter.body,
                via=letter.via,
                message_id=letter.message_id,
            )
            how = {Via.email: f" by email ({letter.message_id})", Via.sms: " by text message"}.get(letter.via, "")
            store.add_event(letter.complaint_id, "letter", f"Letter sent: {letter.kind}{how}")
            store.forget_unsent(letter.complaint_id, letter.kind)
            _done_by(store, letter.kind, complaint, now)


def _done_by(store: Store, kind: LetterKind, complaint: Complaint, now: datetime) -> None:
    """The one rule of what a letter sent is, besides a letter: an apology letter is the apology
    (when none was made yet), a follow-up letter is the follow-up done. Every way a letter is
    kept (recorded by hand, sent by email or text) comes through here."""
    if kind is LetterKind.apology and complaint.apologized_at is None:
        store.mark_apologized(complaint.id, now)
        late = apology_late(complaint.logged_at, now)
        store.add_event(
            complaint.id, "apologized", "Apologized by letter" + (" (late: more than a day after)" if late else ""), now
        )
    if kind is LetterKind.followup and complaint.followup_done_at is None:
        store.mark_followed_up(complaint.id, now)
