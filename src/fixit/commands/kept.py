"""Complaints a till kept while the PostgreSQL server was out of reach (``fixit.outbox``): keeping
one at the counter, and sending them when the server answers again (the first thing any command
does once it reaches the server)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixit.commands.hints import with_hint
from fixit.errors import FixitError
from fixit.ids import label
from fixit.output import Output
from fixit.storage import Store

if TYPE_CHECKING:
    from fixit.domain.complaints import NewComplaint


def keep_for_later(out: Output, new: NewComplaint, unreachable: FixitError, as_json: bool) -> None:
    """The server is out of reach: keep the (checked) complaint on this till and say so plainly."""
    from fixit import outbox

    waiting = outbox.keep(new)
    kept, count = waiting[-1], len(waiting)
    out.warning(str(unreachable))
    if as_json:
        out.json({"complaint": None, "kept": kept.reference, "waiting": count})
        return
    out.line(f"Kept on this till: {new.contact.name}, \"{new.summary}\" ({count} waiting). It goes to the server "
             "with the next command that reaches it, or `fixit sync`.", "bold")
    if not new.apologized:
        out.line("Apologize now; record it once the complaint has arrived.", "yellow")


def send_kept(store: Store, out: Output) -> list[int]:
    """Log what this till kept, oldest first, each in its own transaction; returns the new numbers.
    One the server refuses stays kept, with the reason."""
    from fixit import outbox

    left = outbox.waiting()
    if not left:
        return []
    from fixit.domain import complaints

    sent: list[int] = []
    for kept in list(left):
        try:
            logged = complaints.log_kept(store, kept.complaint, kept.logged_at, kept.reference)
        except FixitError as refused:
            ref = outbox.short(kept.reference)
            out.warning(f"the complaint kept on this till as {ref} ({kept.complaint.contact.name}, "
                        f"\"{kept.complaint.summary}\") could not be logged: {with_hint(refused)}; it stays kept "
                        f"until you say whose it is: `fixit sync --kept {ref} --customer ID` (or --new-customer)")
            continue
        left.remove(kept)
        outbox.save(left)  # crossed off as soon as the server has it
        if logged is None:
            continue
        sent.append(logged.complaint.id)
        alarm = " SECOND COMPLAINT: treat as an emergency, call them today" if logged.emergency else ""
        out.notice(f"sent {label('complaint', logged.complaint.id)} {logged.customer.name}, kept on this till since "
                   f"{kept.logged_at:%H:%M}.{alarm}")
    return sent
