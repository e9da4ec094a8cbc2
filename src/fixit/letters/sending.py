"""Sending a drafted letter: by email through the shop's mail server, or as a text message through
the shop's own program. A letter is recorded as sent only once the server (or program) took it;
anything else keeps the draft as it was, to send again (`fixit letters --unsent`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.headerregistry import Address

from fixit import clock
from fixit.delivery import password, smtp, textmessage
from fixit.domain.settings import Settings
from fixit.errors import DeliveryError, InputError
from fixit.letters import formats
from fixit.letters.record import Sent, record
from fixit.letters.render import Draft
from fixit.model import Customer, Via
from fixit.storage import Store


@dataclass
class Outgoing:
    """One letter on its way: the draft as the owner approved it, and whose it is."""

    complaint_id: int
    draft: Draft
    customer: Customer
    change_id: int | None = None


def mail_server(settings: Settings) -> smtp.MailServer:
    return smtp.server(
        settings["smtp_host"],
        settings.smtp_port,
        settings["smtp_security"],
        settings["smtp_user"],
        settings.smtp_timeout,
    )


def shop_address(settings: Settings) -> Address:
    if not settings["business_email"]:
        raise InputError("the shop has no email address to send from (business_email)")
    return formats.address(settings["business_name"] or settings.signer or None, settings["business_email"])


def recipient(outgoing: Outgoing) -> Address:
    if not outgoing.customer.email:
        raise InputError(f"{outgoing.customer.name} has no email address on file (customer {outgoing.customer.id})")
    return formats.address(outgoing.customer.name, outgoing.customer.email)


def send_email(
    store: Store,
    settings: Settings,
    outgoing: Outgoing,
    *,
    pdf: bytes | None = None,
    bcc_self: bool = False,
    also: Callable[[], None] | None = None,
) -> str:
    """Send and record the letter; returns its Message-ID. On failure the draft is kept and the
    DeliveryError raised carries the kept draft's number. ``also`` writes more in the record's own
    transaction (`fixit serve`: who sent it, from which device)."""
    server = mail_server(settings)
    sender, to = shop_address(settings), recipient(outgoing)
    message = formats.to_email(
        outgoing.draft, to, sender, clock.now(), pdf=pdf, pdf_name=f"{outgoing.draft.kind}-{outgoing.complaint_id}.pdf"
    )
    recipients = [to.addr_spec] + ([sender.addr_spec] if bcc_self or settings.bcc_self else [])
    secret = password.lookup(server.user, server.host) if server.user else None
    message_id = str(message["Message-ID"])
    _deliver(store, outgoing, Via.email, lambda: smtp.send(server, message, recipients, secret))
    draft = outgoing.draft
    sent = Sent(outgoing.complaint_id, draft.kind, draft.body, outgoing.change_id, Via.email, message_id)
    with store.transaction():
        record(store, [sent])
        if also is not None:
            also()
    return message_id


def phone(outgoing: Outgoing) -> str:
    if not outgoing.customer.phone:
        raise InputError(f"{outgoing.customer.name} has no phone number on file (customer {outgoing.customer.id})")
    return outgoing.customer.phone


def send_text(store: Store, settings: Settings, outgoing: Outgoing) -> None:
    command = settings["sms_command"]
    if not command:
        raise InputError("no text-message program is set up (sms_command)")
    number = phone(outgoing)
    _deliver(store, outgoing, Via.sms, lambda: textmessage.send(command, number, outgoing.draft.body))
    record(store, [Sent(outgoing.complaint_id, outgoing.draft.kind, outgoing.draft.body, outgoing.change_id, Via.sms)])


def _deliver(store: Store, outgoing: Outgoing, via: Via, attempt: Callable[[], None]) -> None:
    try:
        attempt()
    except DeliveryError as failure:
        with store.transaction():
            kept = store.keep_unsent(
                complaint_id=outgoing.complaint_id,
                kind=outgoing.draft.kind,
                via=via,
                subject=outgoing.draft.subject,
                body=outgoing.draft.body,
                failed_at=clock.now(),
                reason=failure.reason,
                change_id=outgoing.change_id,
            )
        raise DeliveryError(failure.reason, kept) from None
