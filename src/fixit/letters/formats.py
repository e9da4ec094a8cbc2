"""A drafted letter as HTML (autoescaped), as an RFC 5322 draft a mail client opens, or as the
message fixit sends: plain text with an HTML alternative, a PDF attached on request.

Addresses go into headers as ``email.headerregistry.Address`` objects, never pasted text, so a
name or address can only ever be one recipient."""

from __future__ import annotations

import re
from datetime import datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from html import unescape

from fixit.errors import InputError
from fixit.letters.render import HTML_FRAME, Draft, render_template


def paragraphs(body: str) -> list[list[str]]:
    return [block.splitlines() for block in body.strip().split("\n\n") if block.strip()]


def to_html(draft: Draft) -> str:
    return render_template(HTML_FRAME, {"subject": draft.subject, "paragraphs": paragraphs(draft.body)})


def html_text(html: str) -> str:
    """An HTML letter as the customer reads it: the text of each paragraph, tags gone, entities read."""
    body = html.split("<body>", 1)[-1].split("</body>", 1)[0]
    blocks = re.findall(r"<p>(.*?)</p>", body, re.S)
    return "\n\n".join(unescape(re.sub(r"<br>\n?", "\n", block)) for block in blocks) + "\n"


def address(name: str | None, email: str) -> Address:
    """One mailbox; an address that is not one mailbox is refused."""
    try:
        found = Address(display_name=" ".join((name or "").split()), addr_spec=email.strip())
    except (ValueError, IndexError, HeaderParseError):
        raise InputError(f"not an email address fixit can send to: {email!r}") from None
    if not found.username or not found.domain:
        raise InputError(f"not an email address fixit can send to: {email!r}")
    return found


def to_eml(
    draft: Draft, to_name: str, to_email: str | None, from_name: str | None, from_email: str | None, date: datetime
) -> bytes:
    """UTF-8 plain-text message; X-Unsent marks it as a draft for mail clients that honour it."""
    message = EmailMessage()
    if to_email:
        message["To"] = address(to_name, to_email)
    if from_email:
        message["From"] = address(from_name, from_email)
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(date)
    message["X-Unsent"] = "1"
    message.set_content(draft.body, charset="utf-8")
    return bytes(message)


def to_email(
    draft: Draft,
    to: Address,
    sender: Address,
    date: datetime,
    pdf: bytes | None = None,
    pdf_name: str = "letter.pdf",
    html: str | None = None,
) -> EmailMessage:
    """The message as it is sent: a Message-ID of the shop's own domain, the date of sending."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = draft.subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = make_msgid(domain=sender.domain)
    message.set_content(draft.body, charset="utf-8")
    message.add_alternative(html if html is not None else to_html(draft), subtype="html", charset="utf-8")
    if pdf is not None:
        message.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return message
