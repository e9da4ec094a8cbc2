"""At the counter: log a complaint, apologize, promise, keep, make amends, redeem coupons."""

import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Annotated, Any

import click
import typer

from fixit import clock, dates, till
from fixit.commands.common import (
    DATE_HELP,
    ComplaintArg,
    ComplaintsArg,
    JsonOption,
    PromisesArg,
    ahead,
    back,
    complaint_number,
    from_stdin,
    numbers_of,
    one_stdin,
    out_of,
    reask_on_error,
    settings_of,
    state_of,
    store_of,
)
from fixit.commands.present import complaint_line, due_words
from fixit.domain import complaints, customers, promises, voice
from fixit.errors import AboveStaffLimit, AmbiguousCustomer, ContactBelongsToOther, InputError, SharedContact
from fixit.ids import label
from fixit.model import AmendKind, Channel, Customer, Severity
from fixit.money import format_money, parse_money
from fixit.output import Output
from fixit.storage import Store
from fixit.storage.errors import ServerUnreachable
from fixit.text import clean_email, clean_name, clean_phone, clean_text, ordinal, shorten


def log(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(help="The customer's name.", show_default=False)] = None,
    summary: Annotated[
        str | None,
        typer.Argument(
            help="What went wrong, in the customer's own words ('-': read it from standard input).", show_default=False
        ),
    ] = None,
    phone: Annotated[str | None, typer.Option(help="The customer's phone number.")] = None,
    email: Annotated[str | None, typer.Option(help="The customer's email address.")] = None,
    channel: Annotated[
        Channel | None,
        typer.Option(help="How the complaint reached you (letters say it only when given) [default: counter]"),
    ] = None,
    severity: Annotated[Severity, typer.Option(help="How much harm was done.")] = Severity.normal,
    apologized: Annotated[bool, typer.Option("--apologized", help="You already said sorry.")] = False,
    promise: Annotated[str | None, typer.Option(help="Something you promised the customer.")] = None,
    by: Annotated[
        dates.When | None,
        typer.Option(parser=ahead, metavar="WHEN", help=f"When the promise is due ({DATE_HELP}); default tomorrow."),
    ] = None,
    by_staff: Annotated[
        str | None,
        typer.Option("--by-staff", help="Who took the complaint (default: this till's staff, see `fixit till`)."),
    ] = None,
    notes: Annotated[str | None, typer.Option(help="The customer's situation and needs.")] = None,
    customer: Annotated[
        int | None,
        typer.Option("--customer", metavar="ID", help="An existing customer's number, when names are shared."),
    ] = None,
    new_customer: Annotated[
        bool,
        typer.Option("--new-customer", help="Someone new, even if the phone or email is on file for another customer."),
    ] = False,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", help="A word grouping similar complaints, e.g. delivery (repeat for several)."),
    ] = None,
    about: Annotated[
        str | None,
        typer.Option(help="What it was about, as a letter names it to the customer, e.g. 'your wedding cake'."),
    ] = None,
    happened: Annotated[
        dates.When | None,
        typer.Option(
            parser=back, metavar="WHEN", help="When it happened, if not today (yesterday, friday, 2026-11-20)."
        ),
    ] = None,
    greet: Annotated[str | None, typer.Option(help="The name letters greet the customer by, e.g. 'Mrs Olsen'.")] = None,
    tell: Annotated[
        str | None,
        typer.Option(
            help="The promise as you told the customer, finishing 'We will ...', e.g. 'call you with the lab result'."
        ),
    ] = None,
    went_wrong: Annotated[
        str | None,
        typer.Option(
            "--went-wrong",
            help="What went wrong, said to the customer as a clause, e.g. 'your cake arrived two hours late'.",
        ),
    ] = None,
    careful: Annotated[
        bool | None,
        typer.Option(
            "--careful/--not-careful",
            show_default=False,
            help="Letters are sorry that it happened, admitting no fault (injury, illness, legal); "
            "default: worked out from the words.",
        ),
    ] = None,
    ref: Annotated[
        str | None, typer.Option(metavar="NUMBER", help="The receipt or order number, e.g. 10482 (fixit find 10482).")
    ] = None,
    harmed: Annotated[
        str | None,
        typer.Option(
            metavar="WHO",
            help="Who was hurt or unwell, as a careful letter names them: 'you', 'your dog Paşa', 'no one'.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a complaint in seconds. With no arguments it asks, step by step.

    A second complaint from the same customer is flagged as an emergency at once.

    Example: fixit log "Dana Reyes" "Charged twice" --phone 555-0142 --apologized --promise "Refund it" --by friday
    """
    interactive = name is None and summary is None
    one_stdin(summary, notes, promise, tell)
    summary = from_stdin(summary, "what went wrong")
    notes = from_stdin(notes, "the notes")
    promise = from_stdin(promise, "the promise")
    tell = from_stdin(tell, "what the customer was told")
    if interactive:
        try:  # who it is is settled right after the name, before the other questions
            early: Store | None = store_of(ctx)
        except ServerUnreachable:
            early = None
        new = _ask_for_complaint(early, out_of(ctx))
    else:
        if name is None or summary is None:
            raise InputError("give both the customer's name and what went wrong (or neither, to be asked)")
        if by is not None and promise is None:
            raise InputError("--by needs --promise: what was promised?")
        if tell is not None and promise is None:
            raise InputError("--tell needs --promise: the to-do for staff, beside what the customer was told")
        contact = customers.Contact.checked(name, phone, email, notes)
        if new_customer and customer is not None:
            raise InputError("--customer and --new-customer contradict each other")
        new = complaints.NewComplaint(
            contact=contact,
            summary=summary,
            channel=channel or Channel.counter,
            severity=severity,
            staff=by_staff,
            notes=notes,
            apologized=apologized,
            promise=promise,
            promise_by=by,
            customer_id=customer,
            tags=tag or [],
            new_customer=new_customer,
            about=about,
            happened_on=happened.day if happened else None,
            greet=greet,
            tell=tell,
            went_wrong=went_wrong,
            careful=careful,
            channel_given=channel is not None,
            ref=ref,
            harmed=harmed,
        )
    here = till.load()
    new = replace(new, location=here.location, staff=new.staff or here.staff)
    state, at = state_of(ctx), clock.now()
    try:
        store = store_of(ctx)
    except ServerUnreachable as unreachable:  # the counter never loses a complaint to the network
        _keep(ctx, new, unreachable, as_json, at, state.opened())
        return
    while True:  # at the prompt, a question about who it is is answered and the complaint logged
        try:
            logged = complaints.log(store, new, at)
            break
        except ServerUnreachable as unreachable:  # lost, restarting or too slow mid-write: kept all the same
            _keep(ctx, new, unreachable, as_json, at, store)
            return
        except (AmbiguousCustomer, SharedContact) as unclear:
            if not interactive:
                raise
            new = _with_chosen_customer(out_of(ctx), new, unclear.candidates)
        except ContactBelongsToOther as other:
            if not interactive:
                raise
            owner = other.customer
            what = "number" if other.kind == "phone" else "address"
            same = typer.confirm(
                f"{other.value} is {owner.name}'s {what} (customer {owner.id}). Is this {owner.name}?", default=False
            )
            new = replace(new, customer_id=owner.id) if same else replace(new, new_customer=True)
    _print_logged(out_of(ctx), logged, as_json)
    if interactive and not as_json:
        _ask_for_letters(store, out_of(ctx), logged)


def _ask_for_complaint(store: Store | None, out: Output) -> complaints.NewComplaint:
    name = typer.prompt("Customer's name", value_proc=reask_on_error(lambda v: clean_name(v, "the customer's name")))
    reach = typer.prompt(
        "Phone or email (Enter to skip)", default="", show_default=False, value_proc=reask_on_error(_phone_or_email)
    )
    phone = reach if reach and "@" not in reach else None
    email = reach if "@" in reach else None
    who: dict[str, Any] = {}
    if store is not None:
        found = customers.likely(store, name, phone or "", email or "")
        if len(found) > 1:  # several share the name (and nothing typed tells them apart): ask now
            chosen = _chosen_customer(out, [customer for customer, _ in found])
            who = {"new_customer": True} if chosen is None else {"customer_id": chosen}
    summary = typer.prompt(
        "What went wrong, in their words", value_proc=reask_on_error(lambda v: clean_text(v, "what went wrong"))
    )
    channel = typer.prompt(
        "Channel (" + ", ".join(c.value for c in Channel) + ")",
        default=Channel.counter.value,
        value_proc=reask_on_error(Channel),
    )
    apologized = typer.confirm("Apologized already?", default=True)
    promise = typer.prompt("Promised anything? (Enter for nothing)", default="", show_default=False)
    by = typer.prompt("By when", default="tomorrow", value_proc=reask_on_error(ahead)) if promise.strip() else None
    return complaints.NewComplaint(
        contact=customers.Contact.checked(name, phone, email),
        summary=summary,
        channel=channel,
        apologized=apologized,
        promise=promise.strip() or None,
        promise_by=by,
        channel_given=True,
        **who,
    )


def _ask_for_letters(store: Store, out: Output, logged: complaints.Logged) -> None:
    """After the complaint is safely logged, the two questions letters need, each skippable with
    Enter: what went wrong for them, and what they were told (when something was promised)."""
    went_wrong = _skippable(
        "For letters: what went wrong for them, e.g. 'your cake arrived two hours late' (Enter to skip)",
        voice.clean_went_wrong,
    )
    tell = (
        _skippable("For letters: what you told them, finishing 'We will ...' (Enter to skip)", voice.clean_tell)
        if logged.promise is not None
        else None
    )
    if went_wrong:
        complaints.correct(store, logged.complaint.id, complaints.ComplaintCorrections(went_wrong=went_wrong))
    if tell and logged.promise is not None:
        promises.retell(store, logged.promise.id, tell)
    if went_wrong or tell:
        out.line("Kept for letters.")


def _skippable(question: str, check: Callable[[str], str]) -> str | None:
    """A question the counter may skip with Enter: the answer checked as the option would be."""
    try:
        answer = typer.prompt(
            question, default="", show_default=False, value_proc=reask_on_error(lambda v: check(v) if v.strip() else "")
        )
    except (click.exceptions.Abort, typer.Abort):
        if sys.stdin.isatty():  # Ctrl-C at the prompt stops the command, as at every other question
            raise
        return None  # answers piped in ended before it: skipped
    return answer or None


def _phone_or_email(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    return clean_email(value) if "@" in value else clean_phone(value)


def _with_chosen_customer(
    out: Output, new: complaints.NewComplaint, candidates: list[Customer]
) -> complaints.NewComplaint:
    chosen = _chosen_customer(out, candidates)
    return replace(new, new_customer=True) if chosen is None else replace(new, customer_id=chosen)


def _chosen_customer(out: Output, candidates: list[Customer]) -> int | None:
    """Which of the customers it is, by number, or someone new ("new": None)."""
    for candidate in candidates:
        reach = candidate.phone or candidate.email or "no phone or email"
        out.prompt(f"  {candidate.id}: {candidate.name} ({reach})")
    out.prompt("  new: someone new")
    numbers = {str(c.id) for c in candidates}

    def one_of_them(value: str) -> int | None:
        if value.strip().lower() in ("new", "n"):
            return None
        if value.strip().lstrip("#") not in numbers:
            raise InputError(f"pick one of {', '.join(sorted(numbers, key=int))}, or new for someone new")
        return int(value.strip().lstrip("#"))

    chosen: int | None = typer.prompt("Which customer is it? (number, or new)", value_proc=reask_on_error(one_of_them))
    return chosen


def _keep(
    ctx: typer.Context,
    new: complaints.NewComplaint,
    unreachable: ServerUnreachable,
    as_json: bool,
    at: datetime,
    reached: Store | None,
) -> None:
    """Keep the complaint on this till for the server it was meant for. ``reached``: the store, when the
    server was reached and then failed (its write may have arrived: sending checks before it logs)."""
    from fixit.commands.kept import keep_for_later

    url = state_of(ctx).server_url()
    assert url is not None, "only a server is out of reach"
    keep_for_later(
        out_of(ctx),
        complaints.check(new),
        unreachable,
        as_json,
        url,
        reached.identity if reached else None,
        at,
        unsure=reached is not None,
    )


def _print_logged(out: Output, logged: complaints.Logged, as_json: bool) -> None:
    if as_json:
        out.json(
            {
                "complaint": logged.complaint.id,
                "customer": logged.customer.id,
                "matched_by": logged.matched_by,
                "emergency": logged.emergency,
                "earlier": [c.id for c in logged.earlier],
                "promise": logged.promise.id if logged.promise else None,
                "location": logged.complaint.location,
                "staff": logged.complaint.staff,
            }
        )
        return
    how = f"matched by {logged.matched_by}" if logged.matched_by else "new customer"
    at = f" at {logged.complaint.location}" if logged.complaint.location else ""
    out.line(f"Logged {label('complaint', logged.complaint.id)} for {logged.customer.name} ({how}){at}.", "bold")
    if logged.emergency:
        out.banner(
            f"{ordinal(len(logged.earlier) + 1).capitalize()} complaint: treat as an emergency",
            [f"{logged.customer.name} has complained before:"]
            + [
                f"{label('complaint', c.id)} {c.logged_at:%Y-%m-%d} {shorten(c.summary, 50)} ({c.status})"
                for c in logged.earlier
            ],
        )
    if logged.promise is not None:
        made = logged.promise
        out.line(f"Promise {label('promise', made.id)} due {due_words(made)}: {made.what}")
    if logged.complaint.apologized_at is None:
        out.line(f"Apologize now, then: fixit apologize {logged.complaint.id}", "yellow")


def apologize(
    ctx: typer.Context,
    numbers: ComplaintsArg,
    at: Annotated[
        dates.When | None,
        typer.Option(parser=back, metavar="WHEN", help=f"When you apologized, if not just now ({DATE_HELP})."),
    ] = None,
) -> None:
    """Record that you said sorry (now, or --at an earlier time).

    An apology more than a day after the complaint is marked late. Several numbers: all, or none.

    Example: fixit apologize 12 --at "yesterday 16:30"
    """
    store = store_of(ctx)
    with store.transaction():  # several numbers: all or nothing
        done = [complaints.apologize(store, n, at) for n in numbers_of(numbers, complaint_number)]
    for complaint in done:
        out_of(ctx).line(f"Apology recorded for {complaint_line(complaint)}.")


def promise(
    ctx: typer.Context,
    number: ComplaintArg,
    what: Annotated[str, typer.Argument(help="What you promised, as you said it.", show_default=False)],
    by: Annotated[
        dates.When,
        typer.Option(parser=ahead, metavar="WHEN", help=f"When it is due ({DATE_HELP}).", show_default=False),
    ],
    tell: Annotated[
        str | None,
        typer.Option(
            help="The promise as you told the customer, finishing 'We will ...'; letters say this, never the to-do."
        ),
    ] = None,
) -> None:
    """Record a promise made to the customer, with its due date.

    WHAT is the to-do for staff; --tell is how the customer heard it, which letters use.

    Example: fixit promise 12 "Call Ann re lab" --tell "call you with the lab result" --by friday
    """
    one_stdin(what, tell)
    made = promises.make(
        store_of(ctx), number, from_stdin(what, "the promise") or "", by, from_stdin(tell, "what the customer was told")
    )
    out_of(ctx).line(f"Promise {label('promise', made.id)} due {due_words(made)}: {made.what}")


def keep(ctx: typer.Context, numbers: PromisesArg) -> None:
    """Mark a promise kept: P3, or #12 for complaint 12's one open promise. Several (P3 P4): all are
    marked kept, or none is when one of them cannot be.

    A bare number that could be a promise or a complaint's promise is refused, naming both.

    Example: fixit keep P3
    """
    store = store_of(ctx)
    with store.transaction():  # several numbers: all or nothing
        wanted = list(dict.fromkeys(promises.find(store, n).id for n in numbers))
        done = [promises.keep(store, n) for n in wanted]
    for kept in done:
        late = f" {kept.late}" if kept.late else ""
        out_of(ctx).line(f"Promise {label('promise', kept.promise.id)} kept{late}: {kept.promise.what}")


def amend(
    ctx: typer.Context,
    number: ComplaintArg,
    kind: Annotated[AmendKind, typer.Argument(help="What you give to make it right.", show_default=False)],
    value: Annotated[str | None, typer.Option(help="Its value: 12.50, 12 or $12.50.")] = None,
    note: Annotated[str | None, typer.Option(help="What exactly, e.g. 'a box of pastries'.")] = None,
    expires: Annotated[
        dates.When | None, typer.Option(parser=ahead, metavar="WHEN", help="When a coupon expires.")
    ] = None,
    now: Annotated[bool, typer.Option("--now", help="Handed over on the spot (no promise needed).")] = False,
    by: Annotated[
        dates.When | None,
        typer.Option(parser=ahead, metavar="WHEN", help="When it will be handed over; default tomorrow."),
    ] = None,
    approved_by: Annotated[
        str | None,
        typer.Option("--approved-by", metavar="NAME", help="The owner who approved an amend above the staff limit."),
    ] = None,
) -> None:
    """Offer amends: refund, partial-refund, replacement, redo, coupon, discount, gift, meal, other.

    Anything not handed over --now becomes a promise to deliver it. A coupon gets its own code.

    Example: fixit amend 12 coupon --value 10 --expires +30d --now
    """
    from fixit.domain import amends

    if kind is AmendKind.partial_refund and value is None:
        raise InputError("a partial refund needs --value")
    if expires is not None and kind is not AmendKind.coupon:
        raise InputError("--expires is for coupons")
    if now and by is not None:
        raise InputError("--now and --by contradict each other: handed over now, or promised by a date")
    store = store_of(ctx)
    settings = settings_of(ctx)
    cents = parse_money(value, settings.currency) if value is not None else None

    def give(approver: str | None) -> amends.Given:
        return amends.give(
            store,
            number,
            kind,
            value_cents=cents,
            note=note,
            expires=expires.day if expires else None,
            now=now,
            by=by,
            approved_by=approver,
        )

    try:
        given = give(approved_by)
    except AboveStaffLimit as above:
        out_of(ctx).prompt(f"Note: {above}.", err=True)
        if not typer.confirm("Has the owner approved it?", default=False):
            raise
        given = give(settings["owner_name"] or "the owner")
    currency = settings.currency
    out = out_of(ctx)
    out.line(
        f"Amend {label('amend', given.amend.id)}: {amends.describe(given.amend, currency)}"
        + (" (handed over)" if now else "")
    )
    if given.amend.code:
        out.line(f"Coupon code: {given.amend.code}", "bold green")
    if given.promise_id is not None:
        made = label("promise", given.promise_id)
        out.line(f"Promise {made} created to deliver it; `fixit keep {made}` when done.")


def redeem(
    ctx: typer.Context, code: Annotated[str, typer.Argument(help="The coupon's code.", show_default=False)]
) -> None:
    """Mark a personal coupon as used.

    Example: fixit redeem K7QM-4XPD
    """
    from fixit.domain import amends

    redeemed = amends.redeem(store_of(ctx), code)
    value = f" worth {format_money(redeemed.value_cents, settings_of(ctx).currency)}" if redeemed.value_cents else ""
    out_of(ctx).line(f"Coupon {redeemed.code}{value} redeemed (complaint {label('complaint', redeemed.complaint_id)}).")


COMMANDS = [log, apologize, promise, keep, amend, redeem]
PANEL = "At the counter"  # where `fixit --help` lists these (fixit.cli reads it off this file)
