"""A letter at the terminal: shown, written to a file, opened in an editor, fitted to a text
message, and the questions asked for what the record lacks. Everything goes through ``Output``:
stdout holds exactly the letter, notes and warnings go to stderr."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from fixit.commands.common import out_of, settings_of
from fixit.errors import FixitError, InputError
from fixit.ids import label
from fixit.model import ComplaintDetail
from fixit.paths import write_private

if TYPE_CHECKING:
    from fixit.letters.asking import Missing
    from fixit.letters.render import Draft
    from fixit.output import Output


class Format(str, Enum):
    text = "text"
    html = "html"
    eml = "eml"
    pdf = "pdf"
    sms = "sms"


EXTENSIONS = {Format.text: "txt", Format.html: "html", Format.eml: "eml", Format.pdf: "pdf", Format.sms: "txt"}


def asker(out: Output) -> Callable[[Missing], str]:
    """One short question on stderr (stdout stays exactly the letter), the guess in brackets: Enter
    takes it (or skips when there is none); a bad answer is asked again; the end of input skips."""
    from fixit.letters import asking

    def ask(piece: Missing) -> str:
        shown = f" [{piece.guess}]" if piece.guess else ""
        while True:
            out.prompt(f"{piece.question or piece.what}{shown}: ", err=True, end="")
            line = sys.stdin.readline()
            if not line:
                out.prompt("", err=True)
                return ""
            try:
                blank = asking.NO_NAME_ANSWER if piece.piece == asking.GREETING else ""
                return asking.check(piece, line.strip() or piece.guess or blank)
            except InputError as problem:
                out.prompt(f"{problem}; try again.", err=True)

    return ask


def pdf_of(ctx: typer.Context, draft: Draft) -> bytes:
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


def emit(
    ctx: typer.Context, draft: Draft, detail: ComplaintDetail, format: Format, target: Path | None, several: bool
) -> None:
    out = out_of(ctx)
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
            out.warning(f"{detail.customer.name} has no email address on file: the draft has no To: line")
        if not settings["business_email"]:
            out.warning(
                "no email address for the shop (business_email): the draft has no From: line; "
                "`fixit config set business_email you@example.com`"
            )
    elif format is Format.pdf:
        data = pdf_of(ctx, draft)
    else:
        data = draft.body.encode("utf-8")
    if target is not None:
        write_private(target, data)
        out.done(f"Wrote the {draft.kind} letter for {label('complaint', detail.complaint.id)} to {target}.")
        return
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
        out.data(f"----- {draft.kind} letter for {label('complaint', detail.complaint.id)} -----\n")
    out.data(data.decode("utf-8"))


def edit_in_editor(text: str) -> str:
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


def warn(ctx: typer.Context, draft: Draft) -> None:
    """What the letter made do without, and what the draft checker found: one warning line each."""
    out = out_of(ctx)
    for advice in draft.advice:
        out.warning(str(advice))
    for problem in draft.problems:
        out.warning(f"draft checker: {problem}")


def fit_text_message(out: Output, draft: Draft, detail: ComplaintDetail) -> None:
    """A text message as it will go: characters with no room in it replaced by close ones, named;
    the customer's name is never respelt."""
    from fixit.letters import sms
    from fixit.letters.drafting import name_kept

    n, kind, keep = detail.complaint.id, draft.kind, name_kept(detail)
    # a name in its own script is right; when its letters are what needs Unicode, say the greeting
    greet = (
        f'greet them another way (fixit customer edit {detail.customer.id} --greet "..."), '
        if any(ch.isalpha() and sms.gsm_substitute(ch) != ch for ch in keep)
        else ""
    )
    remedy = (
        f"shorten it (fixit letter {n} {kind} --format sms --edit), {greet}or send a letter "
        f"(fixit letter {n} {kind} --format text)"
    )
    fitted = sms.fit(draft.body.strip(), keep=keep, remedy=remedy)
    if fitted.replaced:
        swaps = ", ".join(f"{old} -> {new}" for old, new in fitted.replaced)
        out.warning(f"too long for a text message in Unicode, so it uses close plain letters: {swaps}")
    draft.body = fitted.text + "\n"
