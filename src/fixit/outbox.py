"""Complaints logged while the PostgreSQL server could not be reached, kept on this till.

A counter must never lose a complaint because the network is down, or the server is restarting,
full, or too slow to answer. `fixit log` then keeps the checked complaint here, with the moment it
was logged, in ``outbox.json`` in the app folder, and says so only once it is on disk (written
whole to a temporary file, flushed with fsync, renamed: 0600, like every file fixit writes).

It is a small queue shared by every terminal of the till: each reader and writer holds one file
lock (``outbox.lock``) while it reads and rewrites it, so ten `log`s at once keep ten complaints,
and a `sync` crossing off what it sent never drops one kept meanwhile (it removes by reference,
re-reading the file under the lock).

Each complaint is tagged with the server it was meant for: the server's own identity (its system
identifier and the database's name, as fixit saw them the last time it reached that address), and
the address itself (user, host, port, database; never the password). It is sent only to that
server: the next command that reaches it sends them, oldest first, each in its own transaction
with the usual customer matching and emergency check, and with the time it was really logged.
Each carries a reference, recorded in its complaint's history: a till killed between the server's
commit and this file's rewrite sends nothing twice.

A complaint the server refuses (a name shared by two customers, say) stays here, and `fixit sync`
says why; everything else still goes. `fixit sync --kept REF --customer ID` (or `--new-customer`)
says who it is, as `fixit log` would have been told at the counter, and sends it.

A damaged file (cut short, overwritten, empty) is moved aside, kept as it was (0600), named in one
line, and a new outbox started: the counter goes on logging and keeping.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
LOCK_NAME = "outbox.lock"
SERVERS_NAME = "servers.json"  # address -> identity, as last seen: what a kept complaint is tagged with

Warn = Callable[[str], None]


@dataclass(frozen=True)
class Server:
    """Which server a kept complaint is for: ``identity`` ('system identifier/database', None when
    this till never reached the address) and ``place`` ('user@host:port/database')."""

    identity: str | None
    place: str

    def takes(self, identity: str | None, place: str) -> bool:
        """Whether the server reached now, at ``place`` and with ``identity``, is this one."""
        if self.identity is not None:
            return self.identity == identity
        return self.place == place


@dataclass(frozen=True)
class Kept:
    reference: str
    logged_at: datetime
    complaint: NewComplaint
    server: Server | None = None  # None: kept by an older fixit, for whichever server answers
    unsure: bool = False  # the connection broke during the write: the server may have it already


def outbox_file() -> Path:
    return app_dir() / FILE_NAME


def _ignore(_message: str) -> None:
    return None


@contextmanager
def _locked() -> Iterator[None]:
    """The till's one lock on its outbox, held while a reader or writer reads and rewrites it."""
    folder = app_dir()
    private_folder(folder)
    try:
        descriptor = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise FixitError(f"cannot open {folder / LOCK_NAME}: {error.strerror}") from None
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
        else:
            import fcntl

            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _read(warn: Warn) -> list[Kept]:
    """What is kept (under the lock). A damaged file is moved aside, named, and nothing is read from it."""
    path = outbox_file()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as error:
        raise FixitError(f"cannot read the complaints kept on this till ({path}): {error.strerror}") from None
    try:
        entries = json.loads(data.decode("utf-8"))
        if not isinstance(entries, list):
            raise TypeError("not a list")
        return [_from_json(entry) for entry in entries]
    except (ValueError, KeyError, TypeError, IndexError, AttributeError):
        aside = _move_aside(path)
        warn(
            f"the file of complaints kept on this till was damaged; it is kept as {aside} (check it for "
            "complaints to enter again) and a new one is started"
        )
        return []


def _move_aside(path: Path) -> Path:
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    for number in range(1, 1000):
        aside = path.with_name(f"{path.stem}.damaged-{stamp}{'' if number == 1 else f'-{number}'}.json")
        if not aside.exists():
            break
    os.replace(path, aside)
    os.chmod(aside, 0o600)
    return aside


def _write(entries: list[Kept]) -> None:
    """What is still waiting, as a whole (none: the file goes), on disk before this returns."""
    path = outbox_file()
    if not entries:
        path.unlink(missing_ok=True)
        return
    write_private(path, json.dumps([_to_json(kept) for kept in entries], ensure_ascii=False, indent=1).encode())


def waiting(warn: Warn = _ignore) -> list[Kept]:
    """Everything kept, oldest first (nothing when the file is not there: the usual case)."""
    if not outbox_file().exists():
        return []
    with _locked():
        return _read(warn)


def keep(
    complaint: NewComplaint, server: Server | None, warn: Warn, logged_at: datetime | None = None, unsure: bool = False
) -> list[Kept]:
    """Add a checked complaint to the outbox, on disk when this returns; returns everything waiting, it last."""
    import uuid

    with _locked():
        entries = [*_read(warn), Kept(uuid.uuid4().hex, logged_at or clock.now(), complaint, server, unsure)]
        _write(entries)
    return entries


def server_for(url: str, identity: str | None = None) -> Server:
    """The server a complaint kept now is meant for: its identity when it was reached before the
    failure, else the one last seen at this address."""
    from fixit.conninfo import place

    where = place(url)
    return Server(identity or known_identity(where), where)


def cross_off(reference: str) -> None:
    """The server has this one: it goes from the outbox (read again under the lock: others may have
    kept complaints since it was read)."""
    with _locked():
        entries = _read(_ignore)
        left = [kept for kept in entries if kept.reference != reference]
        if len(left) != len(entries):
            _write(left)


SHORT = 8  # a reference as people read it: its first characters


def short(reference: str) -> str:
    return reference[:SHORT]


def decide(reference: str, customer_id: int | None, new_customer: bool, warn: Warn = _ignore) -> Kept:
    """Say which customer a kept complaint is for (one customer's number, or someone new), as `log`
    is told at the counter; the next send then matches it that way. ``reference``: its start will do."""
    with _locked():
        entries, start = _read(warn), reference.strip().lower()
        found = [kept for kept in entries if kept.reference.startswith(start)] if start else []
        if len(found) != 1:
            raise InputError(
                f"no complaint kept on this till has the reference {reference!r}"
                if not found
                else f"{len(found)} kept complaints start with {reference!r}: give more of it"
            )
        decided = replace(
            found[0], complaint=replace(found[0].complaint, customer_id=customer_id, new_customer=new_customer)
        )
        _write([decided if kept is found[0] else kept for kept in entries])
    return decided


def naming(keys: set[str]) -> list[Kept]:
    """Kept complaints whose contact is one of ``keys`` (name, phone or email keys, as matching reads them)."""
    return [kept for kept in waiting() if _keys_of(kept) & keys]


def forget_naming(keys: set[str]) -> None:
    """A customer forgotten: what this till kept under their name or contacts goes too (read and
    rewritten under the lock, like every other change to the outbox)."""
    if not outbox_file().exists():
        return
    with _locked():
        entries = _read(_ignore)
        left = [kept for kept in entries if not _keys_of(kept) & keys]
        if len(left) != len(entries):
            _write(left)


def _keys_of(kept: Kept) -> set[str]:
    from fixit.text import email_key, name_key, phone_key

    contact = kept.complaint.contact
    found = {name_key(contact.name)}
    if contact.phone:
        found |= {contact.phone, phone_key(contact.phone)}
    if contact.email:
        found.add(email_key(contact.email))
    return found


# which server: the identity last seen at each address ---------------------------------------


def known_identity(place: str) -> str | None:
    """The identity of the server last reached at ``place`` by this till (None: never reached)."""
    try:
        known = json.loads((app_dir() / SERVERS_NAME).read_text(encoding="utf-8"))
        found = known.get(place) if isinstance(known, dict) else None
    except (OSError, ValueError):
        return None
    return found if isinstance(found, str) else None


def remember_identity(place: str, identity: str) -> None:
    """The server at ``place`` is ``identity`` (written only when it changed: a stat and a small read)."""
    if known_identity(place) == identity:
        return
    path = app_dir() / SERVERS_NAME
    with _locked():
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
            known = known if isinstance(known, dict) else {}
        except (OSError, ValueError):
            known = {}
        known[place] = identity
        write_private(path, json.dumps(known, indent=1, sort_keys=True).encode())


# the file's form -----------------------------------------------------------------------------


def _to_json(kept: Kept) -> dict[str, Any]:
    new = asdict(kept.complaint)
    new["channel"] = kept.complaint.channel.value
    new["severity"] = kept.complaint.severity.value
    by = kept.complaint.promise_by
    new["promise_by"] = [by.day.isoformat(), by.at.isoformat() if by.at else None] if by else None
    new["happened_on"] = kept.complaint.happened_on.isoformat() if kept.complaint.happened_on else None
    entry: dict[str, Any] = {
        "reference": kept.reference,
        "logged_at": clock.to_stored(kept.logged_at),
        "complaint": new,
    }
    if kept.server is not None:
        entry["server"] = {"identity": kept.server.identity, "place": kept.server.place}
    if kept.unsure:
        entry["unsure"] = True
    return entry


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
    server = entry.get("server")
    tag = Server(server["identity"], str(server["place"])) if server is not None else None
    return Kept(
        str(entry["reference"]),
        clock.from_stored(entry["logged_at"]),
        NewComplaint(**new),
        tag,
        bool(entry.get("unsure", False)),
    )
