"""Write docs/commands.md from every command's --help: `python scripts/cli_reference.py`.

The help is Click's plain layout at a fixed width of 100 columns with no colour, so the page is
the same on every machine; tests/test_readme.py fails when the page and the code drift apart.
(At a terminal, fixit shows the same text in Rich's boxes, at the terminal's width.)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "commands.md"
REGENERATE = "python scripts/cli_reference.py"
WIDTH = 100

HEADER = f"""# Every command

Each command's `--help`, as fixit prints it. This page is made from the code by
`{REGENERATE}`: do not edit it by hand (a test fails when the two drift apart).
For what to type on an ordinary day, start with the [README](../README.md).
"""


def _plain(command: object) -> None:
    """Click's plain help instead of Rich's panels, for this command and everything under it."""
    command.rich_markup_mode = None  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {}).values():
        _plain(sub)


def _sections(command: object, ctx: object, path: list[str]) -> list[tuple[list[str], str]]:
    """(command path, its help) for ``command`` and every command under it, in the help's order."""
    found = [(path, command.get_help(ctx))]  # type: ignore[attr-defined]
    for name in command.list_commands(ctx) if hasattr(command, "list_commands") else []:  # type: ignore[attr-defined]
        sub = command.get_command(ctx, name)  # type: ignore[attr-defined]
        sub_ctx = sub.make_context(name, [], parent=ctx, resilient_parsing=True)
        found += _sections(sub, sub_ctx, [*path, name])
    return found


def reference() -> str:
    """The text of docs/commands.md for the code on the path."""
    import typer

    from fixit.cli import build_app

    command = typer.main.get_command(build_app())
    _plain(command)
    ctx = command.make_context("fixit", [], resilient_parsing=True, terminal_width=WIDTH, max_content_width=WIDTH)
    sections = _sections(command, ctx, ["fixit"])
    contents = [f"- [`{' '.join(path)}`](#{'-'.join(path)})" for path, _ in sections[1:]]
    parts = [HEADER, "\n".join(contents) + "\n"]
    for path, text in sections:
        heading = "##" if len(path) <= 2 else "###"
        lines = "\n".join(line.rstrip() for line in text.strip("\n").splitlines())
        parts.append(f"{heading} {' '.join(path)}\n\n```text\n{lines}\n```\n")
    return "\n".join(parts)


def main() -> None:
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(reference(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))  # document this tree's code, whichever fixit is installed
    main()
