"""Secrets stay secret: a database password is masked wherever a location is printed or logged
(errors, `fixit paths`, warnings, crash.log and its first line), however the location is written;
what is erased from an SQLite file is overwritten; the mail password is kept only in a real keyring;
templates others can write are refused; a text-message program never takes a phone for an option."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixit import conninfo

pytestmark = pytest.mark.sqlite_only  # the locations are given here; the shop's own store is not used

SRC = str(Path(__file__).resolve().parents[1] / "src")


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


PORT = closed_port()


def fixit(*args: str, env: dict[str, str] | None = None, code: str | None = None) -> subprocess.CompletedProcess[str]:
    """fixit in its own process (its argv is what crash.log's first line shows)."""
    script = code or "from fixit.cli import main; main()"
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": SRC, **(env or {})},
        check=False,
    )


# --- the one masker ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "shown"),
    [
        ("postgresql://rosa:s3cret@db.example.com/shop", "postgresql://rosa:***@db.example.com/shop"),
        ("POSTGRESQL://rosa:s3cret@db/shop", "postgresql://rosa:***@db/shop"),
        ("Postgres://rosa:s3cret@db/shop", "postgres://rosa:***@db/shop"),
        (
            "postgresql://rosa@db/shop?password=s3cret&sslmode=require",
            "postgresql://rosa@db/shop?password=***&sslmode=require",
        ),
        ("postgresql://db/shop?sslpassword=s3cret", "postgresql://db/shop?sslpassword=***"),
        ("postgresql://rosa:p%40ss@[::1]:5432,db2:5433/shop", "postgresql://rosa:***@[::1]:5432,db2:5433/shop"),
        ("host=db dbname=shop password='a s3cret'", "host=db dbname=shop password=***"),
        ("host=db password=s3cret user = rosa", "host=db password=*** user=rosa"),
        # libpq reads no password there (host rosa, port s3cr): refused, and shown by its kind alone
        ("postgresql://rosa:s3cr/et@db/shop", "a postgresql:// URL that cannot be read"),
    ],
)
def test_every_form_of_a_location_is_masked(location, shown):
    assert conninfo.masked(location) == shown
    assert "s3cret" not in conninfo.masked(location)


@pytest.mark.parametrize(
    ("location", "says"),
    [
        ("postgresql://rosa:s3cr%zzet@db/shop", "bad %-escape in its password"),
        ("postgresql://rosa:s3cret%@db/shop", "bad %-escape in its password"),
        ("postgresql://rosa:s3cret@[::1/shop", "a [ with no ]"),
        ("postgresql://rosa:s3cret@db/shop?password", "not one name=value"),
        ("postgresql://rosa:s3cret@db/shop?s3cret=1", "libpq does not know"),
        ("host=db password='s3cret", "never closed"),
        ("host=db s3cret", "no = after it"),
    ],
)
def test_a_location_libpq_cannot_read_is_refused_without_quoting_it(shop, location, says):
    shop.monkeypatch.setenv("FIXIT_DB", location)
    for command in (["due"], ["paths"], ["list", "--json"]):
        result = shop.run(*command)
        assert result.exit_code == 2
        assert says in result.stderr and "s3cret" not in result.stderr + result.stdout
    assert "s3cret" not in conninfo.masked(location)


def test_the_libpq_reading(shop):
    parsed = conninfo.parse("postgresql://ro%73a:p%40ss@[::1]:5432,db2/sh%6fp?sslmode=require&password=x%20y")
    assert parsed.get("user") == "rosa" and parsed.get("host") == "::1,db2" and parsed.get("port") == "5432,"
    assert parsed.get("dbname") == "shop" and parsed.get("password") == "x y" and parsed.get("sslmode") == "require"
    keyed = conninfo.parse(r"host = db  password='it\'s a b\\c' dbname=sh\ op")
    assert keyed.get("password") == "it's a b\\c" and keyed.get("dbname") == "sh op"
    assert conninfo.server_name("postgresql://u:x@[::1]:5/shop") == "::1/shop"
    assert not conninfo.is_server("./host=x.db") and not conninfo.is_server("shop.db")
    assert conninfo.is_server("host=db dbname=shop") and conninfo.is_server("POSTGRES://db")


def test_crash_log_and_its_first_line_hold_no_password(tmp_path):
    url = f"postgresql://rosa:Hush-{PORT}@127.0.0.1:{PORT}/shop?password=Quiet-{PORT}"
    crash = (
        "import sys, fixit.storage as s\n"
        "def boom(location): raise RuntimeError(f'could not open {location} with ' + sys.argv[1])\n"
        "s.open_store = boom\n"
        "from fixit.cli import main; main()"
    )
    for args, env in ([[f"--db={url}", "due"], {}], [["--db", url, "list"], {}], [["due"], {"FIXIT_DB": url}]):
        home = tmp_path / str(len(list(tmp_path.iterdir())))
        done = fixit(*args, env={"FIXIT_HOME": str(home), **env}, code=crash)
        assert done.returncode == 1 and "internal error" in done.stderr
        log = (home / "crash.log").read_text()
        assert "could not open" in log and "rosa:***@" in log  # the masked URL is still there to read
        assert f"Hush-{PORT}" not in log + done.stderr and f"Quiet-{PORT}" not in log + done.stderr


COMMANDS = [
    ["paths"],
    ["due"],
    ["list"],
    ["show", "1"],
    ["log", "Dana Reyes", "Late cake"],
    ["report"],
    ["customers"],
    ["config", "show"],
    ["sync"],
    ["backup"],
    ["due", "--json"],
]
_PASSWORD_PART = st.text(
    st.characters(
        min_codepoint=33, max_codepoint=0x2FF, exclude_characters="/@%", exclude_categories=("Cs", "Cc", "Zs")
    ),
    min_size=3,
    max_size=8,
)
# A "§" in the middle: a password made only of ordinary words ("outbox") is in fixit's output anyway
# (the path of outbox.json), which says nothing about leaks; any two parts around it are still drawn.
PASSWORD = st.builds(lambda head, tail: f"{head}§{tail}", _PASSWORD_PART, _PASSWORD_PART)


def forms(password: str) -> list[str]:
    at = f"127.0.0.1:{PORT}"
    quoted = password.replace("\\", "\\\\").replace("'", "\\'")
    return [
        f"postgresql://rosa:{quote(password, safe='')}@{at}/shop",
        f"postgresql://rosa:{password}@{at}/shop",  # as typed: no / @ % in it, libpq reads it whole
        f"POSTGRES://rosa:{quote(password, safe='')}@{at}/shop",
        f"postgresql://rosa@{at}/shop?password={quote(password, safe='')}",
        f"postgresql://rosa:{password}%zz@{at}/shop",  # a bad %-escape after it
        f"postgresql://rosa:{password}@[{at}/shop",  # an unclosed [
        f"host=127.0.0.1 port={PORT} dbname=shop password='{quoted}'",
    ]


@settings(max_examples=15, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=PASSWORD)
def test_a_password_never_appears_in_any_output(shop, password):
    """Every form of location, given by --db, --db=URL or FIXIT_DB, to commands that succeed and
    that fail (nothing listens on the port): the password is in no output, no file fixit writes."""
    secrets = {password, quote(password, safe="")}
    for location in forms(password):
        for command in COMMANDS:
            for args, env in (([f"--db={location}", *command], None), (command, location)):
                if env is None:
                    shop.monkeypatch.delenv("FIXIT_DB", raising=False)
                else:
                    shop.monkeypatch.setenv("FIXIT_DB", env)
                result = shop.run(*args)
                said = result.stdout + result.stderr
                assert not any(secret in said for secret in secrets), (location, command, said)
    shop.monkeypatch.delenv("FIXIT_DB", raising=False)
    for file in shop.home.rglob("*"):
        if file.is_file() and file.suffix != ".db":
            assert not any(secret.encode() in file.read_bytes() for secret in secrets), file


# --- what is erased is overwritten ----------------------------------------------------------------

SECURE_DELETE_OFF = (
    "import sqlite3\n"
    "real = sqlite3.connect\n"
    "def connect(*args, **kwargs):\n"
    "    conn = real(*args, **kwargs)\n"
    "    conn.execute('PRAGMA secure_delete = 0')  # as SQLite's own default\n"
    "    return conn\n"
    "sqlite3.connect = connect\n"
    "from fixit.cli import main; main()"
)


def test_erased_data_is_overwritten_even_where_sqlite_defaults_to_keeping_it(tmp_path):
    """Every connection starts with secure_delete off (SQLite's compile default, as many builds
    have it); after a merge, a tag taken off and a forget, the file's bytes hold each word no more
    often than a clean copy of what is still held (VACUUM INTO): no freed page keeps any of it."""
    import sqlite3

    home = tmp_path / "home"
    env = {"FIXIT_HOME": str(home), "FIXIT_NOW": "2026-11-23T09:00:00"}

    def run(*args: str) -> None:
        done = fixit(*args, env=env, code=SECURE_DELETE_OFF)
        assert done.returncode == 0, done.stderr

    run("log", "Anna Keeper", "Late cake", "--phone", "555-0100")
    run("log", "Xavier Dupont", "Cold soup", "--phone", "555-0177", "--email", "xavier@example.com")
    run("log", "Zelda Quixote", "Burnt toast at the party", "--phone", "555-0199", "--email", "zq@example.com")
    run("tag", "3", "zelda-vip", "secretword-tag")
    run("tag", "3", "secretword-tag", "--remove")
    run("customer", "merge", "1", "2", "--yes")
    run("customer", "forget", "3", "--yes")
    database = home / "fixit.db"
    assert not Path(f"{database}-wal").exists()
    clean = tmp_path / "clean.db"
    conn = sqlite3.connect(database)
    conn.execute("VACUUM INTO ?", (str(clean),))
    conn.close()
    raw, held = database.read_bytes(), clean.read_bytes()
    for word in (
        "Xavier",
        "555-0177",
        "5550177",
        "xavier@example.com",
        "secretword-tag",
        "Zelda",
        "Quixote",
        "555-0199",
        "zq@example.com",
        "Burnt toast",
    ):
        assert raw.count(word.encode()) <= held.count(word.encode()), word


def test_every_connection_erases_securely(tmp_path):
    from fixit.storage.sqlite.connection import connect

    conn = connect(tmp_path / "fixit.db")
    assert conn.execute("PRAGMA secure_delete").fetchone()[0] == 1
    conn.close()


# --- the mail password: a real keyring or none ------------------------------------------------------


@pytest.mark.parametrize(
    "backend", ["keyrings.alt.file.PlaintextKeyring", "keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"]
)
def test_set_password_refuses_a_keyring_that_is_a_plain_file_or_nothing(shop, tmp_path, monkeypatch, backend):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("FIXIT_ALLOW_FILE_KEYRING", raising=False)
    shop.ok("config", "set", "smtp_host", "127.0.0.1")
    shop.ok("config", "set", "smtp_user", "rosa@example.com")
    line = shop.fails("config", "set-password", input="Hush-9931\nHush-9931\n", code=1)
    assert "no system keyring" in line and "GNOME Keyring or KWallet" in line and "FIXIT_SMTP_PASSWORD" in line
    assert not list((tmp_path / "data").rglob("*.cfg"))  # nothing written to a file
    assert "Password for" not in shop.run("config", "set-password", input="x\nx\n").stderr  # refused before asking
    monkeypatch.setenv("FIXIT_ALLOW_FILE_KEYRING", "1")  # a knowing choice is respected (a file keyring)
    if backend.startswith("keyrings.alt"):
        assert "kept in the system keyring (PlaintextKeyring)" in shop.ok(
            "config", "set-password", input="Hush-9931\nHush-9931\n"
        )


# --- templates: only the shop's own, within limits while they render ---------------------------------


@pytest.fixture
def dana(shop):
    shop.log("Dana Reyes", "Late cake", "--phone", "555-0142")
    return shop


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757, 0o1777])
def test_a_templates_folder_others_can_write_is_refused(dana, mode):
    folder = dana.home / "templates"
    folder.mkdir()
    (folder / "apology.txt.j2").write_text("Subject: Sorry\n\nHello\n", encoding="utf-8")
    folder.chmod(mode)
    line = dana.fails("letter", "1", code=1)
    assert f"your templates folder {folder} can be changed by other users" in line
    assert f"`chmod go-w {folder}`" in line
    folder.chmod(0o700)
    assert "Hello" in dana.ok("letter", "1")


@pytest.mark.parametrize("mode", [0o666, 0o620, 0o602])
def test_a_template_others_can_write_is_refused(dana, mode):
    folder = dana.home / "templates"
    folder.mkdir(mode=0o700)
    template = folder / "apology.txt.j2"
    template.write_text("Subject: Sorry\n\nHello\n", encoding="utf-8")
    template.chmod(mode)
    line = dana.fails("letter", "1", code=1)
    assert f"the template {template} can be changed by other users" in line and f"`chmod go-w {template}`" in line


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ('{{ ("x"*50000)*50000 }}', "more than 100,000 characters"),
        ('{% set s = "x"*60000 %}{{ s + s }}', "more than 100,000 characters"),
        ("{{ [1]*10**9 }}", "more than 100,000 characters"),
        ("{{ (10**100000)|string }}", "a number too large"),
        ("{{ 2**5000 * 3 }}", "a number too large"),
        ('{{ "x"|center(10**9) }}', "a number past 100,000"),
        ('{{ "x".ljust(10**9) }}', "a number past 100,000"),
        ('{{ "%099999999d" % 1 }}', "more than 100,000 characters"),
        ('{{ "{:>999999999}".format(1) }}', "more memory than a letter may take"),
        ('{% set s = "x"*90000 %}{{ s|replace("", s) }}', "more memory than a letter may take"),
        ("{{ 1 // 0 }}", "line"),
        ("{{ range(0, 10, 0)|list }}", "line"),
    ],
)
def test_template_limits_hold_while_rendering(dana, template, says):
    """Each is stopped before it takes gigabytes (the first took 7 GB and 40 s): bounded operators,
    calls and filters, and a memory cap while the template renders."""
    folder = dana.home / "templates"
    folder.mkdir(mode=0o700)
    (folder / "apology.txt.j2").write_text("Subject: Sorry\n\n" + template + "\n", encoding="utf-8")
    line = dana.fails("letter", "1", code=1)
    assert line.startswith("fixit: error: template apology.txt.j2") and says in line, line


# --- the text-message program -----------------------------------------------------------------------


def test_the_text_program_gets_the_phone_after_a_double_dash_and_only_a_phone(shop, tmp_path):
    seen = tmp_path / "argv.txt"
    script = tmp_path / "send-sms.py"
    script.write_text("import sys\nopen(sys.argv[1], 'w').write(repr(sys.argv[2:]))\n")
    shop.ok("config", "set", "sms_command", f"{sys.executable} {script} {seen}")
    shop.ok("init", "--business-name", "Rosa's Bakery", "--owner", "Rosa Marquez")  # a letter needs who signs it
    shop.log("Dana Reyes", "Late cake", "--phone", "555-0142", "--went-wrong", "your cake came late")
    shop.ok("letter", "1", "--format", "sms", "--send", "--yes")
    assert seen.read_text() == repr(["--", "555-0142"])
    # an option-like number is refused at the counter, and one already on file is never handed over
    assert "not a phone number: '--5550142'" in shop.fails("log", "Lee Park", "Cold soup", "--phone", "--5550142")
    assert "not a phone number" in shop.fails("customer", "edit", "1", "--phone", "-5550142")
    seen.unlink()
    shop.query("UPDATE customers SET phone = '--5550142' WHERE id = 1")
    line = shop.fails("letter", "1", "--format", "sms", "--send", "--yes")
    assert "not a phone number: '--5550142'" in line and "no text sent" in line
    assert not seen.exists()


def test_a_server_is_reached_by_every_form_libpq_reads(shop, pg_database):
    """An upper-case scheme and a key=value string reach the same server as the URL does."""
    parsed = conninfo.parse(pg_database)
    keyed = " ".join(f"{key}='{value}'" for key, value in parsed.values)
    scheme, rest = pg_database.split("://", 1)
    for location in (scheme.upper() + "://" + rest, keyed):
        shop.monkeypatch.setenv("FIXIT_DB", location)
        assert "Logged #" in shop.ok("log", "Dana Reyes", "Late cake")
        assert "Late cake" in shop.ok("list")
        assert conninfo.masked(location) in shop.ok("paths")
