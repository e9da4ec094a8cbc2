"""Letters: draft the one a caring owner would write, from the complaint's own record."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fixit.commands.common import (
    JsonOption,
    complaint_number,
    out_of,
    promise_number,
    settings_of,
    store_of,
)
from fixit.commands.letter_output import (
    EXTENSIONS,
    Format,
    asker,
    edit_in_editor,
    emit,
    fit_text_message,
    warn,
)
from fixit.commands.letter_sending import check_send_options, send_again
from fixit.commands.letter_sending import send as send_letter
from fixit.errors import InputError
from fixit.ids import label, pick
from fixit.model import Change, LetterKind, Unsent
from fixit.paths import private_folder
from fixit.text import shorten

if TYPE_CHECKING:
    from fixit.storage import Store


def letter(
    ctx: typer.Context,
    number: Annotated[
        int | None,
        typer.Argument(
            metavar="[N]",
            parser=complaint_number,
            show_default=False,
            help="The complaint number (leave out with --change).",
        ),
    ] = None,
    kind: Annotated[
        LetterKind | None,
        typer.Argument(show_default=False, help="Which letter; default: what the complaint's state calls for."),
    ] = None,
    change: Annotated[
        str | None,
        typer.Option(
            "--change", metavar="C", help="A process change: new-procedure letters for every linked customer."
        ),
    ] = None,
    promise: Annotated[
        int | None,
        typer.Option(
            "--promise",
            metavar="P",
            parser=promise_number,
            help="For promise-kept: which promise (default: the last kept).",
        ),
    ] = None,
    explain: Annotated[str | None, typer.Option(help="For an explanation: what actually happened.")] = None,
    format: Annotated[
        Format,
        typer.Option(
            "--format",
            help="text, html, eml (a draft for your mail program), pdf (one printed page, needs --out) or sms.",
        ),
    ] = Format.text,
    out: Annotated[
        Path | None, typer.Option(help="Write to this file (with --change: to this folder, one file per customer).")
    ] = None,
    edit: Annotated[bool, typer.Option("--edit", help="Open the draft in $EDITOR first.")] = False,
    record: Annotated[
        bool, typer.Option("--record", help="Record the letter as sent (a follow-up letter marks the follow-up done).")
    ] = False,
    send: Annotated[
        bool,
        typer.Option(
            "--send", help="Send it: by email through your mail server, or with --format sms as a text message."
        ),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="With --send: do not ask before sending.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="With --send: send even if the draft checker objects.")
    ] = False,
    attach_pdf: Annotated[bool, typer.Option("--attach-pdf", help="With --send: attach the letter as a PDF.")] = False,
    bcc_self: Annotated[
        bool,
        typer.Option("--bcc-self", help="With --send: a blind copy to the shop's own address (or set bcc_self yes)."),
    ] = False,
    unsent: Annotated[
        str | None,
        typer.Option(
            "--unsent",
            metavar="U",
            help="Send again a letter that could not be sent, as it was (see `fixit letters --unsent`).",
        ),
    ] = None,
    ask: Annotated[
        bool | None,
        typer.Option(
            "--ask/--no-ask",
            show_default=False,
            help="Ask for what the letter needs and the record does not hold (default: on a terminal, "
            "unless --send or --json); answers are saved on the record.",
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Draft a letter: apology, followup, explanation, promise-kept or new-procedure; --send sends it.

    What the letter needs and the record does not hold (the name to greet, what went wrong for
    them, what you told them, what you found, what you did) is asked on a terminal, one short
    question each, and saved on the record. Otherwise each is a draft checker problem naming the
    command that supplies it, and --send refuses.

    With no kind, fixit picks the one the complaint needs: open -> apology, fixed -> followup,
    unjustified -> explanation. With --send you see the draft and are asked before it goes; it is
    recorded as sent only once your mail server accepted it.

    With --json, each draft as {"complaint", "kind", "subject", "body", "advice", "problems"}: what
    the letter had to make do without, and what the draft checker found, for a script to act on.

    Example: fixit letter 12 followup --send
    """
    from fixit.letters import checker, drafting
    from fixit.letters.record import Sent
    from fixit.letters.record import record as record_letters

    store, settings = store_of(ctx), settings_of(ctx)
    change_id = _change_named(store, change) if change is not None else None
    check_send_options(send, record, out, format, yes, force, attach_pdf, bcc_self, unsent, number, kind, change_id)
    if unsent is not None:
        send_again(
            ctx, _unsent_named(store, unsent), edit=edit, yes=yes, force=force, attach_pdf=attach_pdf, bcc_self=bcc_self
        )
        return
    if number is None and change_id is None:
        raise InputError("give a complaint number, or --change C for the new-procedure letters")
    if number is None and kind not in (None, LetterKind.new_procedure):
        raise InputError("--change without a complaint number drafts new-procedure letters only")
    if format is Format.pdf and out is None:
        raise InputError("--format pdf needs --out FILE (a folder with --change)")
    if as_json and (send or out is not None or format not in (Format.text, Format.sms)):
        raise InputError("--json prints the drafts themselves: leave out --send, --out and --format other than sms")
    if ask and (send or as_json):
        raise InputError("--ask is for drafting at a terminal: leave out --send and --json (answer first, then send)")
    asking_now = ask if ask is not None else (sys.stdin.isatty() and not send and not as_json)
    request = drafting.Request(number, kind, change_id)
    covers = request.covers(store)
    targets = list(covers)
    several = len(targets) > 1
    # with --change, --out is always a folder (one file per linked customer, however many there are
    # today): a script need not know how many customers a change reaches
    out_dir = private_folder(out) if (several or change_id is not None) and out is not None else None
    sent = []
    drafts: list[dict[str, object]] = []
    for complaint_id in targets:
        draft, detail = drafting.draft(
            store,
            complaint_id,
            request.chosen_kind,
            promise_id=promise,
            change_id=change_id,
            explanation=explain,
            variant=".sms" if format is Format.sms else "",
            ask=asker(out_of(ctx)) if asking_now else None,
        )
        if edit:
            draft.body = edit_in_editor(draft.body)
            draft.problems = checker.problems(draft, format is Format.sms, drafting.facts_of(detail, settings))
        if format is Format.sms:
            fit_text_message(out_of(ctx), draft, detail)
        letter_change = change_id if draft.kind is LetterKind.new_procedure else None
        if as_json:
            drafts.append(
                {
                    "complaint": complaint_id,
                    "kind": draft.kind,
                    "subject": draft.subject,
                    "body": draft.body,
                    "advice": [str(a) for a in draft.advice],
                    "problems": [str(p) for p in draft.problems],
                }
            )
            sent += [Sent(each, draft.kind, draft.body, letter_change) for each in covers[complaint_id]]
            continue
        if send:
            send_letter(
                ctx,
                draft,
                detail,
                letter_change,
                by_text=format is Format.sms,
                yes=yes,
                force=force,
                attach_pdf=attach_pdf,
                bcc_self=bcc_self,
                several=several,
            )
            continue
        target = out_dir / f"{draft.kind}-{complaint_id}.{EXTENSIONS[format]}" if out_dir else out
        emit(ctx, draft, detail, format, target, several)
        warn(ctx, draft)
        sent += [Sent(each, draft.kind, draft.body, letter_change) for each in covers[complaint_id]]
    if as_json:
        out_of(ctx).json({"letters": drafts})
    if record:
        record_letters(store, sent)  # every letter of the command in one transaction
        for letter in sent:
            out_of(ctx).done(f"Recorded the {letter.kind} letter on {label('complaint', letter.complaint_id)}.")


def _change_named(store: Store, text: str) -> int:
    """C2; or #3 for the one change complaint #3 is linked to; a bare 2 only when it means one thing."""

    def of(complaint_id: int) -> list[Change]:
        store.get_complaint(complaint_id)
        return [c for c in store.all_changes() if complaint_id in c.complaint_ids]

    return pick(
        text, "change", store.get_change, of, lambda c: c.id, lambda c: shorten(c.description, 30), "process change"
    ).id


def _unsent_named(store: Store, text: str) -> int:
    """U2; or #3 for complaint #3's one letter that could not be sent; a bare 2 only when it means one thing."""

    def of(complaint_id: int) -> list[Unsent]:
        store.get_complaint(complaint_id)
        return [u for u in store.unsent_letters() if u.complaint_id == complaint_id]

    return pick(
        text,
        "unsent",
        store.get_unsent,
        of,
        lambda u: u.id,
        lambda u: f"{u.kind} of #{u.complaint_id}",
        "unsent letter",
    ).id


def letters(
    ctx: typer.Context,
    unsent: Annotated[
        bool, typer.Option("--unsent", help="Letters that could not be sent, kept to send again.")
    ] = False,
    limit: Annotated[int, typer.Option(min=0, help="At most this many, newest first (0: all).")] = 50,
    as_json: JsonOption = False,
) -> None:
    """Letters sent or recorded, newest first; --unsent lists those that could not be sent.

    Example: fixit letters --unsent
    """
    store, out = store_of(ctx), out_of(ctx)
    if unsent:
        kept = store.unsent_letters()
        if not out.records(kept, as_json, "No unsent letters: everything fixit tried to send went out."):
            return
        out.table(
            ["Unsent", "Failed", "Complaint", "Letter", "By", "Why", "Send again"],
            [
                [
                    label("unsent", u.id),
                    f"{u.failed_at:%Y-%m-%d %H:%M}",
                    label("complaint", u.complaint_id),
                    str(u.kind),
                    str(u.via),
                    u.reason,
                    f"fixit letter --unsent {label('unsent', u.id)}",
                ]
                for u in kept
            ],
        )
        return
    sent = store.recent_letters(limit or None)
    if not out.records(sent, as_json, "No letters sent yet. Draft one with `fixit letter N`."):
        return
    out.table(
        ["Sent", "Complaint", "Letter", "By", "Message-ID"],
        [
            [
                f"{sent_letter.sent_at:%Y-%m-%d %H:%M}",
                label("complaint", sent_letter.complaint_id),
                str(sent_letter.kind),
                str(sent_letter.via),
                sent_letter.message_id or "",
            ]
            for sent_letter in sent
        ],
    )


COMMANDS = [letter, letters]
PANEL = "Letters"  # where `fixit --help` lists these (fixit.cli reads it off this file)
