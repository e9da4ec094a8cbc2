"""Who may use `fixit serve`: the owner's password, staff PINs, the devices the owner enrolled, and
the lock-outs after wrong guesses.

Kept in the shop's settings table under ``web.`` keys (``fixit config`` lists only the shop's own
settings), as hashes only: argon2id for the password and the PINs, SHA-256 for the one-time
enrolment codes (long random codes, used once, that expire). No secret is stored in clear; the key
that signs the web app's cookies lives in a 0600 file of the machine, never in the database.

A PIN is short, so it is accepted only on a device the owner enrolled, and a name is locked out
after ``MAX_FAILURES`` wrong PINs (the owner's password too) for ``LOCKOUT``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from fixit import clock
from fixit.errors import FixitError, InputError, NotFound
from fixit.storage import Store
from fixit.text import clean_name

OWNER_KEY, STAFF_KEY, DEVICES_KEY, ENROLMENT_KEY, LOCKOUTS_KEY = (
    "web.owner_password",
    "web.staff",
    "web.devices",
    "web.enrolment",
    "web.lockouts",
)
MIN_PASSWORD = 10
MAX_PASSWORD = 200
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
ENROLMENT_VALID = timedelta(hours=24)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on a tablet
OWNER = "owner"


class Refused(FixitError):
    """A wrong password, PIN or code: said the same way whatever was wrong, so it tells a guesser nothing."""


class NoOwnerPassword(FixitError):
    def __init__(self) -> None:
        super().__init__("no owner password is set yet")


class LockedOut(FixitError):
    def __init__(self, until: datetime):
        super().__init__(f"too many wrong attempts: locked until {until:%H:%M}")
        self.until = until


@dataclass(frozen=True)
class Device:
    id: str
    name: str
    enrolled_at: str


def _hasher() -> Any:
    from argon2 import PasswordHasher  # argon2id; imported only where a password is set or checked

    return PasswordHasher()


def _verify(hashed: str, secret: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(hashed, secret))
    except (VerificationError, InvalidHashError):
        return False


def _read(store: Store, key: str) -> Any:
    value = store.settings().get(key)
    return json.loads(value) if value else {}


def _write(store: Store, key: str, value: Any) -> None:
    store.set_setting(key, json.dumps(value, sort_keys=True))


# the owner ------------------------------------------------------------------------------------------


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InputError(f"the password is too short: at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InputError(f"the password is too long: at most {MAX_PASSWORD} characters")
    return password


def has_owner_password(store: Store) -> bool:
    return bool(store.settings().get(OWNER_KEY))


def set_owner_password(store: Store, password: str) -> None:
    hashed = _hasher().hash(check_password(password))
    with store.transaction():
        store.set_setting(OWNER_KEY, hashed)
        _clear_failures(store, OWNER)


def owner_login(store: Store, password: str) -> None:
    """Check the owner's password (raises Refused or LockedOut); wrong guesses count towards a lock-out."""
    hashed = store.settings().get(OWNER_KEY)
    if not hashed:
        raise NoOwnerPassword()
    _attempt(store, OWNER, lambda: _verify(hashed, password[:MAX_PASSWORD]))


# staff ----------------------------------------------------------------------------------------------


def check_pin(pin: str) -> str:
    pin = pin.strip()
    if not (pin.isascii() and pin.isdigit() and 4 <= len(pin) <= 6):
        raise InputError("a PIN is 4 to 6 digits")
    return pin


def staff_names(store: Store) -> list[str]:
    return sorted(_read(store, STAFF_KEY), key=str.casefold)


def set_staff_pin(store: Store, name: str, pin: str) -> str:
    """Add a member of staff, or give them a new PIN; returns the name as stored."""
    name = clean_name(name, "the staff name")
    if name.casefold() == OWNER:
        raise InputError("'owner' is the owner's login, not a staff name")
    hashed = _hasher().hash(check_pin(pin))
    with store.transaction():
        staff = _read(store, STAFF_KEY)
        staff = {key: value for key, value in staff.items() if key.casefold() != name.casefold()}
        staff[name] = hashed
        _write(store, STAFF_KEY, staff)
        _clear_failures(store, _staff_key(name))
    return name


def remove_staff(store: Store, name: str) -> None:
    with store.transaction():
        staff = _read(store, STAFF_KEY)
        if name not in staff:
            raise NotFound(f"no staff member called {name!r}")
        del staff[name]
        _write(store, STAFF_KEY, staff)


def staff_login(store: Store, device_id: str | None, name: str, pin: str) -> str:
    """Check a PIN on an enrolled device; returns the staff name. Refused, LockedOut, or InputError."""
    if device_of(store, device_id) is None:
        raise Refused("PINs work only on a device the owner has enrolled")
    staff = _read(store, STAFF_KEY)
    hashed = staff.get(name)
    if hashed is None:
        raise Refused("wrong name or PIN")
    _attempt(store, _staff_key(name), lambda: _verify(hashed, pin.strip()[:6]), "wrong name or PIN")
    return str(name)


def _staff_key(name: str) -> str:
    return f"staff:{name.casefold()}"


# devices --------------------------------------------------------------------------------------------


def new_enrolment_code(store: Store, device_name: str) -> str:
    """A one-time code (shown once, to type on the new device), valid for ``ENROLMENT_VALID``."""
    device_name = clean_name(device_name, "the device's name")
    code = "-".join("".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(3))
    until = clock.now() + ENROLMENT_VALID
    with store.transaction():
        pending = {
            digest: entry
            for digest, entry in _read(store, ENROLMENT_KEY).items()
            if datetime.fromisoformat(entry["until"]) > clock.now()
        }
        pending[_digest(code)] = {"name": device_name, "until": until.isoformat()}
        _write(store, ENROLMENT_KEY, pending)
    return code


def _digest(code: str) -> str:
    normal = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normal.encode("ascii", "replace")).hexdigest()


def enrol(store: Store, code: str) -> Device:
    """Use a one-time code: the device it was made for is enrolled, and the code is spent."""
    with store.transaction():
        pending = _read(store, ENROLMENT_KEY)
        entry = pending.pop(_digest(code[:40]), None)
        if entry is None or datetime.fromisoformat(entry["until"]) <= clock.now():
            raise Refused("that enrolment code is wrong, used or expired: ask the owner for a new one")
        device = Device(secrets.token_urlsafe(18), entry["name"], clock.now().isoformat(timespec="seconds"))
        devices = _read(store, DEVICES_KEY)
        devices[device.id] = {"name": device.name, "enrolled_at": device.enrolled_at}
        _write(store, ENROLMENT_KEY, pending)
        _write(store, DEVICES_KEY, devices)
    return device


def devices(store: Store) -> list[Device]:
    return [Device(key, value["name"], value["enrolled_at"]) for key, value in _read(store, DEVICES_KEY).items()]


def device_of(store: Store, device_id: str | None) -> Device | None:
    if not device_id:
        return None
    found = _read(store, DEVICES_KEY).get(device_id)
    return Device(device_id, found["name"], found["enrolled_at"]) if found else None


def forget_device(store: Store, device_id: str) -> None:
    with store.transaction():
        known = _read(store, DEVICES_KEY)
        if known.pop(device_id, None) is None:
            raise NotFound("no such device")
        _write(store, DEVICES_KEY, known)


# lock-outs ------------------------------------------------------------------------------------------


def _attempt(store: Store, who: str, check: Any, refusal: str = "wrong password") -> None:
    """Run ``check`` unless ``who`` is locked out; count a failure (locking at MAX_FAILURES) or clear them."""
    now = clock.now()
    entry = _read(store, LOCKOUTS_KEY).get(who, {})
    until = datetime.fromisoformat(entry["until"]) if entry.get("until") else None
    if until is not None and until > now:
        raise LockedOut(until)
    if check():
        if entry:
            with store.transaction():
                _clear_failures(store, who)
        return
    with store.transaction():
        lockouts = _read(store, LOCKOUTS_KEY)
        failures = lockouts.get(who, {}).get("failures", 0) + 1
        if failures >= MAX_FAILURES:
            lockouts[who] = {"failures": 0, "until": (now + LOCKOUT).isoformat()}
        else:
            lockouts[who] = {"failures": failures}
        _write(store, LOCKOUTS_KEY, lockouts)
    if failures >= MAX_FAILURES:
        raise LockedOut(now + LOCKOUT)
    raise Refused(refusal)


def _clear_failures(store: Store, who: str) -> None:
    lockouts = _read(store, LOCKOUTS_KEY)
    if who in lockouts:
        del lockouts[who]
        _write(store, LOCKOUTS_KEY, lockouts)


def unlock(store: Store, name: str) -> None:
    """The owner lifts a staff member's lock-out at once."""
    with store.transaction():
        _clear_failures(store, _staff_key(name))


def note_actor(store: Store, complaint_id: int, who: str, device: str | None) -> None:
    """Add to a complaint's history who acted on it through `fixit serve`, and on which device."""
    where = f" on {device}" if device else ""
    with store.transaction():
        store.add_event(complaint_id, "web", f"By {who}{where} (fixit serve)")
