"""Sending letters and the agenda through a real SMTP server on 127.0.0.1 (aiosmtpd), with STARTTLS
or implicit TLS under a throwaway certificate authority (trustme) that only these tests trust
(SSL_CERT_FILE). Nothing here leaves this machine. Messages that arrive are parsed with Python's
`email` package and checked as a mail program would read them."""

from __future__ import annotations

import email
import email.policy
import json
import socket
import ssl
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER, PASSWORD = "rosa@bakery.example", "s3cret-Pa55"


@dataclass
class Inbox:
    """What the server accepted: (envelope sender, envelope recipients, parsed message)."""

    received: list[tuple[str, list[str], email.message.EmailMessage]] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)  # a refusal answered by the server: 535


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def authority(tmp_path_factory):
    ca = trustme.CA()
    folder = tmp_path_factory.mktemp("ca")
    ca.cert_pem.write_to_path(str(folder / "ca.pem"))
    return ca, folder / "ca.pem"


def _server_context(ca) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def _serve(authority, monkeypatch, **tls):
    """A server on a free port of 127.0.0.1 that needs a login, its certificate from the test CA,
    which fixit is made to trust (and nothing else does)."""
    ca, pem = authority
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_required=True,
        **{key: _server_context(ca) if value is True else value for key, value in tls.items()},
    )
    controller.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(pem))
    return controller, inbox, port


@pytest.fixture
def mailserver(authority, monkeypatch):
    """STARTTLS, and a login only after it."""
    controller, inbox, port = _serve(
        authority, monkeypatch, tls_context=True, require_starttls=True, auth_require_tls=True
    )
    yield inbox, port
    controller.stop()


@pytest.fixture
def implicit_tls_server(authority, monkeypatch):
    """TLS from the first byte (port 465 style)."""
    controller, inbox, port = _serve(authority, monkeypatch, ssl_context=True, auth_require_tls=False)
    yield inbox, port
    controller.stop()


def set_up_mail(shop, port: int, security: str = "starttls", password: str | None = PASSWORD) -> None:
    for key, value in (
        ("business_name", "Rosa's Bakery"),
        ("owner_name", "Rosa Marquez"),
        ("business_email", "rosa@bakery.example"),
        ("smtp_host", "127.0.0.1"),
        ("smtp_port", str(port)),
        ("smtp_security", security),
        ("smtp_user", USER),
        ("smtp_timeout", "3"),
    ):
        shop.ok("config", "set", key, value)
    if password is not None:
        shop.monkeypatch.setenv("FIXIT_SMTP_PASSWORD", password)


def complaint_with_email(shop) -> str:
    return str(
        shop.log(
            "Dana Reyes",
            "Charged twice for the cake",
            "--email",
            "dana@example.com",
            "--phone",
            "555-0142",
            "--about",
            "the double charge for your cake",
            "--went-wrong",
            "you were charged twice for your cake",
        )
    )


def test_a_letter_is_sent_as_a_proper_message_and_recorded_with_its_message_id(shop, mailserver):
    inbox, port = mailserver
    set_up_mail(shop, port)
    n = complaint_with_email(shop)
    result = shop.run("letter", n, "apology", "--send", "--yes", "--attach-pdf", "--bcc-self")
    assert result.exit_code == 0, result.stderr
    assert "Hello Dana," in result.stdout  # the draft was shown before it went
    [(sender, recipients, message)] = inbox.received
    assert sender == "rosa@bakery.example"
    assert recipients == ["dana@example.com", "rosa@bakery.example"]  # the blind copy is in the envelope only
    assert message["Bcc"] is None
    assert str(message["From"]) == "Rosa's Bakery <rosa@bakery.example>"
    assert str(message["To"]) == "Dana Reyes <dana@example.com>"
    assert message["Subject"] and message["Date"] == "Mon, 23 Nov 2026 09:00:00 +0000"
    message_id = message["Message-ID"]
    assert message_id.endswith("@bakery.example>")
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert plain.startswith("Hello Dana,") and "<p>" in html and "Dana" in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content().startswith(b"%PDF")
    assert f"(Message-ID {message_id})" in result.stderr
    assert message_id in shop.ok("show", n)
    letters = json.loads(shop.ok("letters", "--json"))
    assert [(x["kind"], x["via"], x["message_id"]) for x in letters] == [("apology", "email", message_id)]
    assert PASSWORD not in result.stdout + result.stderr


def test_implicit_tls_sends_too(shop, implicit_tls_server):
    inbox, port = implicit_tls_server
    set_up_mail(shop, port, security="tls")
    n = complaint_with_email(shop)
    shop.ok("letter", n, "--send", "--yes")
    assert [r for _, r, _ in inbox.received] == [["dana@example.com"]]


def test_without_yes_the_owner_is_asked_and_a_no_sends_nothing(shop, mailserver):
    inbox, port = mailserver
    set_up_mail(shop, port)
    n = complaint_with_email(shop)
    result = shop.run("letter", n, "--send", input="n\n")
    assert result.exit_code == 1
    assert "Send this apology letter to Dana Reyes <dana@example.com>?" in result.stderr
    assert inbox.received == []
    assert shop.query("SELECT count(*) FROM letters") == [(0,)]
    shop.ok("letter", n, "--send", input="y\n")
    assert len(inbox.received) == 1


def failed_send(shop, n: str) -> str:
    """A send that fails: one error line naming the reason, nothing recorded as sent, the draft kept."""
    line = shop.fails("letter", n, "--send", "--yes", code=1)
    assert shop.query("SELECT count(*) FROM letters") == [(0,)]
    assert "nothing was recorded as sent; the letter is kept as U" in line
    assert shop.query("SELECT count(*) FROM unsent") == [(1,)]
    return line


def test_a_wrong_password_is_one_line_and_keeps_the_draft(shop, mailserver):
    inbox, port = mailserver
    set_up_mail(shop, port, password="not-it")
    n = complaint_with_email(shop)
    line = failed_send(shop, n)
    assert f"refused the login for {USER} (535" in line
    assert "not-it" not in line
    unsent = json.loads(shop.ok("letters", "--unsent", "--json"))
    assert [(u["id"], u["kind"], u["via"]) for u in unsent] == [(1, "apology", "email")]
    assert unsent[0]["body"].startswith("Hello Dana,")
    # once the password is right, the kept letter goes as it was, and is no longer listed as unsent
    shop.monkeypatch.setenv("FIXIT_SMTP_PASSWORD", PASSWORD)
    shop.ok("letter", "--unsent", "U1", "--yes")
    assert inbox.received[0][2].get_body(("plain",)).get_content().replace("\r\n", "\n") == unsent[0]["body"]
    assert "No unsent letters" in shop.ok("letters", "--unsent")
    assert shop.query("SELECT kind, via FROM letters") == [("apology", "email")]


def test_a_refused_recipient_is_named(shop, mailserver):
    inbox, port = mailserver
    inbox.refuse.add("dana@example.com")
    set_up_mail(shop, port)
    line = failed_send(shop, complaint_with_email(shop))
    assert "the mail server refused dana@example.com (550 5.1.1 No such mailbox here)" in line


def test_a_server_that_is_down_is_named(shop):
    set_up_mail(shop, free_port())  # nothing listens there
    line = failed_send(shop, complaint_with_email(shop))
    assert "cannot reach the mail server 127.0.0.1:" in line and "connection refused" in line


def test_a_server_that_hangs_times_out(shop):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(listener.accept()[0]), daemon=True).start()
    try:
        set_up_mail(shop, listener.getsockname()[1])
        shop.ok("config", "set", "smtp_timeout", "1")
        line = failed_send(shop, complaint_with_email(shop))
        assert "did not answer within 1 s" in line
    finally:
        for connection in accepted:
            connection.close()
        listener.close()


def test_an_untrusted_certificate_is_refused(shop, mailserver, monkeypatch, tmp_path):
    inbox, port = mailserver
    set_up_mail(shop, port)
    other = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other))
    monkeypatch.setenv("SSL_CERT_FILE", str(other))
    line = failed_send(shop, complaint_with_email(shop))
    assert "certificate that could not be trusted" in line
    assert inbox.received == []


def test_sending_needs_a_mail_server_an_address_and_a_customer_email(shop):
    n = str(shop.log("Lee Park", "Waited forty minutes"))
    assert "no mail server is set up; set it once: `fixit config set smtp_host" in shop.fails(
        "letter", n, "--send", "--yes", code=1
    )
    shop.ok("config", "set", "smtp_host", "127.0.0.1")
    assert "the shop has no email address to send from" in shop.fails("letter", n, "--send", "--yes")
    shop.ok("config", "set", "business_email", "rosa@bakery.example")
    assert "Lee Park has no email address on file" in shop.fails("letter", n, "--send", "--yes")
    assert "--yes goes with --send" in shop.fails("letter", n, "--yes")
    assert "leave out --record" in shop.fails("letter", n, "--send", "--record")
    assert shop.query("SELECT count(*) FROM unsent") == [(0,)]


def test_the_draft_checker_stops_a_flawed_letter_unless_forced(shop, mailserver):
    inbox, port = mailserver
    set_up_mail(shop, port)
    n = complaint_with_email(shop)
    templates = shop.home / "templates"
    templates.mkdir()
    (templates / "apology.txt.j2").write_text(
        "Subject: Sorry\n\nHello {{ customer.first_name }},\n\nWe are sorry., It was our fault.\n\nRosa\n",
        encoding="utf-8",
    )
    result = shop.run("letter", n, "--send", "--yes")
    assert result.exit_code == 1
    assert "fixit: warning: draft checker: the letter has doubled or clashing punctuation: '.,'" in result.stderr
    assert "not sent: the draft checker found 1 problem(s)" in result.stderr
    assert inbox.received == []
    shop.ok("letter", n, "--send", "--yes", "--force")
    assert len(inbox.received) == 1


def test_the_password_comes_from_the_keyring(shop, mailserver, tmp_path, monkeypatch):
    inbox, port = mailserver
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("FIXIT_ALLOW_FILE_KEYRING", "1")  # the suite's knowing opt-in: no real keyring here
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    set_up_mail(shop, port, password=None)
    monkeypatch.delenv("FIXIT_SMTP_PASSWORD", raising=False)
    result = shop.run("config", "set-password", input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    assert f"Password for {USER} on 127.0.0.1 kept in the system keyring (PlaintextKeyring)" in result.stdout
    assert PASSWORD not in shop.dump()  # never in the database
    assert list((tmp_path / "data").rglob("*.cfg"))  # the file keyring holds it
    shop.ok("letter", complaint_with_email(shop), "--send", "--yes")
    assert len(inbox.received) == 1


def test_a_text_message_goes_through_the_shops_own_program(shop, tmp_path):
    log = tmp_path / "sent.txt"
    script = tmp_path / "send-sms.py"
    script.write_text("import sys\nopen(sys.argv[1], 'a').write(sys.argv[-1] + '|' + sys.stdin.read())\n")
    shop.ok("config", "set", "business_name", "Rosa's Bakery")
    shop.ok("config", "set", "owner_name", "Rosa")
    shop.ok("config", "set", "sms_command", f"{sys.executable} {script} {log}")
    n = complaint_with_email(shop)
    result = shop.run("letter", n, "--format", "sms", "--send", "--yes")
    assert result.exit_code == 0, result.stderr
    number, text = log.read_text().split("|", 1)
    assert number == "555-0142"
    assert text == "Hello Dana, I'm so sorry that you were charged twice for your cake. - Rosa, Rosa's Bakery\n"
    assert shop.query("SELECT kind, via FROM letters") == [("apology", "sms")]
    # a program that fails: one line, nothing recorded as sent, the text kept
    shop.ok("config", "set", "sms_command", f"{sys.executable} -c \"import sys; sys.exit('gateway down')\"")
    line = shop.fails("letter", n, "--format", "sms", "--send", "--yes", code=1)
    assert "the text-message program stopped with exit code 1: gateway down" in line
    assert shop.query("SELECT count(*) FROM letters") == [(1,)]
    assert json.loads(shop.ok("letters", "--unsent", "--json"))[0]["via"] == "sms"


def test_the_morning_agenda_comes_by_mail(shop, mailserver):
    inbox, port = mailserver
    set_up_mail(shop, port)
    shop.ok("config", "set", "owner_email", "rosa.home@example.com")
    assert shop.ok("due", "--mail") == ""  # nothing due: nothing sent, nothing said
    assert inbox.received == []
    shop.ok("due", "--mail", "--always")
    assert "Nothing due today" in inbox.received[0][2].get_body(("plain",)).get_content()
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    shop.log("Dana Reyes", "The cake was dry", "--phone", "555-0142")
    assert shop.ok("due", "--mail") == ""  # quiet for cron: success prints nothing when piped
    _, recipients, message = inbox.received[-1]
    assert recipients == ["rosa.home@example.com"]
    assert message["Subject"] == "fixit: 3 thing(s) due Monday 23 November, 1 emergency"
    plain = message.get_body(("plain",)).get_content()
    assert "Emergencies (1)" in plain and "fixit show 2" in plain
    html = message.get_body(("html",)).get_content()
    assert "<h2>Emergencies (1)</h2>" in html


def test_setting_checks(shop):
    assert "smtp_security is one of starttls, tls, none" in shop.fails("config", "set", "smtp_security", "ssl")
    assert "smtp_port is a whole number from 1 to 65535" in shop.fails("config", "set", "smtp_port", "99999")
    assert "bcc_self is yes or no" in shop.fails("config", "set", "bcc_self", "maybe")
    assert "--always goes with --mail" in shop.fails("due", "--always")


@pytest.mark.parametrize("bad", ["x>,victim@evil.com", "a@b, c@d"])
def test_a_customer_address_is_one_mailbox_or_refused(shop, bad, tmp_path):
    """Headers are built from address objects: no address can smuggle in a second recipient."""
    n = str(shop.log("Dana", "Late"))
    shop.query("UPDATE customers SET email = ? WHERE id = 1", bad)
    out = tmp_path / "d.eml"
    result = shop.run("letter", n, "--format", "eml", "--out", str(out))
    if result.exit_code == 0:
        message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
        assert len(message["To"].addresses) == 1
    else:
        assert "not an email address fixit can send to" in result.stderr
    assert Path(out).exists() == (result.exit_code == 0)
