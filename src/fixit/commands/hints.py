"""The commands' words for what to do next when the domain refuses: the domain says what went
wrong; the hint, which names commands and flags, is phrased here, once for every command."""

from __future__ import annotations

from fixit.errors import (
    AboveStaffLimit,
    AlreadyVoid,
    AmbiguousCustomer,
    ClosedComplaint,
    ContactBelongsToOther,
    DatabaseNotEmpty,
    DeliveryError,
    FixitError,
    MailNotConfigured,
    MissingExplanation,
    NoProcessChange,
    NoSavedMap,
    PromiseNotKept,
    RowError,
    SharedContact,
    UnknownSetting,
    UnmappedColumns,
    VoidComplaint,
)
from fixit.ids import label


def hint_for(error: FixitError) -> str | None:
    if isinstance(error, RowError):
        if isinstance(error.cause, AmbiguousCustomer):
            return "give the row a phone or email column to tell them apart"
        return None
    if isinstance(error, ContactBelongsToOther):
        return f"add --customer {error.customer.id} if it is them, or --new-customer for someone new"
    if isinstance(error, SharedContact):
        return "pick one with --customer ID, or --new-customer for someone new"
    if isinstance(error, DatabaseNotEmpty):
        return "give a new file: `fixit --db new.db import EXPORT.json`"
    if isinstance(error, UnknownSetting):
        return "`fixit config show` lists them"
    if isinstance(error, ClosedComplaint):
        return f"`fixit reopen {error.complaint_id}` before you {error.verb} it"
    if isinstance(error, AmbiguousCustomer):
        return f"pick one with --customer ID ({', '.join(str(c.id) for c in error.candidates)})"
    if isinstance(error, AboveStaffLimit):
        return "ask the owner, then add --approved-by NAME"
    if isinstance(error, PromiseNotKept):
        return f"`fixit keep {label('promise', error.promise_id)}` it first"
    if isinstance(error, MissingExplanation):
        return f'--explain "..." (or `fixit judge {error.complaint_id} --unjustified --explain "..."`)'
    if isinstance(error, MailNotConfigured):
        return "set it once: `fixit config set smtp_host smtp.example.com` (and smtp_user, smtp_port; see README)"
    if isinstance(error, DeliveryError) and error.unsent_id is not None:
        return (
            f"nothing was recorded as sent; the letter is kept as {label('unsent', error.unsent_id)}: "
            f"`fixit letter --unsent {label('unsent', error.unsent_id)}` sends it again"
        )
    if isinstance(error, VoidComplaint):
        return f"`fixit unvoid {error.complaint_id}` before you {error.verb} it"
    if isinstance(error, AlreadyVoid):
        return f"`fixit unvoid {error.complaint_id}` puts it back"
    if isinstance(error, UnmappedColumns):
        return 'map yours: --map "Your header=name,Another=summary" (`fixit import --help` lists the columns)'
    if isinstance(error, NoSavedMap) and not error.saved:
        return "save one with --save-map NAME beside a --map"
    if isinstance(error, NoProcessChange):
        return f'record one with `fixit change "..." --complaint {error.complaint_id}`'
    return None


def with_hint(error: FixitError) -> str:
    hint = hint_for(error)
    return f"{error}; {hint}" if hint else str(error)
