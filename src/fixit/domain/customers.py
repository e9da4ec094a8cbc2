"""Matching a complaint to the customer who made it.

Phone (its digits) is the strongest key, then email (case-folded), then the exact
name (case-folded). A name match is only trusted when the candidate's phone or email
does not contradict what was given: two Dana Reyes with different phones are two people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class Contact:
    name: str
    phone: str | None = None
    email: str | None = None
    notes: str | None = None


@dataclass
class Match:
    customer: Customer
    matched_by: str | None  # "phone", "email", "name", "id" or None for a new customer


def resolve(store: Store, contact: Contact, customer_id: int | None = None) -> Match:
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


def _find(store: Store, contact: Contact) -> tuple[Customer, str] | None:
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


def identify(store: Store, text: str) -> Customer:
    """A customer named by number, or by name (exact first, then part of a name); never a guess."""
    wanted = text.strip()
    if wanted.isdigit():
        customer = store.customer(int(wanted))
        if customer is None:
            raise NotFound(f"no customer {wanted}")
        return customer
    ids = store.customer_ids_named(name_key(wanted)) or store.customer_ids_matching(wanted)
    if not ids:
        raise NotFound(f"no customer called {wanted!r}")
    if len(ids) > 1:
        shown = ", ".join(str(i) for i in ids[:10]) + (", ..." if len(ids) > 10 else "")
        raise InputError(f"{len(ids)} customers match {wanted!r}: use the number ({shown})")
    return store.customer(ids[0])


@dataclass
class Profile:
    customer: Customer
    complaints: list = field(default_factory=list)  # ComplaintDetail, oldest first


def profile(store: Store, customer: Customer) -> Profile:
    from fixit.domain.complaints import detail

    return Profile(customer, [detail(store, c.id) for c in store.complaints_of_customer(customer.id)])


def overview(store: Store, repeat_only: bool = False, limit: int | None = None) -> list[dict]:
    return store.customers_overview(repeat_only, limit)


def edit(store: Store, customer_id: int, *, name: str | None = None, phone: str | None = None,
         email: str | None = None, notes: str | None = None, yearly_spend_cents: int | None = None) -> Customer:
    """Correct what is on file; an empty string clears a phone, email or notes."""
    from fixit.text import clean_email, clean_name, clean_phone, clean_text

    updates: dict = {}
    if name is not None:
        updates.update(name=clean_name(name, "the customer's name"))
        updates["name_key"] = name_key(updates["name"])
    for column, value, check, key in (("phone", phone, clean_phone, phone_key), ("email", email, clean_email, email_key)):
        if value is not None:
            cleaned = check(value) if value.strip() else None
            updates.update({column: cleaned, f"{column}_key": key(cleaned) if cleaned else None})
    if notes is not None:
        updates["notes"] = clean_text(notes, "the notes") if notes.strip() else None
    if yearly_spend_cents is not None:
        updates["yearly_spend_cents"] = yearly_spend_cents
    if not updates:
        raise InputError("nothing to change: give --name, --phone, --email, --notes or --yearly-spend")
    with store.transaction():
        if store.customer(customer_id) is None:
            raise NotFound(f"no customer {customer_id}")
        store.update_customer(customer_id, **updates)
    return store.customer(customer_id)


def merge(store: Store, keep_id: int, duplicate_id: int) -> tuple[Customer, list[int]]:
    """Move every record of the duplicate onto the customer kept, fill gaps on file, delete the duplicate.
    One transaction: a merge happens whole or not at all."""
    if keep_id == duplicate_id:
        raise InputError("a customer cannot be merged with itself")
    with store.transaction():
        keep, duplicate = store.customer(keep_id), store.customer(duplicate_id)
        for number, found in ((keep_id, keep), (duplicate_id, duplicate)):
            if found is None:
                raise NotFound(f"no customer {number}")
        moved = store.move_complaints(duplicate_id, keep_id)
        gaps = {column: getattr(duplicate, column) for column in ("phone", "email", "notes", "yearly_spend_cents")
                if getattr(keep, column) is None and getattr(duplicate, column) is not None}
        if gaps.get("phone"):
            gaps["phone_key"] = phone_key(gaps["phone"])
        if gaps.get("email"):
            gaps["email_key"] = email_key(gaps["email"])
        if gaps:
            store.update_customer(keep_id, **gaps)
        for complaint_id in moved:
            store.add_event(complaint_id, "merged", f"Customer {duplicate_id} ({duplicate.name}) merged into customer {keep_id}")
        store.delete_customer(duplicate_id)
    return store.customer(keep_id), moved
