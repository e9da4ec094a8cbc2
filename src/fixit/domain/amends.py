"""Amends: what we give to make it right. Anything not handed over on the spot becomes a
promise to deliver it, so a refund can never be forgotten. A coupon carries a personal
code (never a promotion open to everyone) that can be redeemed once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fixit import clock, dates
from fixit.dates import written
from fixit.domain import checkins, promises
from fixit.domain.acting import complaint_to_act_on
from fixit.domain.settings import Settings
from fixit.domain.settings import load as load_settings
from fixit.errors import AboveStaffLimit, Conflict, InputError, NotFound
from fixit.ids import label
from fixit.model import Amend, AmendKind
from fixit.money import format_money
from fixit.storage import Store
from fixit.text import clean_name, optional_text, shorten

# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read aloud over the phone or off a receipt survives.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8


@dataclass
class Given:
    amend: Amend
    promise_id: int | None


def renote(store: Store, amend_id: int, note: str) -> Amend:
    """Correct an amend's note, as letters name what was given ("" clears it, as `fixit edit`
    clears a complaint's optional words); kept in the complaint's history."""
    cleaned = optional_text(note, "the note") if note.strip() else None
    with store.transaction():
        amend = store.get_amend(amend_id)
        store.set_amend_note(amend_id, cleaned)
        before = f" (was: {amend.note})" if amend.note else ""
        said = f"note: {cleaned}" if cleaned else "note cleared"
        store.add_event(amend.complaint_id, "edited", f"{label('amend', amend_id)} {said}{before}")
    return store.get_amend(amend_id)


def give(
    store: Store,
    complaint_id: int,
    kind: AmendKind,
    *,
    value_cents: int | None = None,
    note: str | None = None,
    expires: date | None = None,
    now: bool = False,
    by: dates.When | None = None,
    approved_by: str | None = None,
) -> Given:
    """Record an amend; unless handed over ``now``, promise to deliver it ``by`` (default tomorrow).
    Above the staff limit it needs the owner's approval (``approved_by``)."""
    note = optional_text(note, "the note")
    approved_by = clean_name(approved_by, "the approver") if approved_by is not None else None
    _check(kind, value_cents, expires, now, by)
    moment = clock.now()
    with store.transaction():
        complaint_to_act_on(store, complaint_id, "give an amend on")
        settings = load_settings(store)
        _check_staff_limit(store, complaint_id, value_cents, approved_by, settings)
        code = _new_code(store) if kind is AmendKind.coupon else None
        amend_id = store.add_amend(
            complaint_id=complaint_id,
            kind=kind,
            value_cents=value_cents,
            note=note,
            code=code,
            expires=expires,
            created_at=moment,
            given_at=moment if now else None,
            approved_by=approved_by,
        )
        amend = store.get_amend(amend_id)
        if now:
            checkins.schedule(store, amend, moment)
        currency = settings.currency
        store.add_event(
            complaint_id,
            "amend",
            f"{label('amend', amend_id)} {describe(amend, currency)}" + (" (handed over)" if now else ""),
        )
        promise_id = None
        if not now:
            when = by or dates.parse_when("tomorrow", moment.date())
            promise_id = promises.add(store, complaint_id, f"Deliver the {describe(amend, currency)}", when, amend_id)
    return Given(store.get_amend(amend_id), promise_id)


def _check_staff_limit(
    store: Store, complaint_id: int, value_cents: int | None, approved_by: str | None, settings: Settings
) -> None:
    limit = settings.staff_limit_cents
    if limit is None or approved_by is not None or not value_cents:
        return
    total = value_cents + sum(a.value_cents or 0 for a in store.amends_of(complaint_id))
    if total > limit:
        raise AboveStaffLimit(format_money(total, settings.currency), format_money(limit, settings.currency))


def _check(kind: AmendKind, value_cents: int | None, expires: date | None, now: bool, by: dates.When | None) -> None:
    if kind is AmendKind.partial_refund and value_cents is None:
        raise InputError("a partial refund needs its amount")
    if expires is not None and kind is not AmendKind.coupon:
        raise InputError("only a coupon has an expiry date")
    if expires is not None and expires < clock.today():
        raise InputError("the coupon would already have expired")
    if now and by is not None:
        raise InputError("an amend is handed over now or promised by a date, not both")


def describe(amend: Amend, currency: str) -> str:
    """The amend in the shop's records: 'refund of $12.50', 'coupon K7QM-4XPD', 'gift (a box of pastries)'."""
    words = str(amend.kind).replace("-", " ")
    if amend.value_cents is not None:
        words += f" of {format_money(amend.value_cents, currency)}"
    if amend.code:
        words += f" {amend.code}"
    if amend.note:
        words += f" ({amend.note})"
    return words


def _new_code(store: Store) -> str:
    import secrets  # unguessable codes; imported here, as it costs ~10 ms at start-up

    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = f"{raw[:4]}-{raw[4:]}"
        if store.coupon_with_code(code) is None:
            return code


def normalise_code(text: str) -> str:
    """Codes are typed in any case, with or without the dash."""
    raw = re.sub(r"[\s-]", "", text).upper()
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        raise NotFound(f"no coupon with code {shorten(text, 20, '...')!r}")
    return f"{raw[:4]}-{raw[4:]}"


def redeem(store: Store, code_text: str) -> Amend:
    """Mark a coupon used: once, and not after it expired."""
    code = normalise_code(code_text)
    now = clock.now()
    with store.transaction():
        amend = store.coupon_with_code(code)
        if amend is None:
            raise NotFound(f"no coupon with code {code}")
        if amend.redeemed_at is not None:
            raise Conflict(f"coupon {code} was already redeemed on {amend.redeemed_at:%Y-%m-%d}")
        if amend.expires is not None and amend.expires < now.date():
            raise Conflict(f"coupon {code} expired on {amend.expires.isoformat()}")
        store.mark_redeemed(amend.id, now)
        for promise in store.promises_of(amend.complaint_id):
            if promise.amend_id == amend.id and promise.kept_at is None:
                store.mark_kept(promise.id, now)
        store.add_event(amend.complaint_id, "redeemed", f"Coupon {code} redeemed")
    return store.get_amend(amend.id)


# a discount's note that says the sum and what it is off: "£150 off your final invoice", "10% off the fitting"
_OFF_NOTE = re.compile(r"^(?:[$£€¥]\s?[\d.,]+|\d+(?:\.\d+)?\s?%)\s+off\b", re.I)


def discount_off(a: Amend, currency: str) -> str | None:
    """What a discount is off, with its sum, as the owner's note says it ("£150 off your final
    invoice"; a note "off the fitting" gets the value put before it); None when the note does not
    say what it is off. A discount is said only as the record holds it: never "on your next visit"."""
    note = (a.note or "").strip().rstrip(".")
    value = format_money(a.value_cents, currency) if a.value_cents else None
    if _OFF_NOTE.match(note):
        return note
    if value and re.match(r"off\b", note, re.I):
        return f"{value} {note}"
    return None


def discount_thing(a: Amend, currency: str) -> str:
    """A discount as a thing given: "£150 off your final invoice", or "a discount of £20.00" with
    a note that is not what it is off in brackets after it."""
    off = discount_off(a, currency)
    if off:
        return off
    value = format_money(a.value_cents, currency) if a.value_cents else None
    note = (a.note or "").strip()
    note = (f" {note}" if discount_reads_on(a) else f" ({note})") if note else ""
    return (f"a discount of {value}" if value else "a discount") + note


def discount_note_said(a: Amend) -> bool:
    """Whether a discount's note is said as it is: what it is off, or words that read on after it."""
    return a.kind is AmendKind.discount and (discount_off(a, "") is not None or discount_reads_on(a))


def discount_reads_on(a: Amend) -> bool:
    """Whether a discount's note reads on after "a discount of £20.00": "on your next order"."""
    return bool(a.note and re.match(r"(?:on|for|towards|against)\b", a.note.strip(), re.I))


def describe_to_customer(a: Amend, currency: str, today: date | None = None) -> str:
    """The amend as a letter says it: 'a refund of $12.50', 'a personal coupon worth $10.00 (...)';
    an expiry in another year than ``today``'s is written with its year."""
    value = format_money(a.value_cents, currency) if a.value_cents else None
    note = f" ({a.note})" if a.note else ""
    if a.kind is AmendKind.refund:
        return (f"a refund of {value}" if value else "a full refund") + note
    if a.kind is AmendKind.partial_refund:
        return f"a partial refund of {value}{note}"
    if a.kind is AmendKind.replacement:
        return f"a replacement{note}"
    if a.kind is AmendKind.redo:
        return f"{a.note}, at no charge" if a.note else "the work done again, at no charge"
    if a.kind is AmendKind.coupon:
        worth = f" worth {value}" if value else ""
        year = f" {a.expires.year}" if a.expires and today and a.expires.year != today.year else ""
        until = f", good until {written(a.expires)}{year}" if a.expires else ""
        return f"a personal coupon{worth} (your own code: {a.code}{until})"
    if a.kind is AmendKind.discount:
        return discount_thing(a, currency)
    if a.kind is AmendKind.gift:
        return f"a small gift: {a.note}" if a.note else "a small gift from us"
    if a.kind is AmendKind.meal:
        return f"a meal on us{note}"
    return a.note or "something to make it right"
