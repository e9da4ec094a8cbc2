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
    host: Annotated[
        str | None,
        typer.Option(
            help="The address to listen on (default: 127.0.0.1, this machine "
            "only; with --lan, this machine's address on the shop's "
            "network)."
        ),
    ] = None,
    port: Annotated[int, typer.Option(help="The port to listen on.", min=1, max=65535)] = 8420,
    lan: Annotated[
        bool,
        typer.Option(
            "--lan",
            help="Listen on the shop's network, with TLS: a certificate from "
            "a certificate authority of the shop's own (made once).",
        ),
    ] = False,
    set_password: Annotated[
        bool, typer.Option("--set-password", help="Set (or change) the owner's password for the web app, then stop.")
    ] = False,
) -> None:
    """Run the web app for a tablet at the counter and the owner's phone: log, today's agenda, letters.

    It listens on this machine only (127.0.0.1); --lan listens on the shop's network, with TLS. The
    owner signs in with a password (asked the first time); staff sign in with a PIN on a device the
    owner has enrolled (the Staff page).

    Example: fixit serve
    """
    try:
        import argon2  # noqa: F401
        import starlette  # noqa: F401
        import uvicorn
    except ImportError:
        raise FixitError(MISSING) from None
    from fixit.domain import access

    if lan:
        from fixit.web import tls

        host = host or tls.lan_address()
        if not _loopback(host) and not _private(host):
            raise InputError(
                f"--lan listens on the shop's own network only (a private address such as 192.168.1.20), not {host}"
            )
    else:
        host = host or "127.0.0.1"
        if not _loopback(host):
            raise InputError(
                f"fixit serve listens on this machine only (127.0.0.1 or ::1), not {host}; "
                "--lan listens on the shop's network, with TLS"
            )
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
    out = out_of(ctx)
    if not lan:
        out.line(f"fixit serve: open http://{host}:{port}/ in a browser on this machine (Ctrl+C stops it).")
        uvicorn.run(
            create_app(location),
            host=host,
            port=port,
            log_level="warning",
            access_log=False,
            server_header=False,
            proxy_headers=False,
        )
        return
    from fixit.web import tls

    files = tls.certificates(host)
    if sys.version_info >= (3, 11):
        # Closing a TLS connection, asyncio waits up to 30 s for the browser's answer (close_notify),
        # which a tablet holding an idle connection never sends: Ctrl+C took 30 s with a page open.
        import asyncio.constants

        asyncio.constants.SSL_SHUTDOWN_TIMEOUT = 2.0
    shown = f"[{host}]" if ":" in host else host
    out.line(f"fixit serve: open https://{shown}:{port}/ on the tablet (Ctrl+C stops it).")
    out.line(
        f"First time on a tablet: open https://{shown}:{port}/trust and install this shop's certificate; "
        f"its fingerprint is {files.fingerprint}"
    )
    uvicorn.run(
        create_app(location, tls=True, authority=files.ca),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        ssl_certfile=str(files.certificate),
        ssl_keyfile=str(files.key),
    )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _private(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private and not address.is_unspecified and not address.is_link_local


def _ask_password(ctx: typer.Context) -> None:
    from fixit.domain import access

    if sys.stdin.isatty():
        password = typer.prompt("The owner's password for fixit serve", hide_input=True, confirmation_prompt=True)
    else:  # a script or a test: one line on stdin, never an argument (it would show in `ps`)
        password = sys.stdin.readline().rstrip("\n")
    access.set_owner_password(store_of(ctx), password)
    out_of(ctx).line("The owner's password is set.")


PANEL = "Setup"
COMMANDS = [serve]
