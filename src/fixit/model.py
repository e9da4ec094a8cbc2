"""The records of fixit as plain dataclasses, and the closed vocabularies they use.

The enums double as the CLI's choices, so a word means the same in the database,
the command line and the README (see shared/GLOSSARY.md).

Every command imports this module, so its records are declared ``@record``: a dataclass with
only ``__init__`` generated (no ``__repr__``, no ``__eq__``), which halves what defining each
one costs at start-up. Records are compared by id, never as whole values; ``Customer`` keeps
``__eq__`` because matching compares a customer before and after filling in a contact.
"""

from __future__ import annotations

from dataclasses import MISSING, dataclass, field, fields
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING, Any


class Column:
    """One column of a table, declared once, on the field of its record that holds it (see ``column``).

    ``sql``: its type and constraints as ``ALTER TABLE ... ADD COLUMN`` takes them, the same on both
    stores ("TEXT", "INTEGER NOT NULL DEFAULT 0"); NOT NULL in it makes the column required in an
    export. ``check``: how a value is checked on its way in (an import, an export read back, `edit`):
    one of fixit.domain.fields.DECLARED_CHECKS ("text", "name", "voice", "word", "timestamp", "day",
    "flag", "id", "careful"), ``what`` naming the value in an error ("the receipt number").
    ``searched``: `fixit find` finds a complaint by this value given whole, and `show --NAME` looks it up
    (an index is made for it). ``imported``: a column of a spreadsheet import, with the other headers
    taken for it. ``given``: `NewComplaint` has a field of the same name, written as the complaint is
    logged. ``edited``: `fixit edit` may change it (the store writes it with the other corrections).
    ``added``: the name of the schema step that adds it, generated for both stores (None: a column
    of the shipped steps, written by hand there and never changed).
    """

    __slots__ = ("added", "check", "edited", "given", "imported", "name", "searched", "sql", "vocabulary", "what")

    def __init__(
        self,
        sql: str,
        check: str,
        what: str,
        *,
        vocabulary: type[Enum] | None = None,
        searched: bool = False,
        imported: tuple[str, ...] | None = None,
        given: bool = False,
        edited: bool = False,
        added: str | None = None,
    ) -> None:
        self.name = ""  # set from the field, once the record is made
        self.sql, self.check, self.what, self.vocabulary = sql, check, what, vocabulary
        self.searched, self.imported, self.given, self.edited, self.added = searched, imported, given, edited, added

    @property
    def required(self) -> bool:
        return "NOT NULL" in self.sql.upper()


def column(sql: str, check: str, what: str, *, default: Any = MISSING, **declared: Any) -> Any:
    """A record's field that is a column of its table, declared with it (``Column``'s arguments)."""
    return field(default=default, metadata={"column": Column(sql, check, what, **declared)})


def columns_of(cls: type) -> tuple[Column, ...]:
    """The columns a record's fields declare, in the order of the fields (each named for its field)."""
    found = _COLUMNS.get(cls)
    if found is None:
        declared = []
        for each in fields(cls):
            declared_column = each.metadata.get("column")
            if declared_column is not None:
                declared_column.name = each.name
                declared.append(declared_column)
        found = _COLUMNS[cls] = tuple(declared)
    return found


_COLUMNS: dict[type, tuple[Column, ...]] = {}

if TYPE_CHECKING:
    from typing import TypeVar

    from typing_extensions import dataclass_transform

    _Record = TypeVar("_Record")

    @dataclass_transform(field_specifiers=(field, column))
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
    """A complaint, and the declaration of the complaints table: each field that is a column says so
    with ``column`` (its SQL, its check, whether it is searched, imported, given at `log`, edited),
    and both stores' schema steps for a new column, the import's columns and the export's checks are
    made from it (docs/design.md, "Adding a field to complaints")."""

    id: int = column("INTEGER PRIMARY KEY", "id", "the id")
    customer_id: int = column("INTEGER NOT NULL REFERENCES customers(id)", "id", "the customer")
    summary: str = column("TEXT NOT NULL", "text", "what went wrong")
    channel: Channel = column("TEXT NOT NULL", "word", "the channel", vocabulary=Channel)
    severity: Severity = column("TEXT NOT NULL DEFAULT 'normal'", "word", "the severity", vocabulary=Severity)
    logged_at: datetime = column("TEXT NOT NULL", "timestamp", "when it was logged")
    status: Status = column(
        "TEXT NOT NULL DEFAULT 'open'", "word", "the status", default=Status.open, vocabulary=Status
    )
    emergency: bool = column("INTEGER NOT NULL DEFAULT 0", "flag", "emergency", default=False)
    staff: str | None = column("TEXT", "name", "the staff name", default=None)
    notes: str | None = column("TEXT", "text", "the notes", default=None)
    apologized_at: datetime | None = column("TEXT", "timestamp", "when we apologized", default=None)
    verdict: str | None = column("TEXT", "word", "the verdict", default=None, vocabulary=Verdict)
    cause: str | None = column("TEXT", "word", "the cause", default=None, vocabulary=Cause)
    explanation: str | None = column("TEXT", "text", "the explanation", default=None)
    fix: str | None = column("TEXT", "text", "what was done", default=None)
    fixed_at: datetime | None = column("TEXT", "timestamp", "when it was fixed", default=None)
    followup_due: date | None = column("TEXT", "day", "the follow-up day", default=None)
    followup_done_at: datetime | None = column("TEXT", "timestamp", "when it was followed up", default=None)
    closed_at: datetime | None = column("TEXT", "timestamp", "when it was closed", default=None)
    outcome: str | None = column("TEXT", "word", "the outcome", default=None, vocabulary=Outcome)
    customer_name: str | None = None  # filled when read together with the customer
    # what it was about, as a letter names it to the customer: "your wedding cake"
    about: str | None = column("TEXT", "voice", "about", default=None, given=True)
    # when it happened, if not the day it was logged
    happened_on: date | None = column("TEXT", "day", "when it happened", default=None, given=True)
    # the shop location whose till logged it (None: a shop with one location)
    location: str | None = column("TEXT", "name", "the location", default=None, given=True)
    tags: list[str] = field(default_factory=list)
    # entered in error: kept, but off the agenda, the report and repeat counts
    voided_at: datetime | None = column("TEXT", "timestamp", "when it was void", default=None)
    void_reason: str | None = column("TEXT", "text", "why it was void", default=None)
    # read with the customer: their phone or email ('' for neither) when another customer has the same name
    namesake_contact: str | None = None
    nth: int | None = None  # where read: which of the customer's complaints this is (1: their first)
    # what went wrong, said to the customer as a clause: "your cake arrived late"
    went_wrong: str | None = column("TEXT", "voice", "went_wrong", default=None, given=True, edited=True)
    # the finding: what we examined and found ("the label is printed before the check")
    found: str | None = column("TEXT", "voice", "found", default=None, edited=True)
    # the fix said to the customer, finishing "We ...": "replaced the brake cable"
    we_did: str | None = column("TEXT", "voice", "we_did", default=None, edited=True)
    # a careful apology set by hand (None: worked out from what was written); stored 'yes' / 'no'
    careful: bool | None = column("TEXT", "careful", "careful", default=None, given=True, edited=True)
    # the channel was given, not the default (a default channel is not a visit)
    channel_given: bool = column("INTEGER", "flag", "channel given", default=False, given=True, edited=True)
    # the receipt or order number in the customer's hand: `fixit find 10482`, `fixit show --ref 10482`
    ref: str | None = column(
        "TEXT",
        "name",
        "the receipt or order number",
        default=None,
        searched=True,
        imported=("receipt", "receiptnumber", "order", "ordernumber", "reference"),
        given=True,
        edited=True,
        added="complaint_ref",
    )
    # who was hurt or unwell, as a careful letter names them: "you", "your dog Paşa", "no one"
    harmed: str | None = column(
        "TEXT", "voice", "who was hurt or unwell", default=None, given=True, edited=True, added="complaint_harmed"
    )


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
