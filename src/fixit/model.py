"""The records of fixit as plain dataclasses, and the closed vocabularies they use.

The enums double as the CLI's choices, so a word means the same in the database,
the command line and the README (see shared/GLOSSARY.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from typing import Optional


class Channel(str, Enum):
    counter = "counter"
    phone = "phone"
    email = "email"
    social = "social"
    review = "review"
    noticed = "noticed"


class Severity(str, Enum):
    low = "low"
    normal = "normal"
    high = "high"


class Cause(str, Enum):
    mistake = "mistake"
    systemic = "systemic"


class Outcome(str, Enum):
    won_back = "won-back"
    lost = "lost"
    unknown = "unknown"


class AmendKind(str, Enum):
    refund = "refund"
    partial_refund = "partial-refund"
    replacement = "replacement"
    redo = "redo"
    coupon = "coupon"
    discount = "discount"
    gift = "gift"
    meal = "meal"
    other = "other"


class LetterKind(str, Enum):
    apology = "apology"
    followup = "followup"
    explanation = "explanation"
    promise_kept = "promise-kept"
    new_procedure = "new-procedure"


class Status(str, Enum):
    open = "open"
    fixed = "fixed"
    closed = "closed"


@dataclass
class Customer:
    id: int
    name: str
    phone: Optional[str] = None
    email: Optional[str] = None
    notes: Optional[str] = None
    yearly_spend_cents: Optional[int] = None

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.split() else self.name


@dataclass
class Complaint:
    id: int
    customer_id: int
    summary: str
    channel: str
    severity: str
    logged_at: datetime
    status: str = Status.open.value
    emergency: bool = False
    staff: Optional[str] = None
    notes: Optional[str] = None
    apologized_at: Optional[datetime] = None
    verdict: Optional[str] = None
    cause: Optional[str] = None
    explanation: Optional[str] = None
    fix: Optional[str] = None
    fixed_at: Optional[datetime] = None
    followup_due: Optional[date] = None
    followup_done_at: Optional[datetime] = None
    closed_at: Optional[datetime] = None
    outcome: Optional[str] = None
    customer_name: Optional[str] = None  # filled when read together with the customer
    tags: list[str] = field(default_factory=list)


@dataclass
class Promise:
    id: int
    complaint_id: int
    what: str
    due: date
    due_time: Optional[time]
    made_at: datetime
    kept_at: Optional[datetime] = None
    amend_id: Optional[int] = None


@dataclass
class Amend:
    id: int
    complaint_id: int
    kind: str
    created_at: datetime
    value_cents: Optional[int] = None
    note: Optional[str] = None
    code: Optional[str] = None
    expires: Optional[date] = None
    given_at: Optional[datetime] = None
    redeemed_at: Optional[datetime] = None
    approved_by: Optional[str] = None  # the owner, for an amend above the staff limit
    checkin_due: Optional[date] = None  # replacement or redo: "is the new one working?"
    checkin_done_at: Optional[datetime] = None
    checkin_ok: Optional[bool] = None


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
    before: Optional[int] = None  # complaints with those tags in the `window_days` before it
    after: Optional[int] = None  # ... and in as many days since
    window_days: Optional[int] = None


@dataclass
class Letter:
    """A letter recorded as sent, with its text as it went out."""

    id: int
    complaint_id: int
    kind: str
    sent_at: datetime
    body: str
    change_id: Optional[int] = None


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
