"""The owner's report: how the shop recovers, over a period, in figures a test can check by hand.

Every figure is about the complaints logged in the period (and their promises and amends).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fixit import clock, dates
from fixit.errors import InputError
from fixit.model import AmendKind, Outcome, Status, Verdict
from fixit.storage import Store
from fixit.summaries import AmendFacts, ComplaintFacts, CustomerSpend, PromiseTally


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


def period(now: datetime, *, since: dates.When | None = None, first_day: dates.When | None = None,
           last_day: dates.When | None = None, all_time: bool = False,
           first_logged: datetime | None = None) -> Period:
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


def build(store: Store, start: datetime, end: datetime) -> Report:
    facts = store.report_facts(start, end, min(end, clock.now()))
    complaints = facts.complaints
    apologies = [c.hours_to_apology for c in complaints if c.hours_to_apology is not None]
    fixes = [c.hours_to_fix for c in complaints if c.hours_to_fix is not None]
    within_day = sum(1 for hours in apologies if hours <= 24)
    coupons = [a for a in facts.amends if a.is_coupon]
    return Report(
        start=start, end=end, complaints=len(complaints),
        by_channel=_count(c.channel for c in complaints),
        by_cause=_count(c.cause or "not given" for c in complaints if c.verdict is Verdict.justified),
        verdicts=_count(c.verdict or "not judged" for c in complaints),
        median_hours_to_apology=_median(apologies),
        apologized_within_a_day=within_day / len(complaints) if complaints else None,
        median_hours_to_fix=_median(fixes),
        promises=facts.promises,
        repeat_customers=_repeat_customers(complaints, facts.spend),
        amends=_amend_figures(facts.amends),
        coupons_issued=len(coupons),
        coupons_redeemed=sum(1 for a in coupons if a.redeemed),
        outcomes=_count(c.outcome or "unknown" if c.status is Status.closed else "still open" for c in complaints),
        **_spend_by_outcome(complaints, facts.spend),
        above_staff_limit=[AboveLimit(a.amend_id, a.complaint_id, a.kind, a.value_cents, a.approved_by)
                           for a in facts.amends if a.approved_by is not None],
        per_week=_per_week(facts.per_week, start, end),
    )


def _count(values: Iterable[str]) -> dict[str, int]:
    """How often each word occurs, most frequent first; words are named once each, not once a row."""
    counts = {str(word): n for word, n in Counter(values).items()}
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _repeat_customers(complaints: list[ComplaintFacts], spend: list[CustomerSpend]) -> list[tuple[str, int]]:
    names = {s.customer_id: s.name for s in spend}
    counts = Counter(c.customer_id for c in complaints)
    repeat = [(names[cid], n) for cid, n in counts.items() if n > 1]
    return sorted(repeat, key=lambda item: (-item[1], item[0]))


def _amend_figures(amends: list[AmendFacts]) -> list[AmendFigures]:
    totals: dict[str, list[int]] = {}
    for a in amends:
        entry = totals.setdefault(str(a.kind), [0, 0])
        entry[0] += 1
        entry[1] += a.value_cents or 0
    return [AmendFigures(kind, n, cents) for kind, (n, cents) in sorted(totals.items(), key=lambda i: (-i[1][0], i[0]))]


def _spend_by_outcome(complaints: list[ComplaintFacts], spend: list[CustomerSpend]) -> dict[str, int]:
    """Each customer counts once, by the outcome of their most recently closed complaint."""
    latest: dict[int, tuple[datetime, Outcome | None]] = {}
    for c in complaints:
        if c.status is Status.closed and c.closed_at and (c.customer_id not in latest
                                                           or c.closed_at > latest[c.customer_id][0]):
            latest[c.customer_id] = (c.closed_at, c.outcome)
    yearly = {s.customer_id: s.yearly_spend_cents or 0 for s in spend}
    totals = {Outcome.won_back: 0, Outcome.lost: 0}
    for customer_id, (_, outcome) in latest.items():
        if outcome in totals:
            totals[outcome] += yearly[customer_id]
    return {"yearly_spend_won_back_cents": totals[Outcome.won_back], "yearly_spend_lost_cents": totals[Outcome.lost]}


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
