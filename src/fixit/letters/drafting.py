"""Drafting letters from the records: which complaints a request covers, the right kind for
each, its context, the rendered text."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fixit import clock
from fixit.domain import reading
from fixit.domain.acting import refuse_if_void
from fixit.domain.amends import discount_note_said
from fixit.domain.settings import Settings
from fixit.domain.settings import load as load_settings
from fixit.errors import InputError, MissingExplanation, NoProcessChange, PromiseNotKept
from fixit.ids import label
from fixit.letters import asking, checker, phrasing, sms
from fixit.letters.context import Advice, build
from fixit.letters.render import SMS, Draft, render
from fixit.model import Amend, AmendKind, Change, Complaint, ComplaintDetail, LetterKind, Promise, Status, Verdict
from fixit.storage import Store
from fixit.text import optional_text


@dataclass
class Request:
    """Which letters to draft: one complaint's, or a process change's for every complaint linked to it."""

    complaint_id: int | None
    kind: LetterKind | None = None
    change_id: int | None = None

    def covers(self, store: Store) -> dict[int, list[int]]:
        """Each complaint a letter is drafted for, with every complaint that one letter answers. A
        process change writes one letter per customer (however many of their complaints it is
        linked to): for their most recent linked complaint, answering them all."""
        if self.complaint_id is not None:
            return {self.complaint_id: [self.complaint_id]}
        if self.change_id is None:
            raise InputError("a letter is for a complaint, or for the complaints a process change answers")
        if self.kind not in (None, LetterKind.new_procedure):
            raise InputError("a process change's letters are new-procedure letters")
        linked = store.complaints_by_id(store.get_change(self.change_id).complaint_ids)
        by_customer: dict[int, list[Complaint]] = {}
        for complaint in linked.values():
            if complaint.voided_at is None:  # none to one entered in error
                by_customer.setdefault(complaint.customer_id, []).append(complaint)
        covers = {}
        for theirs in by_customer.values():
            latest = max(theirs, key=lambda c: (c.logged_at, c.id))
            covers[latest.id] = sorted(c.id for c in theirs)
        return dict(sorted(covers.items()))

    @property
    def chosen_kind(self) -> LetterKind | None:
        """The kind asked for; a process change alone asks for new-procedure letters."""
        if self.kind is None and self.change_id is not None:
            return LetterKind.new_procedure
        return self.kind


def choose_kind(complaint: Complaint) -> LetterKind:
    """Unjustified -> explanation; fixed (or closed after a fix) -> followup; otherwise apology."""
    if complaint.verdict is Verdict.unjustified:
        return LetterKind.explanation
    if complaint.status is Status.fixed or (complaint.status is Status.closed and complaint.fix):
        return LetterKind.followup
    return LetterKind.apology


def kept_promise(detail: ComplaintDetail, promise_id: int | None) -> Promise:
    """The promise a promise-kept letter is about: the one named, or the last one kept."""
    kept = [p for p in detail.promises if p.kept_at is not None]
    if promise_id is not None:
        chosen = next((p for p in detail.promises if p.id == promise_id), None)
        if chosen is None:
            raise InputError(
                f"promise {label('promise', promise_id)} is not on complaint {label('complaint', detail.complaint.id)}"
            )
        if chosen.kept_at is None:
            raise PromiseNotKept(promise_id)
        return chosen
    if not kept:
        raise InputError(f"complaint {label('complaint', detail.complaint.id)} has no kept promise to write about")
    return max(kept, key=lambda p: (p.kept_at or clock.now(), p.id))


Ask = Callable[[asking.Missing], str]


def draft(
    store: Store,
    complaint_id: int,
    kind: LetterKind | None = None,
    *,
    promise_id: int | None = None,
    change_id: int | None = None,
    explanation: str | None = None,
    variant: str = "",
    ask: Ask | None = None,
) -> tuple[Draft, ComplaintDetail]:
    """Render the letter for one complaint; the kind follows the complaint's state unless given.

    What the letter needs and the record does not hold (``asking.missing``) is asked with ``ask``
    (one question each, the answer saved on the record) when given; otherwise each required piece
    is a draft checker problem naming the command that supplies it."""
    detail = reading.detail(store, complaint_id)
    refuse_if_void(detail.complaint, "write a letter about")
    kind = kind or choose_kind(detail.complaint)
    explanation = optional_text(explanation, "the explanation")
    if kind is LetterKind.explanation and not (explanation or detail.complaint.explanation):
        raise MissingExplanation(complaint_id)
    settings = load_settings(store)
    if ask is not None:
        answered = False
        for piece in asking.missing(detail, kind, settings):
            if piece.question is not None:
                answer = ask(piece)
                asking.save(store, detail, piece, answer)
                answered = answered or bool(answer.strip())
        if answered:
            detail = reading.detail(store, complaint_id)
    missing = asking.missing(detail, kind, settings)
    promise = kept_promise(detail, promise_id) if kind is LetterKind.promise_kept else None
    change = _change_for(store, detail, change_id) if kind is LetterKind.new_procedure else None
    advice: list[Advice] = []
    context = build(
        detail, settings, clock.today(), promise=promise, change=change, explanation=explanation, advice=advice
    )
    if kind is LetterKind.followup and not context["complaint"]["fixed"]:
        advice.append(
            Advice(
                f"complaint {label('complaint', complaint_id)} has no fix recorded, so the follow-up "
                "says it is still being put right",
                f'fixit fix {complaint_id} "what was done"',
            )
        )
    rendered = render(kind, context, variant)
    if variant == SMS:
        rendered = _brief_if_too_long(kind, context, rendered, name_kept(detail))
    # advice about a field only some letters say rides along only with a letter that says it
    rendered.advice = [a for a in advice if a.uses is None or rendered.uses(context[a.uses[0]], a.uses[1])]
    rendered.problems = [
        checker.Problem(f"the letter needs {piece.what}", piece.command) for piece in missing if piece.required
    ]
    rendered.problems += checker.problems(
        rendered,
        text_message=variant == SMS,
        facts=facts_of(detail, settings),
        fields=rendered_fields(customer_fields(context), rendered.subject + "\n" + rendered.body),
    )
    rendered.problems += unfit_notes(detail, lambda a: amend_said(rendered, context, detail, a))
    return rendered, detail


def amend_said(draft: Draft, context: dict[str, Any], detail: ComplaintDetail, amend: Amend) -> bool:
    """Whether the letter's text says ``amend``: it read the amend as offered, or its promise (to
    come or kept), or it says what was done for the customer and the amend is done."""
    number = label("amend", amend.id)
    promises = {label("promise", p.id) for p in detail.promises if p.amend_id == amend.id}
    told = context["promises"]["open"] + context["promises"]["kept"] + [context["promise"] or {}]
    if any(a["number"] == number and draft.uses(a) for a in context["amends"]):
        return True
    if any(p.get("number") in promises and draft.uses(p) for p in told):
        return True
    done = amend.given_at is not None or any(p.amend_id == amend.id and p.kept_at for p in detail.promises)
    return done and draft.uses(None, "done")


def name_kept(detail: ComplaintDetail) -> str:
    """The customer's name and greeting: letters a text message never respells."""
    return " ".join((detail.customer.name, detail.customer.greet or ""))


def _brief_if_too_long(kind: LetterKind, context: dict[str, Any], rendered: Draft, keep: str) -> Draft:
    """A text message too long to go (often only because the customer's name needs Unicode), said
    briefer: first without its optional sentences (the template's ``brief``), then signed with the
    business's name alone. The first that fits is taken; if none does, the message as written is
    refused when it is fitted, naming its length."""
    if sms.fits(rendered.body.strip(), keep):
        return rendered
    business = context["business"]
    shorter: list[dict[str, Any]] = [{"brief": True}]
    if business["name"] and business["sign_off"] != business["name"]:
        shorter.append({"brief": True, "business": {**business, "sign_off": business["name"]}})
    for change in shorter:
        brief = render(kind, {**context, **change}, SMS)
        if sms.fits(brief.body.strip(), keep):
            return brief
    return rendered


def customer_fields(context: dict[str, Any]) -> dict[str, str]:
    """Every field the customer reads that was typed by someone at the shop, as the letter says it,
    for the checker to read on its own (a pronoun about the customer hides well in a letter)."""
    c = context["complaint"]
    fields = {
        "what went wrong": c["went_wrong"],
        "what we found": c["found"],
        "the fix": c["we_did"],
        "the explanation": c["explanation"],
        "what it was about": c["about"],
    }
    for p in (
        context["promises"]["open"]
        + context["promises"]["kept"]
        + ([context["promise"]] if context.get("promise") else [])
    ):
        if p["will"]:
            fields[f"promise {p['number']}"] = "we will " + p["will"]
    for a in context["amends"]:
        fields[f"the {a['kind']}"] = a["given"] or a["description"]
    for ch in context["changes"] + ([context["change"]] if context.get("change") else []):
        fields[f"change {ch['number']}"] = ch["description"]
    return {name: text for name, text in fields.items() if text}


def rendered_fields(fields: dict[str, str], text: str) -> dict[str, str]:
    """The fields this letter says: one it leaves out (a promise kept long ago, in a letter that
    does not mention it) is no problem of this letter's. A field counts as said when its opening
    words, after "we will", are in the letter."""

    def words(s: str) -> list[str]:
        return re.findall(r"[\w'’£$€.,]+", s.lower())

    said = " ".join(words(text))
    kept = {}
    for name, field in fields.items():
        opening = words(re.sub(r"^we\s+will\s+", "", field.strip(), flags=re.I))[:4]
        if opening and " ".join(opening).rstrip(".,") in said:
            kept[name] = field
    return kept


def unfit_notes(detail: ComplaintDetail, said: Callable[[Amend], bool] = lambda a: True) -> list[checker.Problem]:
    """An amend's note that does not read as the thing given ("French-polish the lid") is left out of
    the letter's fixed sentence; say it in the customer's words on its promise (--tell). Only an
    amend the letter ``said`` is a problem of this letter's."""
    told = {p.amend_id: p for p in detail.promises if p.amend_id is not None}
    found = []
    for a in detail.amends:
        promise = told.get(a.id)
        if not said(a) or (promise is not None and promise.tell) or phrasing.bill_paid(a) is not None:
            continue
        if not a.note and a.kind is AmendKind.other:
            # "we would like you to have something to make it right" says nothing the customer can hold
            found.append(
                checker.Problem(
                    "the other amend has no note, so the letter says only that we did what we agreed; "
                    + (
                        "say what you will do, finishing \u201cWe will ...\u201d"
                        if promise is not None
                        else "name the thing given (\u201ctwo return tickets to Edinburgh\u201d)"
                    ),
                    f'fixit edit {label("promise", promise.id)} --tell "..."'
                    if promise is not None
                    else f'fixit edit {label("amend", a.id)} --note "..."',
                )
            )
            continue
        if not a.note or phrasing.note_fits(a.note) or discount_note_said(a):
            continue
        fix = (
            f'fixit edit {label("promise", promise.id)} --tell "..."'
            if promise is not None
            else f'fixit edit {label("amend", a.id)} --note "..."'
        )
        found.append(
            checker.Problem(
                f"the {a.kind} note is not a thing the letter can give, so the letter "
                f"leaves it out: {a.note!r}; "
                + (
                    "say what you will do, finishing \u201cWe will ...\u201d"
                    if promise is not None
                    else "name the thing given (\u201ctwo return tickets to Edinburgh\u201d)"
                ),
                fix,
            )
        )
    return found


def facts_of(detail: ComplaintDetail, settings: Settings) -> checker.Facts:
    return checker.Facts(
        detail.complaint.id,
        detail.customer.id,
        detail.customer.name,
        settings.signer or None,
        settings.values["business_name"] or None,
    )


def _change_for(store: Store, detail: ComplaintDetail, change_id: int | None) -> Change:
    if change_id is not None:
        change = store.get_change(change_id)
        if detail.complaint.id not in change.complaint_ids:
            raise InputError(
                f"process change {label('change', change_id)} is not linked to complaint "
                f"{label('complaint', detail.complaint.id)}"
            )
        return change
    if not detail.changes:
        raise NoProcessChange(detail.complaint.id)
    return detail.changes[-1]
