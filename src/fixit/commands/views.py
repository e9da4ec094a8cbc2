"""Looking things up: one complaint's whole story, or a filtered list."""

from collections.abc import Iterable
from typing import Annotated

import typer

from fixit import clock, dates
from fixit.commands.common import (
    DATE_HELP,
    JsonOption,
    back,
    complaint_number,
    complete_complaints,
    out_of,
    settings_of,
    store_of,
)
from fixit.commands.present import amend_state, customer_shown, promise_state, status_word, verdict_words
from fixit.domain import amends, reading
from fixit.errors import InputError
from fixit.ids import label
from fixit.model import Channel, Complaint, ComplaintDetail, Status
from fixit.output import Output
from fixit.text import shorten


def _careful_words(c: Complaint, earlier: list[Complaint]) -> str:
    """Whether the letters will be careful, and why: set by hand, the word that made it so, or a
    legal step on an earlier complaint of theirs."""
    from fixit.letters.context import careful_from_earlier, careful_of, unsure_of
    from fixit.letters.phrasing import unsure_means

    if c.careful:
        case = careful_of(c)
        grief = case is not None and case.reason == "bereaved"
        return "careful, with condolence (set by hand)" if grief else "careful (set by hand)"
    if c.careful is not None:
        return "not careful (set by hand)"
    own = careful_of(c)
    found = own or careful_from_earlier(c, earlier)
    if found is not None:
        source = "" if own else " on an earlier complaint of theirs"
        return f"careful, from the word \u201c{found.word}\u201d{source} (fixit edit {c.id} --not-careful if not)"
    unsure = unsure_of(c)
    if unsure is not None:
        return (
            f"not careful, though \u201c{unsure.word}\u201d can mean {unsure_means(unsure)} "
            f"(fixit edit {c.id} --careful or --not-careful)"
        )
    return ""


def show(
    ctx: typer.Context,
    number: Annotated[
        int | None,
        typer.Argument(
            metavar="N",
            parser=complaint_number,
            help="The complaint number, e.g. 12 or #12 (or give --ref).",
            show_default=False,
            autocompletion=complete_complaints,
        ),
    ] = None,
    ref: Annotated[
        str | None, typer.Option(metavar="NUMBER", help="Find it by the receipt or order number instead.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show a complaint as a timeline, with the customer and their earlier complaints.

    Example: fixit show 12
    Example: fixit show --ref 10482
    """
    from fixit.domain import complaints

    if number is not None and ref is not None:
        raise InputError("give the complaint's number or --ref, not both")
    if number is None and ref is None:
        raise InputError("give the complaint's number, or --ref and the receipt number on it")
    store = store_of(ctx)
    found = reading.detail(store, number if number is not None else complaints.by_ref(store, str(ref)))
    out = out_of(ctx)
    if as_json:
        out.json(
            {
                "complaint": found.complaint,
                "customer": found.customer,
                "promises": found.promises,
                "amends": found.amends,
                "timeline": found.events,
                "earlier": found.earlier,
                "changes": found.changes,
                "letters": found.letters,
            }
        )
        return
    with out.paged():
        _print_detail(out, found, settings_of(ctx).currency)


def _print_detail(out: Output, found: ComplaintDetail, currency: str) -> None:
    c, customer, today = found.complaint, found.customer, clock.today()
    flag = "  [EMERGENCY]" if c.emergency and c.status is not Status.closed and c.voided_at is None else ""
    out.line(f"{label('complaint', c.id)} {shorten(c.summary, 70)}{flag}", "bold")
    if c.voided_at is not None:
        out.line(
            f"VOID since {c.voided_at:%Y-%m-%d %H:%M}: {c.void_reason} (off the agenda and the report; "
            f"`fixit unvoid {c.id}` puts it back)",
            "yellow",
        )
    reach = " · ".join(x for x in (customer.phone, customer.email) if x)
    out.line(f"Customer: {customer.name} (customer {customer.id})" + (f" · {reach}" if reach else ""))
    out.line(
        f"Channel: {c.channel} · Severity: {c.severity} · Status: {status_word(c)} · Verdict: {verdict_words(c)}"
        + (f" · Staff: {c.staff}" if c.staff else "")
        + (f" · Location: {c.location}" if c.location else "")
        + (f" · Receipt: {c.ref}" if c.ref else "")
        + (f" · Tags: {', '.join(c.tags)}" if c.tags else "")
    )
    for title, text in (
        ("What went wrong", c.summary),
        ("Notes", c.notes),
        ("Explanation", c.explanation),
        ("Fix", c.fix),
        ("Customer's situation", customer.notes),
    ):
        if text and (title != "What went wrong" or len(c.summary) > 70):
            out.line(f"{title}: {text}")
    words = [
        f"greeting {customer.greet}" if customer.greet else "",
        f"about {c.about}" if c.about else "",
        f"happened {c.happened_on.isoformat()}" if c.happened_on else "",
        _careful_words(c, found.earlier),
        f"harmed: {c.harmed}" if c.harmed else "",
    ]
    if any(words):
        out.line("For letters: " + " · ".join(w for w in words if w))
    for title, text in (("What went wrong for them", c.went_wrong), ("Found", c.found), ("We did", c.we_did)):
        if text:
            out.line(f"{title}: {text}")
    out.line()
    out.table(["When", "What"], [[f"{e.at:%Y-%m-%d %H:%M}", e.detail] for e in found.events], title="Timeline")
    if found.promises:
        out.table(
            ["Promise", "What", "Due", "State"],
            [
                [
                    label("promise", p.id),
                    p.what + (f" (told: we will {p.tell})" if p.tell else ""),
                    p.due.isoformat(),
                    promise_state(p, clock.now()),
                ]
                for p in found.promises
            ],
            title="Promises",
        )
    if found.amends:
        out.table(
            ["Amend", "What", "State"],
            [[label("amend", a.id), amends.describe(a, currency), amend_state(a, today)] for a in found.amends],
            title="Amends",
        )
    if found.changes:
        out.table(
            ["Change", "Made", "What changed"],
            [[label("change", ch.id), f"{ch.made_at:%Y-%m-%d}", ch.description] for ch in found.changes],
            title="Process changes",
        )
    if found.letters:
        out.table(
            ["Sent", "Letter", "By", "Message-ID"],
            [
                [f"{sent.sent_at:%Y-%m-%d %H:%M}", str(sent.kind), str(sent.via), sent.message_id or ""]
                for sent in found.letters
            ],
            title="Letters sent",
        )
    if found.earlier:
        out.table(
            ["Complaint", "Logged", "Summary", "Status"],
            [
                [label("complaint", e.id), f"{e.logged_at:%Y-%m-%d}", shorten(e.summary, 50), status_word(e)]
                for e in found.earlier
            ],
            title=f"Other complaints from {customer.name}",
        )


def list_(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only complaints not yet closed.")] = False,
    customer: Annotated[str | None, typer.Option(help="A customer's number, or part of their name.")] = None,
    since: Annotated[
        dates.When | None, typer.Option(parser=back, metavar="WHEN", help=f"Logged on or after ({DATE_HELP}, 30d).")
    ] = None,
    channel: Annotated[Channel | None, typer.Option(help="Only this channel.")] = None,
    limit: Annotated[int, typer.Option(min=0, help="At most this many, newest first (0: all).")] = 50,
    voided: Annotated[
        bool,
        typer.Option("--void", help="Only complaints marked void (entered in error); otherwise they are left out."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List complaints, newest first, with filters.

    Example: fixit list --open --since 30d --channel phone
    """
    start = since.start(clock.now()) if since else None
    found = reading.complaints(
        store_of(ctx),
        open_only=open_only,
        customer=customer,
        since=start,
        channel=channel,
        limit=limit or None,
        voided=voided,
    )
    out = out_of(ctx)
    if as_json:
        out.json_array_stream(found)
        return
    with out.paged():
        _print_list(out, found)


def _print_list(out: Output, found: Iterable[Complaint]) -> None:
    out.table_stream(
        ["#", "Logged", "Customer", "Channel", "Status", "What went wrong"],
        (
            [
                str(c.id),
                f"{c.logged_at:%Y-%m-%d}",
                customer_shown(c),
                str(c.channel),
                status_word(c),
                c.summary if out.rich else shorten(c.summary, 50),
            ]
            for c in found
        ),
        "No complaints match.",
        fit=5,
        optional=[3, 1],
    )


COMMANDS = [show, list_]
PANEL = "Afterwards"  # where `fixit --help` lists these (fixit.cli reads it off this file)
