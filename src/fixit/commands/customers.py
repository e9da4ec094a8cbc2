"""Customers: a profile, corrections, merging duplicates, the list; what is held, and forgetting."""

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Annotated

import typer

from fixit import clock
from fixit.cli_group import ShowByDefault
from fixit.commands.common import JsonOption, YesOption, confirm_change, out_of, settings_of, store_of
from fixit.commands.present import status_word
from fixit.domain import customers as domain_customers
from fixit.domain import reading
from fixit.errors import InputError
from fixit.ids import label
from fixit.money import format_money, parse_money
from fixit.paths import write_private
from fixit.summaries import CustomerSummary
from fixit.text import plural, shorten

customer_app = typer.Typer(
    cls=ShowByDefault,
    no_args_is_help=True,
    help="A customer's profile (`fixit customer NAME|ID`), or edit or merge customers.",
)


@customer_app.command("show")
def customer_show(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="NAME|ID", help="A customer's number or name.")],
    as_json: JsonOption = False,
) -> None:
    """A customer's profile: contact, situation and needs, every complaint, promise, amend and letter.

    `fixit customer "Dana Reyes"` is the same as `fixit customer show "Dana Reyes"`.

    Example: fixit customer show 4
    """
    store = store_of(ctx)
    found = reading.profile(store, domain_customers.identify(store, who))
    out = out_of(ctx)
    if as_json:
        out.json(found)
        return
    c, currency = found.customer, settings_of(ctx).currency
    out.line(f"{c.name} (customer {c.id})", "bold")
    spend = format_money(c.yearly_spend_cents, currency) if c.yearly_spend_cents else None
    for title, value in (
        ("Phone", c.phone),
        ("Email", c.email),
        ("Situation and needs", c.notes),
        ("Yearly spend", spend),
    ):
        if value:
            out.line(f"{title}: {value}")
    if not found.complaints:
        out.line("No complaints.")
        return
    from fixit.commands.present import promise_state
    from fixit.domain.amends import describe

    rows = []
    for d in found.complaints:
        k = d.complaint
        rows.append([label("complaint", k.id), f"{k.logged_at:%Y-%m-%d}", shorten(k.summary, 40), status_word(k)])
        rows += [
            ["", "", f"{label('promise', p.id)} {shorten(p.what, 36)}", promise_state(p, clock.now())]
            for p in d.promises
        ]
        rows += [["", "", f"{label('amend', a.id)} {shorten(describe(a, currency), 36)}", ""] for a in d.amends]
        rows += [["", f"{sent.sent_at:%Y-%m-%d}", f"letter: {sent.kind}", "sent"] for sent in d.letters]
    out.table(["Complaint", "Date", "What", "State"], rows)


@customer_app.command("edit")
def customer_edit(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="NAME|ID", help="A customer's number or name.")],
    name: Annotated[str | None, typer.Option(help="Correct the name.")] = None,
    phone: Annotated[str | None, typer.Option(help="Phone number ('' clears it).")] = None,
    email: Annotated[str | None, typer.Option(help="Email address ('' clears it).")] = None,
    notes: Annotated[str | None, typer.Option(help="Their situation and needs ('' clears it).")] = None,
    yearly_spend: Annotated[
        str | None, typer.Option("--yearly-spend", help="What they spend a year, e.g. 1200.")
    ] = None,
    greet: Annotated[
        str | None,
        typer.Option(
            help="The name letters greet them by, e.g. 'Mrs Olsen' ('-' greets with no name, "
            "'' works it out from the name again)."
        ),
    ] = None,
) -> None:
    """Correct a customer's name, phone, email, notes, yearly spend, or the name letters greet.

    Example: fixit customer edit 4 --phone 555-0199 --greet "Mrs Olsen"
    """
    store = store_of(ctx)
    customer = domain_customers.identify(store, who)
    cents = parse_money(yearly_spend, settings_of(ctx).currency) if yearly_spend is not None else None
    corrections = domain_customers.Corrections(name, phone, email, notes, cents, greet)
    if not corrections:
        raise InputError("nothing to change: give --name, --phone, --email, --notes, --yearly-spend or --greet")
    changed = domain_customers.edit(store, customer.id, corrections)
    out_of(ctx).line(f"Customer {changed.id} updated: {changed.name}.")


@customer_app.command("merge")
def customer_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="A", help="The customer to keep: a number or a name.")],
    duplicate: Annotated[str, typer.Argument(metavar="B", help="The duplicate, merged into A and removed.")],
    yes: YesOption = False,
) -> None:
    """Merge a duplicate customer B into A: every complaint moves to A, in one transaction.

    Both are shown side by side first, and fixit asks. No contact detail is lost: a phone or email
    of B's that A lacks is filled in; one that differs is kept beside A's (and still finds A).

    Example: fixit customer merge 4 9
    """
    store = store_of(ctx)
    first, second = domain_customers.identify(store, keep), domain_customers.identify(store, duplicate)
    if first.id == second.id:
        raise InputError(f"both name customer {first.id}: a customer cannot be merged with itself")
    out = out_of(ctx)
    counts = {c.id: len(store.complaints_of_customer(c.id)) for c in (first, second)}
    out.table(
        ["", f"A: customer {first.id} (kept)", f"B: customer {second.id} (merged in)"],
        [
            ["Name", first.name, second.name],
            ["Phone", first.phone or "-", second.phone or "-"],
            ["Email", first.email or "-", second.email or "-"],
            ["Notes", shorten(first.notes or "-", 40), shorten(second.notes or "-", 40)],
            ["Complaints", str(counts[first.id]), str(counts[second.id])],
        ],
    )
    confirm_change(f"Merge {second.name} (customer {second.id}) into {first.name} (customer {first.id})?", yes)
    kept, moved = domain_customers.merge(store, first.id, second.id)
    out.line(f"Merged customer {second.id} into {kept.id} ({kept.name}); {len(moved)} complaint(s) moved.")


@customer_app.command("export")
def customer_export(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="NAME|ID", help="A customer's number or name.")],
    out: Annotated[Path | None, typer.Option(help="Write it to this file (default: print it).")] = None,
) -> None:
    """Everything fixit holds about one customer, as JSON, to hand to them when they ask.

    Example: fixit customer export 4 --out dana-reyes.json
    """
    from fixit.output import jsonable

    store = store_of(ctx)
    data = (
        json.dumps(
            jsonable(reading.everything_about(store, domain_customers.identify(store, who))),
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
    if out is None:
        out_of(ctx).data(data)
        return
    write_private(out, data.encode("utf-8"))
    out_of(ctx).done(f"Wrote {out}.")


@customer_app.command("forget")
def customer_forget(
    ctx: typer.Context,
    who: Annotated[str, typer.Argument(metavar="NAME|ID", help="A customer's number or name.")],
    yes: YesOption = False,
) -> None:
    """Forget a customer who asks you to: name, contacts, notes, the words of their complaints, their
    letters and search entries are erased; anonymous counts stay for the report.

    Backups taken before still hold them: see the README.

    Example: fixit customer forget 4
    """
    from fixit import outbox

    store, out = store_of(ctx), out_of(ctx)
    customer = domain_customers.identify(store, who)
    erasing = domain_customers.what_forgetting_erases(store, customer)
    keys = domain_customers.contact_keys(store, customer.id)
    on_this_till = len(outbox.naming(keys))
    out.line(
        f"This erases {customer.name} (customer {customer.id}): their name, phone, email and notes, and the "
        f"words of {plural(erasing.complaints, 'complaint')}, {plural(erasing.promises, 'promise')}, "
        f"{plural(erasing.amends, 'amend')}, {plural(erasing.letters, 'letter')} and their timelines"
        + (
            f"; {erasing.elsewhere} timeline entr{'y' if erasing.elsewhere == 1 else 'ies'} of other complaints "
            "that name them"
            if erasing.elsewhere
            else ""
        )
        + (f"; the tags {', '.join(erasing.tags)}" if erasing.tags else "")
        + (f"; {plural(on_this_till, 'complaint')} kept on this till for the server" if on_this_till else "")
        + ". What the report counts stays, with no name to it."
    )
    if erasing.mentioned:  # written about someone else: theirs to keep, the owner's to edit
        out.warning(
            f"{', '.join(erasing.mentioned[:10])}{', ...' if len(erasing.mentioned) > 10 else ''} "
            f"name {customer.name} in their own words, which forget leaves as they are (they are about "
            "another customer): edit them (fixit edit N --summary ..., fixit change)"
        )
    confirm_change(f"Forget {customer.name} (customer {customer.id})? This cannot be undone", yes)
    gone = domain_customers.forget(store, customer.id)
    outbox.forget_naming(keys)  # what this till keeps for the server under their name or contacts
    out.line(f"Forgotten: customer {gone.id} is now {gone.name!r}.")


def customers(
    ctx: typer.Context,
    repeat: Annotated[bool, typer.Option("--repeat", help="Only customers with more than one complaint.")] = False,
    limit: Annotated[int, typer.Option(min=0, help="At most this many, latest contact first (0: all).")] = 50,
    as_json: JsonOption = False,
) -> None:
    """List customers with their complaint counts and last contact.

    Example: fixit customers --repeat
    """
    found = reading.customer_list(store_of(ctx), repeat, limit or None)
    out = out_of(ctx)
    if as_json:
        out.json_array_stream(
            {
                "customer": r.customer,
                "complaints": r.complaints,
                "open": r.open,
                "last_contact": r.last_contact,
                "repeat": r.repeat,
            }
            for r in found
        )
        return
    with out.paged():
        out.table_stream(
            ["ID", "Name", "Complaints", "Open", "Last contact", "Repeat"],
            (
                [
                    str(r.customer.id),
                    name,
                    str(r.complaints),
                    str(r.open),
                    f"{r.last_contact:%Y-%m-%d}" if r.last_contact else "-",
                    "yes" if r.repeat else "",
                ]
                for r, name in _told_apart(found)
            ),
            "No customers yet.",
            fit=1,
            optional=[5],
        )


def _told_apart(found: Iterable[CustomerSummary]) -> Iterator[tuple[CustomerSummary, str]]:
    """Each customer with their name as listed: customers listed together under one name are told
    apart by their phone's last digits (else email, else number). A page at a time."""
    from itertools import islice

    from fixit.commands.present import told_apart
    from fixit.text import name_key

    rows = iter(found)
    while page := list(islice(rows, 1000)):
        names = Counter(name_key(r.customer.name) for r in page)
        for r in page:
            c = r.customer
            shared = names[name_key(c.name)] > 1
            yield r, told_apart(c.name, (c.phone or c.email or "") if shared else None, c.id)


COMMANDS = [customers]
PANEL = "Afterwards"  # where `fixit --help` lists these (fixit.cli reads it off this file)
