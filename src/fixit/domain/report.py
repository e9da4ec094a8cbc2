"""The owner's report: how the shop recovers, over a period, in figures a test can check by hand.

Every figure is about the complaints logged in the period (and their promises and amends).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fixit import clock, dates
from fixit.errors import InputError
from fixit.model import AmendKind
from fixit.storage import Store
from fixit.summaries import GroupTally, PromiseTally
from fixit.text import is_placeholder


@dataclass
class AmendFigures:
    kind: str
    count: int
    total_cents: int


@dataclass
class AboveLimit:
    """An amend given above the staff limit, with the owner's approval."""

    amend: int
    complaint: int
    kind: AmendKind
    value_cents: int | None
    approved_by: str


@dataclass
class Period:
    """[start, end): the complaints logged in it are the report's subject."""

    start: datetime
    end: datetime


DEFAULT_DAYS = 30


def period(
    now: datetime,
    *,
    since: dates.When | None = None,
    first_day: dates.When | None = None,
    last_day: dates.When | None = None,
    all_time: bool = False,
    first_logged: datetime | None = None,
) -> Period:
    """The period a report covers: the last 30 days unless told otherwise; a first day with an
    optional last day (included, whole); everything on file, from the day of the first complaint
    (``first_logged``); always ending just after now."""
    just_after_now = now + timedelta(seconds=1)
    if all_time:
        return Period(dates.When((first_logged or now).date()).start(now), just_after_now)
    if first_day is not None:
        end = dates.When(last_day.day + timedelta(days=1)).start(now) if last_day else just_after_now
        if end <= first_day.start(now):
            raise InputError("the period ends before it starts")
        return Period(first_day.start(now), end)
    start = since or dates.When(now.date() - timedelta(days=DEFAULT_DAYS))
    return Period(start.start(now), just_after_now)


@dataclass
class Report:
    start: datetime
    end: datetime
    complaints: int
    by_channel: dict[str, int]
    by_cause: dict[str, int]
    verdicts: dict[str, int]
    median_hours_to_apology: float | None
    apologized_within_a_day: float | None  # share of the period's complaints, 0..1
    median_hours_to_fix: float | None
    promises: PromiseTally
    repeat_customers: list[tuple[str, int]]
    amends: list[AmendFigures]
    coupons_issued: int
    coupons_redeemed: int
    outcomes: dict[str, int]
    yearly_spend_won_back_cents: int
    yearly_spend_lost_cents: int
    above_staff_limit: list[AboveLimit] = field(default_factory=list)
    per_week: list[tuple[date, int]] = field(default_factory=list)
    by_location: list[GroupTally] = field(default_factory=list)  # complaints logged with no location: name None
    by_staff: list[GroupTally] = field(default_factory=list)


def build(store: Store, start: datetime, end: datetime) -> Report:
    facts = store.report_facts(start, end, min(end, clock.now()))
    return Report(
        start=start,
        end=end,
        complaints=facts.complaints,
        by_channel=_ranked(facts.by_channel),
        by_cause=_ranked(facts.by_cause),
        verdicts=_ranked(facts.verdicts),
        median_hours_to_apology=_rounded(facts.apologies.median),
        apologized_within_a_day=facts.apologies.within_a_day / facts.complaints if facts.complaints else None,
        median_hours_to_fix=_rounded(facts.fixes.median),
        promises=facts.promises,
        repeat_customers=[(name, n) for name, n in facts.repeat_customers if not is_placeholder(name)],
        amends=[AmendFigures(kind, n, cents) for kind, n, cents in facts.amends],
        coupons_issued=facts.coupons_issued,
        coupons_redeemed=facts.coupons_redeemed,
        outcomes=_ranked(facts.outcomes),
        yearly_spend_won_back_cents=facts.spend_won_back_cents,
        yearly_spend_lost_cents=facts.spend_lost_cents,
        above_staff_limit=[
            AboveLimit(a.amend_id, a.complaint_id, a.kind, a.value_cents, a.approved_by or "") for a in facts.approved
        ],
        per_week=_per_week(facts.per_week, start, end),
        by_location=facts.by_location,
        by_staff=facts.by_staff,
    )


def _ranked(counts: dict[str, int]) -> dict[str, int]:
    """Most frequent first, then by name: the order the report shows."""
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _rounded(hours: float | None) -> float | None:
    return round(hours, 1) if hours is not None else None


def _per_week(counts: dict[date, int], start: datetime, end: datetime) -> list[tuple[date, int]]:
    """Complaints per week (weeks start on Monday), every week of the period, empty ones too."""

    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    weeks, week = [], monday(start.date())
    last = monday((end - timedelta(seconds=1)).date())
    while week <= last:
        weeks.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    return weeks[-60:]
