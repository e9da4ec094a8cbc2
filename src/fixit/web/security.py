"""What keeps the web app's doors: the machine's signing key, the device cookie, the CSRF token, the
size limit on a request, and who is asking (the owner, or a member of staff on an enrolled device)."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from fixit.paths import app_dir, private_folder, write_private

SECRET_FILE = "web-secret.key"
SESSION_HOURS = 12
DEVICE_COOKIE = "fixit_device"
DEVICE_DAYS = 400  # the longest a browser keeps a cookie
MAX_BODY = 256 * 1024  # a whole form; a field of a megabyte is refused before it is read
MAX_FIELD = 64 * 1024


def signing_key(folder: Path | None = None) -> str:
    """The key that signs this machine's cookies: made once, kept in a 0600 file of the app folder
    (never in the database: a copy of the database must not let anyone forge a login)."""
    path = (folder or app_dir()) / SECRET_FILE
    try:
        key = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if len(key) < 32:
        key = secrets.token_urlsafe(48)
        private_folder(path.parent)
        write_private(path, key.encode("ascii"))
    return key


@dataclass(frozen=True)
class Actor:
    """Who is using the app: the owner, or a member of staff on an enrolled device."""

    role: str  # "owner" or "staff"
    name: str
    device: str | None = None  # the enrolled device's name

    @property
    def owner(self) -> bool:
        return self.role == "owner"


def actor_of(request: Request) -> Actor | None:
    session = request.session
    if session.get("role") not in ("owner", "staff") or not session.get("name"):
        return None
    return Actor(session["role"], session["name"], session.get("device_name"))


def sign_in(request: Request, actor: Actor, device_id: str | None) -> None:
    """A fresh session (and a fresh CSRF token) on every login: nothing from before it carries over."""
    request.session.clear()
    request.session.update(
        {
            "role": actor.role,
            "name": actor.name,
            "device": device_id,
            "device_name": actor.device,
            "csrf": secrets.token_urlsafe(32),
        }
    )


def csrf_token(request: Request) -> str:
    token = request.session.get("csrf")
    if not token:
        token = request.session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def csrf_ok(request: Request, sent: Any) -> bool:
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not expected or not isinstance(sent, str):
        return False
    return hmac.compare_digest(expected.encode(), sent.encode())


class DeviceCookie:
    def __init__(self, key: str):
        self.serializer = URLSafeTimedSerializer(key, salt="fixit-device")

    def make(self, device_id: str) -> str:
        return self.serializer.dumps(device_id)

    def read(self, request: Request) -> str | None:
        value = request.cookies.get(DEVICE_COOKIE)
        if not value:
            return None
        try:
            found = self.serializer.loads(value, max_age=DEVICE_DAYS * 86400)
        except BadSignature:
            return None
        return found if isinstance(found, str) else None


class TooLarge(Exception):
    pass


class LimitBody:
    """Refuse a request body larger than ``MAX_BODY`` with 413, whether it says its length or not."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            if not started:
                await _too_large(send)


async def _too_large(send: Send) -> None:
    body = (
        b"<!doctype html><meta charset=utf-8><title>Too large</title>"
        b"<h1>That was too much to send</h1><p>Nothing was saved. Shorten what you typed and try again.</p>"
    )
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [(b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
