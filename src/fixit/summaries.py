"""What the store's screen queries return: read-only facts made for one screen each (the customer
list, search, the report).

Named tuples rather than dataclasses: defining one costs a seventh as much, and only the commands
that show these screens import this module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from fixit.model import AmendKind, Customer


class CustomerSummary(NamedTuple):
    """One line of `fixit customers`: a customer with their complaint counts and last contact."""

    customer: Customer
    complaints: int
    open: int
    last_contact: datetime | None

    @property
    def repeat(self) -> bool:
        return self.complaints > 1


class SearchMatch(NamedTuple):
    """A complaint or promise matching a search, best first; matched words marked in ``snippet``."""

    source: str  # "complaint" or "promise"
    complaint_id: int
    promise_id: int | None
    snippet: str


class Spread(NamedTuple):
    """Hours from logging to something (an apology, a fix), over the period's complaints that had it."""

    measured: int  # how many had it
    median: float | None
    within_a_day: int


class PromiseTally(NamedTuple):
    """The period's promises as of a day: kept on time or late, still open past due or not yet due."""

    kept_on_time: int = 0
    kept_late: int = 0
    open_overdue: int = 0
    open_not_yet_due: int = 0


class AmendFacts(NamedTuple):
    amend_id: int
    complaint_id: int
    kind: AmendKind
    value_cents: int | None
    is_coupon: bool
    redeemed: bool
    approved_by: str | None


class GroupTally(NamedTuple):
    """One location's or one staff member's complaints in the period."""

    name: str | None
    complaints: int
    justified: int
    apologized_within_a_day: int
    still_open: int


class ReportFacts(NamedTuple):
    """The report's figures for the complaints logged in one period, computed where the data is
    (in the database), so a report over years of history holds no row per complaint."""

    complaints: int
    by_channel: dict[str, int]
    by_cause: dict[str, int]  # justified complaints only; "not given" without a cause
    verdicts: dict[str, int]  # "not judged" without a verdict
    outcomes: dict[str, int]  # "still open" for complaints not closed
    apologies: Spread
    fixes: Spread
    promises: PromiseTally
    repeat_customers: list[tuple[str, int]]  # name, complaints in the period (more than one)
    amends: list[tuple[str, int, int]]  # kind, how many, total value in cents
    coupons_issued: int
    coupons_redeemed: int
    approved: list[AmendFacts]  # amends given above the staff limit, with the approver
    spend_won_back_cents: int  # each customer once, by the outcome of their latest closed complaint
    spend_lost_cents: int
    per_week: dict[date, int]  # Monday (local) -> complaints logged that week
    by_location: list[GroupTally]  # most complaints first; name None: logged with no location
    by_staff: list[GroupTally]  # name None: no staff name given
