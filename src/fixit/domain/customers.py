"""Customers: a contact checked once, matched to the customer who made a complaint, corrected,
merged with a duplicate.

Matching: phone (its digits) is the strongest key, then email (case-folded), then the exact
name (case-folded). A name match is only trusted when the candidate's phone or email does not
contradict what was given: two Dana Reyes with different phones are two people.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from fixit.domain import voice
from fixit.errors import AmbiguousCustomer, ContactBelongsToOther, InputError, NotFound, SharedContact
from fixit.ids import parse_id
from fixit.model import Complaint, Customer
from fixit.storage import Store
from fixit.text import (
    clean_email,
    clean_name,
    clean_phone,
    clean_text,
    email_key,
    is_placeholder,
    name_key,
    optional_text,
    phone_key,
)

# Names that stand for no one in particular ("Walk-in"): fixit.text's PLACEHOLDER_NAMES and its one
# normaliser, is_placeholder (imported above), which storage uses too.


@dataclass(frozen=True)
class Contact:
    """Who a complaint is from, as given at the counter or in a spreadsheet row; always checked."""

    name: str
    phone: str | None = None
    email: str | None = None
    notes: str | None = None

    @classmethod
    def checked(
        cls, name: str, phone: str | None = None, email: str | None = None, notes: str | None = None
    ) -> Contact:
        """Trim and check every part (raises InputError); empty phone or email means none."""
        return cls(
            name=clean_name(name, "the customer's name"),
            phone=clean_phone(phone) if phone and phone.strip() else None,
            email=clean_email(email) if email and email.strip() else None,
            notes=optional_text(notes, "the notes"),
        )


@dataclass
class Match:
    customer: Customer
    matched_by: str | None  # "phone", "email", "name", "id" or None for a new customer


def resolve(store: Store, contact: Contact, customer_id: int | None = None, new_customer: bool = False) -> Match:
    """Find the customer this contact names, or create one (always, with ``new_customer``). A phone
    or email on file for someone whose name plainly differs, or for several customers, is not a
    match to guess at: ContactBelongsToOther or SharedContact. Call inside a transaction."""
    if customer_id is not None:
        return Match(_fill_contact(store, store.get_customer(customer_id), contact), "id")
    found = None if new_customer else _find(store, contact)
    if found:
        customer, how = found
        return Match(_fill_contact(store, customer, contact), how)
    return Match(store.add_customer(contact.name, contact.phone, contact.email, contact.notes), None)


def _find(store: Store, contact: Contact) -> tuple[Customer, str] | None:
    for kind, value, lookup in (
        ("phone", contact.phone, store.customers_with_phone),
        ("email", contact.email, store.customers_with_email),
    ):
        if not value:
            continue
        found = lookup(value)
        if len(found) > 1:
            raise SharedContact(kind, value, found)
        if found:
            if not names_agree(found[0].name, contact.name):
                raise ContactBelongsToOther(kind, value, found[0], contact.name)
            return found[0], kind
    if is_placeholder(contact.name):
        return None  # "Walk-in" is no one in particular: never the same person as an earlier walk-in
    by_name = [c for c in store.customers_named(contact.name) if _compatible(store, c, contact)]
    if len(by_name) > 1:
        raise AmbiguousCustomer(contact.name, by_name)
    return (by_name[0], "name") if by_name else None


def names_agree(on_file: str, given: str) -> bool:
    """Two names could be one person when they share a word ("Dana" and "Dana Reyes", "Mrs Reyes"
    and "Dana Reyes"); initials and punctuation aside. "Someone Else" and "Dana Reyes" plainly differ."""

    def words(name: str) -> set[str]:
        return {w for w in re.findall(r"\w+", name_key(name)) if len(w) > 1}

    return bool(words(on_file) & words(given)) or not words(given)


def _compatible(store: Store, customer: Customer, contact: Contact) -> bool:
    """False when the stored phone or email plainly belongs to someone else."""
    phone_differs = bool(
        contact.phone and customer.phone and store.phone_key(customer.phone) != store.phone_key(contact.phone)
    )
    email_differs = bool(contact.email and customer.email and email_key(customer.email) != email_key(contact.email))
    return not (phone_differs or email_differs)


def _fill_contact(store: Store, customer: Customer, contact: Contact) -> Customer:
    """Add a phone, email or notes we did not have yet; never overwrite what is on file."""
    if not (
        (contact.phone and not customer.phone)
        or (contact.email and not customer.email)
        or (contact.notes and not customer.notes)
    ):
        return customer  # the usual case at the counter: nothing new to keep
    filled = replace(
        customer,
        phone=customer.phone or contact.phone,
        email=customer.email or contact.email,
        notes=customer.notes or contact.notes,
    )
    if filled != customer:
        store.save_customer_details(filled)
    return filled


def identify(store: Store, text: str) -> Customer:
    """The one resolver of a customer named on the command line: a number, or an exact name (case
    and spacing aside) that only one customer has. Never part of a name, never a placeholder
    ("Walk-in"), never a guess: an unknown or shared name is one line listing the candidates with
    their numbers. Every command that shows, changes, moves or erases a customer's records uses it."""
    wanted = text.strip()
    if not wanted:
        raise InputError("give a customer's number or their full name")
    if wanted.isascii() and wanted.isdigit():  # '١٢' is no customer number
        by_number = store.get_customer(parse_id(wanted, "customer"))
        others = [c for c in store.customers_named(wanted) if c.id != by_number.id]
        if others:  # a customer called "3": never guess which one is meant
            raise InputError(
                f"'{wanted}' could be customer {by_number.id} ({by_number.name}) or "
                f"{_listed_named(others)}: use the number {others[0].id} for the one named "
                f"{wanted!r}, or customer {by_number.id}'s full name"
            )
        return by_number
    if is_placeholder(wanted):
        raise InputError(f"{wanted!r} stands for no one in particular: use the customer's number")
    named = store.customers_named(wanted)
    if len(named) == 1:
        return named[0]
    if named:
        raise InputError(f"{len(named)} customers are called {wanted!r}: use the number ({_listed(named)})")
    near = [store.get_customer(i) for i in store.customer_ids_matching(wanted)[:6]]
    raise NotFound(
        f"no customer called {wanted!r}" + (f"; did you mean {_listed(near)}? use the number" if near else "")
    )


def _listed_named(found: list[Customer]) -> str:
    return " or ".join(f"customer {c.id} (named {c.name!r})" for c in found[:3])


def _listed(found: list[Customer]) -> str:
    shown = found[:5]
    return ", ".join(f"{c.id} {c.name}" for c in shown) + (", ..." if len(found) > 5 else "")


@dataclass
class Corrections:
    """What `customer edit` changes: None leaves a field as it is, "" clears a phone, email or notes."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    notes: str | None = None
    yearly_spend_cents: int | None = None
    greet: str | None = None  # the name letters greet them by; "" goes back to working it out from the name

    def __bool__(self) -> bool:
        return any(value is not None for value in vars(self).values())


def edit(store: Store, customer_id: int, corrections: Corrections) -> Customer:
    """Correct what is on file, each value checked before anything is written."""

    def cleared_or(value: str | None, current: str | None, check: Callable[[str], str]) -> str | None:
        if value is None:
            return current
        return check(value) if value.strip() else None

    with store.transaction():
        customer = store.get_customer(customer_id)
        changed = replace(
            customer,
            name=clean_name(corrections.name, "the customer's name") if corrections.name is not None else customer.name,
            phone=cleared_or(corrections.phone, customer.phone, clean_phone),
            email=cleared_or(corrections.email, customer.email, clean_email),
            notes=cleared_or(corrections.notes, customer.notes, lambda v: clean_text(v, "the notes")),
            yearly_spend_cents=corrections.yearly_spend_cents
            if corrections.yearly_spend_cents is not None
            else customer.yearly_spend_cents,
            greet=cleared_or(corrections.greet, customer.greet, voice.clean_greet),
        )
        store.save_customer_details(changed)
    return changed


def merge(store: Store, keep_id: int, duplicate_id: int) -> tuple[Customer, list[int]]:
    """Move every record of the duplicate onto the customer kept and delete the duplicate, losing no
    contact detail: a phone or email the kept customer lacks is filled in; one that differs stays as
    an extra contact (matching still finds the customer by it) and is noted. One transaction."""
    if keep_id == duplicate_id:
        raise InputError("a customer cannot be merged with itself")
    with store.transaction():
        keep, duplicate = store.get_customer(keep_id), store.get_customer(duplicate_id)
        moved = store.move_complaints(duplicate_id, keep_id)
        extras = [
            (kind, value)
            for kind, value, mine in (("phone", duplicate.phone, keep.phone), ("email", duplicate.email, keep.email))
            if value and mine and _key(store, kind, value) != _key(store, kind, mine)
        ]
        kept_notes = [keep.notes or duplicate.notes or ""]
        if keep.notes and duplicate.notes and duplicate.notes != keep.notes:
            kept_notes.append(f"From customer {duplicate_id}: {duplicate.notes}")
        kept_notes += [
            f"Also {kind} {value} (from customer {duplicate_id}, {duplicate.name})" for kind, value in extras
        ]
        merged = replace(
            keep,
            phone=keep.phone or duplicate.phone,
            email=keep.email or duplicate.email,
            notes="\n".join(n for n in kept_notes if n) or None,
            yearly_spend_cents=keep.yearly_spend_cents
            if keep.yearly_spend_cents is not None
            else duplicate.yearly_spend_cents,
            greet=keep.greet or duplicate.greet,
        )
        if merged != keep:
            store.save_customer_details(merged)
        store.move_extra_contacts(duplicate_id, keep_id)
        for kind, value in extras:
            store.add_extra_contact(keep_id, kind, value)
        for complaint_id in moved:
            store.add_event(
                complaint_id, "merged", f"Customer {duplicate_id} ({duplicate.name}) merged into customer {keep_id}"
            )
        store.delete_customer(duplicate_id)
    return merged, moved


def _key(store: Store, kind: str, value: str) -> str:
    return store.phone_key(value) if kind == "phone" else email_key(value)


@dataclass
class Forgetting:
    """What forgetting a customer erases, counted, to show before asking."""

    customer: Customer
    complaints: int
    promises: int
    amends: int
    letters: int
    elsewhere: int  # other complaints' timeline entries that name them
    tags: list[str]  # tags made from their name
    mentioned: list[str]  # other customers' records whose own words name them ('#3', 'C1'): not erased


def what_forgetting_erases(store: Store, customer: Customer) -> Forgetting:
    complaints = store.complaints_of_customer(customer.id)
    return Forgetting(
        customer,
        len(complaints),
        sum(len(store.promises_of(c.id)) for c in complaints),
        sum(len(store.amends_of(c.id)) for c in complaints),
        sum(len(store.letters_of(c.id)) for c in complaints),
        len(store.events_naming(customer.id)),
        sorted({tag for _, tag in store.tags_naming(customer.id)}),
        store.words_naming(customer.id),
    )


def contact_keys(store: Store, customer_id: int) -> set[str]:
    """The customer's name, phones and emails as matching compares them (what this till's kept
    complaints are checked against when they are forgotten: ``fixit.outbox.forget_naming``)."""
    keys = set()
    for trace in store.traces_of(customer_id):
        keys.add(name_key(trace))
        if "@" in trace:
            keys.add(email_key(trace))
        elif any(ch.isdigit() for ch in trace):
            keys |= {store.phone_key(trace), phone_key(trace)}
    return keys


def forget(store: Store, customer_id: int) -> Customer:
    """Erase everything in the record that identifies the customer, in one transaction
    (``Store.forget_customer`` says what goes); keep the anonymous counts. (What this till keeps for
    the server under their name is the outbox's: the command removes it by ``contact_keys``.)"""
    with store.transaction():
        store.get_customer(customer_id)
        store.forget_customer(customer_id, f"Forgotten customer {customer_id}")
    return store.get_customer(customer_id)


def likely(
    store: Store, name: str, phone: str = "", email: str = "", limit: int = 5
) -> list[tuple[Customer, list[Complaint]]]:
    """Who a contact being typed at the counter may be, as matching would see it (phone, then email,
    then the exact name), each with their complaints so far, without raising: what is not yet a valid
    phone or email is skipped. For a live hint while typing; ``resolve`` still decides when the
    complaint is logged."""
    found: list[Customer] = []
    for value, clean, lookup in (
        (phone, clean_phone, store.customers_with_phone),
        (email, clean_email, store.customers_with_email),
    ):
        if value.strip() and not found:
            try:
                found = lookup(clean(value))
            except InputError:
                continue
    if not found and name.strip() and not is_placeholder(name):  # "Walk-in" is no one in particular
        try:
            found = store.customers_named(clean_name(name, "the customer's name"))
        except InputError:
            found = []
    return [(customer, store.complaints_of_customer(customer.id)) for customer in found[:limit]]
