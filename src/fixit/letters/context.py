"""What a letter template can use, built from a complaint's records. Documented in the README.

Everything here speaks *to the customer*: the record keeps what staff wrote, and the context
offers only the fields meant for the customer (the greeting, what it was about, a promise as
the customer was told it) and phrases worked out from the facts (``phrasing``). Values arrive
ready to print: money in the shop's currency, dates relative where natural ("today", "on
Friday 6 March"). Missing values are None or empty lists, never absent, so a template can test
them with ``{% if %}``.

Where a letter had to make do (a guessed greeting, a promise with no words for the customer),
``advice`` says so, with the command that puts it right.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from fixit import clock
from fixit.dates import written
from fixit.domain.amends import describe_to_customer, discount_note_said
from fixit.domain.promises import kept_late
from fixit.domain.settings import Settings
from fixit.ids import label
from fixit.letters import phrasing
from fixit.model import (
    Amend,
    AmendKind,
    Cause,
    Change,
    Channel,
    Complaint,
    ComplaintDetail,
    Promise,
    Severity,
    Status,
    Verdict,
)
from fixit.money import format_money
from fixit.rules import apology_late
from fixit.text import ordinal

SUBJECT_ABOUT = 42  # the longest 'about' a subject names ("I am sorry about ..."); longer ones are left out


@dataclass(frozen=True)
class Advice:
    """Something the owner may want to set before sending, and the command that sets it; ``uses``
    (a context name and its field: ``("complaint", "found")``) when it is about a field only some
    letters say: given only with a letter whose text uses that field."""

    text: str
    fix: str
    uses: tuple[str, str] | None = None

    def __str__(self) -> str:
        return f"{self.text}: {self.fix}"


def build(
    detail: ComplaintDetail,
    settings: Settings,
    today: date,
    *,
    promise: Promise | None = None,
    change: Change | None = None,
    explanation: str | None = None,
    advice: list[Advice] | None = None,
) -> dict[str, Any]:
    """The context, saying only what the record holds (the truth rules, each with its own test):
    "the second time" counts the customer's complaints logged *before* this one; the channel is
    said only when it was given, and the day only when it is known (`happened` defaults to none);
    an amend is said as what the shop did, each kind its own sentence."""
    c, customer, currency = detail.complaint, detail.customer, settings.currency
    notes = advice if advice is not None else []
    greet = _greeting(detail, notes)
    # an 'about' that says when ("the bike you hired on Sunday") gets no date added after it
    happened = c.happened_on if not phrasing.says_when(c.about) else None
    # 'yesterday' typed at log is said as the day it was, on whatever day the letter is written
    about = phrasing.resolve_days(c.about, c.logged_at.date(), today) if c.about else None
    # an 'about' typed as a whole clause ("your steak was overdone") is what went wrong, in the
    # owner's own words to the customer: said after "I am sorry that", never after "about"
    went_wrong = c.went_wrong
    if about and phrasing.is_clause(about):
        went_wrong, about = went_wrong or about, None
    amends_by_id = {a.id: a for a in detail.amends}
    said_by_amend = same_as_amend(detail)
    open_promises = sorted(
        (p for p in detail.promises if p.kept_at is None and p.id not in said_by_amend), key=lambda p: (p.due, p.id)
    )
    for same in same_deeds(detail):
        notes.append(_same_advice(same, c.id, currency))
    kept = sorted(
        (p for p in detail.promises if p.kept_at is not None and p.id not in said_by_amend),
        key=lambda p: (p.kept_at, p.id),
    )
    earlier = logged_before(detail)
    late_apology = apology_late(c.logged_at, c.apologized_at or clock.now())
    # the fix is said only in words meant for the customer (--we-did), never from the staff note
    we_did = "we " + c.we_did if c.we_did else None
    fixed = c.status is not Status.open and bool(c.fix)
    careful = careful_of(c, detail.earlier)
    unsure = unsure_of(c)
    # a careful letter quotes nothing back: the words could read as an admission
    quote = None if careful else phrasing.quotable(c)
    if unsure is not None:
        notes.append(
            Advice(
                f"the letter is not careful, though \u201c{unsure.word}\u201d can mean {phrasing.unsure_means(unsure)} "
                f"(if it does not, fixit edit {c.id} --not-careful says so); if it does",
                f"fixit edit {c.id} --careful",
            )
        )
    # who went through it, named only when the record says so (--harmed, or an animal the words
    # name); a company is never "you were hurt", and "no one" is wished no recovery at all
    who = harmed_of(c, careful) if careful and not phrasing.is_company(customer.name) else ""
    # a legal step alone (no one recorded as hurt) wishes no one well: "your daughter" in the words
    # of a man whose lawyer is involved is not someone to hope is keeping well
    no_one = careful is not None and (nobody_harmed(c) or (careful.reason == "legal" and not c.harmed))
    # who was hurt or unwell, not recorded: the letter is vague ("everyone affected"), so it says so
    unnamed = careful is not None and careful.reason in ("unwell", "hurt") and not who and not no_one
    if unnamed and not phrasing.is_company(customer.name):
        notes.append(
            Advice(
                "the letter does not say who was hurt or unwell, so it is sorry about \u201cwhat "
                "happened\u201d and hopes \u201ceveryone affected\u201d is well",
                f'fixit edit {c.id} --harmed "..." (e.g. you, your daughter, your dog Paşa, no one)',
            )
        )
    # only counter is ever a default: any other channel was given
    channel = str(c.channel) if c.channel_given or c.channel is not Channel.counter else None
    offered = [a for a in detail.amends if _offered(a, detail.promises, today)]
    # a careful letter concedes nothing: the finding (how it came about) stays on the record
    found = None if careful else c.found
    if careful and c.found:
        notes.append(
            Advice(
                "what you found is left out of this careful letter, so it cannot read as an "
                "admission of fault (a change you made is still said); if the letter need not be careful",
                f"fixit edit {c.id} --not-careful",
                ("complaint", "found"),
            )
        )
    for p in [*open_promises, *kept]:
        clash = _day_clash(p)
        if clash:
            notes.append(Advice(clash, f'fixit edit {label("promise", p.id)} --tell "..."'))
    if careful and careful.reason == "bereaved":  # condolence is never followed by a coupon pitch
        offered = [a for a in offered if a.kind not in (AmendKind.coupon, AmendKind.discount)]
    return {
        "business": {
            "name": settings["business_name"] or None,
            "owner": settings["owner_name"] or None,
            "signer": settings.signer or None,
            "phone": settings["business_phone"] or None,
            "email": settings["business_email"] or None,
            "address": settings["address"] or None,
            "sign_off": _sign_off(settings.signer, settings["business_name"]),
        },
        "customer": {
            "name": customer.name,
            "greeting": greet,
            "first_name": greet,
            "hello": f"{phrasing.WORDS['hello']} {greet}" if greet else phrasing.WORDS["hello"],
        },
        "complaint": {
            "number": label("complaint", c.id),
            "summary": c.summary,
            "about": about,
            "about_short": about if about and len(about) <= SUBJECT_ABOUT else None,
            # a thing or a place ("your Deansgate branch") as what happened with it, for a sentence
            # that wants what happened: "you told us what went wrong with your ham sandwich"
            "about_what": phrasing.what_happened_with(about, careful is not None) if about else None,
            "went_wrong": went_wrong,
            "found": found,
            "when": " " + phrasing.on_day(happened, today) if happened else "",
            "quote": phrasing.quote_sentence(quote) if quote else None,
            "happened": phrasing.on_day(happened, today) if happened else None,
            "date": written(c.happened_on) if c.happened_on else None,
            "told": phrasing.on_day(c.logged_at.date(), today),
            "channel": channel,
            "severity": str(c.severity),
            "verdict": str(c.verdict) if c.verdict else None,
            "cause": str(c.cause) if c.cause else None,
            "fix": we_did,
            "we_did": we_did,
            "we_did_given": bool(c.we_did),
            "fixed": fixed,
            "explanation": explanation or c.explanation,
        },
        "situation": {
            "earlier": earlier,
            "repeat": earlier > 0,
            "times": ordinal(earlier + 1),
            "late_apology": late_apology,
            "severe": c.severity is Severity.high,
            "minor": c.severity is Severity.low,
            "noticed": c.channel is Channel.noticed,
            "careful": careful.reason if careful else None,
            "firm": phrasing.is_company(customer.name),
            "careful_who": who,
            "careful_known": bool(who),
            "careful_were": "" if not who else "you were" if who == "you" else f"{who} {_was(who)}",
            "careful_heard": _careful_heard(c, who),
            "careful_are": None if no_one else _careful_are(careful, phrasing.harmed_short(who), customer.name),
            "bereaved": bool(careful and careful.reason == "bereaved"),
            # a death the words say is recent (a funeral, "last week"): only then "a time that was
            # already so hard"; "my late grandmother's sampler" may be an heirloom of long ago
            "recent_death": bool(careful and careful.reason == "bereaved")
            and phrasing.recent_death(c.summary, c.about, c.notes, c.went_wrong),
            "systemic": c.cause == Cause.systemic,
            "mistake": c.cause == Cause.mistake,
            "one_off": phrasing.one_off_event(c.summary, c.about, c.notes, c.went_wrong),
            "unjustified": c.verdict is Verdict.unjustified,
        },
        "promises": {
            "open": [_promise(p, amends_by_id, currency, today) for p in open_promises],
            "kept": [_promise(p, amends_by_id, currency, today, c.we_did) for p in kept],
        },
        "amends": [_amend(a, currency, today, how_given(a, detail), _kept_as_told(a, detail, today)) for a in offered],
        # what was done for them, each deed once in its true sentence: amends kept on time or given
        # on the spot (a late one is said with its apology, ``promises.kept[].late_said``)
        "done": done_for_them(detail, kept, offered, said_by_amend, currency, today),
        "changes": [_change(ch, today) for ch in sorted(detail.changes, key=lambda ch: (ch.made_at, ch.id))],
        "staff": c.staff,
        "promise": _promise(promise, amends_by_id, currency, today) if promise else None,
        "change": _change(change, today) if change else None,
        "today": written(today),
        # a text message said briefer, its optional sentences left out: set only when the message
        # would not fit two SMS as written (a customer's name that needs Unicode, most often)
        "brief": False,
    }


def logged_before(detail: ComplaintDetail) -> int:
    """How many of the customer's complaints were logged before this one: 'the second time' counts
    these, never the ones that came after."""
    c = detail.complaint
    return sum(1 for e in detail.earlier if (e.logged_at, e.id) < (c.logged_at, c.id))


# What a promise's words must say to be the same as an amend of each kind: the kind itself (a refund
# is never a coupon of the same sum). "other" has no words: such an amend is never certainly a promise.
_REFUND = (
    r"\b(?:refund\w*|money back|repa(?:y|id)\w*|reimburs\w*|pa(?:y|id) (?:you )?back|credit\w* (?:back|to your card))\b"
)
_SAME_AS = {
    AmendKind.refund: re.compile(_REFUND, re.I),
    AmendKind.partial_refund: re.compile(_REFUND, re.I),
    AmendKind.replacement: re.compile(r"\b(?:replac\w*|new one|swap\w*)\b", re.I),
    AmendKind.redo: re.compile(r"\b(?:redo\w*|re-do\w*|redone|remake|remade|again)\b", re.I),
    AmendKind.coupon: re.compile(r"\b(?:coupons?|vouchers?|gift cards?|codes?)\b", re.I),
    AmendKind.discount: re.compile(r"\b(?:discount\w*|off (?:your|the)|reduc\w*|knock\w*)\b", re.I),
    AmendKind.gift: re.compile(r"\b(?:gifts?|presents?|on us|with our compliments)\b", re.I),
    AmendKind.meal: re.compile(r"\b(?:meals?|dinner|lunch|breakfast|on the house)\b", re.I),
}

# a sum of money in words a person wrote: "£68", "$1,850", "€22.50"
_MONEY = re.compile(r"[£$€¥]\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?")


def sums_in(text: str) -> set[int]:
    """The sums of money written in ``text``, in cents."""
    return {int(m[1].replace(",", "")) * 100 + int((m[2] or "0").ljust(2, "0")) for m in _MONEY.finditer(text)}


def says_amend(text: str, amend: Amend) -> bool:
    """Whether words a person wrote (a promise, what we did) speak of the same deed as ``amend``: they
    speak of the amend's kind (a refund, a coupon, a replacement, doing it again), and when they name
    a sum of money it is the amend's own. A £15 refund is never a £15 coupon; words naming another
    sum are about other money."""
    words = _SAME_AS.get(amend.kind)
    if not (words and words.search(text)):
        return False
    sums = sums_in(text)
    return not sums or (amend.value_cents is not None and amend.value_cents in sums)


@dataclass(frozen=True)
class Same:
    """A promise made by hand (``counter``: at the log, or ``fixit promise``) and an amend that is
    the same deed: the letter tells it once. ``own`` is the amend's own delivery promise (None for
    one given on the spot); ``hidden`` the promise the letter leaves out, and ``settle`` the command
    that makes the record say one thing when the two disagree (one kept, the other not). ``also``
    holds the other amends the promise's words could be (then nothing is hidden: not certain)."""

    counter: Promise
    amend: Amend
    own: Promise | None
    hidden: Promise | None  # None: not certain they are one deed, so both are told
    settle: str | None
    also: tuple[Amend, ...] = ()


def same_deeds(detail: ComplaintDetail) -> list[Same]:
    """Promises made by hand that say the same as an amend, each paired with one amend at most. The
    rule: the promise (what staff wrote and what the customer was told) speaks of the amend's kind
    (refund words for a refund, coupon words for a coupon, ...) and names the amend's sum of money
    or no sum. A promise whose words could be more than one amend is not certain: nothing is left
    out, and the owner is told to say which. Which is told: both still to come, the amend's own
    promise (its words are worked out from the amend); both done, the one done first. When one is
    done and the other is not, the letter tells it once, as done, only when the promise names the
    amend's sum (certain); with no sum ("call you about the refund" may be another deed) it tells
    both, and the owner is told the command that records the other as kept."""
    found: list[Same] = []
    paired: set[int] = set()
    amends = sorted(detail.amends, key=lambda a: a.id)
    owns = {a.id: next((p for p in detail.promises if p.amend_id == a.id), None) for a in amends}
    # an amend with neither a promise to deliver it nor a day it was given is not a deed yet
    handed = [a for a in amends if owns[a.id] is not None or a.given_at is not None]
    for amend in handed:
        own = owns[amend.id]
        for p in sorted(detail.promises, key=lambda p: (p.due, p.id)):
            text = f"{p.what} {p.tell or ''}"
            if p.amend_id is not None or p.id in paired or not says_amend(text, amend):
                continue
            paired.add(p.id)
            also = tuple(a for a in handed if a.id != amend.id and says_amend(text, a))
            if also:  # which amend it is, the words do not say: tell each
                found.append(Same(p, amend, own, None, f"fixit edit {label('promise', p.id)} --tell", also))
                break
            sure = bool(sums_in(text))
            done = own.kept_at if own is not None else amend.given_at
            if done is None and p.kept_at is None:  # both still to come
                found.append(Same(p, amend, own, p, None))
            elif done is not None and p.kept_at is not None:  # both done: the one done later is left out
                later = own if own is not None and (own.kept_at, own.id) >= (p.kept_at, p.id) else p
                found.append(Same(p, amend, own, later, None))
            else:
                still = p if p.kept_at is None else own
                assert still is not None  # an amend given on the spot is done
                found.append(Same(p, amend, own, still if sure else None, f"fixit keep {label('promise', still.id)}"))
            break
    return found


def same_as_amend(detail: ComplaintDetail) -> dict[int, Same]:
    """The promises a letter leaves out, by id, as another promise or an amend says the same deed."""
    return {s.hidden.id: s for s in same_deeds(detail) if s.hidden is not None}


def _same_advice(s: Same, complaint_id: int, currency: str) -> Advice:
    """What the owner is told of a deed said once (or, not certain, told twice): which record the
    letter left out, and a command that acts on it: the promise's words, which say which deed it
    is, or recording the other as kept when the record says it both done and still to come."""
    p = label("promise", s.counter.id)

    def what(a: Amend) -> str:  # "(coupon, £15.00)": the owner tells two amends apart
        worth = f", {format_money(a.value_cents, currency)}" if a.value_cents else ""
        return f"({a.kind}{worth})"

    tell = f'fixit edit {p} --tell "..."'
    if s.also:
        each = " or ".join(f"amend {label('amend', a.id)} {what(a)}" for a in (s.amend, *s.also))
        return Advice(
            f"promise {p} could be {each}, so the letter tells each; say which one it is (its kind and "
            "sum), or that it is another thing",
            tell,
        )
    a = label("amend", s.amend.id)
    own = f"amend {a}'s promise {label('promise', s.own.id)}" if s.own else f"amend {a}"
    other = f"{own} {what(s.amend)}" + ("" if s.own else ", given on the spot")
    if s.settle is None:
        how = ", as the amend" if s.own is not None and s.own.kept_at is None else ""
        return Advice(
            f"promise {p} says the same as {other}, so the letter says it once{how}; if they are two "
            f"different things, say promise {p} so it tells them apart",
            tell,
        )
    keep = s.settle.removeprefix("fixit keep ")
    if s.hidden is None:
        return Advice(
            f"promise {p} may say the same as {other}, but one is kept and the other is not, so the "
            f"letter tells both; if they are one deed and it was done, record promise {keep} as kept",
            s.settle,
        )
    return Advice(
        f"promise {p} says the same as {other}; one is kept and the other is not, so the letter "
        f"says it once, as done; if it was done, record promise {keep} as kept",
        s.settle,
    )


def careful_of(c: Complaint, earlier: Sequence[Complaint] = ()) -> phrasing.Careful | None:
    """The careful case of a complaint: set by hand with --careful / --not-careful, or worked out
    from everything written about it (a word that is careful only sometimes is not enough), or a
    legal step taken on an earlier complaint (``careful_from_earlier``)."""
    found = phrasing.careful_case(c.summary, c.about, c.notes, c.went_wrong, by_hand=c.careful)
    if found is not None and found.sure:
        return found
    return careful_from_earlier(c, earlier)


def careful_from_earlier(c: Complaint, earlier: Sequence[Complaint]) -> phrasing.Careful | None:
    """A legal step the customer took on an earlier complaint (``earlier``: theirs; those logged
    after this one, or void, do not count) is still under way: this complaint's letters are careful
    too, unless set by hand."""
    if c.careful is not None:
        return None
    for before in sorted(earlier, key=lambda e: (e.logged_at, e.id), reverse=True):
        if (before.logged_at, before.id) >= (c.logged_at, c.id) or before.voided_at is not None:
            continue
        was = careful_of(before)
        if was is not None and was.reason == "legal":
            return was
    return None


NO_ONE = ("no one", "noone", "no-one", "nobody", "none")


# The customer's own words that no one was hurt ("Nobody hurt", "no one was injured"): read as the
# owner's --harmed "no one", never as an injury to wish someone well of.
_NO_ONE_HURT = re.compile(
    r"\b(?:nobody|no[ -]?one|none of us|no-one)\s+(?:was\s+|were\s+|got\s+|is\s+|badly\s+|seriously\s+)*"
    r"(?:hurt|injured|harmed)\b|\bno (?:one|body) (?:was )?(?:hurt|injured)\b|\bno injur(?:y|ies)\b",
    re.I,
)


def nobody_harmed(c: Complaint) -> bool:
    """The owner recorded that no one was hurt or unwell (--harmed "no one"), or, with nothing
    recorded, the words say so ("Nobody hurt")."""
    if c.harmed is not None:
        return c.harmed.strip().lower() in NO_ONE
    words = " ".join(filter(None, [c.summary, c.notes, c.went_wrong]))
    return bool(_NO_ONE_HURT.search(words))


def harmed_of(c: Complaint, careful: phrasing.Careful | None) -> str:
    """Who a careful letter says was hurt or unwell: the answer recorded (--harmed), else an animal
    the words name ("your dog"); never "you" from the words alone ("my daughter was sick" is not
    "you were unwell"), and '' when not known (the letter names no one)."""
    if c.harmed or nobody_harmed(c):
        return "" if nobody_harmed(c) else c.harmed or ""
    if careful is not None and careful.who and careful.who != "you":
        return careful.who
    return ""


def _careful_heard(c: Complaint, who: str) -> str:
    """What a careful letter was so sorry to hear: the harm the words record, said of the one
    recorded ("that your dog Shoko was unwell", "that you were hurt"), or "what happened to" them
    when the words name only care ("the vet") or both an injury and an illness; "what happened"
    when the record does not say who."""
    if not who:
        return "what happened"
    harm = phrasing.harm_said(c.summary, c.about, c.notes, c.went_wrong)
    if not harm:
        return f"what happened to {who}"
    return f"that {'you were' if who == 'you' else who + ' ' + _was(who)} {harm}"


def _was(who: str) -> str:
    """The verb that agrees with who was harmed: "your wife was", "you and your wife were"."""
    return "were" if phrasing.harmed_many(who) else "was"


def _careful_are(careful: phrasing.Careful | None, who: str, name: str) -> str | None:
    """Whom a careful letter wishes well, finishing "I hope ... feeling better": the one named, or
    everyone affected when the record does not say who was hurt or unwell (or the reader is a firm);
    None (no wish at all) for a legal step, a bereavement named no one, or set careful by hand."""
    if who:
        return "you are" if who == "you" else f"{who} {'are' if phrasing.harmed_many(who) else 'is'}"
    if careful is not None and careful.reason in ("unwell", "hurt"):
        return f"everyone at {name} is" if phrasing.is_company(name) else "everyone affected is"
    if careful is not None and careful.reason == "bereaved":
        return f"everyone at {name} is" if phrasing.is_company(name) else "you are"
    return None


def unsure_of(c: Complaint) -> phrasing.Careful | None:
    """A word that is careful only sometimes ("collapsed", "fell"), when the owner has not decided."""
    if c.careful is not None:
        return None
    found = phrasing.careful_case(c.summary, c.about, c.notes, c.went_wrong)
    return found if found is not None and not found.sure else None


def _sign_off(signer: str | None, business: str | None) -> str:
    """How a text message is signed: 'Rosa, Rosa's Bakery', or whichever of the two is set."""
    if signer and business and signer != business:
        return f"{signer}, {business}"
    return signer or business or "The team"


def _greeting(detail: ComplaintDetail, notes: list[Advice]) -> str:
    """The greeting set on the customer, or one certain from the name; otherwise none ("Hello,"),
    and the owner is told so, with the command that sets it."""
    customer = detail.customer
    if customer.greet == phrasing.NO_NAME:  # the owner chose no name: nothing to warn about
        return ""
    if customer.greet:
        # a greeting set ending in a stop ("Mr Jackson Jr.") is said without it before the comma
        return customer.greet.rstrip(".").rstrip() or customer.greet
    greet, guessed = phrasing.greeting(customer.name)
    if guessed:
        notes.append(
            Advice(
                f"the letter greets with no name (\u201c{phrasing.WORDS['hello']},\u201d), as "
                f"\u201c{customer.name}\u201d does not say for certain what to call them",
                f'fixit customer edit {customer.id} --greet "..."',
            )
        )
        return ""
    return greet


def _offered(a: Amend, promises: list[Promise], today: date) -> bool:
    """Amends a letter offers: given or promised, and for a coupon, still good (not used, not expired).
    One still to be handed over is said with its promise instead."""
    if a.kind is AmendKind.coupon and (a.redeemed_at is not None or (a.expires is not None and a.expires < today)):
        return False
    return not any(p.amend_id == a.id and p.kept_at is None for p in promises)


def _promise(
    p: Promise, amends: dict[int, Amend], currency: str, today: date, we_did: str | None = None
) -> dict[str, Any]:
    amend = amends.get(p.amend_id) if p.amend_id is not None else None
    # what the owner told the customer (--tell) is said over the amend's own words
    will = p.tell or (phrasing.amend_will(amend, currency) if amend else None)
    late = kept_late(p)
    due_by = phrasing.by_day(p.due, today, p.due_time)
    if p.tell and phrasing.tell_says_when(p.tell):
        # a tell that says its own day ("send our plumber to you today") gets no date after it, and
        # a relative day in it is said as it reads on the day the letter is written
        will = phrasing.resolve_days(p.tell, p.made_at.date(), today)
        due_by = ""
    overdue = (
        ""
        if p.kept_at or p.due >= today
        else f"it was due on {phrasing.full_date(p.due, today)}; I am sorry it is late"
    )
    # the promise said whole ("we will ... by ...", "we said we would ... by ..."), read right for any
    # tell: one speaking as "I" is said by "I", one with a clause after the deed gets its date first
    said = phrasing.pledge(will or "be in touch with you", due_by, overdue)
    # a coupon handed over is said with its code, whatever words the promise was told in
    code = _code_line(amend, currency, today) if amend and p.kept_at and _usable_code(amend, today) else None
    return {
        "number": label("promise", p.id),
        "will": will,
        "said": will or "be in touch with you",
        "by": due_by if not overdue else f"as soon as we can ({overdue})",
        "will_by": said.will,
        "said_would": said.said,
        "said_by": said.said_by,
        "due": written(p.due),
        "overdue": p.kept_at is None and p.due < today,
        "kept_on": phrasing.on_day(p.kept_at.date(), today) if p.kept_at else None,
        "late": late,
        # a promise kept late, said the same way in every letter that mentions it
        "late_said": f"{said.said_by[:1].upper()}{said.said_by[1:]}. "
        f"That was done {phrasing.on_day(p.kept_at.date(), today)}, later than "
        f"{'I' if said.said_by.startswith('I ') else 'we'} promised, "
        "and I am sorry for the wait." + (f" {code}" if code else "")
        if late and p.kept_at
        else None,
        # kept late, and the owner's words of what we did (--we-did) already say the deed: the
        # letter says it once, and says sorry for the wait right after those words
        "late_folded": f"That was later than the {phrasing.full_date(p.due, today)} we had promised, "
        "and I am sorry for the wait." + (f" {code}" if code else "")
        if late and p.kept_at and _deed_in(we_did, will)
        else None,
        "code_line": code,
        "done": phrasing.amend_done(amend, currency) if amend and not p.tell else None,
        "amend": _describe(amend, currency, today) if amend else None,
    }


def _day_clash(p: Promise) -> str | None:
    """A tell naming a day ("call you on Friday", "tomorrow") other than the day the promise is due:
    said in the letter as told, so the owner is told which of the two to put right."""
    day = phrasing.day_named(p.tell, p.made_at.date()) if p.tell else None
    if day is None or day == p.due:
        return None
    return (
        f"promise {label('promise', p.id)} is due {phrasing.full_date(p.due, p.made_at.date())}, but what the "
        f"customer was told says {phrasing.full_date(day, p.made_at.date())}; the letter says it as told"
    )


def how_given(a: Amend, detail: ComplaintDetail) -> str:
    """How an amend reached the customer, as far as the record says (``phrasing.HOW``): its own
    promise kept; given on the spot the day they told us at the counter; or given on the spot."""
    if any(p.amend_id == a.id for p in detail.promises):
        return "kept"
    c = detail.complaint
    at_counter = c.channel is Channel.counter and c.channel_given
    if at_counter and a.given_at is not None and a.given_at.date() == c.logged_at.date():
        return "counter"
    return "now"


def _we_said_it(we_did: str | None, amend: Amend, promise: Promise | None) -> bool:
    """Whether the owner's own words of what we did (--we-did) already say this amend: they name
    its sum, or its kind with no sum, or share two words of substance with what the customer was told."""
    if not we_did:
        return False
    if says_amend(we_did, amend):
        return True
    told = " ".join(filter(None, [promise.tell if promise else None, amend.note]))
    return len(_words_of(we_did) & _words_of(told)) >= 2


def _deed_in(we_did: str | None, deed: str | None) -> bool:
    """Whether the owner's words of what we did ("re-plastered the ceiling in your son's room and
    sealed the roof") already say a promised deed ("re-plaster the ceiling in your son's room"):
    nearly all of the deed's words of substance are in them."""
    if not we_did or not deed:
        return False
    words = _words_of(deed)
    shared = words & _words_of(we_did)
    return len(shared) >= 2 and 3 * len(shared) >= 2 * len(words)


_SMALL = {"your", "you", "with", "from", "that", "this", "them", "have", "will", "were", "full", "free", "charge"}


def _words_of(text: str) -> set[str]:
    """The words of substance in ``text``, folded (a word of four letters or more, its stem)."""
    return {w[:5] for w in re.findall(r"[a-z0-9']{4,}", text.lower()) if w not in _SMALL}


def done_for_them(
    detail: ComplaintDetail,
    kept: list[Promise],
    offered: list[Amend],
    hidden: dict[int, Same],
    currency: str,
    today: date,
) -> list[str]:
    """Sentences of the amends done for the customer, each once: a promise of an amend (or one made
    by hand that an amend says the same as) kept on time, and an amend given on the spot; never
    one the owner's --we-did already says."""
    c = detail.complaint
    amends = {a.id: a for a in detail.amends}
    by_hand = {s.counter.id: s.amend for s in hidden.values()}
    said: list[str] = []
    told: set[int] = set()
    for p in kept:
        amend = amends.get(p.amend_id) if p.amend_id is not None else by_hand.get(p.id)
        if amend is None or amend.id in told or (amend not in offered and p.amend_id is not None):
            continue
        told.add(amend.id)
        if kept_late(p) or p.kept_at is None or _we_said_it(c.we_did, amend, p):
            continue
        kept_on = p.kept_at.date()
        on = "on time" if kept_on == p.due else phrasing.on_day(kept_on, today)
        if p.tell:
            by = phrasing.by_day(p.due, today, p.due_time)
            code = f" {_code_line(amend, currency, today)}" if _usable_code(amend, today) else ""
            said.append(f"We said we would {p.tell} {by}, and that was done {on}.{code}")
        else:
            code = f" {_code_line(amend, currency, today)}" if _usable_code(amend, today) else ""
            said.append(f"{phrasing.amend_given(amend, currency)[:-1]} {phrasing.on_day(kept_on, today)}.{code}")
    for a in offered:
        if a.id in told or any(p.amend_id == a.id for p in detail.promises) or a.given_at is None:
            continue
        if _we_said_it(c.we_did, a, None):
            continue
        how = how_given(a, detail)
        sentence = phrasing.amend_given(a, currency, how)[:-1]
        if a.code:  # the code said with the coupon it is for, not in a sentence of its own
            until = f", good until {phrasing.full_date(a.expires, today)}" if a.expires else ""
            sentence += f" (your own code: {a.code}{until})"
        if phrasing.amend_dated(a, how):
            sentence += " " + phrasing.on_day(a.given_at.date(), today)
        said.append(sentence + ".")
    return said


def _kept_as_told(a: Amend, detail: ComplaintDetail, today: date) -> str | None:
    """An amend whose own words do not say what it is ("something to make it right"), delivered by a
    promise kept that the customer was told in words (--tell): said in those words."""
    if phrasing.amend_says_thing(a):
        return None
    for p in detail.promises:
        if p.amend_id == a.id and p.tell and p.kept_at is not None:
            return f"We said we would {p.tell}, and that was done {phrasing.on_day(p.kept_at.date(), today)}."
    return None


def _amend(a: Amend, currency: str, today: date, how: str = "kept", told: str | None = None) -> dict[str, Any]:
    """An amend given or delivered: ``gift`` ones are offered ("we would like you to have ..."), the
    others said as done in ``given`` ("We refunded $40.00 to you."); one delivered as the customer
    was ``told`` (its promise's --tell) is said in those words."""
    gift = phrasing.amend_is_gift(a) and told is None
    return {
        "number": label("amend", a.id),
        "kind": str(a.kind),
        "gift": gift,
        "given": None if gift else told or phrasing.amend_given(a, currency, how),
        "value": format_money(a.value_cents, currency) if a.value_cents else None,
        "code": a.code,
        "expires": written(a.expires) if a.expires else None,
        "description": _describe(a, currency, today),
        "code_line": _code_line(a, currency, today) if a.code else None,
    }


def _describe(a: Amend, currency: str, today: date) -> str:
    """The amend as a thing given; a note that does not read as a thing is left out (the checker says so)."""
    if discount_note_said(a):  # "£150 off your final invoice", "on your next order": said as written
        return describe_to_customer(a, currency, today)
    note = phrasing.note_thing(a.note) if a.note and phrasing.note_fits(a.note) else None
    return describe_to_customer(replace(a, note=note), currency, today)


def _usable_code(a: Amend, today: date) -> bool:
    """A coupon's code the customer can still use: not redeemed, not expired."""
    expired = a.expires is not None and a.expires < today
    return a.kind is AmendKind.coupon and bool(a.code) and a.redeemed_at is None and not expired


def _code_line(a: Amend, currency: str, today: date) -> str:
    """A coupon code said with what it is for: 'Your personal coupon code for $10.00 off: CODE.'"""
    worth = f" for {format_money(a.value_cents, currency)} off" if a.value_cents else ""
    until = f" (good until {phrasing.full_date(a.expires, today)})" if a.expires else ""
    return f"Your personal coupon code{worth}: {a.code}{until}."


def _change(ch: Change, today: date) -> dict[str, Any]:
    since = "From today" if ch.made_at.date() == today else f"Since {phrasing.full_date(ch.made_at.date(), today)}"
    made = ch.made_at.date()
    return {
        "number": label("change", ch.id),
        "description": ch.description,
        "since": since,
        "when": "" if made == today else " " + phrasing.on_day(made, today),
        "date": written(made),
    }
