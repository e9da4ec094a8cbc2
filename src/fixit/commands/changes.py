"""Process changes: record the change a systemic cause called for, and list them."""

from typing import Annotated

import typer

from fixit.commands.common import JsonOption, complaint_number, out_of, store_of
from fixit.domain import changes as domain
from fixit.ids import label


def change(
    ctx: typer.Context,
    description: Annotated[str, typer.Argument(help="What you changed in the way you work.", show_default=False)],
    complaint: Annotated[
        list[int],
        typer.Option(
            "--complaint",
            metavar="N",
            parser=complaint_number,
            help="A complaint this change answers (repeat for several).",
        ),
    ],
) -> None:
    """Record a process change made because of a systemic cause, linked to its complaints.

    Example: fixit change "Second check of every order at packing" --complaint 12 --complaint 15
    """
    made = domain.record(store_of(ctx), description, complaint)
    linked = ", ".join(label("complaint", n) for n in made.complaint_ids)
    out = out_of(ctx)
    out.line(f"Process change {label('change', made.id)} recorded, linked to {linked}.")
    out.line(f"Tell the customers: fixit letter --change {label('change', made.id)}")


def changes(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the process changes, the complaints behind each, and whether the change held:
    complaints with the same tags in as many days before the change as have passed since.

    Example: fixit changes
    """
    found = domain.all_changes(store_of(ctx))
    out = out_of(ctx)
    empty = 'No process changes yet. When a cause is systemic: fixit change "..." --complaint N'
    if not out.records(found, as_json, empty):
        return
    out.table(
        ["Change", "Made", "What changed", "Complaints", "Tags", "Before", "Since"],
        [
            [
                label("change", c.id),
                f"{c.made_at:%Y-%m-%d}",
                c.description,
                ", ".join(label("complaint", n) for n in c.complaint_ids),
                ", ".join(c.tags) or "-",
                f"{c.before} in {c.window_days} d" if c.tags else "-",
                f"{c.after} in {c.window_days} d" if c.tags else "-",
            ]
            for c in found
        ],
    )
    if not any(c.tags for c in found):
        out.line("Tag complaints (fixit tag N delivery) to see whether each change made them rarer.")


COMMANDS = [change, changes]
PANEL = "The owner's view"  # where `fixit --help` lists these (fixit.cli reads it off this file)
