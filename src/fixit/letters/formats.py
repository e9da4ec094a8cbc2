"""A drafted letter as HTML (autoescaped) or as an RFC 5322 message a mail client opens as a draft."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formataddr, formatdate

from fixit.letters.render import HTML_FRAME, Draft, render_template


def paragraphs(body: str) -> list[list[str]]:
    return [block.splitlines() for block in body.strip().split("\n\n") if block.strip()]


def to_html(draft: Draft) -> str:
    return render_template(HTML_FRAME, {"subject": draft.subject, "paragraphs": paragraphs(draft.body)})


def to_eml(draft: Draft, to_name: str, to_email: str | None, from_name: str | None,
           from_email: str | None) -> bytes:
    """UTF-8 plain-text message; X-Unsent marks it as a draft for mail clients that honour it."""
    message = EmailMessage()
    if to_email:
        message["To"] = formataddr((to_name, to_email))
    if from_email:
        message["From"] = formataddr((from_name or "", from_email))
    message["Subject"] = draft.subject
    message["Date"] = formatdate(localtime=True)
    message["X-Unsent"] = "1"
    message.set_content(draft.body, charset="utf-8")
    return bytes(message)
