"""Every test drives the real CLI against a real SQLite file in its own temp folder.

FIXIT_HOME points fixit's app folder at the temp folder; FIXIT_NOW fixes the clock
(Monday 23 November 2026, 09:00, in UTC) so dates in output are predictable.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fixit.cli import app

os.environ["TZ"] = "UTC"
time.tzset()

MONDAY = "2026-11-23T09:00:00"


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0


class Shop:
    """A temp fixit home, with helpers to run commands and look at the database."""

    def __init__(self, home: Path, monkeypatch: pytest.MonkeyPatch):
        self.home = home
        self.monkeypatch = monkeypatch
        self.runner = CliRunner()
        monkeypatch.setenv("FIXIT_HOME", str(home))
        monkeypatch.delenv("FIXIT_DB", raising=False)
        monkeypatch.setenv("FIXIT_NOW", MONDAY)

    @property
    def db(self) -> Path:
        return self.home / "fixit.db"

    def at(self, moment: str) -> None:
        """Move the clock: '2026-11-25T10:00:00'."""
        self.monkeypatch.setenv("FIXIT_NOW", moment)

    def run(self, *args: str, input: str | None = None) -> Run:
        result = self.runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return Run(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str, input: str | None = None) -> str:
        result = self.run(*args, input=input)
        assert result.exit_code == 0, f"{args} failed: {result.stderr}{result.stdout}"
        return result.stdout

    def fails(self, *args: str, code: int = 2, input: str | None = None) -> str:
        """Run a command that must fail with one clear line on stderr; return that line."""
        result = self.run(*args, input=input)
        assert result.exit_code == code, f"{args}: exit {result.exit_code}, {result.stderr!r} {result.stdout!r}"
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected one error line, got: {result.stderr!r}"
        assert lines[0].startswith("fixit: error: ")
        assert "Traceback" not in result.stderr + result.stdout
        return lines[0]

    def dump(self) -> str:
        """The whole database as SQL text: equal dumps mean nothing changed."""
        if not self.db.exists():
            return ""
        conn = sqlite3.connect(self.db)
        try:
            return "\n".join(conn.iterdump())
        finally:
            conn.close()

    def query(self, sql: str, *params) -> list[tuple]:
        conn = sqlite3.connect(self.db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()

    def log(self, name: str = "Dana Reyes", summary: str = "Charged twice for the cake", *extra: str) -> int:
        out = self.ok("log", name, summary, *extra, "--json")
        import json

        return json.loads(out)["complaint"]


@pytest.fixture
def shop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shop:
    return Shop(tmp_path / "home", monkeypatch)


@pytest.fixture(autouse=True)
def _home_exists(tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
