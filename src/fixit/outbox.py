"""Complaints logged while the PostgreSQL server could not be reached, kept on this till.

A counter must never lose a complaint because the network is down. `fixit log` then keeps the
checked complaint here, with the moment it was logged, in ``outbox.json`` in the app folder
(0600, written whole or not at all, like every file fixit writes), and says so. The next command
that reaches the server sends them, oldest first, each in its own transaction with the usual
customer matching and emergency check (a second complaint is flagged then, loudly), and with the
time it was really logged. Each carries a reference, recorded in its complaint's history: a
till killed between the server's commit and this file's rewrite sends nothing twice.

A complaint the server refuses (a name shared by two customers, say) stays here, and `fixit sync`
says why; everything else still goes. `fixit sync --kept REF --customer ID` (or `--new-customer`)
says who it is, as `fixit log` would have been told at the counter, and sends it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fixit import clock
from fixit.errors import FixitError, InputError
from fixit.paths import app_dir, private_folder, write_private

if TYPE_CHECKING:  # the domain is imported only when something is kept: every server command asks
    from fixit.domain.complaints import NewComplaint

FILE_NAME = "outbox.json"


@dataclass(frozen=True)
class Kept:
    reference: str
    logged_at: datetime
    complaint: NewComplaint


def outbox_file() -> Path:
    return app_dir() / FILE_NAME


def waiting() -> list[Kept]:
    """What is kept, oldest first (nothing when the file is not there: the usual case, one stat)."""
    path = outbox_file()
    if not path.exists():
        return []
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
        return [_from_json(entry) for entry in entries]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise FixitError(f"cannot read the complaints kept on this till ({path}): {error}") from None


def keep(complaint: NewComplaint) -> list[Kept]:
    """Add a checked complaint, logged now, to the outbox; returns everything waiting, it last."""
    import uuid

    entries = [*waiting(), Kept(uuid.uuid4().hex, clock.now(), complaint)]
    save(entries)
    return entries


SHORT = 8  # a reference as people read it: its first characters


def short(reference: str) -> str:
    return reference[:SHORT]


def decide(reference: str, customer_id: int | None, new_customer: bool) -> Kept:
    """Say which customer a kept complaint is for (one customer's number, or someone new), as `log`
    is told at the counter; the next send then matches it that way. ``reference``: its start will do."""
    entries, start = waiting(), reference.strip().lower()
    found = [kept for kept in entries if kept.reference.startswith(start)] if start else []
    if len(found) != 1:
        raise InputError(f"no complaint kept on this till has the reference {reference!r}" if not found else
                         f"{len(found)} kept complaints start with {reference!r}: give more of it")
    decided = replace(found[0], complaint=replace(found[0].complaint, customer_id=customer_id,
                                                  new_customer=new_customer))
    save([decided if kept is found[0] else kept for kept in entries])
    return decided


def naming(keys: set[str]) -> list[Kept]:
    """Kept complaints whose contact is one of ``keys`` (name, phone or email keys, as matching reads them)."""
    from fixit.text import email_key, name_key, phone_key

    def keys_of(kept: Kept) -> set[str]:
        contact = kept.complaint.contact
        found = {name_key(contact.name)}
        if contact.phone:
            found |= {contact.phone, phone_key(contact.phone)}
        if contact.email:
            found.add(email_key(contact.email))
        return found

    return [kept for kept in waiting() if keys_of(kept) & keys]


def forget_naming(keys: set[str]) -> None:
    """A customer forgotten: what this till kept under their name or contacts goes too."""
    gone = naming(keys)
    if gone:
        save([kept for kept in waiting() if kept not in gone])


def save(entries: list[Kept]) -> None:
    """What is still waiting, as a whole (none: the file goes)."""
    path = outbox_file()
    if not entries:
        path.unlink(missing_ok=True)
        return
    private_folder(path.parent)
    write_private(path, json.dumps([_to_json(kept) for kept in entries], ensure_ascii=False, indent=1).encode())


def _to_json(kept: Kept) -> dict[str, Any]:
    new = asdict(kept.complaint)
    new["channel"] = kept.complaint.channel.value
    new["severity"] = kept.complaint.severity.value
    by = kept.complaint.promise_by
    new["promise_by"] = [by.day.isoformat(), by.at.isoformat() if by.at else None] if by else None
    new["happened_on"] = kept.complaint.happened_on.isoformat() if kept.complaint.happened_on else None
    return {"reference": kept.reference, "logged_at": clock.to_stored(kept.logged_at), "complaint": new}


def _from_json(entry: dict[str, Any]) -> Kept:
    from fixit.dates import When
    from fixit.domain.complaints import NewComplaint
    from fixit.domain.customers import Contact
    from fixit.model import Channel, Severity

    new = dict(entry["complaint"])
    new["contact"] = Contact(**new["contact"])
    new["channel"] = Channel(new["channel"])
    new["severity"] = Severity(new["severity"])
    by = new["promise_by"]
    new["promise_by"] = When(date.fromisoformat(by[0]), time.fromisoformat(by[1]) if by[1] else None) if by else None
    new["happened_on"] = date.fromisoformat(new["happened_on"]) if new["happened_on"] else None
    return Kept(entry["reference"], clock.from_stored(entry["logged_at"]), NewComplaint(**new))
