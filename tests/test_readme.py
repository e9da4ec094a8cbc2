"""The README is the manual: its set-up commands are the ones CI runs, and every command is in it."""

from pathlib import Path

import pytest

from fixit.cli import COMMAND_MODULES, GROUP_MODULES

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    command = next(line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line.startswith("python3"))
    assert command.replace("--quiet ", "") in README


@pytest.mark.parametrize("command", sorted([*COMMAND_MODULES, *GROUP_MODULES]))
def test_every_command_is_documented(command):
    assert f"fixit {command}" in README
