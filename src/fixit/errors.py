"""Errors a user can cause or meet, each with the exit code the CLI returns.

Exit codes are used the same way everywhere:
0 success; 1 the request was understood but cannot be done (a database problem,
a coupon already redeemed, a broken template); 2 the input itself is wrong
(an unknown id, a bad date or amount, a missing argument).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fixit.model import Customer


class FixitError(Exception):
    """Base of every error meant for the user: one line, no traceback."""

    exit_code = 1


class InputError(FixitError):
    """What the user typed cannot be used: a bad date, amount, text or choice."""

    exit_code = 2


class NotFound(InputError):
    """An id or code that names nothing in the database."""


class Conflict(FixitError):
    """A valid request that the record's state does not allow (kept twice, redeemed twice)."""


class AlreadyVoid(Conflict):
    """The complaint is marked void already."""

    def __init__(self, message: str, complaint_id: int):
        super().__init__(message)
        self.complaint_id = complaint_id


class VoidComplaint(Conflict):
    """The complaint was entered in error (void): nothing more is done to it until it is put back."""

    def __init__(self, complaint_id: int, reason: str | None, verb: str):
        super().__init__(f"complaint #{complaint_id} is void ({reason or 'entered in error'})")
        self.complaint_id = complaint_id
        self.verb = verb


class StorageError(FixitError):
    """The database file cannot be opened, read, written or upgraded."""


# Refusals that carry what went wrong, so the commands can phrase what to do next
# (fixit.commands.hints); the domain never names a command or a flag.


class ClosedComplaint(Conflict):
    """The complaint is closed; it must be reopened before anything more is done to it."""

    def __init__(self, complaint_id: int, verb: str):
        super().__init__(f"complaint #{complaint_id} is closed")
        self.complaint_id = complaint_id
        self.verb = verb


class AmbiguousCustomer(InputError):
    """Several customers share the name and nothing else tells them apart."""

    def __init__(self, name: str, candidates: list[Customer]):
        super().__init__(f"{len(candidates)} customers are called {name!r}")
        self.candidates = candidates


class AboveStaffLimit(Conflict):
    """The amends on one complaint would go over what staff may give without the owner."""

    def __init__(self, total: str, limit: str):
        super().__init__(f"that brings this complaint's amends to {total}, above the staff limit of {limit}")
        self.total = total
        self.limit = limit


class PromiseNotKept(InputError):
    def __init__(self, promise_id: int):
        super().__init__(f"promise P{promise_id} is not kept yet")
        self.promise_id = promise_id


class MissingExplanation(InputError):
    def __init__(self, complaint_id: int):
        super().__init__("an explanation letter needs the facts of what actually happened")
        self.complaint_id = complaint_id


class NoProcessChange(InputError):
    def __init__(self, complaint_id: int):
        super().__init__(f"complaint #{complaint_id} has no process change")
        self.complaint_id = complaint_id


class MailNotConfigured(FixitError):
    def __init__(self) -> None:
        super().__init__("no mail server is set up")


class DeliveryError(FixitError):
    """A letter or the agenda did not go out; the reason is the message. ``unsent_id`` is the kept
    draft, once one is kept."""

    def __init__(self, reason: str, unsent_id: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.unsent_id = unsent_id


class RowError(FixitError):
    """A row of an imported spreadsheet that cannot be logged: the row's line, then why."""

    def __init__(self, line: int, cause: FixitError):
        super().__init__(f"line {line}: {cause}")
        self.exit_code = cause.exit_code
        self.cause = cause


class ContactBelongsToOther(InputError):
    """The phone or email given is on file for a customer whose name is plainly not the one given."""

    def __init__(self, kind: str, value: str, customer: Customer, given_name: str):
        super().__init__(f"the {kind} {value} belongs to {customer.name} (customer {customer.id}), not {given_name}")
        self.kind, self.value, self.customer, self.given_name = kind, value, customer, given_name


class SharedContact(InputError):
    """Several customers have the phone or email given: fixit does not guess between them."""

    def __init__(self, kind: str, value: str, candidates: list[Customer]):
        ids = ", ".join(str(c.id) for c in candidates)
        super().__init__(f"{len(candidates)} customers have the {kind} {value} ({ids})")
        self.kind, self.value, self.candidates = kind, value, candidates


class UnknownSetting(InputError):
    def __init__(self, key: str):
        super().__init__(f"no setting called {key[:40]!r}")
        self.key = key


class DatabaseNotEmpty(InputError):
    def __init__(self) -> None:
        super().__init__("an export of fixit's goes into an empty database, and this one has records")


class UnmappedColumns(InputError):
    """A spreadsheet's headers are not fixit's columns, and no map says which they are."""


class NoSavedMap(InputError):
    def __init__(self, name: str, saved: list[str]):
        super().__init__(f"no saved map called {name[:40]!r}" + (f" (saved: {', '.join(saved)})" if saved else ""))
        self.saved = saved
