"""Records kept safe (issue 20): destructive commands take exact ids or exact unique names and ask;
forgetting a customer leaves no trace of them; restore loses nothing and refuses a damaged backup;
every file fixit writes goes through one checked writer; placeholders are no one; a bare number
is never silently read as another kind of record; a recorded apology letter is the apology."""

from __future__ import annotations

import json


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
    shop.ok("promise", "1", "Call back", "--by", "tomorrow")          # P1 of #1
    shop.ok("promise", "2", "Bake again", "--by", "tomorrow")         # P2 of #2
    shop.ok("promise", "2", "Refund", "--by", "tomorrow")             # P3 of #2
    shop.ok("promise", "3", "Send a card", "--by", "tomorrow")        # P4 of #3
    before = shop.dump()
    said = shop.fails("keep", "3")
    assert said == ("fixit: error: '3' could be promise P3 (of #2: Refund) or complaint #3 "
                    "(P4: of #3: Send a card): say P3 or #3")
    assert shop.dump() == before
    assert "Promise P4 kept" in shop.ok("keep", "#3")
    assert "Promise P3 kept" in shop.ok("keep", "P3")
    assert "Promise P1 kept" in shop.ok("keep", "1")       # P1 is complaint #1's promise: one reading
    shop.ok("promise", "2", "Call again", "--by", "tomorrow")        # P5 of #2: two open now
    assert "complaint #2 has 2 open promises (P2: of #2: Bake again, P5" in shop.fails("keep", "#2")
    shop.log("Dee", "Late")                                  # #4, no promise: '4' is P4 or #4
    assert "could be promise P4 (of #3: Send a card) or complaint #4 (it has no open promise)" in shop.fails(
        "keep", "4")
    assert "complaint #4 has no open promise" in shop.fails("keep", "#4")
    assert "no promise P9, and no complaint #9" in shop.fails("keep", "9")


def test_change_and_unsent_numbers_are_read_the_same_way(shop, tmp_path):
    a, b = shop.log("Sam Lee", "Late delivery"), shop.log("Rosa Kim", "Late again")
    shop.ok("change", "Routes planned", "--complaint", str(b))       # C1, linked to #2
    assert "'1' could be change C1 (Routes planned) or complaint #1 (it has no process change)" \
        in shop.fails("letter", "--change", "1")
    assert shop.ok("letter", "--change", "#2").startswith("Hello Rosa,")
    assert shop.ok("letter", "--change", "C1").startswith("Hello Rosa,")
    assert a == 1


# one checked writer for every file fixit writes where it is told -----------------------------------

def writers(out):
    """Every command that writes a file the user names, writing to ``out``."""
    return [("export", "--format", "json", "--out", out), ("export", "--table", "complaints", "--out", out),
            ("due", "--ics", out), ("calendar", out), ("letter", "1", "--out", out),
            ("customer", "export", "1", "--out", out), ("backup", out)]


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
    for target, what in ((fifo, "a named pipe"), (null_link, "a device"), (folder, "a folder"),
                         (folder_link, "a folder")):
        for command in writers(str(target)):
            said = shop.fails(*command)
            assert said.startswith(f"fixit: error: {target}") and what in said and "\n" not in said, (command, said)
        assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and null_link.is_symlink()
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
