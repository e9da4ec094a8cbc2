"""The command line: parse, call the domain, print. Each group of commands lives in its own module."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from fixit import __version__
from fixit.cli_group import FixitGroup
from fixit.commands import counter, due, lifecycle, setup, views
from fixit.commands.common import AppState

app = typer.Typer(
    name="fixit",
    cls=FixitGroup,
    help="fixit: recover when service goes wrong. Log at the counter, check `fixit due` each morning.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,  # a traceback must never print customers' data
    add_completion=True,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fixit {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Optional[Path], typer.Option("--db", envvar="FIXIT_DB", metavar="PATH",
                                               help="The database file (default: in fixit's app folder).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and stop.")] = False,
) -> None:
    state = AppState(db)
    ctx.obj = state
    ctx.call_on_close(state.close)


for module in (counter, lifecycle, views, due, setup):
    for command in module.COMMANDS:
        app.command(name=command.__name__)(command)
app.add_typer(setup.config_app, name="config")


def main() -> None:
    app()
