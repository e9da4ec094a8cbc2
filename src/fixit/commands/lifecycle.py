"""After the counter: judge a complaint, record the fix, follow up, close or reopen it."""

from typing import Annotated

import typer

from fixit import dates, ids
from fixit.commands.common import (
    DATE_HELP,
    ComplaintArg,
    ComplaintsArg,
    YesOption,
    ahead,
    back,
    complaint_number,
    complete_complaints,
    confirm_change,
    from_stdin,
    numbers_of,
    out_of,
    store_of,
)
from fixit.commands.present import complaint_line, verdict_words
from fixit.domain import complaints, promises
from fixit.errors import InputError
from fixit.model import Cause, Channel, Outcome, Severity


def judge(
    ctx: typer.Context,
    number: ComplaintArg,
    justified: Annotated[
        bool | None, typer.Option("--justified/--unjustified", help="Was the customer right?", show_default=False)
    ] = None,
    cause: Annotated[
        Cause | None, typer.Option(help="For a justified complaint: a one-off mistake, or systemic.")
    ] = None,
    explain: Annotated[str | None, typer.Option(help="For an unjustified one: what actually happened.")] = None,
    found: Annotated[
        str | None,
        typer.Option(
            help="What you examined and found, finishing 'We found that ...'; "
            "follow-up and new-procedure letters say it."
        ),
    ] = None,
) -> None:
    """Judge a complaint justified or not; a justified one is a one-off mistake or systemic.

    A systemic cause calls for a process change, and the customers affected are told about it.

    Example: fixit judge 12 --justified --cause systemic --found "the label is printed before the second check"
    """
    if justified is None:
        raise InputError("say --justified or --unjustified")
    if justified and explain is not None:
        raise InputError("--explain is for unjustified complaints")
    if not justified and cause is not None:
        raise InputError("--cause is for justified complaints (a mistake of ours, or systemic)")
    store = store_of(ctx)
    if justified:
        complaint = complaints.judge_justified(store, number, cause, found)
    else:
        complaint = complaints.judge_unjustified(store, number, explain, found)
    out = out_of(ctx)
    out.line(f"{complaint_line(complaint)} judged {verdict_words(complaint)}.")
    if cause is Cause.systemic:
        out.line(f'Systemic: record the process change with `fixit change "..." --complaint {number}`.', "yellow")


def fix(
    ctx: typer.Context,
    number: ComplaintArg,
    what: Annotated[str, typer.Argument(help="What was done about it.", show_default=False)],
    followup: Annotated[
        dates.When | None,
        typer.Option(
            parser=ahead, metavar="WHEN", help=f"When to follow up ({DATE_HELP}); default: followup_days after today."
        ),
    ] = None,
) -> None:
    """Record the fix; the follow-up falls due a few days later.

    Example: fixit fix 12 "Refunded the second charge and added a check at the till"
    """
    complaint = complaints.fix(store_of(ctx), number, from_stdin(what, "what was done") or "", followup)
    assert complaint.followup_due is not None
    out_of(ctx).line(f"{complaint_line(complaint)} fixed; follow up by {dates.written(complaint.followup_due)}.")


def followup(
    ctx: typer.Context,
    numbers: ComplaintsArg,
    note: Annotated[str | None, typer.Option(help="How the customer took it.")] = None,
) -> None:
    """Record that you followed up with the customer after the fix. Several numbers: all, or none.

    Example: fixit followup 12 --note "Called; happy with the new cake"
    """
    store = store_of(ctx)
    with store.transaction():  # several numbers: all or nothing
        note = from_stdin(note, "the note")
        done = [complaints.followed_up(store, n, note) for n in numbers_of(numbers, complaint_number)]
    for complaint in done:
        out_of(ctx).line(f"Follow-up recorded for {complaint_line(complaint)}.")


def close(
    ctx: typer.Context,
    numbers: ComplaintsArg,
    outcome: Annotated[Outcome, typer.Option(help="Did the customer stay?")] = Outcome.unknown,
) -> None:
    """Close a complaint with its outcome: won-back, lost or unknown. Several numbers: all, or none.

    Example: fixit close 12 --outcome won-back
    """
    store, out = store_of(ctx), out_of(ctx)
    with store.transaction():  # several numbers: all or nothing
        done = [complaints.close(store, n, outcome) for n in numbers_of(numbers, complaint_number)]
    for complaint, open_promises in done:
        out.line(f"{complaint_line(complaint)} closed: {outcome.value}.")
        if open_promises:
            out.line(
                f"Note: {open_promises} promise(s) on it still open; they stay on `fixit due` until kept.", "yellow"
            )


def reopen(ctx: typer.Context, number: ComplaintArg) -> None:
    """Reopen a closed complaint (the problem came back).

    Example: fixit reopen 12
    """
    complaint = complaints.reopen(store_of(ctx), number)
    out_of(ctx).line(f"{complaint_line(complaint)} reopened.")


def tag(
    ctx: typer.Context,
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="N... TAG...",
            help="One or more complaint numbers, then words like delivery, till, cake.",
            show_default=False,
            autocompletion=complete_complaints,
        ),
    ],
    remove: Annotated[bool, typer.Option("--remove", help="Take these tags off instead.")] = False,
) -> None:
    """Tag complaints, so `fixit changes` can show whether a process change made such complaints rarer.

    Several numbers: all are tagged, or none.

    Example: fixit tag 12 delivery late
    Example: fixit tag 4 6 7 delivery
    """
    from fixit.domain import tags as domain_tags

    split = next((i for i, word in enumerate(words) if not _a_number(word)), len(words))
    if split == 0:
        raise InputError("give the complaint number(s) first, then the tags: fixit tag 12 delivery")
    if split == len(words):
        raise InputError("give the tags after the complaint number(s): fixit tag 12 delivery")
    store = store_of(ctx)
    with store.transaction():  # several numbers: all or nothing
        done = [
            (n, domain_tags.tag(store, n, words[split:], remove)) for n in numbers_of(words[:split], complaint_number)
        ]
    for number, now_tagged in done:
        out_of(ctx).line(f"#{number} tags: {', '.join(now_tagged) or 'none'}.")


def _a_number(word: str) -> bool:
    return word.strip().lstrip("#").isdigit()


def checkin(
    ctx: typer.Context,
    number: ComplaintArg,
    ok: Annotated[
        bool | None, typer.Option("--ok/--not-ok", help="Is the replacement or redo working?", show_default=False)
    ] = None,
    note: Annotated[str | None, typer.Option(help="What the customer said.")] = None,
) -> None:
    """Record the answer to a check-in after a replacement or redo; --not-ok reopens the complaint.

    Example: fixit checkin 12 --ok --note "Works perfectly now"
    """
    from fixit.domain import checkins

    if ok is None:
        raise InputError("say --ok or --not-ok")
    complaint = checkins.record(store_of(ctx), number, ok, note)
    out = out_of(ctx)
    if ok:
        out.line(f"Check-in recorded for {complaint_line(complaint)}: working.")
    else:
        out.line(
            f"Check-in recorded for {complaint_line(complaint)}: not working; the complaint is open again.", "yellow"
        )


def edit(
    ctx: typer.Context,
    number: Annotated[
        str,
        typer.Argument(
            metavar="N|P|A|C",
            help="A complaint (12 or #12), a promise (P3) for --tell, an amend (A2) for --note, "
            "or a process change (C1) for --text.",
            show_default=False,
        ),
    ],
    about: Annotated[
        str | None, typer.Option(help="What it was about, as a letter names it: 'your wedding cake' ('' clears it).")
    ] = None,
    happened: Annotated[
        str | None,
        typer.Option(
            metavar="WHEN", help="When it happened (yesterday, friday, 2026-11-20; '' for the day it was logged)."
        ),
    ] = None,
    summary: Annotated[str | None, typer.Option(help="Correct what went wrong, as it was taken down.")] = None,
    channel: Annotated[Channel | None, typer.Option(help="Correct how it reached you.")] = None,
    severity: Annotated[Severity | None, typer.Option(help="Correct how much harm was done.")] = None,
    customer: Annotated[
        str | None,
        typer.Option(
            "--customer",
            metavar="NAME|ID",
            help="Move it to another customer: their number, or their full name if no one else has it.",
        ),
    ] = None,
    tell: Annotated[
        str | None,
        typer.Option(help="For a promise: how the customer was told it, finishing 'We will ...' ('' clears it)."),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option(
            help="For an amend: what it is, as a letter names it, e.g. 'two return tickets to Edinburgh' "
            "('' clears it)."
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(help="For a process change: what changed, as letters say it to customers."),
    ] = None,
    went_wrong: Annotated[
        str | None,
        typer.Option(
            "--went-wrong",
            help="What went wrong, said to the customer: 'your cake arrived two hours late' ('' clears it).",
        ),
    ] = None,
    found: Annotated[
        str | None, typer.Option(help="What you examined and found, finishing 'We found that ...' ('' clears it).")
    ] = None,
    we_did: Annotated[
        str | None,
        typer.Option(
            "--we-did",
            help="The fix as said to the customer, finishing 'We ...': 'replaced the brake cable' ('' clears it).",
        ),
    ] = None,
    careful: Annotated[
        bool | None,
        typer.Option(
            "--careful/--not-careful",
            show_default=False,
            help="Set the careful apology by hand (sorry that it happened, admitting no fault).",
        ),
    ] = None,
    ref: Annotated[
        str | None, typer.Option(metavar="NUMBER", help="The receipt or order number ('' clears it).")
    ] = None,
    harmed: Annotated[
        str | None,
        typer.Option(
            metavar="WHO",
            help="Who was hurt or unwell, as a careful letter names them: 'you', 'your dog Paşa', "
            "'no one' ('' clears it).",
        ),
    ] = None,
    yes: YesOption = False,
) -> None:
    """Correct a complaint as it was taken down, what a customer was told a promise is, an amend's
    note, or a process change's words.

    Every change is kept in the complaint's history (fixit show N).

    Example: fixit edit 12 --about "your wedding cake" --happened saturday
    Example: fixit edit P3 --tell "call you with the lab result"
    Example: fixit edit A2 --note "two return tickets to Edinburgh"
    Example: fixit edit C1 --text "We now ring you within 15 minutes of any delay"
    """
    out = out_of(ctx)
    others = (about, happened, summary, channel, severity, customer, went_wrong, found, we_did, careful, ref, harmed)
    if number.strip().upper().startswith("C"):
        if text is None or tell is not None or note is not None or any(v is not None for v in others):
            raise InputError("a process change takes only --text: what changed, as letters say it")
        from fixit.domain import changes

        change = changes.retext(store_of(ctx), ids.parse_id(number, "change"), text)
        out.line(f"Process change {ids.label('change', change.id)}: {change.description}")
        return
    if text is not None:
        raise InputError('--text is for a process change: fixit edit C1 --text "..."')
    if number.strip().upper().startswith("A"):
        if note is None or tell is not None or any(v is not None for v in others):
            raise InputError("an amend takes only --note: what it is, as a letter names it")
        from fixit.domain import amends

        amend = amends.renote(store_of(ctx), ids.parse_id(number, "amend"), note)
        said = f"note: {amend.note}." if amend.note else "note cleared."
        out.line(f"Amend {ids.label('amend', amend.id)} {said}")
        return
    if note is not None:
        raise InputError('--note is for an amend: fixit edit A2 --note "..."')
    if number.strip().upper().startswith("P"):
        if tell is None or any(v is not None for v in others):
            raise InputError("a promise takes only --tell: how the customer was told it")
        promise = promises.retell(store_of(ctx), ids.parse_id(number, "promise"), tell)
        told = f"we will {promise.tell}." if promise.tell else "cleared (letters say it in its own words)."
        out.line(f"Promise {ids.label('promise', promise.id)} as the customer was told it: {told}")
        return
    if tell is not None:
        raise InputError('--tell is for a promise: fixit edit P3 --tell "..."')
    summary = from_stdin(summary, "what went wrong")
    when = None if not happened or not happened.strip() else back(happened).day
    complaint_id = ids.parse_id(number, "complaint")
    customer_id = _moving_to(ctx, complaint_id, customer, yes) if customer is not None else None
    corrections = complaints.ComplaintCorrections(
        summary=summary,
        channel=channel,
        severity=severity,
        customer_id=customer_id,
        about=about,
        happened_on=when,
        clear_happened=happened is not None and not happened.strip(),
        went_wrong=went_wrong,
        found=found,
        we_did=we_did,
        careful=careful,
        ref=ref,
        harmed=harmed,
    )
    if not corrections:
        raise InputError(
            "nothing to change: give --about, --happened, --went-wrong, --found, --we-did, "
            "--careful, --harmed, --ref, --summary, --channel, --severity or --customer"
        )
    complaint = complaints.correct(store_of(ctx), complaint_id, corrections)
    out.line(f"Corrected {complaint_line(complaint)}.")


def _moving_to(ctx: typer.Context, complaint_id: int, who: str, yes: bool) -> int:
    """The customer a complaint is to move to (one exact id or unique name), shown and asked for."""
    from fixit.domain.customers import identify
    from fixit.text import shorten

    store = store_of(ctx)
    complaint, customer = store.get_complaint(complaint_id), identify(store, who)
    if customer.id != complaint.customer_id:
        out_of(ctx).line(
            f'This moves {ids.label("complaint", complaint_id)} ("{shorten(complaint.summary, 40)}") '
            f"from {complaint.customer_name} (customer {complaint.customer_id}) to {customer.name} "
            f"(customer {customer.id})."
        )
        confirm_change(f"Move it to {customer.name} (customer {customer.id})?", yes)
    return customer.id


def void(
    ctx: typer.Context,
    number: ComplaintArg,
    why: Annotated[
        str, typer.Option("--why", help="Why it was entered in error, e.g. 'logged twice'.", show_default=False)
    ],
) -> None:
    """Mark a complaint entered in error (logged twice): kept, but off the agenda and the report.

    It leaves `fixit due`, `fixit report` and the customer's repeat count; `fixit list --void` lists
    such complaints and `fixit unvoid N` puts one back.

    Example: fixit void 12 --why "logged twice"
    """
    complaint = complaints.void(store_of(ctx), number, why)
    out_of(ctx).line(
        f"{complaint_line(complaint)} is void: {complaint.void_reason}. (`fixit unvoid {number}` puts it back.)"
    )


def unvoid(ctx: typer.Context, number: ComplaintArg) -> None:
    """Put back a complaint marked void: on the agenda, in the report and the repeat counts again.

    Example: fixit unvoid 12
    """
    complaint = complaints.unvoid(store_of(ctx), number)
    out_of(ctx).line(f"{complaint_line(complaint)} is no longer void.")


UNDO_SHOWN = 20  # lines of a change `undo` shows before asking


def undo(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask (for scripts).")] = False,
) -> None:
    """Undo the last change made on this till today (it shows what, and asks); again for the one before.

    A complaint it logged is marked void (kept, off the agenda); anything else is put back as it was.

    Example: fixit undo
    """
    from fixit import till
    from fixit.domain import history

    store, out, here = store_of(ctx), out_of(ctx), till.name()
    change = history.last_change(store, here)
    out.line(f"The last change on this till, at {change.made.astimezone():%H:%M}:")
    for event in change.events[:UNDO_SHOWN]:
        out.line(f"  #{event.complaint_id}: {event.detail}")
    if len(change.events) > UNDO_SHOWN:  # an import, say: every line of it is undone
        out.line(f"  … and {len(change.events) - UNDO_SHOWN:,} more")
    if not yes and not typer.confirm("Undo it?", default=False):
        raise typer.Abort()
    history.undo(store, here)
    out.line("Undone. (`fixit undo` again undoes the change before it.)")


COMMANDS = [judge, fix, followup, close, reopen, tag, checkin, edit, void, unvoid, undo]
PANEL = "Afterwards"  # where `fixit --help` lists these (fixit.cli reads it off this file)
PANELS = {"void": "At the counter", "unvoid": "At the counter", "undo": "At the counter"}
