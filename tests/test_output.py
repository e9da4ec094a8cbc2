"""Terminal manners: help with an example everywhere, plain text when piped, rich on a terminal."""

import json
import re

import pytest
from typer.main import get_command

from fixit import __version__, output
from fixit.cli import app

COMMANDS = sorted(get_command(app).commands)
GROUPS = {"config": ["show", "set"], "templates": ["list", "show", "copy"], "customer": ["show", "edit", "merge"]}
SUBCOMMANDS = [(group, command) for group, commands in GROUPS.items() for command in commands]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(cli, command):
    out = cli.ok(command, "--help")
    if command in GROUPS:
        assert all(sub in out for sub in GROUPS[command])
    else:
        assert "Example: fixit " in out


@pytest.mark.parametrize("group, command", SUBCOMMANDS)
def test_subcommands_have_examples(cli, group, command):
    assert f"Example: fixit {group} {command}" in cli.ok(group, command, "--help")


def test_version(cli):
    assert cli.ok("--version").strip() == f"fixit {__version__}"


def test_piped_output_has_no_escape_codes(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    shop.log("Dana Reyes", "Again", "--phone", "555-0142")
    for args in (["due"], ["list"], ["show", "2"], ["config", "show"]):
        assert "\x1b[" not in shop.ok(*args)
    assert "!!! Third complaint: treat as an emergency !!!" in shop.ok(
        "log", "Dana Reyes", "Third", "--phone", "555-0142"
    )


def test_terminal_output_uses_rich_and_never_reads_customer_text_as_markup(shop, monkeypatch):
    monkeypatch.setattr(output, "is_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "120")
    shop.log("[bold]Dana[/bold]", "Charged twice", "--phone", "555-0142")
    out = shop.ok("log", "[bold]Dana[/bold]", "Again", "--phone", "555-0142")
    assert "╭" in out and "Second complaint: treat as an emergency" in out
    assert "[bold]Dana[/bold]" in out
    assert "[bold]Dana[/bold]" in shop.ok("list")
    assert "┃" in shop.ok("show", "1") or "│" in shop.ok("show", "1")


def test_settings_round_trip(shop):
    shop.ok("config", "set", "business_name", "Rosa's Bakery")
    assert re.search(r"business_name\s+Rosa's Bakery", shop.ok("config", "show"))
    assert '"followup_days": "3"' in shop.ok("config", "show", "--json")


@pytest.mark.parametrize("args", [[], ["config"], ["templates"], ["customer"]])
def test_a_group_alone_shows_its_help_and_no_error(cli, args):
    result = cli.run(*args)
    assert "Usage: fixit" in result.stdout and result.stderr == ""


def test_shell_completion_knows_every_command_and_choice(cli):
    import os
    import subprocess
    import sys

    def complete(words: str, index: int) -> list[str]:
        env = {**os.environ, "_FIXIT_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(index)}
        script = "import sys; from fixit.cli import main; sys.argv = ['fixit']; main()"
        return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True).stdout.split()

    assert complete("fixit ap", 1) == ["apologize"]
    assert "partial-refund" in complete("fixit amend 1 ", 3)


def test_errors_after_json_are_one_json_line_with_stable_keys(shop):
    """A script that asked for JSON gets its error as JSON too, with the exit code in it."""
    missing = shop.run("show", "99", "--json")
    assert missing.exit_code == 2 and missing.stdout == ""
    assert json.loads(missing.stderr) == {"error": "no complaint #99", "code": 2}
    usage = shop.run("list", "--json", "--limit", "lots")
    assert usage.exit_code == 2
    assert set(json.loads(usage.stderr)) == {"error", "code"}
    assert "lots" in json.loads(usage.stderr)["error"]
    plain = shop.run("show", "99")
    assert plain.stderr == "fixit: error: no complaint #99\n"


def test_a_refusal_names_what_to_do_next(shop):
    """The domain says what went wrong; the command adds the command or flag that helps."""
    n = str(shop.log())
    shop.ok("close", n)
    assert shop.fails("fix", n, "Refunded", code=1) == (
        f"fixit: error: complaint #{n} is closed; `fixit reopen {n}` before you fix it"
    )
    shop.ok("log", "Dana Reyes", "Dry cake", "--phone", "555-0100")
    shop.ok("log", "Dana Reyes", "Late cake", "--phone", "555-0199")
    assert shop.fails("log", "Dana Reyes", "Burnt cake") == (
        "fixit: error: 2 customers are called 'Dana Reyes'; pick one with --customer ID (1, 2)"
    )


@pytest.mark.sqlite_only
def test_warnings_after_json_are_json_lines_too(shop):
    """A script that asked for JSON reads every line on stderr as JSON, warnings included."""
    shop.log("Dana Reyes", "Charged twice")
    shop.db.chmod(0o644)
    listed = shop.run("list", "--json")
    assert listed.exit_code == 0
    assert json.loads(listed.stderr) == {
        "warning": f"other users of this computer can read {shop.db}; `chmod 600 {shop.db}` makes it yours alone"
    }


def test_commands_print_only_through_output():
    """Every word a command prints goes through the one Output object (its --json face, its colour
    rules, stdout for results and stderr for the rest): no command module prints by itself."""
    import ast
    from pathlib import Path

    import fixit.commands

    bypasses = []
    for path in sorted(Path(fixit.commands.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            called = ast.unparse(node.func)
            if called in {"print", "typer.echo", "typer.secho", "sys.stdout.write", "sys.stderr.write"}:
                bypasses.append(f"{path.name}:{node.lineno} {called}")
    assert bypasses == []
