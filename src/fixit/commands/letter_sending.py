"""Sending a letter from the terminal: the options that go together, the draft shown and a yes
asked before it goes, and a kept letter that could not be sent, sent again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fixit.commands.common import out_of, settings_of, store_of
from fixit.commands.letter_output import Format, edit_in_editor, emit, fit_text_message, pdf_of, warn
from fixit.errors import FixitError, InputError
from fixit.model import ComplaintDetail, LetterKind, Via

if TYPE_CHECKING:
    from fixit.letters.render import Draft


def check_send_options(
    send: bool,
    record: bool,
    out: Path | None,
    format: Format,
    yes: bool,
    force: bool,
    attach_pdf: bool,
    bcc_self: bool,
    unsent: str | None,
    number: int | None,
    kind: LetterKind | None,
    change_id: int | None,
) -> None:
    sending = send or unsent is not None
    for flag, given in (("--yes", yes), ("--force", force), ("--attach-pdf", attach_pdf), ("--bcc-self", bcc_self)):
        if given and not sending:
            raise InputError(f"{flag} goes with --send")
    if unsent is not None and (number is not None or kind is not None or change_id is not None):
        raise InputError("--unsent U sends a kept letter as it was: give no complaint, kind or --change")
    if sending and record:
        raise InputError("--send records the letter once it has gone; leave out --record")
    if sending and out is not None:
        raise InputError("--send sends the letter; --out writes it to a file: one or the other")
    if sending and format not in (Format.text, Format.sms):
        raise InputError("--send sends an email (plain text with an HTML copy) or, with --format sms, a text")
    if attach_pdf and format is Format.sms:
        raise InputError("--attach-pdf is for letters sent by email")


def send(
    ctx: typer.Context,
    draft: Draft,
    detail: ComplaintDetail,
    change_id: int | None,
    *,
    by_text: bool,
    yes: bool,
    force: bool,
    attach_pdf: bool,
    bcc_self: bool,
    several: bool,
) -> None:
    """Check, show, ask, send: the letter goes only when the owner has seen it and said yes."""
    from fixit.letters import sending

    store, settings = store_of(ctx), settings_of(ctx)
    outgoing = sending.Outgoing(detail.complaint.id, draft, detail.customer, change_id)
    if not by_text:  # is there a server, an address to send from: say so before anything is shown
        sending.mail_server(settings)
        sending.shop_address(settings)
    to = sending.phone(outgoing) if by_text else str(sending.recipient(outgoing))
    found = draft.problems
    warn(ctx, draft)
    if found and not force:
        raise FixitError(
            f"not sent: the draft checker found {len(found)} problem(s); put them right "
            "(--edit, or your own template) or send it as it is with --force"
        )
    emit(ctx, draft, detail, Format.sms if by_text else Format.text, None, several)
    if not yes and not typer.confirm(f"Send this {draft.kind} letter to {to}?", default=False, err=True):
        raise typer.Abort()
    if by_text:
        sending.send_text(store, settings, outgoing)
        out_of(ctx).done(f"Sent the {draft.kind} letter to {to} as a text message.")
        return
    pdf = pdf_of(ctx, draft) if attach_pdf else None
    message_id = sending.send_email(store, settings, outgoing, pdf=pdf, bcc_self=bcc_self)
    out_of(ctx).done(f"Sent the {draft.kind} letter to {to} (Message-ID {message_id}).")


def send_again(
    ctx: typer.Context, unsent_id: int, *, edit: bool, yes: bool, force: bool, attach_pdf: bool, bcc_self: bool
) -> None:
    from fixit.domain import reading
    from fixit.letters import checker, drafting
    from fixit.letters.render import Draft

    store = store_of(ctx)
    kept = store.get_unsent(unsent_id)
    draft = Draft(kept.kind, kept.subject, kept.body)
    if edit:
        draft.body = edit_in_editor(draft.body)
    detail = reading.detail(store, kept.complaint_id)
    by_text = kept.via is Via.sms
    draft.problems = checker.problems(draft, by_text, drafting.facts_of(detail, settings_of(ctx)))
    if by_text:
        fit_text_message(out_of(ctx), draft, detail)
    send(
        ctx,
        draft,
        detail,
        kept.change_id,
        by_text=by_text,
        yes=yes,
        force=force,
        attach_pdf=attach_pdf,
        bcc_self=bcc_self,
        several=False,
    )
