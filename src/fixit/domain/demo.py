"""A sample shop for newcomers: three weeks at a small bakery, written through the same domain
functions a shop owner's commands use, so every command has something real to show."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from fixit import clock, dates
from fixit.domain import amends, changes, complaints, customers, promises, settings, tags
from fixit.letters.record import Sent, record
from fixit.model import AmendKind, Cause, Channel, LetterKind, Outcome, Severity
from fixit.storage import Store


def _when(days_ago: int, hour: int, minute: int = 0) -> datetime:
    today = clock.today()
    return datetime.combine(today - timedelta(days=days_ago), time(hour, minute)).astimezone()


def _log(
    store: Store,
    name: str,
    summary: str,
    *,
    phone: str | None = None,
    email: str | None = None,
    channel: Channel = Channel.counter,
    apologized: bool = True,
    promise: str | None = None,
    by_days: int = 1,
    tag: list[str] | None = None,
    notes: str | None = None,
    severity: Severity = Severity.normal,
    about: str | None = None,
    tell: str | None = None,
) -> int:
    contact = customers.Contact.checked(name, phone, email, notes)
    by = dates.When(clock.today() + timedelta(days=by_days)) if promise else None
    new = complaints.NewComplaint(
        contact=contact,
        summary=summary,
        channel=channel,
        severity=severity,
        staff="Sam",
        apologized=apologized,
        promise=promise,
        promise_by=by,
        tags=tag or [],
        about=about,
        tell=tell,
    )
    checked = complaints.check(new, allow_past_promise=True)
    with store.transaction():
        return complaints.log_within(store, checked, clock.now(), allow_past_promise=True).complaint.id


def fill(store: Store) -> None:
    settings.change_many(
        store,
        {
            "business_name": "Rosa's Bakery",
            "owner_name": "Rosa Marquez",
            "business_phone": "555-0100",
            "business_email": "rosa@bakery.example",
            "address": "12 Mill Lane, Springfield",
            "staff_limit": "50",
        },
    )
    with clock.travel(_when(20, 9, 15)):
        a = _log(
            store,
            "Dana Reyes",
            "Charged twice for the birthday cake",
            phone="555-0142",
            email="dana@example.com",
            promise="Refund the second charge",
            tag=["till"],
            about="the double charge for your birthday cake",
            tell="refund the second charge",
            notes="Orders a cake every month for her office",
        )
    with clock.travel(_when(19, 10)):
        promises.keep(store, 1)
        complaints.judge_justified(store, a, Cause.systemic)
        complaints.fix(store, a, "Refunded the second charge and added a second check at the till")
        changes.record(store, "Every card payment is checked against the till roll before the customer leaves", [a])
    with clock.travel(_when(17, 11)):
        b = _log(
            store,
            "Lee Park",
            "Waited forty minutes for a coffee",
            channel=Channel.review,
            apologized=False,
            tag=["queue"],
            about="the wait for your coffee",
        )
    with clock.travel(_when(16, 9)):
        complaints.apologize(store, b)
        amends.give(store, b, AmendKind.coupon, value_cents=500, expires=clock.today() + timedelta(days=25), now=True)
        complaints.judge_justified(store, b, Cause.mistake)
        complaints.fix(store, b, "Talked to the morning team about the order queue")
    with clock.travel(_when(12, 14, 30)):
        c = _log(
            store,
            "Omar Haddad",
            "The sourdough was burnt on the bottom",
            promise="Bake a fresh loaf",
            tag=["oven"],
            about="your sourdough loaf",
            tell="bake you a fresh loaf",
        )
        amends.give(
            store,
            c,
            AmendKind.replacement,
            note="a fresh loaf",
            now=False,
            by=dates.When(clock.today() + timedelta(days=1)),
        )
    with clock.travel(_when(11, 8)):
        promises.keep(store, 2)
        promises.keep(store, 3)
        complaints.fix(store, c, "Replaced the loaf; the oven's bottom element is being repaired")
    with clock.travel(_when(10, 16)):
        d = _log(
            store,
            "Ben Kim",
            "I was overcharged for the sandwich",
            channel=Channel.phone,
            about="the price of your sandwich",
        )
        complaints.judge_unjustified(
            store, d, "The price on the board had gone up that Monday, and the till charged the new price"
        )
        amends.give(store, d, AmendKind.coupon, value_cents=300, now=True)
    with clock.travel(_when(9, 9)):
        complaints.close(store, a, Outcome.won_back)
        record(store, [Sent(a, LetterKind.followup, "Hello Dana, I wanted to follow up on the double charge...")])
    with clock.travel(_when(8, 12)):
        e = _log(
            store,
            "Dana Reyes",
            "The cake was dry",
            phone="555-0142",
            promise="Call her back today",
            by_days=0,
            severity=Severity.high,
            about="your cake",
            tell="call you back",
        )
    with clock.travel(_when(6, 10)):
        f = _log(
            store,
            "Mei Chen",
            "Nobody called back about the wedding order",
            channel=Channel.email,
            email="mei@example.com",
            tag=["phone"],
            about="your wedding order",
        )
        tags.tag(store, e, ["oven"])
    with clock.travel(_when(4, 15)):
        g = _log(
            store,
            "Ana Silva",
            "Gluten-free bread was cut on the same board",
            apologized=False,
            tag=["kitchen"],
            severity=Severity.high,
            about="your gluten-free bread",
        )
        amends.give(store, g, AmendKind.refund, value_cents=450, by=dates.When(clock.today() + timedelta(days=1)))
    with clock.travel(_when(2, 11)):
        h = _log(
            store,
            "Sam Lee",
            "Delivery came two hours late",
            channel=Channel.phone,
            promise="Send a voucher",
            tag=["delivery"],
            about="your delivery",
            tell="send you a voucher",
        )
        amends.give(store, h, AmendKind.redo, note="a second delivery", now=True)
    with clock.travel(_when(1, 17)):
        _log(
            store,
            "Fatima Okafor",
            "The shop looked closed at opening time",
            channel=Channel.noticed,
            apologized=False,
            promise="Open on time; apologize when she comes in",
            by_days=1,
            about="finding the shop closed at opening time",
        )
    with clock.travel(_when(0, 8, 30)):
        complaints.fix(store, f, "Called Mei and confirmed the wedding order")
