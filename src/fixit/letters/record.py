"""Keeping a letter as sent: its text as it went out, on the complaint's timeline."""

from __future__ import annotations

from dataclasses import dataclass

from fixit import clock
from fixit.model import LetterKind, Via
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
    """Keep the letters as sent, all in one transaction; a follow-up letter is the follow-up done."""
    with store.transaction():
        for letter in letters:
            complaint = store.get_complaint(letter.complaint_id)
            store.add_letter(complaint_id=letter.complaint_id, change_id=letter.change_id, kind=letter.kind,
                             sent_at=clock.now(), body=letter.body, via=letter.via, message_id=letter.message_id)
            how = {Via.email: f" by email ({letter.message_id})", Via.sms: " by text message"}.get(letter.via, "")
            store.add_event(letter.complaint_id, "letter", f"Letter sent: {letter.kind}{how}")
            store.forget_unsent(letter.complaint_id, letter.kind)
            if letter.kind is LetterKind.followup and complaint.followup_done_at is None:
                store.mark_followed_up(letter.complaint_id, clock.now())
