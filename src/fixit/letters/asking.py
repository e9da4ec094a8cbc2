"""Ask, don't guess: what a letter needs that the record does not hold.

Each missing piece is one short question with the guess pre-filled (when there is a guess worth
offering) and the command that supplies it. `fixit letter` on a terminal asks them and saves each
answer on the record, so every later letter uses it; piped, or with --send / --yes, each is a draft
checker problem naming that command, and --send refuses. A name to greet is the one piece a letter
can do without: it greets with no name ("Hello,") and says so.

The pieces: the shop itself (`fixit init`: a name and who signs), the greeting, what went wrong
said to the customer (a clause, for an apology), what we told them (each open promise), the
finding (a follow-up for a systemic cause; a new-procedure letter says it when there is one), and
the fix said to the customer (a follow-up).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixit.domain import complaints, customers, promises
from fixit.domain.settings import Settings
from fixit.errors import InputError
from fixit.ids import label
from fixit.letters import phrasing
from fixit.letters.context import careful_of, harmed_of, nobody_harmed, same_as_amend, unsure_of
from fixit.model import Cause, ComplaintDetail, LetterKind, Status
from fixit.storage import Store

# The pieces, in the order they are asked.
INIT, GREETING, CAREFUL, HARMED, WENT_WRONG, TELL, FOUND, WE_DID = (
    "init",
    "greeting",
    "careful",
    "harmed",
    "went_wrong",
    "tell",
    "found",
    "we_did",
)
_YES, _NO = {"y", "yes"}, {"n", "no"}


@dataclass(frozen=True)
class Missing:
    """One piece a letter needs: what it is, the question (None: it cannot be answered here),
    the guess to pre-fill, and the command that supplies it."""

    piece: str
    what: str
    question: str | None
    guess: str
    command: str
    promise_id: int | None = None

    @property
    def required(self) -> bool:
        """A letter without it is not sent; a letter without a greeting greets with no name, and
        one the owner has not called careful or not is written as not careful (and says so)."""
        return self.piece not in (GREETING, CAREFUL, HARMED)


def missing(detail: ComplaintDetail, kind: LetterKind, settings: Settings) -> list[Missing]:
    """What this letter needs that the record does not hold, in the order it is asked."""
    c, customer = detail.complaint, detail.customer
    found: list[Missing] = []
    if not settings["business_name"] or not settings.signer:
        lacking = " and ".join(
            w for w, v in (("the shop's name", settings["business_name"]), ("who signs it", settings.signer)) if not v
        )
        found.append(Missing(INIT, lacking, None, "", "fixit init"))
    if not customer.greet:
        guess, guessed = phrasing.greeting(customer.name)
        if guessed:
            found.append(
                Missing(
                    GREETING,
                    f"the name to greet {customer.name} by",
                    f"Greet \u201c{customer.name}\u201d as"
                    + (" (Enter takes the suggestion;" if guess else " (Enter or")
                    + f" {phrasing.NO_NAME} for no name, \u201c{phrasing.WORDS['hello']},\u201d)",
                    guess,
                    f'fixit customer edit {customer.id} --greet "..."',
                )
            )
    unsure = unsure_of(c)
    if unsure is not None:
        found.append(
            Missing(
                CAREFUL,
                f"whether the letters are careful (\u201c{unsure.word}\u201d can mean {phrasing.unsure_means(unsure)})",
                f"\u201c{unsure.word}\u201d: "
                + (
                    "is it a recent death, so the letters should offer condolence?"
                    if unsure.reason == "bereaved" and re.search(r"\blate\b", unsure.word, re.I)
                    else "has someone died, so the letters should offer condolence?"
                    if unsure.reason == "bereaved"
                    else "was anyone hurt or unwell, so the letters should be careful?"
                )
                + " (y/n)",
                "",
                f"fixit edit {c.id} --careful (or --not-careful)",
            )
        )
    case = careful_of(c)
    careful = case is not None
    # who was hurt or unwell is asked, never guessed: without an answer the letter names no one
    if (
        case is not None
        and case.reason in ("unwell", "hurt")
        and c.harmed is None
        and not harmed_of(c, case)
        and not nobody_harmed(c)
    ):
        found.append(
            Missing(
                HARMED,
                "who was hurt or unwell (the letter names no one)",
                "Who was hurt or unwell? (e.g. you, your dog Paşa, your daughter, no one; Enter: name no one)",
                "",
                f'fixit edit {c.id} --harmed "..."',
            )
        )
    said = c.went_wrong or (c.about if c.about and phrasing.is_clause(c.about) else None)
    # a condolence letter still says what went wrong: it is asked, as for any apology
    grief = case is not None and case.reason == "bereaved"
    if kind is LetterKind.apology and (not careful or grief) and not said and (careful or phrasing.quotable(c) is None):
        # no guess: "<about> was not right" is a clause the record does not support, and Enter
        # would save it ("your offer on 14 Quay Street was not right"); the customer's own words,
        # when there are any, are quoted and this is not asked
        found.append(
            Missing(
                WENT_WRONG,
                "what went wrong, said to the customer",
                "What went wrong for them, as the letter says it after \u201cI am sorry that\u201d "
                "(e.g. your cake arrived two hours late)",
                "",
                f'fixit edit {c.id} --went-wrong "your ..."',
            )
        )
    if kind in (LetterKind.apology, LetterKind.followup, LetterKind.promise_kept):
        said_by_amend = same_as_amend(detail)  # said once, as the amend: nothing to ask
        for p in sorted(detail.promises, key=lambda p: (p.due, p.id)):
            if p.kept_at is None and p.tell is None and p.amend_id is None and p.id not in said_by_amend:
                number = label("promise", p.id)
                found.append(
                    Missing(
                        TELL,
                        f"what the customer was told about promise {number} ({p.what})",
                        f"Promise {number} \u201c{p.what}\u201d as you told them, finishing \u201cWe will ...\u201d",
                        "",
                        f'fixit edit {number} --tell "call you with ..."',
                        promise_id=p.id,
                    )
                )
    if kind is LetterKind.followup and c.cause == Cause.systemic and not c.found and not careful:
        found.append(
            Missing(
                FOUND,
                "what you examined and found",
                "What you found when you looked into it, finishing \u201cWe found that ...\u201d",
                "",
                f'fixit edit {c.id} --found "..."',
            )
        )
    fixed = c.status is not Status.open and bool(c.fix)
    # the fix note is staff's own words: a letter says the fix only in words given for the customer
    if kind is LetterKind.followup and fixed and not c.we_did:
        fix = " ".join((c.fix or "").split())
        found.append(
            Missing(
                WE_DID,
                "the fix, said to the customer",
                f"Your note says \u201c{fix}\u201d. What you did, as the letter says it after \u201cWe\u201d "
                "(e.g. replaced the brake cable)",
                "",
                f'fixit edit {c.id} --we-did "..."',
            )
        )
    return found


def save(store: Store, detail: ComplaintDetail, piece: Missing, answer: str) -> None:
    """Keep an answer on the record (checked as the command that supplies it checks it), so every
    later letter uses it; an empty answer leaves the record as it is."""
    if not answer.strip():
        return
    if piece.piece == CAREFUL:
        words = complaints.ComplaintCorrections(careful=answer.strip().lower() in _YES)
        complaints.correct(store, detail.complaint.id, words)
    elif piece.piece == HARMED:
        complaints.correct(store, detail.complaint.id, complaints.ComplaintCorrections(harmed=answer.strip()))
    elif piece.piece == GREETING:
        customers.edit(store, detail.customer.id, customers.Corrections(greet=answer))
    elif piece.piece == TELL and piece.promise_id is not None:
        promises.retell(store, piece.promise_id, answer)
    elif piece.piece in (WENT_WRONG, FOUND, WE_DID):
        words = complaints.ComplaintCorrections(
            went_wrong=answer if piece.piece == WENT_WRONG else None,
            found=answer if piece.piece == FOUND else None,
            we_did=answer if piece.piece == WE_DID else None,
        )
        complaints.correct(store, detail.complaint.id, words)


def check(piece: Missing, answer: str) -> str:
    """An answer checked as the command that supplies it would check it (raises InputError)."""
    from fixit.domain import voice

    if not answer.strip():
        return ""
    if piece.piece == CAREFUL:
        if answer.strip().lower() not in _YES | _NO:
            raise InputError("answer y (careful: someone was hurt or unwell) or n (not careful)")
        return answer.strip().lower()
    if piece.piece == GREETING and answer.strip() == phrasing.NO_NAME:
        return phrasing.NO_NAME
    cleaner = {
        GREETING: voice.clean_greet,
        TELL: voice.clean_tell,
        WENT_WRONG: voice.clean_went_wrong,
        FOUND: voice.clean_found,
        WE_DID: voice.clean_we_did,
        HARMED: voice.clean_harmed,
    }.get(piece.piece)
    return cleaner(answer) if cleaner else answer


NO_NAME_ANSWER = phrasing.NO_NAME  # Enter at a greeting with no suggestion: greet with no name, and keep that
