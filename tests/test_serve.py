"""`fixit serve` through Starlette's TestClient: every page on the real store (SQLite and PostgreSQL),
the same domain functions as the CLI (what the app does, `fixit show` and `fixit due` see), and the
refusals: no session, a wrong password or PIN, a lock-out, a missing or wrong CSRF token, a member
of staff trying the owner's pages, HTML in every field, a field of a megabyte."""

from __future__ import annotations

import re

import pytest
import test_sending
from starlette.testclient import TestClient
from test_sending import authority, set_up_mail  # noqa: F401  (authority: a fixture mailserver needs)

from fixit.domain import access
from fixit.storage import open_store
from fixit.web.app import create_app

PASSWORD = "correct horse battery"
KEY = "k" * 48


class Tablet:
    """One browser: its cookies, and the CSRF token of the last page it read."""

    def __init__(self, shop, tls: bool = False):
        self.shop = shop
        self.client = TestClient(
            create_app(shop.url or shop.db, key=KEY, tls=tls),
            base_url="https://testserver" if tls else "http://testserver",
            follow_redirects=False,
        )
        self.client.__enter__()
        self.csrf = ""

    def get(self, path: str, status: int = 200) -> str:
        response = self.client.get(path)
        assert response.status_code == status, (path, response.status_code, response.text[-800:])
        found = re.search(r'name="csrf" value="([^"]+)"', response.text)
        if found:
            self.csrf = found.group(1)
        return response.text

    def post(self, path: str, data: dict[str, str], status: int = 303, csrf: str | None = None):
        response = self.client.post(path, data={"csrf": self.csrf if csrf is None else csrf, **data})
        assert response.status_code == status, (path, response.status_code, response.text[-800:])
        found = re.search(r'name="csrf" value="([^"]+)"', response.text)
        if found:
            self.csrf = found.group(1)
        return response

    def owner(self) -> Tablet:
        self.get("/login")
        self.post("/login", {"who": "owner", "password": PASSWORD})
        self.get("/log")
        return self

    def log(self, **fields: str):
        form = {"channel": "counter", "by": "tomorrow", **fields}
        return self.post("/log", form, status=200)

    def close(self) -> None:
        self.client.__exit__(None, None, None)


@pytest.fixture
def web(shop):
    store = open_store(shop.url or shop.db)
    try:
        access.set_owner_password(store, PASSWORD)
    finally:
        store.close()
    opened: list[Tablet] = []

    def tablet(tls: bool = False) -> Tablet:
        opened.append(Tablet(shop, tls))
        return opened[-1]

    yield tablet
    for one in opened:
        one.close()


def no_trace(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text


# refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/agenda"),
        ("GET", "/log"),
        ("GET", "/complaints/1"),
        ("GET", "/search?q=x"),
        ("GET", "/staff"),
        ("GET", "/log/match?name=x"),
        ("POST", "/log"),
        ("POST", "/complaints/1/apologize"),
        ("POST", "/promises/1/keep"),
        ("GET", "/complaints/1/letter"),
    ],
)
def test_every_page_needs_a_login(shop, web, method, path):
    shop.log()
    before = shop.dump()
    tablet = web()
    response = tablet.client.request(method, path, data={"name": "x", "summary": "y"} if method == "POST" else None)
    assert response.status_code == 303 and response.headers["location"] == "/login"
    assert shop.dump() == before


def test_a_wrong_password_is_refused_and_five_lock_the_owner_out(shop, web):
    tablet = web()
    tablet.get("/login")
    for _ in range(4):
        page = tablet.post("/login", {"who": "owner", "password": "wrong password!"}, status=401).text
        assert "wrong password" in page
    page = tablet.post("/login", {"who": "owner", "password": "wrong password!"}, status=401).text
    assert "locked until" in page
    page = tablet.post("/login", {"who": "owner", "password": PASSWORD}, status=401).text  # even the right one
    assert "locked until" in page
    tablet.get("/agenda", status=303)
    shop.at("2026-11-23T09:16:00")  # the lock-out is over
    tablet.post("/login", {"who": "owner", "password": PASSWORD})
    tablet.get("/agenda")


@pytest.mark.parametrize("token", ["", "forged-token"])
def test_a_form_without_the_right_csrf_token_changes_nothing(shop, web, token):
    tablet = web().owner()
    n = shop.log()
    before = shop.dump()
    for path, data in (
        ("/log", {"name": "Ann", "summary": "Cold"}),
        (f"/complaints/{n}/apologize", {}),
        ("/staff", {"action": "pin", "name": "Sam", "pin": "1234"}),
    ):
        page = tablet.post(path, data, status=403, csrf=token).text
        assert "Nothing was saved" in page
    assert shop.dump() == before


def test_a_login_form_needs_its_csrf_token_too(shop, web):
    tablet = web()
    tablet.get("/login")
    tablet.post("/login", {"who": "owner", "password": PASSWORD}, status=403, csrf="")
    tablet.get("/agenda", status=303)


def test_html_in_every_field_is_shown_as_text(shop, web):
    tablet = web().owner()
    evil = "<script>alert(1)</script>"
    page = tablet.log(
        name=f"Dana {evil}",
        email="dana@example.com",
        summary=f"Cake {evil}",
        went_wrong=f"your cake {evil} was late",
        promise=f"Refund {evil}",
        tell=f"refund you {evil}",
        amend="gift",
        amend_note=evil,
        amend_now="yes",
    ).text
    assert "Logged #1" in page
    for path in ("/complaints/1", "/agenda", "/search?q=cake", "/log/match?name=Dana+" + evil, "/complaints/1/letter"):
        text = tablet.get(path)
        assert "<script>alert" not in text, path
    assert "&lt;script&gt;" in tablet.get("/complaints/1")
    text = tablet.get("/search?q=" + evil)  # the query itself, echoed back
    assert "<script>alert" not in text


def test_a_field_of_a_megabyte_is_refused_and_nothing_saved(shop, web):
    tablet = web().owner()
    before = shop.dump()
    response = tablet.client.post("/log", data={"csrf": tablet.csrf, "name": "Ann", "summary": "x" * 1_000_000})
    assert response.status_code == 413
    assert "Nothing was saved" in response.text
    no_trace(response.text)
    assert shop.dump() == before


def test_a_long_field_under_the_limit_gets_the_validators_words(shop, web):
    tablet = web().owner()
    page = tablet.post("/log", {"name": "Ann", "summary": "x" * 20_000}, status=400).text
    assert "what went wrong is too long" in page
    no_trace(page)


def test_errors_are_pages_in_words_never_a_traceback(shop, web):
    tablet = web().owner()
    for path, status, words in (
        ("/complaints/99", 404, "no complaint #99"),
        ("/nowhere", 404, "nothing here"),
        ("/complaints/abc", 400, "complaint"),
        ("/complaints/99/letter", 404, "#99"),
    ):
        text = tablet.get(path, status=status)
        assert words in text, (path, text[-500:])
        no_trace(text)
    page = tablet.post("/log", {"name": "", "summary": "Cold"}, status=400).text
    assert "the customer&#39;s name is empty" in page
    no_trace(page)


def test_the_session_cookie_is_signed_httponly_strict_and_secure_under_tls(shop, web):
    plain = web()
    plain.get("/login")
    cookie = plain.post("/login", {"who": "owner", "password": PASSWORD}).headers["set-cookie"]
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower() and "secure" not in cookie.lower()
    assert "Max-Age=43200" in cookie
    secure = web(tls=True)
    secure.get("/login")
    cookie = secure.post("/login", {"who": "owner", "password": PASSWORD}).headers["set-cookie"]
    assert "secure" in cookie.lower()
    forged = web()
    forged.client.cookies.set("fixit_session", cookie.split(";")[0].split("=", 1)[1][:-4] + "AAAA")
    forged.get("/agenda", status=303)


# the counter and the agenda -----------------------------------------------------------------------


def test_a_complaint_logged_on_the_tablet_is_the_one_fixit_log_records(shop, web):
    shop.ok("till", "--location", "Main Street")
    tablet = web().owner()
    page = tablet.log(
        name="Dana Reyes",
        phone="555-0142",
        summary="Charged twice",
        apologized="yes",
        promise="Refund the second charge",
        tell="refund the second charge",
        by="friday",
        amend="coupon",
        amend_value="10",
        amend_expires="+30d",
        amend_now="yes",
    ).text
    code = re.search(r'class="coupon"[^>]*>([A-Z0-9-]+)<', page).group(1)
    shown = shop.ok("show", "1")
    assert "Charged twice" in shown and "Refund the second charge" in shown and code in shown
    assert "By the owner (fixit serve)" in shown
    assert shop.query("SELECT location FROM complaints") == [("Main Street",)]
    page = tablet.log(name="Dana Reyes", phone="555-0142", summary="Late again").text
    assert "treat it as an emergency" in page and "matched by phone" in page
    assert "Emergencies" in shop.ok("due")


def test_an_amend_given_on_the_log_form_is_noted_with_who_gave_it(shop, web):
    """The amend is a change of its own (one over the staff limit must not undo the complaint), so
    it carries its own note of who gave it, written in its own transaction."""
    tablet = web().owner()
    tablet.log(name="Dana Reyes", summary="Charged twice", amend="gift", amend_note="a cake", amend_now="yes")
    history = shop.query("SELECT kind FROM events WHERE complaint_id = 1 ORDER BY id")
    amend_at = next(i for i, (kind,) in enumerate(history) if kind.startswith("amend"))
    assert ("web",) in history[amend_at + 1 :], history


def test_the_live_match_shows_the_repeat_banner_at_once(shop, web):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    tablet = web().owner()
    hint = tablet.get("/log/match?name=D&phone=555-0142")
    assert "Dana Reyes has complained before" in hint and "#1" in hint
    assert tablet.get("/log/match?name=Nobody+Here").strip() == ""


def test_two_customers_of_one_name_are_asked_about_not_guessed(shop, web):
    shop.log("Dana Reyes", "One", "--phone", "555-0142")
    shop.log("Dana Reyes", "Two", "--phone", "555-0199", "--new-customer")
    tablet = web().owner()
    before = shop.dump()
    page = tablet.post("/log", {"name": "Dana Reyes", "summary": "Three", "channel": "counter"}, status=409).text
    assert "Which customer is it?" in page and "555-0199" in page
    assert shop.dump() == before
    page = tablet.log(name="Dana Reyes", summary="Three", customer="2").text
    assert "matched by id" in page


def test_the_agenda_has_the_sections_of_fixit_due_in_its_order(shop, web):
    shop.log("Ann Lee", "Cold soup")
    shop.log("Bo Chan", "Wrong size", "--apologized", "--promise", "Exchange it", "--by", "today")
    shop.log("Bo Chan", "Still wrong", "--apologized")
    n = shop.log("Cy Diaz", "Broken", "--apologized")
    shop.ok("fix", str(n), "Replaced", "--followup", "today")
    tablet = web().owner()
    page = tablet.get("/agenda")
    headings = re.findall(r"<h2>([^<(]+) \(", page)
    cli = [
        line.split(" (")[0].strip()
        for line in shop.ok("due").splitlines()
        if line.strip() and not line.startswith(" ") and not line.startswith("Due ")
    ]
    assert headings == cli and len(headings) >= 4


def test_one_tap_actions_on_the_agenda(shop, web):
    shop.log("Ann Lee", "Cold soup")
    shop.log("Bo Chan", "Wrong size", "--apologized", "--promise", "Exchange it", "--by", "today")
    n = shop.log("Cy Diaz", "Broken", "--apologized")
    shop.ok("fix", str(n), "Replaced", "--followup", "today")
    shop.ok("amend", str(n), "replacement", "--now")
    tablet = web().owner()
    tablet.get("/agenda")
    assert tablet.post("/complaints/1/apologize?next=/agenda", {}).headers["location"] == "/agenda"
    tablet.post("/promises/1/keep?next=/agenda", {})
    tablet.post(f"/complaints/{n}/followup?next=/agenda", {})
    shown = shop.ok("show", "1") + shop.ok("show", "2") + shop.ok("show", str(n))
    assert "Apologized" in shown and "kept" in shown and "Followed up" in shown
    assert "Not yet apologized" not in shop.ok("due")
    again = tablet.post("/complaints/1/apologize", {}, status=409).text  # a second tap: said, not a crash
    assert "already apologized" in again
    shop.at("2026-12-01T10:00:00")
    tablet.post(f"/complaints/{n}/checkin", {"working": "no"})
    assert "Check-in: not working" in shop.ok("show", str(n))


def test_search_finds_with_the_cli_search(shop, web):
    shop.log("Ann Lee", "The soup was cold")
    tablet = web().owner()
    page = tablet.get("/search?q=soup")
    assert "<mark>soup</mark>" in page and "Ann Lee" in page


# staff, devices, PINs -----------------------------------------------------------------------------


def _enrolled_staff(web, shop):
    owner = web().owner()
    owner.get("/staff")
    owner.post("/staff", {"action": "pin", "name": "Sam", "pin": "4821"}, status=200)
    page = owner.post("/staff", {"action": "enrol", "device": "Counter tablet"}, status=200).text
    code = re.search(r'aria-label="enrolment code">([A-Z0-9-]+)<', page).group(1)
    tablet = web()
    tablet.get("/enrol")
    tablet.post("/enrol", {"code": code})
    return owner, tablet, code


def test_a_pin_works_only_on_an_enrolled_device(shop, web):
    _, tablet, code = _enrolled_staff(web, shop)
    elsewhere = web()
    elsewhere.get("/login")
    page = elsewhere.post("/login", {"who": "Sam", "pin": "4821"}, status=401).text
    assert "only on a device the owner has enrolled" in page
    again = web()
    again.get("/enrol")
    assert "wrong, used or expired" in again.post("/enrol", {"code": code}, status=400).text  # used once only
    page = tablet.get("/login")
    assert "Counter tablet" in page and "Sam" in page
    tablet.post("/login", {"who": "Sam", "pin": "4821"})
    tablet.get("/log")
    tablet.log(name="Ann Lee", summary="Cold soup")
    shown = shop.ok("show", "1")
    assert "By Sam on Counter tablet (fixit serve)" in shown
    assert shop.query("SELECT staff FROM complaints") == [("Sam",)]


def test_wrong_pins_lock_the_name_out(shop, web):
    owner, tablet, _ = _enrolled_staff(web, shop)
    tablet.get("/login")
    for _ in range(4):
        assert "wrong name or PIN" in tablet.post("/login", {"who": "Sam", "pin": "0000"}, status=401).text
    assert "locked until" in tablet.post("/login", {"who": "Sam", "pin": "0000"}, status=401).text
    assert "locked until" in tablet.post("/login", {"who": "Sam", "pin": "4821"}, status=401).text
    assert "wrong name or PIN" in tablet.post("/login", {"who": "Nobody", "pin": "4821"}, status=401).text
    owner.get("/staff")
    owner.post("/staff", {"action": "unlock", "name": "Sam"}, status=200)
    tablet.post("/login", {"who": "Sam", "pin": "4821"})


def test_staff_cannot_use_the_owners_pages(shop, web):
    _, tablet, _ = _enrolled_staff(web, shop)
    shop.log()
    tablet.get("/login")
    tablet.post("/login", {"who": "Sam", "pin": "4821"})
    before = shop.dump()
    assert "only the owner" in tablet.get("/staff", status=403)
    assert "only the owner" in tablet.get("/complaints/1/letter", status=403)
    tablet.get("/agenda")
    tablet.post("/staff", {"action": "pin", "name": "Sam", "pin": "1111"}, status=403)
    tablet.post("/complaints/1/letter", {"kind": "apology", "force": "yes"}, status=403)
    assert shop.dump() == before
    assert 'href="/staff"' not in tablet.get("/agenda")


def test_pins_are_checked_and_never_stored_in_clear(shop, web):
    owner = web().owner()
    owner.get("/staff")
    assert (
        "a PIN is 4 to 6 digits" in owner.post("/staff", {"action": "pin", "name": "Sam", "pin": "12"}, status=400).text
    )
    owner.post("/staff", {"action": "pin", "name": "Sam", "pin": "482193"}, status=200)
    stored = " ".join(value for (value,) in shop.query("SELECT value FROM settings WHERE key LIKE 'web.%'"))
    assert "482193" not in stored and PASSWORD not in stored and "$argon2id$" in stored
    assert "web." not in shop.ok("config", "show")


# letters ------------------------------------------------------------------------------------------

mailserver = test_sending.mailserver  # a real SMTP server on 127.0.0.1


def test_the_owner_previews_and_sends_a_letter_as_letter_send_does(shop, web, mailserver):
    inbox, port = mailserver
    set_up_mail(shop, port)
    shop.ok("init", "--business-name", "Rosa's Bakery", "--owner", "Rosa Marquez")  # a letter needs who signs it
    shop.log(
        "Dana Reyes",
        "Charged twice for the cake",
        "--email",
        "dana@example.com",
        "--went-wrong",
        "you were charged twice for your cake",
    )
    tablet = web().owner()
    page = tablet.get("/complaints/1/letter?kind=apology")
    assert "Hello Dana," in page
    page = tablet.post("/complaints/1/letter", {"kind": "apology", "body": "hello dana\n\nsorry."}, status=400).text
    assert "draft checker found" in page and not inbox.received
    page = tablet.post("/complaints/1/letter", {"kind": "apology"}, status=200).text
    assert "Sent to Dana Reyes &lt;dana@example.com&gt;" in page
    [(_, recipients, message)] = inbox.received
    assert recipients == ["dana@example.com"] and message.get_body(("plain",)).get_content().startswith("Hello Dana")
    assert "apology" in shop.ok("show", "1") and message["Message-ID"] in shop.ok("show", "1")


# the command --------------------------------------------------------------------------------------


def test_serve_sets_the_password_and_listens_on_this_machine_only(shop):
    assert "password is set" in shop.ok("serve", "--set-password", input="a long enough password\n")
    assert "too short" in shop.fails("serve", "--set-password", input="short\n")
    assert "this machine only" in shop.fails("serve", "--host", "0.0.0.0")
    assert "this machine only" in shop.fails("serve", "--host", "192.168.1.20")


@pytest.mark.real_password_cost
@pytest.mark.sqlite_only  # about the hash, not where it is kept
def test_the_password_is_hashed_at_argon2s_recommended_cost(shop):
    """The suite hashes cheaply (conftest); the shop's own password costs what RFC 9106 recommends."""
    shop.ok("serve", "--set-password", input="a long enough password\n")
    (stored,) = [
        value for (value,) in shop.query("SELECT value FROM settings WHERE key LIKE 'web.%'") if "$argon2" in value
    ]
    assert "$argon2id$v=19$m=65536,t=3,p=4$" in stored


def test_serve_works_on_the_demo_shop(cli, tmp_path):
    demo = tmp_path / "demo.db"
    cli.ok("demo", str(demo))
    cli.ok("--db", str(demo), "serve", "--set-password", input=PASSWORD + "\n")
    with TestClient(create_app(demo, key=KEY), follow_redirects=False) as client:
        page = client.get("/login").text
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        client.post("/login", data={"csrf": token, "who": "owner", "password": PASSWORD})
        agenda = client.get("/agenda").text
    assert "Emergencies" in agenda and agenda.count('class="item') >= 3


def test_lan_serves_over_tls_with_the_shops_own_authority(shop):
    """--lan on a loopback address (tests never listen anywhere else): TLS with a certificate the shop's
    authority signed, which a client trusting only that authority accepts; /trust offers it."""
    import ssl
    import urllib.error
    import urllib.request

    from test_sending import free_port
    from test_serve_browser import serving_lan

    from fixit.web.tls import fingerprint

    port = free_port()
    with serving_lan(shop, port) as process:
        authority = shop.home / "web-tls" / "fixit-ca.pem"
        assert (authority.parent / "fixit-ca-key.pem").stat().st_mode & 0o077 == 0
        trusting = ssl.create_default_context(cafile=str(authority))
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/login", context=trusting) as response:
            assert response.status == 200
            assert "secure" in response.headers["set-cookie"].lower()
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/enrol", context=trusting) as response:
            assert 'href="/trust"' in response.read().decode()  # a new tablet is sent to trust it first
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/trust", context=trusting) as response:
            assert fingerprint(authority.read_bytes()) in response.read().decode()
        with urllib.request.urlopen(f"https://127.0.0.1:{port}/trust/fixit-ca.pem", context=trusting) as response:
            assert response.read() == authority.read_bytes()
        with pytest.raises(
            urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"
        ):  # nobody else's authority vouches for it
            urllib.request.urlopen(f"https://127.0.0.1:{port}/login", context=ssl.create_default_context())
    assert fingerprint(authority.read_bytes()) in process.out


def test_lan_listens_on_the_shops_network_only(shop):
    shop.ok("serve", "--set-password", input=PASSWORD + "\n")
    for public in ("8.8.8.8", "0.0.0.0", "::"):
        assert "shop's own network only" in shop.fails("serve", "--lan", "--host", public)


def test_a_staff_session_ends_when_the_owner_removes_them_or_forgets_the_device(shop, web):
    owner, tablet, _ = _enrolled_staff(web, shop)
    tablet.get("/login")
    tablet.post("/login", {"who": "Sam", "pin": "4821"})
    tablet.get("/agenda")
    owner.get("/staff")
    owner.post("/staff", {"action": "remove", "name": "Sam"}, status=200)
    tablet.get("/agenda", status=303)
    owner.post("/staff", {"action": "pin", "name": "Sam", "pin": "4821"}, status=200)
    tablet.get("/login")
    tablet.post("/login", {"who": "Sam", "pin": "4821"})
    tablet.get("/agenda")
    [device] = re.findall(r'name="device_id" value="([^"]+)"', owner.get("/staff"))
    owner.post("/staff", {"action": "forget", "device_id": device}, status=200)
    tablet.get("/agenda", status=303)
    tablet.get("/login")
    assert (
        "only on a device the owner has enrolled"
        in tablet.post("/login", {"who": "Sam", "pin": "4821"}, status=401).text
    )


def test_a_broken_store_is_a_page_in_words_and_the_next_request_opens_it_afresh(shop, web):
    shop.log()
    tablet = web().owner()
    shop.query("ALTER TABLE promises RENAME TO promises_away")  # the store as no migration left it
    page = tablet.get("/complaints/1", status=409)
    no_trace(page)
    assert "database error" in page and "promises" in page
    assert not (shop.home / "crash.log").exists()
    shop.query("ALTER TABLE promises_away RENAME TO promises")
    assert "Charged twice" in tablet.get("/complaints/1")


def test_a_complaint_logged_while_the_server_is_away_is_kept_for_that_server(shop, web):
    """A tablet signed in before the server went away (the same signed session, another app whose
    server does not answer) keeps what it logs on this machine, as `fixit log` does, for the server it
    was meant for: never sent into another (tests/test_server_network.py sends kept ones when theirs
    answers)."""
    if not shop.on_postgres:
        pytest.skip("a server to be away: PostgreSQL only")
    from test_sending import free_port

    signed_in = web().owner()
    away = TestClient(create_app(f"postgresql://fixit@127.0.0.1:{free_port()}/fixit", key=KEY), follow_redirects=False)
    with away:
        away.cookies.update(signed_in.client.cookies)
        page = away.post(
            "/log", data={"csrf": signed_in.csrf, "name": "Ann Lee", "summary": "Cold soup", "channel": "counter"}
        )
        assert page.status_code == 200, page.text[-500:]
        assert "Kept for later" in page.text and "Ann Lee" in page.text
        no_trace(page.text)
    synced = shop.run("sync")  # this shop's server is another one: the kept complaint waits for its own
    assert synced.exit_code == 0 and "another server" in synced.stdout + synced.stderr
    assert shop.query("SELECT count(*) FROM complaints") == [(0,)]


def test_the_web_app_reaches_the_store_only_through_the_domain_and_nothing_else_imports_it():
    from test_architecture import MODULES, imports_of, in_layer

    below = [
        "fixit.storage.sqlite",
        "fixit.storage.postgres",
        "fixit.storage.sql",
        "sqlite3",
        "sqlite_utils",
        "psycopg",
    ]
    wrong = [
        (module, imported)
        for module, path in MODULES.items()
        if in_layer(module, "fixit.web")
        for imported in imports_of(module, path, MODULES)
        if any(in_layer(imported, bad) for bad in below)
    ]
    assert not wrong
    web_parts = ["fixit.web", "starlette", "uvicorn", "itsdangerous", "multipart"]
    users = {
        module
        for module, path in MODULES.items()
        if not in_layer(module, "fixit.web")
        for imported in imports_of(module, path, MODULES)
        if any(in_layer(imported, part) for part in web_parts)
    }
    assert users == {"fixit.commands.serve"}


# who made a change: part of the change ---------------------------------------------------------------

STOP_AT_THE_NOTE = {  # the machine stops as the app writes who made the change: after the change itself
    "sqlite": [
        "CREATE TRIGGER stop_at_the_note BEFORE INSERT ON events WHEN NEW.kind = 'web'"
        " BEGIN SELECT RAISE(ABORT, 'the machine stopped'); END"
    ],
    "postgres": [
        "CREATE FUNCTION stop_at_the_note() RETURNS trigger LANGUAGE plpgsql"
        " AS $$ BEGIN RAISE EXCEPTION 'the machine stopped'; END $$",
        "CREATE TRIGGER stop_at_the_note BEFORE INSERT ON events FOR EACH ROW WHEN (NEW.kind = 'web')"
        " EXECUTE FUNCTION stop_at_the_note()",
    ],
}

CHANGES = {  # (path, form) of every change a tablet makes to a complaint
    "log": ("/log", {"name": "Ann Lee", "summary": "Cold soup", "channel": "counter", "promise": "Call her"}),
    "apologize": ("/complaints/1/apologize", {}),
    "keep": ("/promises/1/keep", {}),
    "follow-up": ("/complaints/2/followup", {}),
    "check-in": ("/complaints/2/checkin", {"working": "no"}),
    "letter": ("/complaints/1/letter", {"kind": "apology", "force": "yes"}),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_without_its_author_is_not_saved(shop, web, mailserver, change):
    """A change from the web and the note of who made it, on which device, are one transaction: the
    machine stopping between the two leaves neither."""
    _, port = mailserver
    set_up_mail(shop, port)
    shop.log("Dana Reyes", "Charged twice", "--email", "dana@example.com", "--promise", "Refund it", "--by", "today")
    fixed = shop.log("Bo Chan", "Broken", "--apologized")
    shop.ok("fix", str(fixed), "Replaced", "--followup", "today")
    shop.ok("amend", str(fixed), "replacement", "--now")
    shop.at("2026-12-01T10:00:00")  # the check-in is due
    tablet = web().owner()
    for statement in STOP_AT_THE_NOTE["postgres" if shop.on_postgres else "sqlite"]:
        shop.query(statement)
    before = shop.dump()
    path, form = CHANGES[change]
    response = tablet.client.post(path, data={"csrf": tablet.csrf, **form})
    assert response.status_code in (400, 409, 500), (response.status_code, response.text[-800:])
    no_trace(response.text)
    assert shop.dump() == before


# trusting the shop's authority on a tablet ---------------------------------------------------------


def qr_modules(svg: str) -> list[tuple[int, ...]]:
    """The dark and light modules of a QR code drawn as segno draws one (a path of horizontal runs:
    'M x y' to start, 'm dx dy' to move, 'h n' for n dark modules), without its border."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for command, numbers in re.findall(r"([Mmh])([-\d. ]+)", path):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        else:
            dark.update((int(x + i), int(y)) for i in range(int(values[0])))
            x += values[0]
    low_x, low_y = min(c for c, _ in dark), min(r for _, r in dark)  # the finder patterns touch both edges
    size = max(c for c, _ in dark) - low_x + 1
    return [tuple(int((low_x + c, low_y + r) in dark) for c in range(size)) for r in range(size)]


def test_the_trust_page_shows_its_own_address_as_a_qr_code_for_a_tablets_camera(cli, tmp_path):
    """Made on the machine (no network): the code a camera reads is this page's address."""
    import segno

    from fixit.web.tls import certificates

    shops_authority = certificates("127.0.0.1", tmp_path / "tls").ca
    app = create_app(cli.db, key=KEY, tls=True, authority=shops_authority)  # the page reads no records
    with TestClient(app, base_url="https://192.168.1.20:8420") as client:
        page = client.get("/trust").text
    svg = re.search(r"<svg.*?</svg>", page, re.S).group(0)
    address = "https://192.168.1.20:8420/trust"
    assert f"QR code: {address}" in svg and address in page
    expected = [tuple(int(bool(m)) for m in row) for row in segno.make(address, error="m", micro=False).matrix]
    assert qr_modules(svg) == expected
    elsewhere = [tuple(int(bool(m)) for m in row) for row in segno.make(address + "x", error="m").matrix]
    assert qr_modules(svg) != elsewhere  # the drawing tells addresses apart
