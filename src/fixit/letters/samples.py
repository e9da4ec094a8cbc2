"""Sample situations `fixit templates check` renders every template in, so an owner's own
template is read by the draft checker in the situations fixit's own letters are written for:
a first complaint and a second one, a careful one, a staff observation, a systemic cause with a
process change, an unjustified one; and thin records, as most are typed (`log NAME SUMMARY
--phone`): no name or a placeholder, a family name first, an address for a name, no about and no
words for the customer, a careful case (an animal hurt, a bereavement), a second complaint.
Each full sample has a kept promise, an open one, an amend, a change and an explanation, so
every kind of letter can be rendered from it. Records only, in memory: nothing is read from or
written to the shop's database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fixit.model import (
    Amend,
    AmendKind,
    Cause,
    Change,
    Channel,
    Complaint,
    ComplaintDetail,
    Customer,
    Promise,
    Severity,
    Status,
    Verdict,
)


@dataclass(frozen=True)
class Sample:
    name: str
    detail: ComplaintDetail


def samples(now: datetime) -> list[Sample]:
    today = now.date()
    earlier = now - timedelta(days=2)

    def detail(
        customer: Customer,
        complaint: Complaint,
        *,
        tell: str | None = "call you with an update",
        amend_kind: AmendKind = AmendKind.coupon,
        previous: int = 0,
    ) -> ComplaintDetail:
        kept = Promise(
            1,
            complaint.id,
            "Ring back",
            today - timedelta(days=1),
            None,
            earlier,
            kept_at=now - timedelta(hours=3),
            tell=tell,
        )
        pending = Promise(
            2, complaint.id, "Post the refund", today + timedelta(days=3), time(17), earlier, tell=None, amend_id=2
        )
        coupon = Amend(
            1,
            complaint.id,
            amend_kind,
            earlier,
            value_cents=1000,
            code="K7QM-4XPD",
            expires=date(today.year + 1, 1, 31),
            given_at=earlier,
        )
        refund = Amend(2, complaint.id, AmendKind.refund, earlier, value_cents=2450)
        change = Change(1, "Every order is now read back to the customer before it is taken", earlier, [complaint.id])
        older = [
            Complaint(
                100 + i,
                customer.id,
                "Earlier complaint",
                Channel.counter,
                Severity.normal,
                earlier - timedelta(days=30 * (i + 1)),
            )
            for i in range(previous)
        ]
        return ComplaintDetail(complaint, customer, [kept, pending], [coupon, refund], [], older, [change], [])

    def complaint(number: int, summary: str, **fields: object) -> Complaint:
        values: dict[str, object] = {
            "channel": Channel.counter,
            "severity": Severity.normal,
            "status": Status.open,
            "about": "your order",
            "explanation": "The order form asked for eleven o'clock, and it was ready then",
            "fix": "Made the order again",
        }
        values.update(fields)
        return Complaint(number, number, summary, logged_at=earlier, **values)  # type: ignore[arg-type]

    def thin(customer: Customer, complaint: Complaint, previous: int = 0) -> ComplaintDetail:
        """Only `log NAME SUMMARY --phone`: no about, no words for the customer, no promise, no amend.
        A kept promise is there all the same, so a promise-kept letter can be rendered from it."""
        kept = Promise(
            1, complaint.id, "Ring back", today - timedelta(days=1), None, earlier, kept_at=now - timedelta(hours=3)
        )
        change = Change(1, "Every order is now read back before it is taken", earlier, [complaint.id])
        older = [
            Complaint(
                100 + i,
                customer.id,
                "Earlier complaint",
                Channel.counter,
                Severity.normal,
                earlier - timedelta(days=30 * (i + 1)),
            )
            for i in range(previous)
        ]
        later = [
            Complaint(200, customer.id, "A later complaint", Channel.counter, Severity.normal, now - timedelta(hours=1))
        ]
        return ComplaintDetail(complaint, customer, [kept], [], [], older + later, [change], [])

    def bare(number: int, summary: str, **fields: object) -> Complaint:
        values: dict[str, object] = {
            "channel": Channel.counter,
            "severity": Severity.normal,
            "status": Status.open,
            "explanation": "The order was ready at the time on the order form",
        }
        values.update(fields)
        return Complaint(number, number, summary, logged_at=earlier, **values)  # type: ignore[arg-type]

    return [
        Sample("thin: no name to greet", thin(Customer(11, "Walk-in"), bare(11, "cake late"))),
        Sample("thin: a placeholder name", thin(Customer(12, "anonymous"), bare(12, "Order wrong, left"))),
        Sample("thin: a family name first", thin(Customer(13, "Nguyễn Văn An"), bare(13, "Pho was cold"))),
        Sample("thin: an email for a name", thin(Customer(14, "jmiller88@gmail.com"), bare(14, "never arrived"))),
        Sample("thin: second complaint", thin(Customer(15, "Sam Lee"), bare(15, "late again"), previous=1)),
        Sample(
            "thin: careful, an animal",
            thin(
                Customer(16, "Dana Reyes"),
                bare(16, "Nicked my dog's ear, vet bill", status=Status.fixed, fix="Refund paid", cause=Cause.systemic),
            ),
        ),
        Sample("thin: bereavement", thin(Customer(17, "Ana Silva"), bare(17, "Flowers missed the funeral"))),
        Sample(
            "thin: fixed with a staff note",
            thin(
                Customer(18, "Ben Okafor"),
                bare(18, "bread stale", status=Status.fixed, fix="Refund paid", cause=Cause.mistake),
            ),
        ),
        Sample(
            "first complaint", detail(Customer(1, "Dana Reyes"), complaint(1, "I waited forty minutes for my coffee"))
        ),
        Sample(
            "second complaint, by phone, high severity",
            detail(
                Customer(2, "Dr. Anna van Berg", greet="Dr van Berg"),
                complaint(
                    2,
                    "Cake had the wrong names on it",
                    channel=Channel.phone,
                    severity=Severity.high,
                    about="your wedding cake",
                    verdict=Verdict.justified,
                    cause=Cause.systemic,
                    status=Status.fixed,
                ),
                previous=1,
            ),
        ),
        Sample(
            "careful: unwell",
            detail(
                Customer(3, "Zoë Ångström"),
                complaint(3, "I was unwell after the prawns", channel=Channel.email, about="your meal"),
            ),
        ),
        Sample(
            "noticed by staff",
            detail(
                Customer(4, "Ben Okafor"),
                complaint(
                    4,
                    "Looked unhappy with the croissant",
                    channel=Channel.noticed,
                    severity=Severity.low,
                    about="your croissant",
                ),
                tell=None,
            ),
        ),
        Sample(
            "unjustified",
            detail(
                Customer(5, "Mei Chen"),
                complaint(
                    5, "My order was not ready at ten", verdict=Verdict.unjustified, about="your order on Tuesday"
                ),
            ),
        ),
    ]
