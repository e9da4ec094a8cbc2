"""Records kept safe (issue 20): destructive commands take exact ids or exact unique names and ask;
forgetting a customer leaves no trace of them; restore loses nothing and refuses a damaged backup;
every file fixit writes goes through one checked writer; placeholders are no one; a bare number
is never silently read as another kind of record; a recorded apology letter is the apology."""

from __future__ import annotations

import json
from pathlib import Path


def due_sections(shop, *extra: str) -> list[tuple[str, int]]:
    return [(i["section"], i["complaint"]) for i in json.loads(shop.ok("due", "--json", *extra))["items"]]


# a recorded apology letter is the apology ----------------------------------------------------------


def test_a_recorded_apology_letter_is_the_apology(shop):
    shop.at("2026-11-20T10:00:00")
    n = shop.log("Dana Reyes", "Late cake")
    shop.at("2026-11-22T10:00:00")
    assert ("apology", n) in due_sections(shop)
    shop.ok("letter", str(n), "apology", "--record")
    assert ("apology", n) not in due_sections(shop)
    show = shop.ok("show", str(n))
    assert "Apologized by letter (late: more than a day after)" in show
    # an apology already made stays as it was: the letter does not move it
    m = shop.log("Lee Park", "Cold coffee", "--apologized")
    before = shop.query("SELECT apologized_at FROM complaints WHERE id = ?", m)
    shop.ok("letter", str(m), "apology", "--record")
    assert shop.query("SELECT apologized_at FROM complaints WHERE id = ?", m) == before


# a bare number that could be another kind of record ---------------------------------------------------


def test_a_bare_number_that_could_be_two_records_is_refused_naming_both(shop):
    for name in ("Ana", "Ben", "Cy"):
        shop.log(name, "Late")
    shop.ok("promise", "1", "Call back", "--by", "tomorrow")  # P1 of #1
    shop.ok("promise", "2", "Bake again", "--by", "tomorrow")  # P2 of #2
    shop.ok("promise", "2", "Refund", "--by", "tomorrow")  # P3 of #2
    shop.ok("promise", "3", "Send a card", "--by", "tomorrow")  # P4 of #3
    before = shop.dump()
    said = shop.fails("keep", "3")
    assert said == (
        "fixit: error: '3' could be promise P3 (of #2: Refund) or complaint #3 (P4: of #3: Send a card): say P3 or #3"
    )
    assert shop.dump() == before
    assert "Promise P4 kept" in shop.ok("keep", "#3")
    assert "Promise P3 kept" in shop.ok("keep", "P3")
    assert "Promise P1 kept" in shop.ok("keep", "1")  # P1 is complaint #1's promise: one reading
    shop.ok("promise", "2", "Call again", "--by", "tomorrow")  # P5 of #2: two open now
    assert "complaint #2 has 2 open promises (P2: of #2: Bake again, P5" in shop.fails("keep", "#2")
    shop.log("Dee", "Late")  # #4, no promise: '4' is P4 or #4
    assert "could be promise P4 (of #3: Send a card) or complaint #4 (it has no open promise)" in shop.fails(
        "keep", "4"
    )
    assert "complaint #4 has no open promise" in shop.fails("keep", "#4")
    assert "no promise P9, and no complaint #9" in shop.fails("keep", "9")


def test_change_and_unsent_numbers_are_read_the_same_way(shop, tmp_path):
    a, b = shop.log("Sam Lee", "Late delivery"), shop.log("Rosa Kim", "Late again")
    shop.ok("change", "Routes planned", "--complaint", str(b))  # C1, linked to #2
    assert "'1' could be change C1 (Routes planned) or complaint #1 (it has no process change)" in shop.fails(
        "letter", "--change", "1"
    )
    assert shop.ok("letter", "--change", "#2").startswith("Hello Rosa,")
    assert shop.ok("letter", "--change", "C1").startswith("Hello Rosa,")
    assert a == 1


# one checked writer for every file fixit writes where it is told -----------------------------------


def writers(out):
    """Every command that writes a file the user names, writing to ``out``."""
    return [
        ("export", "--format", "json", "--out", out),
        ("export", "--table", "complaints", "--out", out),
        ("due", "--ics", out),
        ("calendar", out),
        ("letter", "1", "--out", out),
        ("customer", "export", "1", "--out", out),
        ("backup", out),
        ("demo", out, "--force"),
    ]


def test_no_writer_replaces_a_device_a_pipe_or_a_folder(shop, tmp_path):
    import os
    import stat

    shop.log("Dana Reyes", "Late cake")
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    null_link = tmp_path / "null-link"
    null_link.symlink_to("/dev/null")
    folder = tmp_path / "folder"
    folder.mkdir()
    folder_link = tmp_path / "folder-link"
    folder_link.symlink_to(folder)
    fifo_link = tmp_path / "pipe-link"
    fifo_link.symlink_to(fifo)
    loop = tmp_path / "loop1"
    loop.symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(loop)
    for target, what in (
        (fifo, "a named pipe"),
        (null_link, "a device"),
        (folder, "a folder"),
        (folder_link, "a folder"),
        (fifo_link, "a named pipe"),
        (loop, "a link loop"),
    ):
        for command in writers(str(target)):
            said = shop.fails(*command)
            assert said.startswith(f"fixit: error: {target}") and what in said and "\n" not in said, (command, said)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and null_link.is_symlink() and fifo_link.is_symlink()
    assert loop.is_symlink() and (tmp_path / "loop2").is_symlink()
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert list(folder.iterdir()) == []


def test_every_writer_writes_a_private_file_whole_and_follows_a_link_to_one(shop, tmp_path):
    import os

    shop.log("Dana Reyes", "Late cake")
    for number, command in enumerate(writers("X")):
        target = tmp_path / f"out-{number}"
        shop.ok(*[str(target) if part == "X" else part for part in command])
        assert target.is_file() and target.stat().st_mode & 0o777 == 0o600, command
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    shop.ok("customer", "export", "1", "--out", str(link))
    assert link.is_symlink() and "Dana Reyes" in real.read_text()
    assert os.stat(real).st_mode & 0o777 == 0o600


# destructive commands: exact ids or exact unique names, shown, asked -----------------------------------


def test_a_part_of_a_name_never_picks_a_customer(shop):
    shop.log("Joanne Smith", "Late cake")
    shop.log("Ann Lee", "Cold coffee")
    before = shop.dump()
    for command in (
        ("customer", "forget", "Ann", "--yes"),
        ("customer", "forget", "Jo", "--yes"),
        ("customer", "forget", "", "--yes"),
        ("customer", "forget", "  ", "--yes"),
        ("customer", "merge", "Ann Lee", "Smith", "--yes"),
        (
            "customer",
            "",
        ),
        ("customer", "export", "anne"),
        ("customer", "edit", "Joanne", "--phone", "555-0100"),
        ("edit", "1", "--customer", "Ann", "--yes"),
        ("edit", "1", "--customer", "", "--yes"),
    ):
        said = shop.fails(*command)
        assert said.startswith("fixit: error: ") and "\n" not in said, (command, said)
    assert shop.dump() == before
    said = shop.fails("customer", "forget", "Ann", "--yes")
    assert said == "fixit: error: no customer called 'Ann'; did you mean 1 Joanne Smith, 2 Ann Lee? use the number"
    assert shop.fails("customer", "forget", "", "--yes") == "fixit: error: give a customer's number or their full name"
    shop.log("Ann Lee", "Wrong order", "--new-customer")
    assert shop.fails("customer", "forget", "ann lee", "--yes") == (
        "fixit: error: 2 customers are called 'ann lee': use the number (2 Ann Lee, 3 Ann Lee)"
    )
    assert "Forgotten: customer 1" in shop.ok("customer", "forget", "joanne smith", "--yes")


def test_destructive_commands_need_yes_off_a_terminal(shop, tmp_path):
    shop.log("Dana Reyes", "Late cake")
    shop.log("Sam Lee", "Cold coffee")
    backup = tmp_path / "b.db"
    shop.ok("backup", str(backup))
    before = shop.dump()
    for command in (
        ("customer", "forget", "1"),
        ("customer", "merge", "1", "2"),
        ("restore", str(backup)),
        ("edit", "1", "--customer", "2"),
    ):
        said = shop.run(*command, input="y\n")
        assert said.exit_code == 2 and said.stderr == (
            "fixit: error: not on a terminal, so fixit cannot ask: nothing was changed; add --yes to go ahead\n"
        ), command
    assert shop.dump() == before
    moved = shop.ok("edit", "1", "--customer", "Sam Lee", "--yes")
    assert 'This moves #1 ("Late cake") from Dana Reyes (customer 1) to Sam Lee (customer 2).' in moved


def test_on_a_terminal_fixit_shows_and_asks_and_no_is_the_default(shop, tmp_path):
    import os
    import pty
    import subprocess
    import sys

    shop.log("Dana Reyes", "Late cake")
    before = shop.dump()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    if shop.url:
        env["FIXIT_DB"] = shop.url
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "fixit", "customer", "forget", "1"],
        stdin=child,
        stdout=child,
        stderr=child,
        env=env,
        close_fds=True,
    )
    os.close(child)
    seen = b""
    while b"[y/N]" not in seen:  # wait for the question itself
        chunk = os.read(main, 4096)
        assert chunk, seen
        seen += chunk
    os.write(main, b"\n")  # just Enter: no
    try:
        while os.read(main, 4096):
            pass
    except OSError:
        pass
    assert process.wait() == 1
    os.close(main)
    assert b"This erases Dana Reyes (customer 1)" in seen
    assert shop.dump() == before


# placeholders are no one ------------------------------------------------------------------------------


def test_placeholder_customers_are_never_matched_by_name_nor_a_repeat(shop):
    from fixit.text import is_placeholder

    for name in (
        "Walk-in",
        "walk in",
        "WALK-IN",
        "Anonymous",
        "customer",
        "Unknown",
        "n/a",
        "N/A",
        "-",
        "Guest",
        "anon",
    ):
        assert is_placeholder(name), name
    for name in ("Dana", "Walker Inman", "Ann"):
        assert not is_placeholder(name)
    ids = [shop.log(name, "Noticed a spill", "--channel", "noticed") for name in ("Walk-in", "walk-in", "Walk in")]
    assert len({c[0] for c in shop.query("SELECT customer_id FROM complaints")}) == 3
    assert shop.query("SELECT emergency FROM complaints") == [(0,), (0,), (0,)]
    assert "emergency" not in [s for s, _ in due_sections(shop)]
    report = json.loads(shop.ok("report", "--json"))
    assert report["repeat_customers"] == []
    assert "Repeat complainers" in shop.ok("report") and "Walk-in (" not in shop.ok("report")
    assert "stands for no one in particular" in shop.fails("customer", "forget", "Walk-in", "--yes")
    assert ids == [1, 2, 3]


# forgetting leaves no trace; the export holds everything --------------------------------------------


def test_forget_erases_every_trace_of_the_customer_anywhere(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    shop.log("D. Reyes", "Dry cake", "--phone", "555-0199", "--email", "dana@example.com")
    shop.ok("customer", "merge", "1", "2", "--yes")  # 555-0199 kept as an extra contact
    other = shop.log("Sam Lee", "Cold coffee")
    shop.ok("edit", str(other), "--customer", "1", "--yes")  # "Corrected customer: 1 Dana Reyes ..."
    shop.ok("edit", str(other), "--customer", "Sam Lee", "--yes")  # and back to Sam
    shop.ok("tag", "1", "dana-vip", "delivery")
    shop.ok("tag", str(other), "reyes-family", "till")
    held = json.loads(shop.ok("customer", "export", "1"))
    assert held["extra_contacts"] == [{"kind": "phone", "value": "555-0199"}]
    assert any("Dana Reyes" in e["detail"] for e in held["named_elsewhere"])
    assert held["tags_from_their_name"] == ["dana-vip", "reyes-family"]
    said = shop.ok("customer", "forget", "Dana Reyes", "--yes")
    assert "timeline entr" in said and "the tags dana-vip, reyes-family" in said
    import re

    # random ids (a change's batch, 32 hex digits) may hold "0142" by chance: they name no one
    everything = re.sub(r"\b[0-9a-f]{32}\b", "<id>", shop.dump())
    for trace in ("Dana", "Reyes", "555-0142", "555-0199", "0142", "0199", "dana@example.com", "dana-vip"):
        assert trace.lower() not in everything.lower(), trace
    assert "Sam Lee" in shop.ok("show", str(other)) and "till" in shop.ok("show", str(other))
    assert "delivery" in shop.ok("show", "1")


def test_forget_a_short_name_leaves_other_words_alone(shop):
    shop.log("Al", "Late", "--apologized")
    other = shop.log("Sam Lee", "Cold coffee")
    shop.ok("apologize", str(other))
    shop.ok("customer", "forget", "1", "--yes")
    assert "Apologized" in shop.ok("show", str(other))


# restore: nothing lost while tills log, nothing damaged taken ---------------------------------------

LOGGER = """
import sys
from pathlib import Path
from fixit.cli import build_app

name, logged, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
app = build_app("log")
i = 0
with logged.open("a") as out:
    while not stop.exists():
        i += 1
        summary = f"{name} complaint {i}"
        if app(["log", name, summary, "--json"], standalone_mode=False) == 0:
            out.write(summary + "\\n")  # the till printed "Logged": it must be kept somewhere
            out.flush()
"""


def _wait_for(condition, processes) -> None:
    """Wait (without a deadline of its own: pytest's timeout is the limit) until ``condition`` holds."""
    import time

    while not condition():
        assert all(p.poll() is None for p in processes), "a logger stopped"
        time.sleep(0.02)  # polling a condition, not synchronising by time


import pytest  # noqa: E402


@pytest.mark.parametrize("loggers", [1, 3])
def test_restore_while_tills_log_loses_no_logged_complaint(shop, tmp_path, loggers):
    import os
    import sqlite3
    import subprocess
    import sys

    shop.log("Dana Reyes", "Before the backup")
    backup = tmp_path / "monday.db"
    shop.ok("backup", str(backup))
    stop = tmp_path / "stop"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    files = [tmp_path / f"logged-{n}.txt" for n in range(loggers)]
    processes = [
        subprocess.Popen([sys.executable, "-c", LOGGER, f"Till {n}", str(files[n]), str(stop)], env=env)
        for n in range(loggers)
    ]

    def logged() -> list[list[str]]:
        return [f.read_text().splitlines() if f.exists() else [] for f in files]

    try:
        _wait_for(lambda: all(len(x) >= 3 for x in logged()), processes)
        out = shop.ok("restore", str(backup), "--yes")
        safety = Path(out.rsplit(" saved in ", 1)[1].rstrip(".\n"))
        after = [len(x) for x in logged()]
        _wait_for(lambda: all(len(x) >= n + 3 for x, n in zip(logged(), after, strict=True)), processes)
    finally:
        stop.touch()
        for p in processes:
            p.wait()
    kept = {row[0] for row in shop.query("SELECT summary FROM complaints")}
    conn = sqlite3.connect(safety)
    kept |= {row[0] for row in conn.execute("SELECT summary FROM complaints")}
    conn.close()
    printed = {summary for x in logged() for summary in x}
    assert printed and not printed - kept, sorted(printed - kept)[:5]


def _damage(path: Path, page: int) -> None:
    with path.open("r+b") as f:
        size = int.from_bytes(f.read(18)[16:18], "big")
        f.seek(size * (page - 1) + 8)
        f.write(b"\xde\xad\xbe\xef" * 200)


@pytest.mark.sqlite_only
def test_a_damaged_backup_is_refused_before_anything_changes(shop, tmp_path):
    for n in range(40):
        shop.log(f"Customer {n}", "Something went wrong " * 20)
    backup = tmp_path / "monday.db"
    shop.ok("backup", str(backup))
    _damage(backup, 3)
    before = shop.dump()
    said = shop.fails("restore", str(backup), "--yes", code=1)
    assert said.startswith(f"fixit: error: {backup} is damaged (") and "nothing was restored" in said
    assert shop.dump() == before
    assert not (shop.home / "backups").exists() or not list((shop.home / "backups").iterdir())


@pytest.mark.sqlite_only
def test_a_backup_of_a_damaged_database_is_refused(shop, tmp_path):
    for n in range(40):
        shop.log(f"Customer {n}", "Something went wrong " * 20)
    _damage(shop.db, 3)
    target = tmp_path / "copy.db"
    said = shop.fails("backup", str(target), code=1)
    assert "the database is damaged" in said and not target.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_forgetting_a_walk_in_leaves_other_tags_alone(shop):
    shop.log("Walk-in", "Spilled coffee")
    other = shop.log("Sam Lee", "Cold coffee")
    shop.ok("tag", str(other), "in-store", "walk-up")
    shop.ok("customer", "forget", "1", "--yes")
    assert sorted(shop.query("SELECT tag FROM tags")) == [("in-store",), ("walk-up",)]


def test_forget_drops_what_this_till_keeps_for_the_server_under_their_contacts(shop):
    from fixit import outbox
    from fixit.domain.complaints import NewComplaint
    from fixit.domain.customers import Contact

    shop.log("Dana Reyes", "Late", "--phone", "555-0142")
    outbox.keep(NewComplaint(contact=Contact("D. Reyes", phone="555 0142"), summary="Late again"), None, print)
    outbox.keep(NewComplaint(contact=Contact("Sam Lee"), summary="Cold coffee"), None, print)
    said = shop.ok("customer", "forget", "1", "--yes")
    if shop.url:  # the server answers: what was kept is sent first, matched to Dana by phone, forgotten with her
        assert outbox.waiting() == [] and "Late again" not in shop.dump() and "Cold coffee" in shop.dump()
        return
    assert "1 complaint kept on this till for the server" in said
    assert [kept.complaint.contact.name for kept in outbox.waiting()] == ["Sam Lee"]


# fixit's own JSON export imports back, whatever columns later versions added ----------------------


def _full_shop(shop) -> dict:
    """A shop with every column of every exported table filled somewhere (void, undo and the words
    letters say included); its JSON export."""
    shop.monkeypatch.setenv("FIXIT_TILL", "front-till")
    shop.ok("config", "set", "business_name", "Rosa's Bakery")
    shop.ok(
        "log",
        "Dana Reyes",
        "Charged twice",
        "--phone",
        "555-0142",
        "--email",
        "dana@example.com",
        "--promise",
        "Refund",
        "--by",
        "friday",
        "--tag",
        "till",
        "--about",
        "your card payment",
        "--happened",
        "yesterday",
        "--by-staff",
        "Sam",
        "--notes",
        "Regular",
        "--greet",
        "Ms Reyes",
        "--tell",
        "refund you",
        "--went-wrong",
        "your card was charged twice",
        "--careful",
        "--channel",
        "phone",
        "--severity",
        "high",
        "--apologized",
    )
    shop.ok("amend", "1", "coupon", "--value", "10", "--now")
    shop.ok("edit", "1", "--found", "the till sent it twice", "--we-did", "refunded the second charge")
    shop.ok("letter", "1", "--record")
    shop.ok("change", "Check the card reader", "--complaint", "1")
    shop.ok("log", "Dana Reyes", "Charged twice again")
    shop.ok("void", "2", "--why", "logged twice")
    shop.ok("log", "Lee Park", "Cold coffee")
    shop.ok("undo", "--yes")
    data = json.loads(shop.ok("export", "--format", "json"))
    return data


def test_a_json_export_with_every_column_filled_imports_back_the_same(shop, tmp_path):
    data = _full_shop(shop)
    for column in ("void_reason", "voided_at", "went_wrong", "found", "we_did", "careful", "channel_given"):
        assert any(row[column] is not None for row in data["complaints"]), column
    for column in ("till", "batch", "undo", "undone_at"):
        assert any(row[column] is not None for row in data["events"]), column
    first = tmp_path / "first.json"
    first.write_text(json.dumps(data))
    shop.empty()
    assert "Imported the export" in shop.ok("import", str(first))
    assert json.loads(shop.ok("export", "--format", "json")) == data


def test_the_json_import_checks_every_column_the_database_has(shop):
    """A column a migration adds is refused by the JSON import until it has a check: this fails first."""
    from fixit.domain.fields import ROWS

    shop.ok("due")  # the database made, at the newest schema
    for table, checks in ROWS.items():
        if shop.on_postgres:
            found = {
                row[0]
                for row in shop.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "AND table_schema = current_schema()",
                    table,
                )
            }
        else:
            found = {row[1] for row in shop.query(f"SELECT * FROM pragma_table_info('{table}')")}
        assert found == set(checks), (table, found ^ set(checks))


# a database location that keeps nothing is refused -------------------------------------------------


def test_a_database_location_that_would_keep_nothing_is_refused(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for location in (":memory:", ":MEMORY:", "file:x.db?mode=memory", "file:x.db", "FILE::memory:", " ", "  \t"):
        for args in (("--db", location, "log", "Dana Reyes", "Late cake"), ("--db", location, "due")):
            line = cli.fails(*args)
            assert "database" in line and "Logged" not in line, (location, line)
        monkeypatch.setenv("FIXIT_DB", location)
        assert "database" in cli.fails("log", "Dana Reyes", "Late cake")
        monkeypatch.delenv("FIXIT_DB")
    assert "database" in cli.fails("--db", "", "log", "Dana Reyes", "Late cake")
    assert [p.name for p in tmp_path.iterdir() if p.name != "home"] == []  # no stray file or folder


# a password in a location fixit cannot read is never shown ---------------------------------------

SLIGHTLY_WRONG = [
    "postgresql://u:pa/SECRET@127.0.0.1:1/x",
    "postgresql://u:pa SECRET@127.0.0.1:1/x",
    "postgresq://u:SECRET@127.0.0.1:1/x",
    "postgresql:/u:SECRET@127.0.0.1:1/x",
    "postgresql//u:SECRET@127.0.0.1:1/x",
    "pgsql://u:SECRET@127.0.0.1:1/x",
    "mysql://u:SECRET@127.0.0.1:1/x",
    "MySQL://u:pa/SECRET@127.0.0.1:1/x",
]


def test_a_slightly_wrong_url_is_refused_without_its_password(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for location in SLIGHTLY_WRONG:
        for args in (("paths",), ("paths", "--json"), ("due",), ("log", "Dana Reyes", "Late cake"), ("sync",)):
            said = cli.run("--db", location, *args)
            assert said.exit_code == 2, (location, args, said)
            assert "SECRET" not in said.stdout + said.stderr, (location, args, said)
        said = cli.run("migrate", "--to", location, "--yes")
        assert said.exit_code != 0 and "SECRET" not in said.stdout + said.stderr, (location, said)
    for path in tmp_path.rglob("*"):
        assert path.is_dir() or b"SECRET" not in path.read_bytes(), path


def test_the_masker_masks_anything_shaped_like_a_password_in_a_url():
    from fixit import conninfo

    for location in SLIGHTLY_WRONG:
        assert "SECRET" not in conninfo.scrub(f"cannot open {location}: no"), location
    assert conninfo.scrub("a/b.db and ./x:y.db") == "a/b.db and ./x:y.db"


# ids are ASCII digits; a number that is also a customer's name is refused naming both -------------


def test_digits_of_other_scripts_are_no_record_number(shop):
    for i in range(1, 4):
        shop.log(f"Person {i}", f"thing {i}", "--promise", "Call back")
    before = shop.dump()
    for args in (
        ("show", "١"),
        ("show", "#１"),
        ("keep", "P１"),
        ("keep", "٣"),
        ("customer", "forget", "٣", "--yes"),
        ("customer", "forget", "１", "--yes"),
        ("edit", "1", "--customer", "٣", "--yes"),
        ("customer", "merge", "٣", "1", "--yes"),
        ("customer", "export", "٣"),
        ("fix", "١", "done"),
        ("list", "--limit", "٣"),
        ("apologize", "２"),
    ):
        said = shop.run(*args)
        assert said.exit_code != 0, (args, said)
        assert "Person" not in said.stdout, (args, said)
    assert shop.dump() == before


def test_a_bare_number_that_is_also_a_customers_name_is_refused_naming_both(shop):
    for i in range(1, 4):
        shop.log(f"Person {i}", f"thing {i}")
    named_three = shop.log("3", "named three")
    other = shop.query("SELECT customer_id FROM complaints WHERE id = ?", named_three)[0][0]
    before = shop.dump()
    for args in (
        ("customer", "forget", "3", "--yes"),
        ("customer", "merge", "1", "3", "--yes"),
        ("edit", "1", "--customer", "3", "--yes"),
    ):
        line = shop.fails(*args)
        assert "customer 3 (Person 3)" in line and f"customer {other}" in line, line
    assert shop.dump() == before
    assert "Person 3" in shop.ok("customer", "forget", "Person 3", "--yes") or shop.dump() != before


# placeholder variants: one normaliser ------------------------------------------------------------

VARIANTS = [
    "Walk‐in",
    "Walk–in",
    "Walk—in",
    "Walkin customer",
    "Ｗalk-in",
    "walk-ins",
    "anonymous customer",
    "no name given",
    "??",
    "...",
    "Anonymous!",
    "Forgotten customer 1",
    "forgotten  customer 12",
    "Guests",
]


def test_placeholder_variants_are_no_one_by_one_normaliser():
    from fixit.text import is_placeholder

    for name in VARIANTS:
        assert is_placeholder(name), name
    for name in ("Dana", "Walker Inman", "Ann", "Forgotten Sam", "Customer Service Ltd", "Gus", "Nas"):
        assert not is_placeholder(name), name


def test_placeholder_variants_are_never_matched_nor_a_second_complaint(shop):
    for name in ("Walk–in", "Walkin customer", "Forgotten customer 1"):
        shop.log(name, "first")
        second = shop.ok("log", name, "second")
        assert "matched by name" not in second and "emergency" not in second.lower(), (name, second)


def test_a_new_complaint_for_a_forgotten_customer_s_new_name_is_someone_new(shop):
    shop.log("Dana Reyes", "Late cake", "--promise", "refund")
    shop.ok("customer", "forget", "1", "--yes")
    said = shop.ok("log", "Forgotten customer 1", "hello")
    assert "matched by name" not in said and "emergency" not in said.lower(), said


# forget: a merged name, the lines of tags it removes, what undo keeps ------------------------------


def test_forget_erases_a_merged_name_and_the_lines_of_the_tags_it_removes(shop):
    shop.log("Quentin Zabrowski", "cake dry", "--phone", "555-0177", "--tag", "zabrowski-vip")
    shop.log("Quentin Zabrowsky", "dup record", "--phone", "555-0178", "--new-customer")
    shop.ok("customer", "merge", "1", "2", "--yes")
    other = shop.log("Other Person", "Wrong order served")
    shop.ok("edit", "2", "--customer", "Other Person", "--yes")  # the duplicate's complaint moved away
    shop.ok("tag", str(other), "quentin")
    shop.ok("customer", "forget", "1", "--yes")
    everything = shop.dump().casefold()
    for trace in ("zabrowsk", "quentin", "555-0177", "555-0178", "5550177", "5550178"):
        assert trace not in everything, trace


def test_forget_lists_other_customers_records_that_name_them_in_their_own_words(shop):
    shop.log("Quentin Zabrowski", "cake dry", "--phone", "555-0177")
    other = shop.log("Other Person", "Served Quentin Zabrowski's order by mistake")
    shop.ok("change", "Call 555-0177 back first", "--complaint", "1")
    said = shop.run("customer", "forget", "1", "--yes")
    assert said.exit_code == 0
    assert f"#{other}, C1 name Quentin Zabrowski" in said.stderr, said.stderr


# a spreadsheet row wider than its header ------------------------------------------------------------


def test_a_spreadsheet_row_with_more_cells_than_the_header_is_refused_with_its_line(shop, tmp_path):
    rows = tmp_path / "m.csv"
    rows.write_text("name,summary,notes\nAnn Lee,late,\nSmith, John,cake was late,allergic\n")
    shop.ok("due")
    before = shop.dump()
    said = shop.run("import", str(rows))
    assert said.exit_code == 2 and "line 3: 4 cells but the header has 3" in said.stderr, said
    assert shop.dump() == before
    rows.write_text("name,summary,notes\nAnn Lee,late,,,\n")  # empty cells past the end are no values
    shop.ok("import", str(rows))


# invisible and bidi formatting characters -------------------------------------------------------------

INVISIBLE = ["\u200b", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\ufeff", "\u061c", "\U000e0041"]


def test_invisible_and_bidi_formatting_characters_are_refused_at_every_door(shop, tmp_path):
    shop.log("Bob", "late")
    data = json.loads(shop.ok("export", "--format", "json"))
    shop.empty()
    shop.ok("due")
    before = shop.dump()
    for char in INVISIBLE:
        code = f"U+{ord(char):04X}"
        for args in (("log", f"Bob{char}", "late"), ("log", char, "late"), ("log", "Bob", f"refund{char}gnp.exe")):
            line = shop.fails(*args)
            assert "invisible formatting character" in line and code in line, (args, line)
        rows = tmp_path / "b.csv"
        rows.write_text(f"name,summary\nB{char}ob,late\n", encoding="utf-8")
        said = shop.run("import", str(rows))
        assert said.exit_code == 2 and code in said.stderr, said
        edited = json.loads(json.dumps(data))
        edited["complaints"][0]["summary"] = f"late{char}"
        path = tmp_path / "e.json"
        path.write_text(json.dumps(edited))
        assert code in shop.fails("import", str(path))
    assert shop.dump() == before


def test_a_name_of_only_invisible_characters_is_refused_by_the_one_text_check():
    from fixit.errors import InputError
    from fixit.text import clean_name, clean_text

    for char in INVISIBLE:
        for check in (clean_name, lambda v: clean_text(v, "the summary")):
            try:
                check(f"{char}{char}")
            except InputError as problem:
                assert "invisible" in str(problem)
            else:
                raise AssertionError(repr(char))
    assert clean_name("José Núñez 👍") == "José Núñez 👍"
    assert clean_text("مرحبا بالعالم", "x") == "مرحبا بالعالم"


# the last internal errors ----------------------------------------------------------------------------


def test_odd_files_and_numbers_are_one_line_not_an_internal_error(shop, tmp_path):
    import os

    shop.ok("due")
    before = shop.dump()
    big = tmp_path / "big.json"
    big.write_text('{"customers": [{"id": 1' + "0" * 5000 + "}]}")
    assert "5,001 digits" in shop.fails("import", str(big))
    null_link = tmp_path / "zero.csv"
    null_link.symlink_to("/dev/zero")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    assert "is a device, not a file" in shop.fails("import", str(null_link))
    assert "is a named pipe, not a file" in shop.fails("import", str(fifo))
    assert "no backup file" in shop.fails("restore", str(tmp_path / "nothere.db"), "--yes")
    for command in ("list", "customers", "letters"):
        assert "more than the most it takes" in shop.fails(command, "--limit", "99999999999999999999")
    assert "less than the least" in shop.fails("list", "--limit", "-1")
    assert shop.dump() == before
