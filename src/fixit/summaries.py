"""What the store's screen queries return: read-only facts made for one screen each (the customer
list, search, the report).

Named tuples rather than dataclasses: defining one costs a seventh as much, and only the commands
that show these screens import this module.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from fixit.model import AmendKind, Cause, Channel, Customer, Outcome, Status, Verdict


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


class ComplaintFacts(NamedTuple):
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


class CustomerSpend(NamedTuple):
    customer_id: int
    name: str
    yearly_spend_cents: int | None


class ReportFacts(NamedTuple):
    """Everything the report is computed from, for the complaints logged in one period."""

    complaints: list[ComplaintFacts]
    promises: PromiseTally
    amends: list[AmendFacts]
    spend: list[CustomerSpend]
    per_week: dict[date, int]  # Monday (local) -> complaints logged that week
