"""Letter templates: list them, show one, copy one to edit, check them all in many situations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from fixit.commands.common import out_of, store_of
from fixit.errors import FixitError, InputError
from fixit.model import LetterKind
from fixit.paths import private_folder, write_private

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
def templates_show(
    ctx: typer.Context, name: Annotated[str, typer.Argument(help="e.g. followup", show_default=False)]
) -> None:
    """Print a template as fixit will use it.

    Example: fixit templates show followup
    """
    _, path = _resolve(name)
    out_of(ctx).data(path.read_text(encoding="utf-8"))


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


PANEL = "Letters"  # where `fixit --help` lists these (fixit.cli reads it off this file)
