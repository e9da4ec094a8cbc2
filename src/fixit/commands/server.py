"""Growing onto a server: copy a shop between stores, and send what a till kept while the
PostgreSQL server was out of reach."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fixit.commands.common import JsonOption, out_of, state_of, store_of
from fixit.errors import InputError


def migrate(
    ctx: typer.Context,
    to: Annotated[
        str,
        typer.Option(
            "--to",
            metavar="PATH|URL",
            show_default=False,
            help="Where to copy: an empty PostgreSQL database (postgresql://...) or a new SQLite file.",
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Copy every record of this shop into an empty database, all or nothing.

    Every table is counted and checksummed on both sides before the copy is committed; the
    original is not changed. Copying a PostgreSQL shop to a file is also its portable backup.

    Example: fixit migrate --to postgresql://fixit@db.example.com/shop
    """
    from fixit.paths import database_location, shown
    from fixit.storage import copy_to_new_file, open_store
    from fixit.storage.copy import copy_store

    source = store_of(ctx)
    target = database_location(to)
    if isinstance(target, Path):
        counts = copy_to_new_file(source, target, what="the copy")
    else:
        destination = open_store(target)
        try:
            counts = copy_store(source, destination)
        finally:
            destination.close()
    out = out_of(ctx)
    if as_json:
        out.json({"to": shown(target), "tables": counts})
        return
    out.line(
        f"Copied {counts.get('complaints', 0)} complaint(s) of {counts.get('customers', 0)} customer(s), "
        f"every table counted and checked, to {shown(target)}."
    )
    out.line(f"Use it from now on with: fixit --db {shown(target)} due   (or set FIXIT_DB on every till)")


def sync(
    ctx: typer.Context,
    kept: Annotated[
        str | None,
        typer.Option(
            "--kept",
            metavar="REF",
            show_default=False,
            help="A complaint still kept on this till (its reference, as `fixit sync` lists it).",
        ),
    ] = None,
    customer: Annotated[
        int | None,
        typer.Option(
            "--customer", metavar="ID", show_default=False, help="With --kept: it is this existing customer's."
        ),
    ] = None,
    new_customer: Annotated[bool, typer.Option("--new-customer", help="With --kept: it is someone new.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Send the complaints this till kept while the server could not be reached.

    Any command that reaches the server sends them first; this one does only that, and lists
    what is still kept. One the server could not place (two customers share the name, say) is
    sent once you say whose it is, with --kept REF and --customer ID or --new-customer.

    Example: fixit sync --kept 3f9a1c2e --customer 12
    """
    from fixit import outbox

    if kept is None and (customer is not None or new_customer):
        raise InputError("--customer and --new-customer go with --kept REF")
    if kept is not None:
        if (customer is None) == (not new_customer):
            raise InputError("say whose it is: --customer ID or --new-customer (one of them)")
        outbox.decide(kept, customer, new_customer)
    store_of(ctx)  # reaching the server sends what was kept
    sent = state_of(ctx).kept_sent
    left = outbox.waiting()
    out = out_of(ctx)
    if as_json:
        out.json({"sent": sent, "waiting": [entry.reference for entry in left]})
        return
    if not sent and not left:
        out.line("Nothing kept on this till: every complaint is on the server.")
    elif left:
        out.line(f"{len(left)} complaint(s) still kept on this till ({outbox.outbox_file()}):")
        for entry in left:
            out.line(
                f"  {outbox.short(entry.reference)}  {entry.complaint.contact.name}, "
                f'"{entry.complaint.summary}" (kept {entry.logged_at:%Y-%m-%d %H:%M})'
            )


COMMANDS = [migrate, sync]
PANEL = "Setup"  # where `fixit --help` lists these (fixit.cli reads it off this file)
