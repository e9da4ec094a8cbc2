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

from dataclasses import dataclass

from fixit.domain import complaints, customers, promises
from fixit.domain.settings import Settings
from fixit.ids import label
from fixit.letters import phrasing
from fixit.model import Cause, ComplaintDetail, LetterKind, Status
from fixit.storage import Store

# The pieces, in the order they are asked.
INIT, GREETING, WENT_WRONG, TELL, FOUND, WE_DID = "init", "greeting", "went_wrong", "tell", "found", "we_did"


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
        """A letter without it is not sent; a letter without a greeting greets with no name."""
        return self.piece != GREETING


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
                    f"Greet \u201c{customer.name}\u201d as (Enter: no name, \u201c{phrasing.WORDS['hello']},\u201d)",
                    guess,
                    f'fixit customer edit {customer.id} --greet "..."',
                )
            )
    careful = (
        c.careful is not False
        and phrasing.careful_case(c.summary, c.about, c.notes, c.went_wrong, by_hand=c.careful) is not None
    )
    if kind is LetterKind.apology and not careful and not c.went_wrong and phrasing.quotable(c) is None:
        guess = f"{c.about} was not right" if c.about else ""
        found.append(
            Missing(
                WENT_WRONG,
                "what went wrong, said to the customer",
                "What went wrong for them, as the letter says it after \u201cI am sorry that\u201d "
                "(e.g. your cake arrived two hours late)",
                guess,
                f'fixit edit {c.id} --went-wrong "your ..."',
            )
        )
    if kind in (LetterKind.apology, LetterKind.followup, LetterKind.promise_kept):
        for p in sorted(detail.promises, key=lambda p: (p.due, p.id)):
            if p.kept_at is None and p.tell is None and p.amend_id is None:
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
    if kind is LetterKind.followup and fixed and not c.we_did and phrasing.fix_clause(c.fix) is None:
        fix = " ".join((c.fix or "").split()).rstrip(" .")
        found.append(
            Missing(
                WE_DID,
                "the fix, said to the customer",
                "What you did, as the letter says it after \u201cWe\u201d (e.g. replaced the brake cable)",
                fix[:1].lower() + fix[1:] if fix[1:2].islower() else fix,
                f'fixit edit {c.id} --we-did "..."',
            )
        )
    return found


def save(store: Store, detail: ComplaintDetail, piece: Missing, answer: str) -> None:
    """Keep an answer on the record (checked as the command that supplies it checks it), so every
    later letter uses it; an empty answer leaves the record as it is."""
    if not answer.strip():
        return
    if piece.piece == GREETING:
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
    cleaner = {
        GREETING: voice.clean_greet,
        TELL: voice.clean_tell,
        WENT_WRONG: voice.clean_went_wrong,
        FOUND: voice.clean_found,
        WE_DID: voice.clean_we_did,
    }.get(piece.piece)
    return cleaner(answer) if cleaner else answer
