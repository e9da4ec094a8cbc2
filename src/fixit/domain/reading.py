"""Read-only views: one complaint in full, a customer's profile, a filtered list of complaints,
the customer list. Nothing here writes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from fixit.model import Channel, Complaint, ComplaintDetail, Customer
from fixit.storage import Store
from fixit.text import clean_name

if TYPE_CHECKING:
    from fixit.summaries import CustomerSummary


def detail(store: Store, complaint_id: int) -> ComplaintDetail:
    return store.complaint_detail(complaint_id)


@dataclass
class Profile:
    customer: Customer
    complaints: list[ComplaintDetail] = field(default_factory=list)  # oldest first


def profile(store: Store, customer: Customer) -> Profile:
    return Profile(customer, [detail(store, c.id) for c in store.complaints_of_customer(customer.id)])


def complaints(
    store: Store,
    *,
    open_only: bool = False,
    customer: str | None = None,
    since: datetime | None = None,
    channel: Channel | None = None,
    limit: int | None = None,
    voided: bool = False,
) -> Iterator[Complaint]:
    """Complaints newest first, read as they are used; ``customer`` is a customer number or part of a name;
    ``voided``: only the complaints entered in error (else they are left out)."""
    customer_id = name_part = None
    if customer is not None:
        wanted = customer.strip()
        if wanted.isascii() and wanted.isdigit():
            from fixit.ids import parse_id

            customer_id = store.get_customer(parse_id(wanted, "customer")).id
        else:
            name_part = clean_name(wanted, "the customer")
    return store.list_complaints(
        open_only=open_only,
        customer_id=customer_id,
        name_part=name_part,
        since=since,
        channel=channel,
        limit=limit,
        voided=voided,
    )


def customer_list(store: Store, repeat_only: bool = False, limit: int | None = None) -> Iterator[CustomerSummary]:
    return store.customer_summaries(repeat_only, limit)


def everything_about(store: Store, customer: Customer) -> dict[str, object]:
    """All fixit holds about one customer, for them to take away: their record, every complaint with
    its promises, amends, timeline and letters, letters that could not be sent, their extra contacts,
    other complaints' timeline entries that name them, and tags made from their name: everything
    `customer forget` erases."""
    complaint_ids = {c.id for c in store.complaints_of_customer(customer.id)}
    return {
        "customer": customer,
        "extra_contacts": [{"kind": kind, "value": value} for kind, value in store.extra_contacts_of(customer.id)],
        "complaints": profile(store, customer).complaints,
        "unsent_letters": [u for u in store.unsent_letters() if u.complaint_id in complaint_ids],
        "named_elsewhere": [
            {"complaint": n, "kind": kind, "detail": detail} for n, kind, detail in store.events_naming(customer.id)
        ],
        "tags_from_their_name": sorted({tag for _, tag in store.tags_naming(customer.id)}),
    }
