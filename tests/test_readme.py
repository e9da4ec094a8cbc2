"""The README is the owner's page: its set-up commands are the ones CI runs and its tour runs as
written. docs/commands.md is every command's --help, made from the code, and never out of date."""

import importlib.util
import re
from pathlib import Path

import pytest

from fixit.cli import COMMAND_MODULES, GROUP_MODULES

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    """The whole line, not a fragment of one: CI must run exactly what the README tells a developer to."""
    command = next(line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.startswith("python3"))
    assert command.replace("--quiet ", "") in [line.strip() for line in README.splitlines()]


def cli_reference():
    spec = importlib.util.spec_from_file_location("cli_reference", ROOT / "scripts" / "cli_reference.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_command_reference_is_made_from_the_code(monkeypatch, tmp_path):
    """docs/commands.md is what the code's --help says, whatever the terminal (width, colour, home)."""
    for name, value in {
        "COLUMNS": "40",
        "TERMINAL_WIDTH": "40",
        "FORCE_COLOR": "1",
        "FIXIT_HOME": str(tmp_path),
    }.items():
        monkeypatch.setenv(name, value)
    script = cli_reference()
    written = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert written == script.reference(), f"docs/commands.md is out of date: run `{script.REGENERATE}`"


@pytest.mark.parametrize("command", sorted([*COMMAND_MODULES, *GROUP_MODULES]))
def test_every_command_has_its_reference(command):
    assert f"\n## fixit {command}\n" in (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")


EVERYDAY = [
    "log",
    "apologize",
    "promise",
    "keep",
    "amend",
    "redeem",
    "due",
    "show",
    "list",
    "find",
    "customer",
    "judge",
    "fix",
    "followup",
    "close",
    "reopen",
    "letter",
    "change",
    "changes",
    "report",
    "backup",
    "export",
    "init",
    "config",
    "paths",
]


def cheat_sheet() -> str:
    return README.split("## Cheat sheet")[1].split("\n## ")[0]


@pytest.mark.parametrize("command", EVERYDAY)
def test_the_cheat_sheet_names_the_everyday_commands(command):
    """`fixit change` must be there as itself, not as the start of `fixit changes`."""
    assert re.search(rf"(?<![\w-])fixit {re.escape(command)}(?![\w-])", cheat_sheet())


def test_the_everyday_commands_are_commands():
    assert set(EVERYDAY) <= {*COMMAND_MODULES, *GROUP_MODULES}


def test_the_readme_is_an_owners_page():
    assert len(README.splitlines()) <= 200
    assert len(cheat_sheet().strip().splitlines()) <= 30  # one screen


def _anchor(heading: str) -> str:
    """GitHub's id for a heading: lower case, punctuation dropped, spaces to dashes."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _links(path: Path) -> list[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [target for target in re.findall(r"\]\(([^)\s]+)\)", text) if "://" not in target]


@pytest.mark.parametrize("page", ["README.md", *sorted(f"docs/{p.name}" for p in (ROOT / "docs").glob("*.md"))])
def test_every_link_between_the_pages_resolves(page):
    """Every relative link from the README and the docs/ pages names a file that exists, and a
    heading in it when it has a #part."""
    source = ROOT / page
    broken = []
    for target in _links(source):
        file, _, part = target.partition("#")
        found = (source.parent / file).resolve() if file else source
        if not found.is_file() or (
            part
            and part
            not in {
                _anchor(line.lstrip("#"))
                for line in found.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")
            }
        ):
            broken.append(target)
    assert not broken


def test_the_tour_runs_as_written(shop, tmp_path, monkeypatch):
    import shlex

    monkeypatch.chdir(tmp_path)
    block = README.split("## A day at the shop, in two minutes")[1].split("```sh")[1].split("```")[0]
    commands = " ".join(
        line.rstrip("\\").strip() + ("\n" if not line.rstrip().endswith("\\") else " ")
        for line in block.splitlines()
        if line.strip() and not line.strip().startswith("#")
    )
    ran = 0
    for command in commands.split("\n"):
        words = shlex.split(command, comments=True)
        if words:
            assert words[0] == "fixit"
            shop.ok(*words[1:])
            ran += 1
    assert ran >= 12
    assert (tmp_path / "dana.eml").read_text().count("To: Dana Reyes <dana@example.com>") == 1
