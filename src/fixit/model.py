"""The records of fixit as plain dataclasses, and the closed vocabularies they use.

The enums double as the CLI's choices, so a word means the same in the database,
the command line and the README (see shared/GLOSSARY.md).

Every command imports this module, so its records are declared ``@record``: a dataclass with
only ``__init__`` generated (no ``__repr__``, no ``__eq__``), which halves what defining each
one costs at start-up. Records are compared by id, never as whole values; ``Customer`` keeps
``__eq__`` because matching compares a customer before and after filling in a contact.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeVar

    from typing_extensions import dataclass_transform

    _Record = TypeVar("_Record")

    @dataclass_transform(field_specifiers=(field,))
    def record(cls: type[_Record]) -> type[_Record]: ...  # to a type checker, a record is a dataclass
else:

    def record(cls):
        return dataclass(repr=False, eq=False)(cls)


class Word(str, Enum):
    """A closed vocabulary word: compares equal to its text and prints as it (``f"{Status.open}"`` is "open")."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)


class Channel(Word):
    counter = "counter"
    phone = "phone"
    email = "email"
    social = "social"
    review = "review"
    noticed = "noticed"


class Severity(Word):
    low = "low"
    normal = "normal"
    high = "high"


class Cause(Word):
    mistake = "mistake"
    systemic = "systemic"


class Outcome(Word):
    won_back = "won-back"
    lost = "lost"
    unknown = "unknown"


class AmendKind(Word):
    refund = "refund"
    partial_refund = "partial-refund"
    replacement = "replacement"
    redo = "redo"
    coupon = "coupon"
    discount = "discount"
    gift = "gift"
    meal = "meal"
    other = "other"


class LetterKind(Word):
    apology = "apology"
    followup = "followup"
    explanation = "explanation"
    promise_kept = "promise-kept"
    new_procedure = "new-procedure"


class Via(Word):
    """How a letter reached the customer: recorded by hand (printed, or sent from a mail program),
    sent by fixit as an email, or handed to the shop's text-message program."""

    recorded = "recorded"
    email = "email"
    sms = "sms"


class Status(Word):
    open = "open"
    fixed = "fixed"
    closed = "closed"


class Verdict(Word):
    justified = "justified"
    unjustified = "unjustified"


@dataclass(repr=False)
class Customer:
    id: int
    name: str
    phone: str | None = None
    email: str | None = None
    notes: str | None = None
    yearly_spend_cents: int | None = None
    greet: str | None = None  # the name a letter greets them by ("Mrs Olsen"); None: worked out from the name


@record
class Complaint:
    id: int
    customer_id: int
    summary: str
    channel: Channel
    severity: Severity
    logged_at: datetime
    status: Status = Status.open
    emergency: bool = False
    staff: str | None = None
    notes: str | None = None
    apologized_at: datetime | None = None
    verdict: str | None = None
    cause: str | None = None
    explanation: str | None = None
    fix: str | None = None
    fixed_at: datetime | None = None
    followup_due: date | None = None
    followup_done_at: datetime | None = None
    closed_at: datetime | None = None
    outcome: str | None = None
    customer_name: str | None = None  # filled when read together with the customer
    about: str | None = None  # what it was about, as a letter names it to the customer: "your wedding cake"
    happened_on: date | None = None  # when it happened, if not the day it was logged
    location: str | None = None  # the shop location whose till logged it (None: a shop with one location)
    tags: list[str] = field(default_factory=list)
    voided_at: datetime | None = None  # entered in error: kept, but off the agenda, the report and repeat counts
    void_reason: str | None = None
    # read with the customer: their phone or email ('' for neither) when another customer has the same name
    namesake_contact: str | None = None
    nth: int | None = None  # where read: which of the customer's complaints this is (1: their first)
    went_wrong: str | None = None  # what went wrong, said to the customer as a clause: "your cake arrived late"
    found: str | None = None  # the finding: what we examined and found ("the label is printed before the check")
    we_did: str | None = None  # the fix said to the customer, finishing "We ...": "replaced the brake cable"
    careful: bool | None = None  # a careful apology set by hand (None: worked out from what was written)
    channel_given: bool = False  # the channel was given, not the default (a default channel is not a visit)


@record
class Promise:
    id: int
    complaint_id: int
    what: str
    due: date
    due_time: time | None
    made_at: datetime
    kept_at: datetime | None = None
    amend_id: int | None = None
    tell: str | None = None  # what the customer was told, finishing "We will ...": "call you with the lab result"


@record
class Amend:
    id: int
    complaint_id: int
    kind: AmendKind
    created_at: datetime
    value_cents: int | None = None
    note: str | None = None
    code: str | None = None
    expires: date | None = None
    given_at: datetime | None = None
    redeemed_at: datetime | None = None
    approved_by: str | None = None  # the owner, for an amend above the staff limit
    checkin_due: date | None = None  # replacement or redo: "is the new one working?"
    checkin_done_at: datetime | None = None
    checkin_ok: bool | None = None


@record
class Event:
    """One line of a complaint's timeline, written when something happens to it."""

    complaint_id: int
    at: datetime
    kind: str
    detail: str


@record
class Change:
    """A process change made because of one or more systemic complaints."""

    id: int
    description: str
    made_at: datetime
    complaint_ids: list[int] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)  # the tags of its complaints
    before: int | None = None  # complaints with those tags in the `window_days` before it
    after: int | None = None  # ... and in as many days since
    window_days: int | None = None


@record
class Letter:
    """A letter recorded as sent, with its text as it went out."""

    id: int
    complaint_id: int
    kind: LetterKind
    sent_at: datetime
    body: str
    change_id: int | None = None
    via: Via = Via.recorded
    message_id: str | None = None  # the Message-ID of an email the mail server accepted


@record
class Unsent:
    """A letter fixit could not send, kept with its text as it was to go out, to send again."""

    id: int
    complaint_id: int
    kind: LetterKind
    via: Via
    subject: str
    body: str
    failed_at: datetime
    reason: str
    change_id: int | None = None


@record
class ComplaintDetail:
    """Everything `show` needs about one complaint, read in one go."""

    complaint: Complaint
    customer: Customer
    promises: list[Promise] = field(default_factory=list)
    amends: list[Amend] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    earlier: list[Complaint] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    letters: list[Letter] = field(default_factory=list)
