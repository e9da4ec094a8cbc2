"""Odd input is one clear line, never a crash: text that is not UTF-8 in any argument, numbers past
64 bits, a home folder of a user who does not exist, a clock at the ends of time. Swept over every
command fixit has (derived from fixit.cli's own tables, so a new command is swept too)."""

from __future__ import annotations

import pytest
import typer
from conftest import command_for

from fixit import cli

pytestmark = pytest.mark.sqlite_only  # about the command line: the store behind it is the same

NOT_UTF8 = b"s\xff".decode("utf-8", "surrogateescape")  # what Python makes of `fixit log A $'s\xff'`
HUGE = "99999999999999999999"


def every_command() -> list[tuple[list[str], typer.models.CommandInfo | object]]:
    """(words, click command) for every command and sub-command, from COMMAND_MODULES and GROUP_MODULES."""
    group = command_for()
    found = []
    for name in [*cli.COMMAND_MODULES, *cli.GROUP_MODULES]:
        command = group.commands[name]  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        if subcommands:
            found += [([name, sub], subcommands[sub]) for sub in subcommands]
        else:
            found.append(([name], command))
    return found


COMMANDS = every_command()


def invocations(value: str) -> list[list[str]]:
    """``value`` as each command's first argument, and as the value of each of its options that takes one."""
    runs = []
    for words, command in COMMANDS:
        runs.append([*words, value])
        for param in command.params:  # type: ignore[attr-defined]
            if getattr(param, "is_flag", True) or not getattr(param, "opts", None):
                continue
            if param.opts[0].startswith("--"):
                runs.append([*words, param.opts[0], value])
    return runs


@pytest.fixture
def busy(shop, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # a command given 999... as a file name writes it here, not in the checkout
    monkeypatch.setenv("EDITOR", "true")  # `templates edit`, `letter --edit`: an editor that changes nothing
    monkeypatch.setenv("VISUAL", "true")
    shop.log("Dana Reyes", "Late cake", "--phone", "555-0142")
    shop.log("Lee Park", "Cold soup", "--email", "lee@example.com")
    return shop


def one_clear_line(result, args) -> None:
    said = result.stdout + result.stderr
    assert "Traceback" not in said and "internal error" not in said, (args, said)
    if result.exit_code != 0:
        lines = [line for line in result.stderr.splitlines() if not line.startswith("fixit: warning: ")]
        assert len(lines) == 1 and lines[0].startswith("fixit: "), (args, result.stderr)


def test_text_that_is_not_utf8_in_any_argument_is_one_line_and_exit_2(busy):
    before = busy.dump()
    for args in invocations(NOT_UTF8):
        result = busy.run(*args)
        one_clear_line(result, args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "is not UTF-8 text: 's\\\\xff'" in result.stderr, (args, result.stderr)
    assert busy.dump() == before  # nothing changed


def test_a_setting_that_is_not_utf8_is_one_line(busy, monkeypatch):
    monkeypatch.setenv("FIXIT_LOCATION", NOT_UTF8)
    assert "FIXIT_LOCATION is not UTF-8 text" in busy.fails("log", "Ann Lee", "Late")


def test_numbers_past_64_bits_anywhere_are_one_line(busy):
    for args in invocations(HUGE) + invocations("-" + HUGE) + invocations("9" * 5000):
        if args[0] in ("log", "import", "demo", "backup", "export", "calendar", "till", "templates"):
            continue  # a name, a file or a folder called 999...: taken as given, not a number
        result = busy.run(*args)
        one_clear_line(result, args)


def test_ids_past_64_bits_are_refused(busy):
    for args in (
        ["customer", HUGE],
        ["customer", "show", HUGE],
        ["show", HUGE],
        ["show", "#" + HUGE],
        ["keep", "P" + HUGE],
        ["close", HUGE],
    ):
        assert "number" in busy.fails(*args), args
    assert "more than the most it takes" in busy.fails("list", "--limit", HUGE)
    assert "more than the most it takes" in busy.fails("log", "Ann", "Late", "--customer", HUGE)
    assert "more than the most it takes" in busy.fails("sync", "--kept", "x", "--customer", HUGE)


def test_a_home_folder_of_no_user_is_one_line(busy, monkeypatch):
    monkeypatch.setenv("FIXIT_DB", "~nosuchuser/x.db")
    for words, _ in COMMANDS:
        one_clear_line(busy.run(*words), words)
    assert "no home folder for '~nosuchuser'" in busy.fails("due")
    monkeypatch.delenv("FIXIT_DB")
    monkeypatch.setenv("FIXIT_HOME", "~nosuchuser/fixit")
    assert "no home folder for '~nosuchuser'" in busy.fails("due")


@pytest.mark.parametrize(
    "moment",
    [
        "9999-12-31T10:00:00",
        "0001-01-01T00:00:00",
        "2200-01-01T00:00:00",
        "1969-12-31T10:00:00",
        "9999-12-31T23:59:59+14:00",
    ],
)
def test_a_clock_at_the_ends_of_time_is_one_line(busy, moment):
    busy.at(moment)
    for words, _ in COMMANDS:
        result = busy.run(*words)
        one_clear_line(result, words)
    assert "FIXIT_NOW" in busy.fails("log", "Ann Lee", "Late")


@pytest.mark.parametrize("moment", ["2199-12-31T23:59:59", "1970-01-01T00:00:01"])
def test_the_first_and_last_moments_fixit_takes_work(busy, moment):
    busy.at(moment)
    busy.ok("log", "Ann Lee", "Late", "--phone", "555-0100")
    for words in (["due"], ["list"], ["report"], ["show", "3"], ["calendar"], ["due", "--ics"]):
        one_clear_line(busy.run(*words), words)


# --- the calendar: one entry per item, however often it is imported ----------------------------------


def test_calendar_uids_are_stable_from_day_to_day(shop, tmp_path):
    """A calendar that imports the file each morning updates each item instead of adding a copy a
    day: the same complaint's apology or emergency item keeps its UID as its day moves on."""
    import icalendar

    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142", "--promise", "Refund", "--by", "friday")
    shop.log("Dana Reyes", "Charged twice again", "--phone", "555-0142")  # a second complaint: an emergency
    days = {}
    for moment in ("2026-11-23T09:00:00", "2026-11-24T09:00:00", "2026-11-25T09:00:00"):
        shop.at(moment)
        for command in (["calendar"], ["due", "--ics"]):
            path = tmp_path / f"{moment[:10]}-{command[0]}.ics"
            shop.ok(*command, str(path))
            events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
            uids = [str(e["uid"]) for e in events]
            assert len(uids) == len(set(uids))
            days[(moment[:10], command[0])] = {uid: e.decoded("dtstart") for uid, e in zip(uids, events, strict=True)}
    for command in ("calendar", "due"):
        first, later = days[("2026-11-23", command)], days[("2026-11-25", command)]
        assert set(first) == set(later) and {"apology-1@fixit", "emergency-2@fixit"} <= set(first)
        assert later["apology-1@fixit"].isoformat() == "2026-11-25"  # the item moved, the UID stayed
