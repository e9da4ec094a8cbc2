"""Complaints a till kept while the PostgreSQL server could not take them (``fixit.outbox``): keeping
one at the counter, and sending them when the server answers again (the first thing any command
does once it reaches the server)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from fixit.commands.hints import with_hint
from fixit.errors import FixitError
from fixit.ids import label
from fixit.output import Output
from fixit.storage import Store

if TYPE_CHECKING:
    from fixit.domain.complaints import NewComplaint


def keep_for_later(
    out: Output,
    new: NewComplaint,
    unreachable: FixitError,
    as_json: bool,
    url: str,
    identity: str | None = None,
    logged_at: datetime | None = None,
    unsure: bool = False,
) -> None:
    """The server cannot take it now: keep the (checked) complaint on this till, for that server, and
    say so plainly once it is on disk. ``identity``: the server's, when it was reached before the
    failure; else the one last seen at this address."""
    from fixit import outbox

    waiting = outbox.keep(new, outbox.server_for(url, identity), out.warning, logged_at, unsure)
    kept, count = waiting[-1], len(waiting)
    out.warning(str(unreachable))
    if as_json:
        out.json({"complaint": None, "kept": kept.reference, "waiting": count})
        return
    out.line(
        f'Kept on this till: {new.contact.name}, "{new.summary}" ({count} waiting). It goes to the server '
        "with the next command that reaches it, or `fixit sync`.",
        "bold",
    )
    if not new.apologized:
        out.line("Apologize now; record it once the complaint has arrived.", "yellow")


def send_kept(store: Store, out: Output, url: str) -> list[int]:
    """Log what this till kept for this server, oldest first, each in its own transaction; returns the
    new numbers. One the server refuses stays kept, with the reason; one kept for another server waits
    for it. The server going away again stops the sending (what is left stays kept)."""
    from fixit import outbox
    from fixit.conninfo import place

    where = place(url)
    if store.identity is not None:  # what a complaint kept for this address later is tagged with
        outbox.remember_identity(where, store.identity)
    left = outbox.waiting(out.warning)
    if not left:
        return []
    from fixit.domain import complaints
    from fixit.storage.errors import ServerUnreachable

    sent: list[int] = []
    others = 0
    for kept in left:
        if kept.server is not None and not kept.server.takes(store.identity, where):
            others += 1
            continue
        try:
            logged = complaints.log_kept(store, kept.complaint, kept.logged_at, kept.reference, kept.unsure)
        except ServerUnreachable:
            raise
        except FixitError as refused:
            ref = outbox.short(kept.reference)
            out.warning(
                f"the complaint kept on this till as {ref} ({kept.complaint.contact.name}, "
                f'"{kept.complaint.summary}") could not be logged: {with_hint(refused)}; it stays kept '
                f"until you say whose it is: `fixit sync --kept {ref} --customer ID` (or --new-customer)"
            )
            continue
        outbox.cross_off(kept.reference)  # crossed off as soon as the server has it
        if logged is None:
            continue
        sent.append(logged.complaint.id)
        alarm = " SECOND COMPLAINT: treat as an emergency, call them today" if logged.emergency else ""
        out.notice(
            f"sent {label('complaint', logged.complaint.id)} {logged.customer.name}, kept on this till since "
            f"{kept.logged_at:%H:%M}.{alarm}"
        )
    if others:
        out.notice(
            f"{others} complaint(s) kept on this till are for another server; they wait for it "
            "(`fixit sync` lists them)"
        )
    return sent
