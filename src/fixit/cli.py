"""The command line: parse, call the domain, print. Each group of commands lives in its own
module under ``fixit.commands``.

Typer spends about 3 ms introspecting each command it builds, on every run. So ``main()``
mounts only the module of the command being run (every module for ``--help``, shell
completion or a name it does not know): a command at the counter pays for itself, not
for the twenty others. ``app`` (all commands) is built on first access, for tests.
"""

import importlib
import os
import sys
from types import ModuleType
from typing import Annotated

import typer

from fixit import __version__
from fixit.cli_group import FixitGroup
from fixit.commands.common import state_of

# command name -> the module under fixit.commands that defines it (in its COMMANDS list)
COMMAND_MODULES = {
    "log": "counter", "apologize": "counter", "promise": "counter", "keep": "counter",
    "amend": "counter", "redeem": "counter",
    "judge": "lifecycle", "fix": "lifecycle", "followup": "lifecycle", "close": "lifecycle", "reopen": "lifecycle",
    "tag": "lifecycle", "checkin": "lifecycle", "edit": "lifecycle", "void": "lifecycle", "unvoid": "lifecycle",
    "undo": "lifecycle",
    "show": "views", "list": "views",
    "due": "due",
    "letter": "writing", "letters": "writing",
    "change": "changes", "changes": "changes",
    "report": "report", "customers": "customers", "find": "search",
    "export": "files", "import": "files", "calendar": "files", "backup": "files", "restore": "files",
    "paths": "setup", "init": "setup", "demo": "setup", "till": "setup",
    "migrate": "server", "sync": "server",
}
# sub-command groups: name -> (module, the Typer object in it)
GROUP_MODULES = {"config": ("setup", "config_app"), "templates": ("writing", "templates_app"),
                 "customer": ("customers", "customer_app")}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fixit {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", envvar="FIXIT_DB", metavar="PATH|URL",
                                              help="The database file (default: in fixit's app folder), or a "
                                                   "postgresql://user@host/dbname URL.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and stop.")] = False,
) -> None:
    state_of(ctx).db_option = db


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or with just ``only`` when that names one."""
    app = typer.Typer(
        name="fixit",
        cls=FixitGroup,
        help="fixit: recover when service goes wrong. Log at the counter, check `fixit due` each morning.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,  # a traceback must never print customers' data
        add_completion=only is None,
    )
    app.callback()(root)
    for name, module_name in COMMAND_MODULES.items():
        if only in (None, name):
            module = _module(module_name)
            function = next(f for f in module.COMMANDS if f.__name__.rstrip("_") == name)
            app.command(name=name)(function)
    for name, (module_name, attribute) in GROUP_MODULES.items():
        if only in (None, name):
            app.add_typer(getattr(_module(module_name), attribute), name=name)
    return app


def _module(name: str) -> ModuleType:
    return importlib.import_module(f"fixit.commands.{name}")


def invoked_command(args: list[str]) -> str | None:
    """The command named on the command line, if it is one of ours and nothing asks for the full list."""
    if any(key.endswith("_COMPLETE") for key in os.environ):
        return None
    rest = iter(args)
    for arg in rest:
        if arg == "--db":
            next(rest, None)
        elif arg.startswith("-"):
            if arg in ("--help", "--install-completion", "--show-completion"):
                return None
        else:
            return arg if arg in COMMAND_MODULES or arg in GROUP_MODULES else None
    return None


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return build_app()
    raise AttributeError(name)


def main() -> None:
    build_app(invoked_command(sys.argv[1:]))()
