"""Everyday use at a real counter (issue 23): the agenda and the lists fit the terminal they are shown
on, repeats are counted right, namesakes told apart."""

import io
import json

import pytest
from rich.console import Console

from fixit.cli import app
from fixit.commands.common import AppState
from fixit.output import Output

WIDTHS = [60, 80, 120]


def render(shop, width: int, *args: str) -> list[str]:
    """What a terminal ``width`` columns wide shows for the command."""
    console = Console(width=width, record=True, file=io.StringIO(), highlight=False)
    result = shop.runner.invoke(app, list(args), obj=AppState(out=Output(console)), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return console.export_text().splitlines()


def assert_fits(lines: list[str], width: int) -> None:
    too_long = [line for line in lines if len(line) > width]
    assert not too_long, f"wider than {width}: {too_long}"


@pytest.fixture
def demo(shop, tmp_path):
    path = tmp_path / "demo.db"
    shop.ok("demo", str(path))
    return str(path)


@pytest.mark.sqlite_only
@pytest.mark.parametrize("width", WIDTHS)
def test_the_demo_agenda_fits_the_terminal_with_every_command_whole(shop, demo, width):
    lines = render(shop, width, "--db", demo, "due")
    assert_fits(lines, width)
    commands = [item["command"] for item in json.loads(shop.ok("--db", demo, "due", "--json"))["items"]]
    assert commands
    for command in commands:
        assert any(line.rstrip().endswith(f"→ {command}") for line in lines), (command, lines)
    items = [line for line in lines if "→" in line]
    if width >= 80:  # most items on one line, with the command beside them
        assert sum(1 for line in items if line.lstrip().startswith(("#", "P", "Coupon"))) >= len(items) - 2


@pytest.mark.sqlite_only
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("command", [["list"], ["customers"], ["find", "cake"], ["list", "--open"]])
def test_lists_fit_the_terminal(shop, demo, width, command):
    lines = render(shop, width, "--db", demo, *command)
    assert_fits(lines, width)
    assert len(lines) <= 12  # one line a row: nothing wraps


def test_a_summary_is_cut_at_a_word_and_a_long_one_never_wraps(shop):
    shop.log("Ana", "The wedding cake arrived two hours late and the icing had melted in the van on the way")
    lines = render(shop, 80, "due")
    assert_fits(lines, 80)
    item = next(line for line in lines if "#1 Ana" in line)
    assert "→ fixit apologize 1" in item
    assert "…" in item and "the icing had melted" not in item
    assert '"The wedding cake arrived' in item
    summary = item.split('"')[1]
    assert summary.endswith("…") and summary[:-1] in "The wedding cake arrived two hours late and the icing"
    assert not summary[:-1].endswith(" ")


def test_the_ordinal_says_which_complaint_it_is(shop):
    for summary in ("One", "Two", "Three"):
        shop.log("Dana Reyes", summary, "--phone", "555-0142")
    out = shop.ok("due")
    assert "third complaint" in out and "second complaint" in out
    assert json.loads(shop.ok("show", "3", "--json"))["complaint"]["emergency"] is True


def test_several_items_of_one_customer_are_grouped_under_them(shop):
    for summary in ("One", "Two", "Three"):
        shop.log("Dana Reyes", summary, "--phone", "555-0142", "--apologized")
    lines = render(shop, 80, "due")
    at = lines.index("  Dana Reyes:")
    assert lines[at + 1].startswith("    #2: ") and lines[at + 2].startswith("    #3: ")
    assert "→ fixit show 2" in lines[at + 1] and "→ fixit show 3" in lines[at + 2]


def test_customers_who_share_a_name_are_told_apart(shop):
    shop.log("Maria Gomez", "Cold soup", "--phone", "555-0142")
    shop.log("Maria Gomez", "Late delivery", "--phone", "555-9876", "--new-customer")
    shop.log("Ana Silva", "Burnt toast")
    due = shop.ok("due")
    assert "Maria Gomez (…0142)" in due and "Maria Gomez (…9876)" in due
    assert "Ana Silva:" in due and "Ana Silva (" not in due
    listed = shop.ok("list")
    assert "Maria Gomez (…0142)" in listed and "Maria Gomez (…9876)" in listed
    assert "Maria Gomez (…9876)" in "\n".join(render(shop, 80, "customers"))
    assert "Maria Gomez (…0142)" in shop.ok("find", "soup")


def test_piped_find_prints_plain_words(shop):
    shop.log("Ana", "Refund the second charge")
    out = shop.ok("find", "refund")
    assert "**" not in out and "Refund the second charge" in out


@pytest.mark.sqlite_only
def test_sqlite_utils_finds_the_search_index_on_a_new_and_an_upgraded_file(shop):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    shutil.copy(Path(__file__).parent / "fixtures" / "schema1.db", shop.db)  # made before the declaration was fixed
    shop.log("Ana", "The birthday cake was dry")

    def search(word: str) -> list[dict]:
        done = subprocess.run([sys.executable, "-m", "sqlite_utils", "search", str(shop.db), "complaints", word],
                              capture_output=True, text=True, check=True)
        return json.loads(done.stdout)

    assert [row["summary"] for row in search("birthday")] == ["The birthday cake was dry"]
    assert {row["summary"] for row in search("cake")} == {"Charged twice for the cake", "Cake was dry",
                                                          "The birthday cake was dry"}
    assert shop.ok("find", "cake").count("\n") == 3  # fixit's own search reads the same index


# void: a complaint entered in error ---------------------------------------------------------------

def _due_items(shop):
    return json.loads(shop.ok("due", "--json"))["items"]


def test_a_void_complaint_leaves_due_report_and_repeat_counts_and_comes_back(shop):
    first = shop.log("Dana Reyes", "Cold soup", "--phone", "555-0142", "--promise", "Call", "--by", "today")
    twice = shop.log("Dana Reyes", "Cold soup", "--phone", "555-0142", "--promise", "Call", "--by", "today")
    before = shop.dump()
    out = shop.ok("void", str(twice), "--why", "logged twice")
    assert "void: logged twice" in out
    assert {item["complaint"] for item in _due_items(shop)} == {first}  # its promise left with it
    assert json.loads(shop.ok("report", "--json"))["complaints"] == 1
    assert json.loads(shop.ok("report", "--json"))["repeat_customers"] == []
    assert [c["id"] for c in json.loads(shop.ok("list", "--json"))] == [first]
    assert [c["id"] for c in json.loads(shop.ok("list", "--void", "--json"))] == [twice]
    assert json.loads(shop.ok("customers", "--json"))[0]["complaints"] == 1
    shown = shop.ok("show", str(twice))
    assert "VOID" in shown and "logged twice" in shown
    third = shop.log("Dana Reyes", "Burnt bread", "--phone", "555-0142")
    assert "second complaint" in shop.ok("due")  # the void one is no repeat
    assert json.loads(shop.ok("show", str(third), "--json"))["complaint"]["emergency"] is True

    shop.ok("unvoid", str(twice))
    assert twice in {item["complaint"] for item in _due_items(shop)}
    assert "third complaint" in shop.ok("due")
    assert json.loads(shop.ok("report", "--json"))["complaints"] == 3
    assert before != shop.dump()  # and the history keeps both
    timeline = json.loads(shop.ok("show", str(twice), "--json"))["timeline"]
    assert [e["kind"] for e in timeline][-2:] == ["voided", "unvoided"]


def test_void_needs_a_reason_and_refuses_twice(shop):
    n = shop.log("Ana", "One")
    assert "--why" in shop.fails("void", str(n))
    assert "empty" in shop.fails("void", str(n), "--why", "  ")
    shop.ok("void", str(n), "--why", "test")
    assert "already void" in shop.fails("void", str(n), "--why", "again", code=1)
    assert "not void" in shop.fails("unvoid", str(shop.log("Ben", "Two")), code=1)
    assert "no complaint #99" in shop.fails("void", "99", "--why", "x")


# undo: the last change made on this till ---------------------------------------------------------

def _complaint(shop, n):
    return json.loads(shop.ok("show", str(n), "--json"))


def test_undo_shows_asks_and_puts_back_the_last_change_then_the_one_before(shop):
    n = shop.log("Dana Reyes", "Cold soup", "--promise", "Call her", "--tag", "soup")
    shop.ok("judge", str(n), "--justified", "--cause", "mistake")
    shop.ok("keep", "P1")
    shop.ok("close", str(n), "--outcome", "won-back")
    before = shop.dump()
    asked = shop.run("undo", input="n\n")
    assert asked.exit_code == 1 and "Closed: won-back" in asked.stdout and "Undo it?" in asked.stdout
    assert shop.dump() == before  # said no: nothing changed
    shop.ok("undo", input="y\n")
    assert _complaint(shop, n)["complaint"]["status"] == "open"
    assert "P1 kept" in shop.ok("undo", "--yes")
    assert _complaint(shop, n)["promises"][0]["kept_at"] is None
    shop.ok("undo", "--yes")
    assert _complaint(shop, n)["complaint"]["verdict"] is None
    out = shop.ok("undo", "--yes")  # the log itself: the complaint is kept, marked void
    assert "Logged (counter): Cold soup" in out
    found = _complaint(shop, n)
    assert found["complaint"]["void_reason"] == "undone" and found["complaint"]["tags"] == []
    assert found["promises"] == []
    assert json.loads(shop.ok("due", "--json"))["items"] == []
    assert [e["kind"] for e in found["timeline"]].count("undone") == 4  # the history keeps it all
    assert "nothing to undo" in shop.fails("undo", "--yes", code=1)


def test_undo_undoes_only_this_tills_changes_and_only_today(shop, monkeypatch):
    n = shop.log("Ana", "One")
    monkeypatch.setenv("FIXIT_TILL", "the other till")
    shop.ok("apologize", str(n))
    monkeypatch.setenv("FIXIT_TILL", "this till")
    assert "nothing to undo" in shop.fails("undo", "--yes", code=1)
    shop.ok("fix", str(n), "Made a fresh one")
    shop.at("2026-11-24T09:00:00")
    assert "within the day" in shop.fails("undo", "--yes", code=1)
    assert _complaint(shop, n)["complaint"]["status"] == "fixed"


def test_undo_of_a_repeat_log_leaves_no_emergency_behind(shop):
    shop.log("Dana Reyes", "One", "--phone", "555-0142")
    second = shop.log("Dana Reyes", "Logged twice by mistake", "--phone", "555-0142")
    third = shop.log("Dana Reyes", "Two", "--phone", "555-0142")
    shop.ok("undo", "--yes")  # the third
    shop.ok("void", str(second), "--why", "logged twice")
    assert [i["section"] for i in json.loads(shop.ok("due", "--json"))["items"]].count("emergency") == 0
    assert _complaint(shop, third)["complaint"]["voided_at"] is not None
