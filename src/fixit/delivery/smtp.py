"""Sending one message through the shop's mail server, or saying in one line why it did not go.

The certificate is checked against the system's trust store (``ssl.create_default_context``, which
honours SSL_CERT_FILE); a login is never sent over a connection that is not encrypted unless the
server is on this machine.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage

from fixit.errors import DeliveryError, MailNotConfigured

LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    security: str  # starttls, tls or none
    user: str
    timeout: int

    @property
    def named(self) -> str:
        return f"{self.host}:{self.port}"


def server(host: str, port: int, security: str, user: str, timeout: int) -> MailServer:
    if not host:
        raise MailNotConfigured()
    return MailServer(host, port, security, user, timeout)


def send(mail: MailServer, message: EmailMessage, recipients: list[str], password: str | None) -> None:
    """Hand the message to the server for ``recipients`` (the envelope: a blind copy is a recipient
    with no header). Raises DeliveryError, naming the reason, if the server did not take it whole."""
    context = ssl.create_default_context()
    try:
        client = (
            smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout, context=context)
            if mail.security == "tls"
            else smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
        )
        with client:
            if mail.security == "starttls":
                client.starttls(context=context)
            if mail.user:
                if mail.security == "none" and mail.host not in LOCAL_HOSTS:
                    raise DeliveryError(
                        f"fixit will not send the password for {mail.user} to {mail.named} "
                        "unencrypted: set smtp_security to starttls or tls"
                    )
                if not password:
                    raise DeliveryError(f"no password for {mail.user} on {mail.named}")
                _log_in(client, mail.user, password)
            refused = client.send_message(message, to_addrs=recipients)
            if refused:
                raise DeliveryError("the mail server refused " + ", ".join(_refusal(a, r) for a, r in refused.items()))
    except DeliveryError:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryError(
            f"the mail server {mail.named} refused the login for {mail.user} "
            f"({_said(error.smtp_code, error.smtp_error)})"
        ) from None
    except smtplib.SMTPRecipientsRefused as error:
        raise DeliveryError(
            "the mail server refused "
            + ", ".join(_refusal(address, reply) for address, reply in error.recipients.items())
        ) from None
    except smtplib.SMTPSenderRefused as error:
        raise DeliveryError(
            f"the mail server refused the sender {error.sender} ({_said(error.smtp_code, error.smtp_error)})"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryError(
            f"the mail server {mail.named} does not offer what was asked "
            "(STARTTLS or a login): check smtp_security and smtp_port"
        ) from None
    except TimeoutError:
        raise DeliveryError(f"the mail server {mail.named} did not answer within {mail.timeout} s") from None
    except ssl.SSLCertVerificationError as error:
        raise DeliveryError(
            f"the mail server {mail.named} showed a certificate that could not be trusted ({error.verify_message})"
        ) from None
    except ssl.SSLError as error:
        raise DeliveryError(
            f"no secure connection to {mail.named} ({error.reason or error}): check smtp_security and smtp_port"
        ) from None
    except smtplib.SMTPServerDisconnected as error:
        if "timed out" in str(error):  # smtplib reports a read that timed out as a hang-up
            raise DeliveryError(f"the mail server {mail.named} did not answer within {mail.timeout} s") from None
        raise DeliveryError(f"the mail server {mail.named} closed the connection") from None
    except smtplib.SMTPResponseException as error:
        raise DeliveryError(f"the mail server {mail.named} said {_said(error.smtp_code, error.smtp_error)}") from None
    except ConnectionRefusedError:
        raise DeliveryError(f"cannot reach the mail server {mail.named}: connection refused") from None
    except socket.gaierror:
        raise DeliveryError(f"cannot find the mail server {mail.host}: check smtp_host") from None
    except (OSError, smtplib.SMTPException) as error:
        raise DeliveryError(
            f"cannot reach the mail server {mail.named}: {getattr(error, 'strerror', None) or error}"
        ) from None


def _log_in(client: smtplib.SMTP, user: str, password: str) -> None:
    """One mechanism, PLAIN or LOGIN when offered (both safe inside TLS): smtplib's login() tries
    every mechanism in turn, and a server that hangs up after the first refusal would hide why."""
    client.ehlo_or_helo_if_needed()
    offered = client.esmtp_features.get("auth", "").upper().split()
    mechanism = next((m for m in ("PLAIN", "LOGIN") if m in offered), None)
    if mechanism is None:
        client.login(user, password)
        return
    client.user, client.password = user, password
    answer = client.auth_plain if mechanism == "PLAIN" else client.auth_login
    client.auth(mechanism, answer)


def _said(code: int, text: bytes | str) -> str:
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(words.split())}"


def _refusal(address: str, reply: tuple[int, bytes]) -> str:
    return f"{address} ({_said(*reply)})"
