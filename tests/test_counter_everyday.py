"""Everyday use at a real counter (issue 23): the agenda and the lists fit the terminal they are shown
on, repeats are counted right, namesakes told apart."""

import io
import json

import pytest
from conftest import app_for, command_for
from rich.console import Console

from fixit.cli import app
from fixit.commands.common import AppState
from fixit.output import Output

WIDTHS = [60, 80, 120]


def render(shop, width: int, *args: str) -> list[str]:
    """What a terminal ``width`` columns wide shows for the command."""
    console = Console(width=width, record=True, file=io.StringIO(), highlight=False)
    result = shop.runner.invoke(app_for(args), list(args), obj=AppState(out=Output(console)), catch_exceptions=False)
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
        done = subprocess.run(
            [sys.executable, "-m", "sqlite_utils", "search", str(shop.db), "complaints", word],
            capture_output=True,
            text=True,
            check=True,
        )
        return json.loads(done.stdout)

    assert [row["summary"] for row in search("birthday")] == ["The birthday cake was dry"]
    assert {row["summary"] for row in search("cake")} == {
        "Charged twice for the cake",
        "Cake was dry",
        "The birthday cake was dry",
    }
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


@pytest.mark.parametrize(
    "action",
    [
        ["apologize", "{n}"],
        ["judge", "{n}", "--justified"],
        ["fix", "{n}", "Refunded"],
        ["followup", "{n}"],
        ["close", "{n}", "--outcome", "won-back"],
        ["promise", "{n}", "Call back", "--by", "tomorrow"],
        ["amend", "{n}", "gift", "--now", "--note", "a cake"],
        ["letter", "{n}"],
    ],
    ids=lambda action: action[0],
)
def test_a_void_complaint_takes_no_action_until_it_is_put_back(shop, action):
    """A complaint entered in error gets no apology, verdict, fix, promise, amend or letter: one line
    naming `fixit unvoid`, nothing changed; once put back, the same command works."""
    n = shop.log("Dana Reyes", "Cold soup", "--phone", "555-0142")
    shop.ok("void", str(n), "--why", "logged twice")
    before = shop.dump()
    args = [part.format(n=n) for part in action]
    refused = shop.fails(*args, code=1)
    assert f"complaint #{n} is void (logged twice)" in refused and f"`fixit unvoid {n}`" in refused, refused
    assert "\n" not in refused.strip() and "Traceback" not in refused
    assert shop.dump() == before
    shop.ok("unvoid", str(n))
    if action[0] == "followup":
        shop.ok("fix", str(n), "Refunded")
    shop.ok(*args)


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


# the conventions people already know ----------------------------------------------------------------


def _every_command():
    root = command_for()
    found = []
    for name, command in root.commands.items():
        found.append([name])
        found += [[name, sub] for sub in getattr(command, "commands", {})]
    return found


@pytest.mark.sqlite_only
def test_every_command_answers_dash_h_with_a_clean_usage_line(shop):
    import re

    commands = _every_command()
    assert len(commands) > 40
    for words in [[], *commands]:
        result = shop.runner.invoke(app_for([*words, "-h"]), [*words, "-h"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (words, result.stderr)
        assert "Usage:" in result.stdout
        usage = result.stdout.split("Usage:")[1].splitlines()[0]
        assert not re.search(r"[{}<>]", usage), (words, usage)
        leaks = re.findall(r"<[a-z_ ]+>|\[x[<>]=|<=x|\{[A-Za-z_|]+\}", result.stdout)
        assert not leaks, (words, leaks)


@pytest.mark.sqlite_only
def test_help_cmd_is_the_commands_help_and_the_root_help_is_grouped(shop):
    assert shop.ok("help", "log") == shop.ok("log", "--help")
    assert shop.ok("help", "config", "set") == shop.ok("config", "set", "--help")
    assert "no command called 'nope'" in shop.fails("help", "nope")
    root = shop.runner.invoke(app, ["--help"], env={"COLUMNS": "120"}).stdout
    panels = ["At the counter", "Afterwards", "The owner's view", "Letters", "Setup"]
    assert [root.index(f"─ {p} ─") for p in panels] == sorted(root.index(f"─ {p} ─") for p in panels)
    counter = root.split("─ At the counter ─")[1].split("─ Afterwards ─")[0]
    assert all(f" {word} " in counter for word in ("log", "apologize", "promise", "keep", "undo", "void"))


def test_the_command_map_is_read_off_the_modules_themselves():
    from fixit import cli

    commands, groups, panels = cli.command_modules()
    assert commands["log"] == "counter" and commands["undo"] == "lifecycle" and commands["list"] == "views"
    assert groups["config"] == ("setup", "config_app")
    assert panels["undo"] == "At the counter" and panels["due"] == "The owner's view"
    assert set(panels.values()) == set(cli.PANELS)


def test_several_numbers_are_all_done_or_none(shop):
    for name in ("Ana", "Ben", "Cid"):
        shop.log(name, "Cold soup", "--promise", "Call back")
    before = shop.dump()
    assert "no complaint #99" in shop.fails("apologize", "1", "2", "99")
    assert "no complaint #99" in shop.fails("close", "1", "99")
    assert "no promise P9" in shop.fails("keep", "P1", "P9")
    assert "no complaint #99" in shop.fails("tag", "1", "99", "soup")
    assert shop.dump() == before
    assert shop.ok("apologize", "1", "2", "3").count("Apology recorded") == 3
    shop.ok("keep", "P1", "P3")
    shop.ok("tag", "1", "#3", "soup", "cold")
    assert "already apologized" in shop.fails("apologize", "2", "3", code=1)
    shop.ok("close", "1", "2", "--outcome", "won-back")
    shop.ok("fix", "3", "New soup")
    shop.ok("followup", "3")
    listed = {c["id"]: c for c in json.loads(shop.ok("list", "--json"))}
    assert [listed[n]["status"] for n in (1, 2, 3)] == ["closed", "closed", "fixed"]
    assert all(listed[n]["apologized_at"] for n in (1, 2, 3))
    assert _complaint(shop, 3)["complaint"]["tags"] == ["cold", "soup"]
    assert [p["kept_at"] is not None for p in _complaint(shop, 2)["promises"]] == [False]
    assert "number(s) first" in shop.fails("tag", "soup")


def test_config_get_and_unset(shop):
    shop.ok("config", "set", "followup_days", "5")
    assert shop.ok("config", "get", "followup_days") == "5\n"
    shop.ok("config", "unset", "followup_days")
    assert shop.ok("config", "get", "followup_days") == "3\n"
    assert shop.ok("config", "get", "business_name") == "\n"
    assert "no setting called 'nope'" in shop.fails("config", "get", "nope")
    assert "no setting called 'nope'" in shop.fails("config", "unset", "nope")


def test_a_dash_reads_the_text_from_stdin_and_is_never_stored(shop):
    out = shop.ok("log", "Ana", "-", "--json", input="The soup was cold\nand late\n")
    n = json.loads(out)["complaint"]
    assert _complaint(shop, n)["complaint"]["summary"] == "The soup was cold\nand late"
    assert "nothing came" in shop.fails("log", "Ben", "-", input="")
    assert "only one text" in shop.fails("log", "Ben", "-", "--notes", "-", input="x")
    shop.ok("promise", str(n), "-", "--by", "friday", input="Call her back")
    shop.ok("fix", str(n), "-", input="Made a new one")
    found = _complaint(shop, n)
    assert found["promises"][0]["what"] == "Call her back" and found["complaint"]["fix"] == "Made a new one"
    assert all(c["summary"] != "-" for c in json.loads(shop.ok("list", "--json")))


def test_colour_follows_no_color_and_the_color_option(shop, monkeypatch):
    from fixit import output

    shop.log("Ana", "Cold soup")
    monkeypatch.setattr(output, "is_terminal", lambda: False)
    assert "\x1b[" in shop.ok("--color", "always", "due")  # bold and red, as on a terminal
    assert "\x1b[" not in shop.ok("due")
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("PAGER", "cat")
    assert "\x1b[" in shop.ok("due")
    assert "\x1b[" not in shop.ok("--color", "never", "due")
    monkeypatch.setenv("NO_COLOR", "1")
    out = shop.ok("due")
    assert "\x1b[" not in out and "Cold soup" in out  # no colour, and no bold either
    assert "never" in shop.fails("--color", "sometimes", "due")


def test_long_output_on_a_terminal_goes_through_the_pager(shop, monkeypatch, tmp_path):
    import shlex
    import sys

    from fixit import output

    for i in range(12):
        shop.log(f"Customer {i}", "Cold soup")
    paged = tmp_path / "paged.txt"
    script = f"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())"
    monkeypatch.setenv("PAGER", f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}")
    monkeypatch.setenv("LINES", "10")
    shop.ok("list")  # piped: never paged
    assert not paged.exists()
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    assert shop.ok("list") == ""
    assert paged.read_text().count("Cold soup") == 12
    paged.unlink()
    monkeypatch.setenv("LINES", "100")
    assert shop.ok("list").count("Cold soup") == 12  # a screenful: no pager
    assert not paged.exists()


def test_completion_offers_complaint_and_promise_numbers_and_setting_names(shop):
    shop.log("Ana", "Cold soup", "--promise", "Call her")
    shop.log("Ben", "Burnt toast")

    def complete(words: str) -> str:
        env = {"_FIXIT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": words}
        return shop.runner.invoke(app, [], env=env, prog_name="fixit").stdout

    assert '"1"' in complete("fixit apologize ") and '"2"' in complete("fixit close 1 ")
    assert "Burnt toast" in complete("fixit apologize ")
    assert '"P1"' in complete("fixit keep ")
    assert '"currency"' in complete("fixit config get cur") and '"smtp_host"' not in complete("fixit config get cur")


# the small ones -----------------------------------------------------------------------------------


def test_the_guide_names_every_command_that_takes_json():
    import re
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "docs" / "guide.md").read_text(encoding="utf-8")  # the whole guide
    sentence = readme.split("`--json` (on ")[1].split(")")[0]
    named = set(re.findall(r"`([^`]+)`", sentence))
    taking = set()
    for words in _every_command():
        command = _command(words)
        if any("--json" in getattr(param, "opts", []) for param in command.params):
            taking.add(" ".join(words))
    assert taking - named == set(), f"the guide's --json list misses {sorted(taking - named)}"
    assert named - taking == set(), f"the guide's --json list names {sorted(named - taking)}, which take no --json"


def _command(words):
    command = command_for()
    for word in words:
        command = command.commands[word]
    return command


def test_letter_change_out_is_a_folder_for_one_customer_as_for_several(shop, tmp_path):
    first = shop.log("Ana", "Charged twice", "--apologized")
    shop.ok("judge", str(first), "--justified", "--cause", "systemic")
    shop.ok("change", "Every card payment is checked against the till roll", "--complaint", str(first))
    one = tmp_path / "one"
    shop.ok("letter", "--change", "1", "--out", str(one))
    assert one.is_dir() and [p.name for p in one.iterdir()] == [f"new-procedure-{first}.txt"]
    second = shop.log("Ben", "Charged twice too", "--apologized")
    shop.ok("judge", str(second), "--justified", "--cause", "systemic")
    shop.ok(
        "change", "Receipts are printed for every card payment", "--complaint", str(first), "--complaint", str(second)
    )
    two = tmp_path / "two"
    shop.ok("letter", "--change", "2", "--out", str(two))
    assert sorted(p.name for p in two.iterdir()) == [f"new-procedure-{first}.txt", f"new-procedure-{second}.txt"]
    single = tmp_path / "single.txt"
    shop.ok("letter", str(first), "--out", str(single))  # a complaint's own letter: a file
    assert single.is_file()


@pytest.mark.sqlite_only
def test_datasette_searches_a_fixit_file(shop):
    import asyncio

    from datasette.app import Datasette

    shop.log("Ana", "The birthday cake was dry")
    shop.log("Ben", "Cold coffee")

    async def search(word: str) -> list[dict]:
        datasette = Datasette([str(shop.db)], immutables=[])
        response = await datasette.client.get(f"/fixit/complaints.json?_search={word}&_shape=array")
        assert response.status_code == 200, response.text
        return response.json()

    assert [row["summary"] for row in asyncio.run(search("birthday"))] == ["The birthday cake was dry"]
    assert [row["summary"] for row in asyncio.run(search("coffee"))] == ["Cold coffee"]


# the name picker --------------------------------------------------------------------------------


def test_the_name_picker_comes_right_after_the_name_and_offers_someone_new(shop):
    """Two customers share the name: who it is is asked before the other questions, and "new" is an
    answer (it was 'Error: pick one of 1, 2', after every other question)."""
    first = shop.log("Maria Gomez", "Cold soup", "--phone", "555-0101")
    shop.log("Maria Gomez", "Late order", "--phone", "555-0202", "--new-customer")
    result = shop.run("log", input="Maria Gomez\n\nnew\nWrong change given\ncounter\ny\n\n\n")
    assert result.exit_code == 0, result.stderr + result.stdout
    asked = result.stdout
    assert asked.index("new: someone new") < asked.index("What went wrong")
    assert shop.query("SELECT count(*) FROM customers") == [(3,)]
    again = shop.run("log", input="Maria Gomez\n\n#1\nStill cold\ncounter\ny\n\n\n")
    assert again.exit_code == 0, again.stderr + again.stdout
    owner = shop.query("SELECT customer_id FROM complaints WHERE summary = 'Still cold'")
    assert owner == shop.query("SELECT customer_id FROM complaints WHERE id = ?", first)


def test_find_says_which_complaints_are_void(shop):
    """`find` looks everything up, a complaint entered in error too, and says it is void."""
    shop.log("Dana Reyes", "Cold soup")
    twice = shop.log("Dana Reyes", "Cold soup again")
    shop.ok("void", str(twice), "--why", "logged twice")
    lines = shop.ok("find", "soup").splitlines()
    shown = sorted(line.split(":")[0] for line in lines)
    assert shown == ["#1 Dana Reyes (2026-11-23)", "#2 Dana Reyes (2026-11-23, void)"], lines
    found = json.loads(shop.ok("find", "soup", "--json"))
    assert {hit["complaint"]: hit["void"] for hit in found} == {1: False, 2: True}
