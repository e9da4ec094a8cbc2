"""Matching a complaint to the customer who made it.

Phone (its digits) is the strongest key, then email (case-folded), then the exact
name (case-folded). A name match is only trusted when the candidate's phone or email
does not contradict what was given: two Dana Reyes with different phones are two people.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from fixit.errors import InputError, NotFound
from fixit.model import Customer
from fixit.storage import Store
from fixit.text import email_key, name_key, phone_key


class AmbiguousCustomer(InputError):
    """Several customers share the name and nothing else tells them apart."""

    def __init__(self, name: str, candidates: list[Customer]):
        ids = ", ".join(str(c.id) for c in candidates)
        super().__init__(f"{len(candidates)} customers are called {name!r}: pick one with --customer ID ({ids})")
        self.candidates = candidates


@dataclass(frozen=True)
class Contact:
    name: str
    phone: Optional[str] = None
    email: Optional[str] = None
    notes: Optional[str] = None


@dataclass(frozen=True)
class Match:
    customer: Customer
    matched_by: Optional[str]  # "phone", "email", "name", "id" or None for a new customer


def resolve(store: Store, contact: Contact, customer_id: Optional[int] = None) -> Match:
    """Find the customer this contact names, or create one. Call inside a transaction."""
    if customer_id is not None:
        customer = store.customer(customer_id)
        if customer is None:
            raise NotFound(f"no customer {customer_id}")
        return Match(_fill_contact(store, customer, contact), "id")
    found = _find(store, contact)
    if found:
        customer, how = found
        return Match(_fill_contact(store, customer, contact), how)
    new_id = store.add_customer(
        contact.name, name_key(contact.name),
        contact.phone, phone_key(contact.phone) if contact.phone else None,
        contact.email, email_key(contact.email) if contact.email else None,
        contact.notes,
    )
    return Match(store.customer(new_id), None)


def _find(store: Store, contact: Contact) -> Optional[tuple[Customer, str]]:
    if contact.phone:
        by_phone = store.customers_where("phone_key", phone_key(contact.phone))
        if by_phone:
            return by_phone[0], "phone"
    if contact.email:
        by_email = store.customers_where("email_key", email_key(contact.email))
        if by_email:
            return by_email[0], "email"
    by_name = [c for c in store.customers_where("name_key", name_key(contact.name)) if _compatible(c, contact)]
    if len(by_name) > 1:
        raise AmbiguousCustomer(contact.name, by_name)
    return (by_name[0], "name") if by_name else None


def _compatible(customer: Customer, contact: Contact) -> bool:
    """False when the stored phone or email plainly belongs to someone else."""
    if contact.phone and customer.phone and phone_key(customer.phone) != phone_key(contact.phone):
        return False
    if contact.email and customer.email and email_key(customer.email) != email_key(contact.email):
        return False
    return True


def _fill_contact(store: Store, customer: Customer, contact: Contact) -> Customer:
    """Add a phone or email we did not have yet; never overwrite what is on file."""
    updates = {}
    if contact.phone and not customer.phone:
        updates.update(phone=contact.phone, phone_key=phone_key(contact.phone))
    if contact.email and not customer.email:
        updates.update(email=contact.email, email_key=email_key(contact.email))
    if contact.notes and not customer.notes:
        updates["notes"] = contact.notes
    if updates:
        store.update_customer(customer.id, **updates)
        return store.customer(customer.id)
    return customer
