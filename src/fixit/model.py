"""The records of fixit as plain dataclasses, and the closed vocabularies they use.

The enums double as the CLI's choices, so a word means the same in the database,
the command line and the README (see shared/GLOSSARY.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum


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


class Status(Word):
    open = "open"
    fixed = "fixed"
    closed = "closed"


class Verdict(Word):
    justified = "justified"
    unjustified = "unjustified"


@dataclass
class Customer:
    id: int
    name: str
    phone: str | None = None
    email: str | None = None
    notes: str | None = None
    yearly_spend_cents: int | None = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass
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
    tags: list[str] = field(default_factory=list)


@dataclass
class Promise:
    id: int
    complaint_id: int
    what: str
    due: date
    due_time: time | None
    made_at: datetime
    kept_at: datetime | None = None
    amend_id: int | None = None


@dataclass
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


@dataclass
class Event:
    """One line of a complaint's timeline, written when something happens to it."""

    complaint_id: int
    at: datetime
    kind: str
    detail: str


@dataclass
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


@dataclass
class Letter:
    """A letter recorded as sent, with its text as it went out."""

    id: int
    complaint_id: int
    kind: LetterKind
    sent_at: datetime
    body: str
    change_id: int | None = None


@dataclass
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


# What the store's screen queries return ---------------------------------------------------


@dataclass
class CustomerSummary:
    """One line of `fixit customers`: a customer with their complaint counts and last contact."""

    customer: Customer
    complaints: int
    open: int
    last_contact: datetime | None

    @property
    def repeat(self) -> bool:
        return self.complaints > 1


@dataclass
class SearchMatch:
    """A complaint or promise matching a search, best first; matched words marked in ``snippet``."""

    source: str  # "complaint" or "promise"
    complaint_id: int
    promise_id: int | None
    snippet: str


@dataclass
class ComplaintFacts:
    """What the report needs of one complaint logged in its period."""

    customer_id: int
    channel: Channel
    verdict: Verdict | None
    cause: Cause | None
    status: Status
    outcome: Outcome | None
    hours_to_apology: float | None
    hours_to_fix: float | None
    closed_at: datetime | None


@dataclass
class PromiseTally:
    """The period's promises as of a day: kept on time or late, still open past due or not yet due."""

    kept_on_time: int = 0
    kept_late: int = 0
    open_overdue: int = 0
    open_not_yet_due: int = 0


@dataclass
class AmendFacts:
    amend_id: int
    complaint_id: int
    kind: AmendKind
    value_cents: int | None
    is_coupon: bool
    redeemed: bool
    approved_by: str | None


@dataclass
class CustomerSpend:
    customer_id: int
    name: str
    yearly_spend_cents: int | None


@dataclass
class ReportFacts:
    """Everything the report is computed from, for the complaints logged in one period."""

    complaints: list[ComplaintFacts]
    promises: PromiseTally
    amends: list[AmendFacts]
    spend: list[CustomerSpend]
    per_week: dict[date, int]  # Monday (local) -> complaints logged that week
