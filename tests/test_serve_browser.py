"""`fixit serve` in a real browser: Debian's chromium driven by Playwright, against `fixit serve` started
as a real process on a free port of 127.0.0.1, on the real store (SQLite and PostgreSQL), sending
to the real SMTP test server. A tablet (1024×768, touch) logs a complaint and acts on the agenda;
the owner's phone (390×844) enrols the tablet, previews and sends a letter. Two tablets logging the
same new customer at once make one customer, and the second is told.

Each page is saved as a screenshot (in the test's temp folder; FIXIT_SCREENSHOTS=docs/img writes
the ones the documentation shows)."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import test_sending
from test_sending import authority, free_port, set_up_mail  # noqa: F401  (authority: a fixture mailserver needs)

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"
TABLET = {"viewport": {"width": 1024, "height": 768}, "has_touch": True}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}

mailserver = test_sending.mailserver  # a real SMTP server on 127.0.0.1

# One worker runs the whole file, with one chromium (the rest of the suite is shared out test by test).
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (.ci/run does)"),
    pytest.mark.xdist_group("browser"),
]


@pytest.fixture(scope="module")
def browser_once():
    """One browser for the file: launching it cost a second or two a test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def chromium(browser_once):
    """The browser, for one test: its pages are in contexts of their own (no cookies or storage
    shared), closed after it."""
    yield browser_once
    for context in browser_once.contexts:
        context.close()


@pytest.fixture
def serve(shop, mailserver):
    """`fixit serve` as a shop owner starts it, once the owner's password and the mail server are set."""
    _, port = mailserver
    set_up_mail(shop, port)
    web_port = free_port()
    with serving(shop, web_port):
        yield f"http://127.0.0.1:{web_port}"


def _wait_until_listening(process: subprocess.Popen, port: int) -> None:
    """Until the port takes a connection (or the process has stopped, which fails the test)."""
    while True:
        assert process.poll() is None, process.communicate()
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            with contextlib.suppress(subprocess.TimeoutExpired):  # waits on the process: back at once if it stops
                process.wait(timeout=0.1)


@contextlib.contextmanager
def serving(fixit, port: int, *options: str) -> Iterator[subprocess.Popen]:
    """`fixit serve` (with ``options``, e.g. --lan) as a real process on loopback (tests listen nowhere
    else), with the owner's password set; yields the process once it takes connections, and checks it
    stopped without a traceback. The process's output is on ``process.out`` after the block."""
    fixit.ok("serve", "--set-password", input=PASSWORD + "\n")
    process = subprocess.Popen(
        [sys.executable, "-m", "fixit", "serve", *options, "--port", str(port)],
        env=dict(os.environ),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_listening(process, port)
        yield process
    finally:
        process.terminate()
        out, errors = process.communicate(timeout=60)
        process.out = out  # type: ignore[attr-defined]
    assert "Traceback" not in errors, errors


def serving_lan(fixit, port: int) -> contextlib.AbstractContextManager[subprocess.Popen]:
    return serving(fixit, port, "--lan", "--host", "127.0.0.1")


@pytest.fixture
def shots(tmp_path, request):
    """``shot(page, name)`` saves the page as a screenshot and checks it is not blank: on the SQLite
    run (the pages are the same on PostgreSQL, and a full-page screenshot costs a quarter second)."""
    folder = Path(os.environ.get("FIXIT_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    again = getattr(request.node, "callspec", None) and request.node.callspec.params.get("store") == "postgres"

    def shot(page, name: str) -> Path:
        path = folder / f"{name}.png"
        if again:
            return path
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5_000  # a page, not a blank
        return path

    return shot


def _owner(browser, url: str, **device):
    context = browser.new_context(**device)
    page = context.new_page()
    page.goto(f"{url}/login")
    page.fill("input[name=password]", PASSWORD)
    page.tap("button:has-text('Sign in as the owner')")
    page.wait_for_url(f"{url}/agenda")
    return page


def _enrolled_tablet(browser, url: str, shot=None):
    """The owner makes a code on the phone; the tablet is enrolled with it; Sam signs in with a PIN."""
    phone = _owner(browser, url, **PHONE)
    phone.tap("nav >> text=Staff")
    phone.fill("input[name=name]", "Sam")
    phone.fill("input[name=pin]", "4821")
    phone.tap("button:has-text('Add, or set a new PIN')")
    phone.fill("input[name=device]", "Counter tablet")
    phone.tap("button:has-text('Make an enrolment code')")
    code = phone.inner_text("[aria-label='enrolment code']").strip()
    if shot:
        shot(phone, "phone-staff-enrolment-code")
    tablet = browser.new_context(**TABLET).new_page()
    tablet.goto(f"{url}/enrol")
    tablet.fill("input[name=code]", code)
    if shot:
        shot(tablet, "tablet-enrol")
    tablet.tap("button:has-text('Enrol')")
    tablet.wait_for_url(f"{url}/login")
    tablet.tap("label.choice:has-text('Sam')")
    tablet.fill("input[name=pin]", "4821")
    if shot:
        shot(tablet, "tablet-pin")
    tablet.tap("form:has(input[name=pin]) >> button")
    tablet.wait_for_url(f"{url}/agenda")
    return phone, tablet


def test_a_tablet_logs_a_complaint_and_acts_on_the_agenda(shop, serve, chromium, shots, mailserver):
    url = serve
    shop.log("Dana Reyes", "Charged twice for the cake", "--phone", "555-0142")
    phone, tablet = _enrolled_tablet(chromium, url, shots)

    tablet.tap("nav >> text=Log")
    tablet.fill("input[name=name]", "Dana Reyes")
    tablet.fill("input[name=phone]", "555-0142")
    tablet.wait_for_selector("#match .banner")  # the live match: she complained before
    assert "Dana Reyes has complained before" in tablet.inner_text("#match")
    tablet.fill("input[name=email]", "dana@example.com")
    tablet.fill("textarea[name=summary]", "The replacement cake was late too")
    tablet.fill("input[name=went_wrong]", "your replacement cake arrived late")
    tablet.tap("label.toggle:has-text('We apologized')")
    tablet.tap("summary:has-text('We promised something')")
    tablet.fill("input[name=promise]", "Deliver a new cake")
    tablet.fill("input[name=tell]", "bring you a new cake this afternoon")
    tablet.tap("label.choice:has-text('Today')")
    tablet.tap("summary:has-text('We made amends')")
    tablet.select_option("select[name=amend]", "coupon")
    tablet.fill("input[name=amend_value]", "10")
    tablet.fill("input[name=amend_expires]", "+30d")
    tablet.tap("label.toggle:has-text('Handed over now')")
    shots(tablet, "tablet-log")
    tablet.tap("button:has-text('Log it')")
    tablet.wait_for_selector("text=Logged #2")
    code = tablet.inner_text("[aria-label='coupon code']").strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)
    assert "treat it as an emergency" in tablet.inner_text("main")
    shots(tablet, "tablet-logged")
    shown = shop.ok("show", "2")
    assert "The replacement cake was late too" in shown and code in shown
    assert "By Sam on Counter tablet (fixit serve)" in shown

    with tablet.expect_navigation(url=f"{url}/agenda"):  # read the agenda, not the page it leaves
        tablet.tap("nav >> text=Today")
    shots(tablet, "tablet-agenda")
    headings = [h.strip().split(" (")[0] for h in tablet.locator("main h2").all_inner_texts()]
    cli = [
        line.split(" (")[0].strip()
        for line in shop.ok("due").splitlines()
        if line.strip() and not line.startswith((" ", "Due "))
    ]
    assert headings == cli
    with tablet.expect_navigation(url=f"{url}/agenda"):
        tablet.tap(".apology .item:has-text('Charged twice') >> text=Apologized")
    assert "Not yet apologized" not in tablet.inner_text("main")
    assert "Apologized" in shop.ok("show", "1")
    with tablet.expect_navigation(url=f"{url}/agenda"):
        tablet.tap(".due-today .item:has-text('Deliver a new cake') >> text=Kept")  # the promise, kept
    assert "Deliver a new cake" not in tablet.inner_text("main")
    assert "kept" in shop.ok("show", "2")
    shots(tablet, "tablet-agenda-done")

    with phone.expect_navigation(url=f"{url}/agenda"):
        phone.tap("nav >> text=Today")
    shots(phone, "phone-agenda")
    phone.goto(f"{url}/complaints/2")
    shots(phone, "phone-complaint")
    phone.goto(f"{url}/complaints/2/letter?kind=apology")
    shots(phone, "phone-letter")
    phone.tap("button:has-text('Send')")
    phone.wait_for_selector("text=Sent to")
    inbox, _ = mailserver
    [(_, recipients, message)] = inbox.received
    assert recipients == ["dana@example.com"]
    assert "your replacement cake" in message.get_body(("plain",)).get_content()

    phone.tap("nav >> text=Log")  # the phone logs too
    phone.fill("input[name=name]", "Ann Lee")
    phone.fill("textarea[name=summary]", "Cold soup")
    shots(phone, "phone-log")
    phone.tap("button:has-text('Log it')")
    phone.wait_for_selector("text=Logged #3")
    phone.tap("text=We apologized just now")
    phone.wait_for_url(f"{url}/complaints/3")
    assert "Apologized" in shop.ok("show", "3")


def test_two_tablets_log_the_same_new_customer_at_once(shop, serve, chromium):
    url = serve
    _, first = _enrolled_tablet(chromium, url)
    second = _owner(chromium, url, **TABLET)
    for page in (first, second):
        page.goto(f"{url}/log")
        page.fill("input[name=name]", "Eve Novak")
        page.fill("input[name=phone]", "555-0177")
        page.fill("textarea[name=summary]", "Wrong order")
    for page in (first, second):  # both sent before either answer is read
        page.evaluate("document.querySelector('form.log').requestSubmit()")
    for page in (first, second):
        page.wait_for_selector("text=/Logged #\\d/")
    assert shop.query("SELECT count(*) FROM customers WHERE name = 'Eve Novak'") == [(1,)]
    told = [page.inner_text("main") for page in (first, second)]
    assert sum("new customer" in text for text in told) == 1
    assert sum("matched by phone" in text and "treat it as an emergency" in text for text in told) == 1


def test_the_trust_page_shows_a_qr_code_a_tablet_opens_it_with(cli, chromium, shots):
    """`fixit serve --lan` (on loopback: tests listen nowhere else): the shop's computer shows /trust with
    the QR code of its address; the tablet, before it trusts the shop's authority, opens that address."""
    port = free_port()
    with serving_lan(cli, port):
        address = f"https://127.0.0.1:{port}/trust"
        computer = chromium.new_context(viewport={"width": 1280, "height": 900}, ignore_https_errors=True).new_page()
        computer.goto(address)
        code = computer.locator("figure.qr-code svg")
        box = code.bounding_box()
        assert box and box["width"] >= 150 and abs(box["width"] - box["height"]) < 2  # big and square on screen
        assert computer.inner_text(".qr-address") == address
        shots(computer, "computer-trust-qr")
        tablet = chromium.new_context(**TABLET, ignore_https_errors=True).new_page()  # the warning, gone past once
        tablet.goto(address)
        assert "Download the shop's certificate" in tablet.inner_text("main")
