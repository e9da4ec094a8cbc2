"""Drafting a letter from the records: the right kind, its context, the rendered text."""

from __future__ import annotations

from fixit import clock
from fixit.domain import changes, complaints, letters
from fixit.domain.settings import load as load_settings
from fixit.errors import InputError
from fixit.ids import label
from fixit.letters.context import build
from fixit.letters.render import Draft, render
from fixit.model import ComplaintDetail
from fixit.storage import Store
from fixit.text import optional_text


def draft(store: Store, complaint_id: int, kind: str | None = None, *, promise_id: int | None = None,
          change_id: int | None = None, explanation: str | None = None,
          variant: str = "") -> tuple[Draft, ComplaintDetail]:
    """Render the letter for one complaint; the kind follows the complaint's state unless given."""
    detail = complaints.detail(store, complaint_id)
    kind = kind or letters.choose_kind(detail.complaint)
    explanation = optional_text(explanation, "the explanation")
    promise = letters.kept_promise(detail, promise_id) if kind == "promise-kept" else None
    change = _change_for(store, detail, change_id) if kind == "new-procedure" else None
    if kind == "explanation" and not (explanation or detail.complaint.explanation):
        raise InputError(f"an explanation letter needs the facts: --explain \"...\" (or `fixit judge "
                         f"{complaint_id} --unjustified --explain \"...\"`)")
    context = build(detail, load_settings(store), clock.today(), promise=promise, change=change,
                    explanation=explanation)
    return render(kind, context, variant), detail


def _change_for(store: Store, detail: ComplaintDetail, change_id: int | None):
    if change_id is not None:
        change = changes.require(store, change_id)
        if detail.complaint.id not in change.complaint_ids:
            raise InputError(f"process change {label('change', change_id)} is not linked to complaint "
                             f"{label('complaint', detail.complaint.id)}")
        return change
    if not detail.changes:
        raise InputError(f"complaint {label('complaint', detail.complaint.id)} has no process change: record one "
                         f"with `fixit change \"...\" --complaint {detail.complaint.id}`")
    return detail.changes[-1]
