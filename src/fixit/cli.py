"""The command line: parse, call the domain, print. Each group of commands lives in its own
module under ``fixit.commands``.

Typer spends about 3 ms introspecting each command it builds, on every run. So ``main()``
mounts only the module of the command being run (every module for ``--help``, shell
completion or a name it does not know): a command at the counter pays for itself, not
for the twenty others. ``app`` (all commands) is built on first access, for tests.
"""

import functools
import importlib
import os
import re
import sys
from types import ModuleType
from typing import Annotated

import typer

from fixit import __version__
from fixit.cli_group import FixitGroup
from fixit.commands.common import state_of
from fixit.errors import InputError

PANELS = ["At the counter", "Afterwards", "The owner's view", "Letters", "Setup"]  # `fixit --help`, in this order
_COMMANDS_LINE = re.compile(r"^COMMANDS = \[([^\]]*)\]", re.MULTILINE)
_PANEL_LINE = re.compile(r"^PANEL = \"([^\"]+)\"", re.MULTILINE)
_PANELS_LINE = re.compile(r"^PANELS = (\{[^}]*\})", re.MULTILINE)
_GROUP_LINE = re.compile(r"^(\w+)_app = typer\.Typer\(", re.MULTILINE)


@functools.cache
def command_modules() -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, str]]:
    """What each module under ``fixit.commands`` declares, read off its source without importing it
    (a command at the counter must not pay for the other modules): its commands (``COMMANDS = [...]``,
    a function's name without a trailing "_"), sub-command groups (``NAME_app = typer.Typer(``) and
    the help panel they are listed under (``PANEL = "..."``, ``PANELS = {"command": "..."}`` for
    exceptions). Returns command -> module, group -> (module, attribute), command or group -> panel."""
    import ast
    from importlib.resources import files

    commands: dict[str, str] = {}
    groups: dict[str, tuple[str, str]] = {}
    panels: dict[str, str] = {}
    for path in sorted(files("fixit.commands").iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".py") or path.name.startswith("_"):
            continue
        module, source = path.name[:-3], path.read_text(encoding="utf-8")
        found = _COMMANDS_LINE.search(source)
        names = [name.strip().rstrip("_") for name in found.group(1).split(",") if name.strip()] if found else []
        named = list(_GROUP_LINE.findall(source))
        panel = _PANEL_LINE.search(source)
        exceptions = _PANELS_LINE.search(source)
        special: dict[str, str] = ast.literal_eval(exceptions.group(1)) if exceptions else {}
        for name in names:
            commands[name] = module
        for group in named:
            groups[group] = (module, f"{group}_app")
        for name in [*names, *named]:
            panels[name] = special.get(name) or (panel.group(1) if panel else PANELS[-1])
    return commands, groups, panels


def __getattr__(name: str) -> object:
    if name == "app":
        return build_app()
    if name == "COMMAND_MODULES":
        return command_modules()[0]
    if name == "GROUP_MODULES":
        return command_modules()[1]
    raise AttributeError(name)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fixit {__version__}")
        raise typer.Exit()


def _color(ctx: typer.Context, value: str) -> str:
    if value not in ("auto", "always", "never"):
        raise typer.BadParameter(f"{value!r} is not one of auto, always, never")
    state_of(ctx).out.set_color(value)
    return value


def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="FIXIT_DB",
            metavar="PATH|URL",
            help="The database file (default: in fixit's app folder), or a postgresql://user@host/dbname URL.",
        ),
    ] = None,
    color: Annotated[
        str,
        typer.Option(
            "--color",
            metavar="auto|always|never",
            callback=_color,
            is_eager=True,
            help="Colour and bold: on a terminal (auto, unless NO_COLOR is set), always, or never.",
        ),
    ] = "auto",
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and stop.")
    ] = False,
) -> None:
    state_of(ctx).db_option = db


def help_(
    ctx: typer.Context,
    command: Annotated[
        list[str] | None, typer.Argument(metavar="COMMAND", help="A command, e.g. log.", show_default=False)
    ] = None,
) -> None:
    """Show the help of a command: `fixit help log` is `fixit log --help`.

    Example: fixit help log
    """
    root = ctx.find_root()
    target, context = root.command, root
    words = list(command or [])
    for word in words:
        found = target.get_command(context, word) if hasattr(target, "get_command") else None
        if found is None:
            raise InputError(f"no command called {' '.join(words)!r} (see `fixit --help`)")
        context = found.context_class(found, info_name=word, parent=context)
        target = found
    typer.echo(target.get_help(context))


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or with just ``only`` when that names one."""
    app = typer.Typer(
        name="fixit",
        cls=FixitGroup,
        context_settings={"help_option_names": ["-h", "--help"]},
        help="fixit: recover when service goes wrong. Log at the counter, check `fixit due` each morning.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,  # a traceback must never print customers' data
        add_completion=only is None,
    )
    app.callback()(root)
    commands, groups, panels = command_modules()
    for name, module_name in sorted(commands.items(), key=lambda item: PANELS.index(panels[item[0]])):
        if only in (None, name):
            module = _module(module_name)
            function = next(f for f in module.COMMANDS if f.__name__.rstrip("_") == name)
            app.command(name=name, rich_help_panel=panels[name])(function)
    for name, (module_name, attribute) in groups.items():
        if only in (None, name):
            app.add_typer(getattr(_module(module_name), attribute), name=name, rich_help_panel=panels[name])
    if only in (None, "help"):
        app.command(name="help", rich_help_panel=PANELS[-1])(help_)
    return app


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"fixit.commands.{name}")


def invoked_command(args: list[str]) -> str | None:
    """The command named on the command line, if it is one of ours and nothing asks for the full list."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    rest = iter(args)
    for arg in rest:
        if arg in ("--db", "--color"):  # options that take a value
            next(rest, None)
        elif arg.startswith("-"):
            if arg in ("--help", "-h", "--install-completion", "--show-completion"):
                return None
        else:
            commands, groups, _ = command_modules()
            return arg if arg in commands or arg in groups else None
    return None


def main() -> None:
    build_app(invoked_command(sys.argv[1:]))()
