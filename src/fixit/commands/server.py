"""Growing onto a server: copy a shop between stores, and send what a till kept while the
PostgreSQL server was out of reach."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fixit.commands.common import JsonOption, out_of, state_of, store_of


def migrate(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", metavar="PATH|URL", show_default=False,
                                    help="Where to copy: an empty PostgreSQL database (postgresql://...) "
                                         "or a new SQLite file.")],
    as_json: JsonOption = False,
) -> None:
    """Copy every record of this shop into an empty database, all or nothing.

    Every table is counted and checksummed on both sides before the copy is committed; the
    original is not changed. Copying a PostgreSQL shop to a file is also its portable backup.

    Example: fixit migrate --to postgresql://fixit@db.example.com/shop
    """
    from fixit.paths import database_location, shown
    from fixit.storage import open_store
    from fixit.storage.copy import copy_store, copy_to_new_file

    source = store_of(ctx)
    target = database_location(to)
    if isinstance(target, Path):
        counts = copy_to_new_file(source, target.expanduser(), what="the copy")
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
    out.line(f"Copied {counts.get('complaints', 0)} complaint(s) of {counts.get('customers', 0)} customer(s), "
             f"every table counted and checked, to {shown(target)}.")
    out.line(f"Use it from now on with: fixit --db {shown(target)} due   (or set FIXIT_DB on every till)")


def sync(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Send the complaints this till kept while the server could not be reached.

    Any command that reaches the server sends them first; this one does only that, and says
    what is still waiting and why.

    Example: fixit sync
    """
    from fixit import outbox

    store_of(ctx)  # reaching the server sends what was kept
    sent = state_of(ctx).kept_sent
    left = outbox.waiting()
    out = out_of(ctx)
    if as_json:
        out.json({"sent": sent, "waiting": [kept.reference for kept in left]})
        return
    if not sent and not left:
        out.line("Nothing kept on this till: every complaint is on the server.")
    elif left:
        out.line(f"{len(left)} complaint(s) still kept on this till ({outbox.outbox_file()}).")


COMMANDS = [migrate, sync]
