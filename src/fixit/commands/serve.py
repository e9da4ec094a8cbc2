"""`fixit serve`: the counter and the agenda in a browser (the web app is imported only here, when it runs)."""

from __future__ import annotations

import ipaddress
import sys
from typing import Annotated

import typer

from fixit.commands.common import out_of, state_of, store_of
from fixit.errors import FixitError, InputError

MISSING = "fixit serve needs its extra: pip install 'fixit[serve]'"


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="The address to listen on: this machine only (127.0.0.1).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8420,
    set_password: Annotated[bool, typer.Option("--set-password",
                help="Set (or change) the owner's password for the web app, then stop.")] = False,
) -> None:
    """Run the web app for a tablet at the counter and the owner's phone: log, today's agenda, letters.

    It listens on this machine only (127.0.0.1). The owner signs in with a password (asked the first
    time); staff sign in with a PIN on a device the owner has enrolled (the Staff page).

    Example: fixit serve
    """
    try:
        import argon2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise FixitError(MISSING) from None
    from fixit.domain import access

    if not _loopback(host):
        raise InputError(f"fixit serve listens on this machine only (127.0.0.1 or ::1), not {host}")
    store = store_of(ctx)
    if set_password or not access.has_owner_password(store):
        if not sys.stdin.isatty() and not set_password:
            raise FixitError("no owner password yet: run `fixit serve --set-password` at a terminal first")
        _ask_password(ctx)
        if set_password:
            return
    from fixit.paths import database_location
    from fixit.web.app import create_app

    location = database_location(state_of(ctx).db_option)
    state_of(ctx).close()  # the app opens its own
    out_of(ctx).line(f"fixit serve: open http://{host}:{port}/ in a browser on this machine (Ctrl+C stops it).")
    uvicorn.run(create_app(location), host=host, port=port, log_level="warning", access_log=False,
                server_header=False, proxy_headers=False)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _ask_password(ctx: typer.Context) -> None:
    from fixit.domain import access

    if sys.stdin.isatty():
        password = typer.prompt("The owner's password for fixit serve", hide_input=True,
                                confirmation_prompt=True)
    else:  # a script or a test: one line on stdin, never an argument (it would show in `ps`)
        password = sys.stdin.readline().rstrip("\n")
    access.set_owner_password(store_of(ctx), password)
    out_of(ctx).line("The owner's password is set.")


COMMANDS = [serve]
