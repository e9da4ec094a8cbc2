"""The morning agenda's sections and what each one means, defined once.

A section's rule is data (named tuples: cheap to define, and `due` reads them on every run):
which records it lists, the conditions they meet, their order.
The storage layer compiles a rule to SQL (its conditions are the WHERE clauses of partial
indexes, so the morning query reads only the open part of a table); the domain
(``fixit.domain.agenda``) reads the headings and says what is late. Nothing else spells
out "overdue" or "stalled".
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from fixit.model import Status, Word


class Record(Word):
    complaint = "complaint"
    promise = "promise"
    amend = "amend"


class Test(Word):
    equals = "equals"
    differs = "differs"
    missing = "missing"
    present = "present"
    before = "before"  # the field is earlier than a window value
    on_or_before = "on-or-before"
    on = "on"
    within = "within"  # between two window values, both included
    deadline_passed = "deadline-passed"  # a promise whose deadline() is past
    deadline_ahead = "deadline-ahead"  # a promise whose deadline() is still to come
    no_open_promise = "no-open-promise"  # a complaint none of whose promises is still open
    of_live_complaint = "of-live-complaint"  # a promise or amend whose complaint was not entered in error (void)


class Condition(NamedTuple):
    test: Test
    field: str = ""
    value: Status | bool | None = None  # for equals / differs
    bounds: tuple[str, ...] = ()  # names of AgendaWindow fields, for the date tests


def equals(field: str, value: Status | bool) -> Condition:
    return Condition(Test.equals, field, value)


def differs(field: str, value: Status) -> Condition:
    return Condition(Test.differs, field, value)


def missing(field: str) -> Condition:
    return Condition(Test.missing, field)


def present(field: str) -> Condition:
    return Condition(Test.present, field)


def before(field: str, bound: str) -> Condition:
    return Condition(Test.before, field, bounds=(bound,))


def on_or_before(field: str, bound: str) -> Condition:
    return Condition(Test.on_or_before, field, bounds=(bound,))


def on(field: str, bound: str) -> Condition:
    return Condition(Test.on, field, bounds=(bound,))


def within(field: str, first: str, last: str) -> Condition:
    return Condition(Test.within, field, bounds=(first, last))


# A promise falls due at its time on its day; one with no time, at the end of its day. The one
# definition of a promise's deadline: fixit.domain.promises reads it in this machine's zone (overdue,
# kept late), and the store compiles the same to SQL for the agenda and the report.
END_OF_DAY = time(23, 59, 59)


def deadline(due: date, due_time: time | None) -> datetime:
    """When a promise falls due, as a wall-clock time (naive: the caller gives it its zone)."""
    return datetime.combine(due, due_time or END_OF_DAY)


NO_OPEN_PROMISE = Condition(Test.no_open_promise)
OF_LIVE_COMPLAINT = Condition(Test.of_live_complaint)
DEADLINE_PASSED = Condition(Test.deadline_passed, "due", bounds=("day", "at"))
DEADLINE_AHEAD = Condition(Test.deadline_ahead, "due_time", bounds=("at",))


class Rule(NamedTuple):
    heading: str
    record: Record
    conditions: tuple[Condition, ...]
    order: tuple[str, ...]


class AgendaWindow(NamedTuple):
    """The moments a rule compares against: today and the time of day now, when an open complaint
    counts as stalled, and the last day a coupon's expiry is worth a warning."""

    day: date
    stalled_before: datetime
    coupons_until: date
    at: time = time.min
    location: str | None = None  # this till's location: its own work (and work with no location) and every
    #                              emergency; None: the whole business


APOLOGY_LATE_AFTER = timedelta(days=1)  # an apology later than this after the complaint is late


def apology_late(logged_at: datetime, apologized_at: datetime) -> bool:
    """An apology made (or, not yet made, still owed) at ``apologized_at`` is late."""
    return apologized_at - logged_at > APOLOGY_LATE_AFTER


class Section(Word):
    """The sections of `fixit due`, in the order they are listed: most urgent first."""

    emergency = "emergency"
    apology = "apology"
    overdue = "overdue"
    due_today = "due-today"
    follow_up = "follow-up"
    check_in = "check-in"
    stalled = "stalled"
    coupon = "coupon"

    @property
    def rule(self) -> Rule:
        return RULES[self]


NOT_CLOSED = differs("status", Status.closed)
LIVE = missing("voided_at")  # a complaint entered in error (void) is off the agenda
OPEN_PROMISE = missing("kept_at")
PENDING_CHECKIN = (present("checkin_due"), missing("checkin_done_at"))

RULES: dict[Section, Rule] = {
    Section.emergency: Rule("Emergencies", Record.complaint, (equals("emergency", True), NOT_CLOSED, LIVE), ("id",)),
    Section.apology: Rule(
        "Not yet apologized", Record.complaint, (missing("apologized_at"), NOT_CLOSED, LIVE), ("logged_at",)
    ),
    Section.overdue: Rule(
        "Promises overdue",
        Record.promise,
        (OPEN_PROMISE, DEADLINE_PASSED, OF_LIVE_COMPLAINT),
        ("due", "due_time", "id"),
    ),
    Section.due_today: Rule(
        "Promises due today",
        Record.promise,
        (OPEN_PROMISE, on("due", "day"), DEADLINE_AHEAD, OF_LIVE_COMPLAINT),
        ("due_time", "id"),
    ),
    Section.follow_up: Rule(
        "Follow-ups due",
        Record.complaint,
        (equals("status", Status.fixed), missing("followup_done_at"), on_or_before("followup_due", "day"), LIVE),
        ("followup_due", "id"),
    ),
    Section.check_in: Rule(
        "Check-ins: is the replacement or redo working?",
        Record.amend,
        (*PENDING_CHECKIN, on_or_before("checkin_due", "day"), OF_LIVE_COMPLAINT),
        ("checkin_due", "id"),
    ),
    Section.stalled: Rule(
        "Stalled: no promise and no fix",
        Record.complaint,
        (
            equals("status", Status.open),
            missing("fixed_at"),
            on_or_before("logged_at", "stalled_before"),
            NO_OPEN_PROMISE,
            LIVE,
        ),
        ("logged_at",),
    ),
    Section.coupon: Rule(
        "Coupons expiring within 7 days",
        Record.amend,
        (present("code"), missing("redeemed_at"), within("expires", "day", "coupons_until"), OF_LIVE_COMPLAINT),
        ("expires", "id"),
    ),
}
