"""The owner's report: how the shop recovers, over a period, in figures a test can check by hand.

Every figure is about the complaints logged in the period (and their promises and amends).
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from fixit import clock
from fixit.storage import Store


@dataclass
class PromiseFigures:
    kept_on_time: int = 0
    kept_late: int = 0
    open_overdue: int = 0
    open_not_yet_due: int = 0


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
    kind: str
    value_cents: int | None
    approved_by: str


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
    promises: PromiseFigures
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
    raw = store.report_rows(start, end, min(end, clock.now()).date())
    complaints = raw["complaints"]
    apologies = [row[6] for row in complaints if row[6] is not None]
    fixes = [row[7] for row in complaints if row[7] is not None]
    within_day = sum(1 for hours in apologies if hours <= 24)
    return Report(
        start=start, end=end, complaints=len(complaints),
        by_channel=_count(row[0] for row in complaints),
        by_cause=_count(row[2] or "not given" for row in complaints if row[1] == "justified"),
        verdicts=_count(row[1] or "not judged" for row in complaints),
        median_hours_to_apology=_median(apologies),
        apologized_within_a_day=within_day / len(complaints) if complaints else None,
        median_hours_to_fix=_median(fixes),
        promises=PromiseFigures(*raw["promises"][0]),
        repeat_customers=_repeat_customers(complaints, raw["spend"]),
        amends=_amend_figures(raw["amends"]),
        coupons_issued=sum(1 for row in raw["amends"] if row[2]),
        coupons_redeemed=sum(1 for row in raw["amends"] if row[2] and row[3]),
        outcomes=_count(row[4] if row[3] == "closed" else "still open" for row in complaints),
        **_spend_by_outcome(complaints, raw["spend"]),
        above_staff_limit=[AboveLimit(*row) for row in raw["approved"]],
        per_week=_per_week(raw["per_week"], start, end),
    )


def _count(values) -> dict[str, int]:
    return dict(sorted(Counter(values).items(), key=lambda item: (-item[1], item[0])))


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _repeat_customers(complaints: list[tuple], spend: list[tuple]) -> list[tuple[str, int]]:
    names = {row[0]: row[1] for row in spend}
    counts = Counter(row[5] for row in complaints)
    repeat = [(names[cid], n) for cid, n in counts.items() if n > 1]
    return sorted(repeat, key=lambda item: (-item[1], item[0]))


def _amend_figures(rows: list[tuple]) -> list[AmendFigures]:
    totals: dict[str, list[int]] = {}
    for kind, cents, _, _ in rows:
        entry = totals.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += cents or 0
    return [AmendFigures(kind, n, cents) for kind, (n, cents) in sorted(totals.items(), key=lambda i: (-i[1][0], i[0]))]


def _spend_by_outcome(complaints: list[tuple], spend: list[tuple]) -> dict[str, int]:
    """Each customer counts once, by the outcome of their most recently closed complaint."""
    latest: dict[int, tuple[str, str]] = {}
    for row in complaints:
        if row[3] == "closed" and row[9] and (row[5] not in latest or row[9] > latest[row[5]][0]):
            latest[row[5]] = (row[9], row[4])
    yearly = {row[0]: row[2] or 0 for row in spend}
    totals = {"won-back": 0, "lost": 0}
    for customer_id, (_, outcome) in latest.items():
        if outcome in totals:
            totals[outcome] += yearly[customer_id]
    return {"yearly_spend_won_back_cents": totals["won-back"], "yearly_spend_lost_cents": totals["lost"]}


def _per_week(rows: list[tuple], start: datetime, end: datetime) -> list[tuple[date, int]]:
    """Complaints per week (weeks start on Monday), every week of the period, empty ones too."""
    def monday(day: date) -> date:
        return day - timedelta(days=day.weekday())

    counts = {date.fromisoformat(week): n for week, n in rows}
    weeks, week = [], monday(start.date())
    last = monday((end - timedelta(seconds=1)).date())
    while week <= last:
        weeks.append((week, counts.get(week, 0)))
        week += timedelta(days=7)
    return weeks[-60:]
