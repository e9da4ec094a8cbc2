"""Letters: draft the one a caring owner would write, from the complaint's own record."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from enum import Enum
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
from fixit.errors import FixitError, InputError
from fixit.ids import label, pick
from fixit.model import Change, ComplaintDetail, LetterKind, Unsent, Via
from fixit.paths import private_folder, write_private
from fixit.text import shorten

if TYPE_CHECKING:
    from fixit.letters.asking import Missing
    from fixit.letters.render import Draft
    from fixit.storage import Store


class Format(str, Enum):
    text = "text"
    html = "html"
    eml = "eml"
    pdf = "pdf"
    sms = "sms"


EXTENSIONS = {Format.text: "txt", Format.html: "html", Format.eml: "eml", Format.pdf: "pdf", Format.sms: "txt"}


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
    _check_send_options(send, record, out, format, yes, force, attach_pdf, bcc_self, unsent, number, kind, change_id)
    if unsent is not None:
        _send_again(
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
    targets = request.targets(store)
    several = len(targets) > 1
    # with --change, --out is always a folder (one file per linked customer, however many there are
    # today): a script need not know how many customers a change reaches
    out_dir = _prepare_folder(out) if (several or change_id is not None) and out is not None else None
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
            ask=_ask if asking_now else None,
        )
        if edit:
            draft.body = _edit(draft.body)
            draft.problems = checker.problems(draft, format is Format.sms, drafting.facts_of(detail, settings))
        if format is Format.sms:
            _fit_text_message(draft, detail)
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
            sent.append(Sent(complaint_id, draft.kind, draft.body, letter_change))
            continue
        if send:
            _send(
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
        _emit(ctx, draft, detail, format, target, several)
        _warn(ctx, draft)
        sent.append(Sent(complaint_id, draft.kind, draft.body, letter_change))
    if as_json:
        out_of(ctx).json({"letters": drafts})
    if record:
        record_letters(store, sent)  # every letter of the command in one transaction
        for letter in sent:
            _note(f"Recorded the {letter.kind} letter on {label('complaint', letter.complaint_id)}.")


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


def _ask(piece: Missing) -> str:
    """One short question on stderr (stdout stays exactly the letter), the guess in brackets: Enter
    takes it (or skips when there is none); a bad answer is asked again; the end of input skips."""
    from fixit.letters import asking

    shown = f" [{piece.guess}]" if piece.guess else ""
    while True:
        typer.echo(f"{piece.question or piece.what}{shown}: ", err=True, nl=False)
        line = sys.stdin.readline()
        if not line:
            typer.echo("", err=True)
            return ""
        try:
            blank = asking.NO_NAME_ANSWER if piece.piece == asking.GREETING else ""
            return asking.check(piece, line.strip() or piece.guess or blank)
        except InputError as problem:
            typer.echo(f"{problem}; try again.", err=True)


def _check_send_options(
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


def _send(
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
    _warn(ctx, draft)
    if found and not force:
        raise FixitError(
            f"not sent: the draft checker found {len(found)} problem(s); put them right "
            "(--edit, or your own template) or send it as it is with --force"
        )
    _emit(ctx, draft, detail, Format.sms if by_text else Format.text, None, several)
    if not yes and not typer.confirm(f"Send this {draft.kind} letter to {to}?", default=False, err=True):
        raise typer.Abort()
    if by_text:
        sending.send_text(store, settings, outgoing)
        _note(f"Sent the {draft.kind} letter to {to} as a text message.")
        return
    pdf = _pdf(ctx, draft) if attach_pdf else None
    message_id = sending.send_email(store, settings, outgoing, pdf=pdf, bcc_self=bcc_self)
    _note(f"Sent the {draft.kind} letter to {to} (Message-ID {message_id}).")


def _send_again(
    ctx: typer.Context, unsent_id: int, *, edit: bool, yes: bool, force: bool, attach_pdf: bool, bcc_self: bool
) -> None:
    from fixit.domain import reading
    from fixit.letters import checker, drafting
    from fixit.letters.render import Draft

    store = store_of(ctx)
    kept = store.get_unsent(unsent_id)
    draft = Draft(kept.kind, kept.subject, kept.body)
    if edit:
        draft.body = _edit(draft.body)
    detail = reading.detail(store, kept.complaint_id)
    by_text = kept.via is Via.sms
    draft.problems = checker.problems(draft, by_text, drafting.facts_of(detail, settings_of(ctx)))
    if by_text:
        _fit_text_message(draft, detail)
    _send(
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


def _pdf(ctx: typer.Context, draft: Draft) -> bytes:
    from fixit import clock
    from fixit.dates import written
    from fixit.letters import pdf

    settings = settings_of(ctx)
    letterhead = {
        key: settings[setting] or None
        for key, setting in (
            ("name", "business_name"),
            ("address", "address"),
            ("phone", "business_phone"),
            ("email", "business_email"),
        )
    }
    today = clock.today()
    return pdf.render(draft.body, letterhead, f"{written(today)} {today.year}")


def _prepare_folder(path: Path) -> Path:
    return private_folder(path)


def _emit(
    ctx: typer.Context, draft: Draft, detail: ComplaintDetail, format: Format, target: Path | None, several: bool
) -> None:
    if format is Format.html:
        from fixit.letters import formats

        data = formats.to_html(draft).encode("utf-8")
    elif format is Format.eml:
        from fixit.letters import formats

        settings = settings_of(ctx)
        from fixit import clock

        data = formats.to_eml(
            draft,
            detail.customer.name,
            detail.customer.email,
            settings["business_name"],
            settings["business_email"],
            clock.now(),
        )
        if not detail.customer.email:
            _note(f"{detail.customer.name} has no email address on file: the draft has no To: line.")
        if not settings["business_email"]:
            _note(
                "fixit: warning: no email address for the shop (business_email): the draft has no From: line; "
                "`fixit config set business_email you@example.com`"
            )
    elif format is Format.pdf:
        data = _pdf(ctx, draft)
    else:
        data = draft.body.encode("utf-8")
    if target is not None:
        write_private(target, data)
        _note(f"Wrote the {draft.kind} letter for {label('complaint', detail.complaint.id)} to {target}.")
        return
    out = out_of(ctx)
    if format is Format.text and out.rich:
        from rich.panel import Panel
        from rich.text import Text

        out.console.print(
            Panel(
                Text(draft.body),
                title=Text(draft.subject, style="bold"),
                title_align="left",
                subtitle=f"{draft.kind} · {label('complaint', detail.complaint.id)}",
                padding=(1, 2),
            )
        )
        return
    if several:
        print(f"----- {draft.kind} letter for {label('complaint', detail.complaint.id)} -----")
    sys.stdout.write(data.decode("utf-8"))
    sys.stdout.flush()


def _edit(text: str) -> str:
    """Open the draft in $VISUAL/$EDITOR; what is saved there is the letter."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as handle:
        handle.write(text)
        path = handle.name
    try:
        try:
            finished = subprocess.run([*shlex.split(editor), path], check=False)
        except (OSError, ValueError) as error:
            raise FixitError(
                f"the editor {editor} could not be started ({getattr(error, 'strerror', None) or error});"
                " set EDITOR to one that is installed, e.g. nano"
            ) from None
        if finished.returncode != 0:
            raise FixitError(f"the editor ({editor}) stopped with an error; nothing was saved")
        try:
            edited = Path(path).read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise InputError("the editor saved the letter in another encoding than UTF-8; nothing was saved") from None
    finally:
        os.unlink(path)
    if not edited.strip():
        raise InputError("the edited letter is empty; nothing was saved")
    return edited


def _warn(ctx: typer.Context, draft: Draft) -> None:
    """What the letter made do without, and what the draft checker found: one warning line each."""
    out = out_of(ctx)
    for advice in draft.advice:
        out.warning(str(advice))
    for problem in draft.problems:
        out.warning(f"draft checker: {problem}")


def _fit_text_message(draft: Draft, detail: ComplaintDetail) -> None:
    """A text message as it will go: characters with no room in it replaced by close ones, named;
    the customer's name is never respelt."""
    from fixit.letters import sms

    fitted = sms.fit(draft.body.strip(), keep=" ".join((detail.customer.name, detail.customer.greet or "")))
    if fitted.replaced:
        swaps = ", ".join(f"{old} -> {new}" for old, new in fitted.replaced)
        _note(f"fixit: warning: too long for a text message in Unicode, so it uses close plain letters: {swaps}")
    draft.body = fitted.text + "\n"


def _note(text: str) -> None:
    """Progress notes go to stderr, so stdout stays exactly the letter."""
    print(text, file=sys.stderr)


templates_app = typer.Typer(
    help="List, show or copy the letter templates (your copies override the built-in ones).", no_args_is_help=True
)


def _known_templates() -> dict[str, Path]:
    from fixit.letters.render import builtin_templates_dir
    from fixit.paths import user_templates_dir

    found = {p.name: p for p in sorted(builtin_templates_dir().glob("*.j2"))}
    user = user_templates_dir()
    if user.is_dir():
        found.update({p.name: p for p in sorted(user.glob("*.j2"))})
    return found


def _resolve(name: str) -> tuple[str, Path]:
    known = _known_templates()
    for candidate in (name, f"{name}.txt.j2", f"{name}.j2"):
        if candidate in known:
            return candidate, known[candidate]
    raise InputError(f"no template called {name!r} (see `fixit templates list`)")


@templates_app.command("list")
def templates_list(ctx: typer.Context) -> None:
    """List the templates, and which ones you have your own copy of.

    Example: fixit templates list
    """
    from fixit.paths import user_templates_dir

    user = user_templates_dir()
    rows = [[name, "your copy" if path.parent == user else "built-in"] for name, path in _known_templates().items()]
    out = out_of(ctx)
    out.table(["Template", "In use"], rows)
    out.line(f"Your templates folder: {user}")


@templates_app.command("show")
def templates_show(name: Annotated[str, typer.Argument(help="e.g. followup", show_default=False)]) -> None:
    """Print a template as fixit will use it.

    Example: fixit templates show followup
    """
    _, path = _resolve(name)
    sys.stdout.write(path.read_text(encoding="utf-8"))


@templates_app.command("copy")
def templates_copy(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="e.g. followup", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Replace your existing copy.")] = False,
) -> None:
    """Copy a built-in template into your templates folder, to edit it.

    Example: fixit templates copy followup
    """
    from fixit.letters.render import builtin_templates_dir
    from fixit.paths import user_templates_dir

    filename, _ = _resolve(name)
    source = builtin_templates_dir() / filename
    if not source.exists():
        raise InputError(f"{filename} is your own template; there is no built-in one to copy")
    target = user_templates_dir() / filename
    if target.exists() and not force:
        raise FixitError(f"you already have {target}; use --force to replace it")
    private_folder(target.parent)
    write_private(target, source.read_bytes())
    out_of(ctx).line(f"Copied to {target}; edit it there. fixit uses your copy from now on.")


@templates_app.command("check")
def templates_check(
    ctx: typer.Context,
    all_templates: Annotated[bool, typer.Option("--all", help="Check the built-in templates too.")] = False,
) -> None:
    """Run the draft checker over your templates, each rendered in fixit's sample situations.

    Exits 1 when it finds a problem, naming template, situation and what to put right.

    Example: fixit templates check
    """
    from fixit import clock
    from fixit.domain.settings import load as load_settings
    from fixit.letters import checker, drafting, formats
    from fixit.letters.context import build
    from fixit.letters.render import SMS, SUFFIX, Draft, render
    from fixit.letters.samples import samples
    from fixit.paths import user_templates_dir

    user = user_templates_dir()
    names = [
        name
        for name, path in _known_templates().items()
        if name.endswith((".txt" + SUFFIX, SMS + SUFFIX)) and (all_templates or path.parent == user)
    ]
    out = out_of(ctx)
    if not names:
        out.line(
            f"You have no templates of your own in {user}; `fixit templates copy apology` makes one "
            "(or --all checks the built-in ones)."
        )
        return
    settings = load_settings(store_of(ctx))
    situations = samples(clock.now())
    rows: list[list[str]] = []
    for name in names:
        kind_text, _, variant = name[: -len(SUFFIX)].rpartition(".")
        kind = LetterKind(kind_text)
        for sample in situations:
            detail = sample.detail
            context = build(
                detail,
                settings,
                clock.today(),
                promise=detail.promises[0] if kind is LetterKind.promise_kept else None,
                change=detail.changes[0] if kind is LetterKind.new_procedure else None,
            )
            draft = render(kind, context, "." + variant)
            found = checker.problems(
                draft, text_message="." + variant == SMS, facts=drafting.facts_of(detail, settings)
            )
            rows += [[name, sample.name, problem.text] for problem in found]
            if "." + variant != SMS:  # the same letter as HTML, read back as the customer sees it
                html = Draft(kind, draft.subject, formats.html_text(formats.to_html(draft)))
                rows += [
                    [name + " (html)", sample.name, problem.text]
                    for problem in checker.problems(html, facts=drafting.facts_of(detail, settings))
                ]
    if not rows:
        out.line(f"{len(names)} template(s) checked in {len(situations)} situations: no problems.")
        return
    out.table(["Template", "Situation", "Problem"], rows)
    raise FixitError(f"the draft checker found {len(rows)} problem(s) in your templates")


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
