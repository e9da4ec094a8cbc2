"""Errors a user can cause or meet, each with the exit code the CLI returns.

Exit codes are used the same way everywhere:
0 success; 1 the request was understood but cannot be done (a database problem,
a coupon already redeemed, a broken template); 2 the input itself is wrong
(an unknown id, a bad date or amount, a missing argument).
"""


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


class StorageError(FixitError):
    """The database file cannot be opened, read, written or upgraded."""
