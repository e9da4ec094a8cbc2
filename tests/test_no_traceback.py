"""Never a traceback: each of these once printed one. Now each is one line on stderr and a non-zero
exit, and anything unforeseen is written to a crash log (0600) instead of the screen."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest


@pytest.fixture
def dana(shop):
    shop.log("Dana Reyes", "Late cake", "--phone", "555-0142")
    return shop


def one_line(result) -> str:
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("fixit: error: "), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    return lines[0]


def test_dates_outside_sane_years_are_refused(dana):
    assert "between 1970 and 2199" in one_line(dana.run("promise", "1", "Refund", "--by", "9999-12-31"))
    assert "between 1970 and 2199" in one_line(dana.run("report", "--from", "0001-01-01", "--to", "9999-12-31"))
    assert "between 1970 and 2199" in one_line(dana.run("apologize", "1", "--at", "0001-01-01"))


def test_a_garbled_fixit_now_is_one_line(dana, monkeypatch):
    monkeypatch.setenv("FIXIT_NOW", "garbage")
    assert one_line(dana.run("due")) == (
        "fixit: error: FIXIT_NOW is not a date and time: 'garbage' (e.g. 2026-11-23T09:00)"
    )


def test_an_editor_that_is_not_there(dana, monkeypatch):
    monkeypatch.setenv("EDITOR", "/nonexistent/editor")
    monkeypatch.delenv("VISUAL", raising=False)
    line = one_line(dana.run("letter", "1", "--edit"))
    assert "the editor /nonexistent/editor could not be started" in line


def test_demo_into_a_folder(cli, tmp_path):
    folder = tmp_path / "a-folder"
    folder.mkdir()
    assert "is a folder" in one_line(cli.run("demo", str(folder), "--force"))


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ('{% include "apology.txt.j2" %}', "includes itself"),
        ("{% for i in range(10**9) %}x{% endfor %}", "too long a loop"),
        ("{% for i in range(9000) %}{% for j in range(90) %}x{% endfor %}{% endfor %}", "more than 100,000 characters"),
    ],
)
def test_user_templates_run_within_limits(dana, template, says):
    folder = dana.home / "templates"
    folder.mkdir()
    (folder / "apology.txt.j2").write_text("Subject: Sorry\n\n" + template + "\n", encoding="utf-8")
    line = one_line(dana.run("letter", "1"))
    assert line.startswith("fixit: error: template apology.txt.j2") and says in line


def test_a_template_saved_in_latin_1(dana):
    folder = dana.home / "templates"
    folder.mkdir()
    (folder / "apology.txt.j2").write_bytes("Subject: Café\n\nHello\n".encode("latin-1"))
    assert "template apology.txt.j2 is not UTF-8 text" in one_line(dana.run("letter", "1"))


def test_spreadsheets_that_cannot_be_read(dana, tmp_path):
    huge = tmp_path / "huge.csv"
    huge.write_text("name,summary\nLee," + "y" * 200_000 + "\n")
    assert "line 2: a cell is longer than" in one_line(dana.run("import", str(huge)))
    unclosed = tmp_path / "unclosed.csv"
    unclosed.write_text('name,summary\n"Lee,"forgot to close\nAna,Cold coffee\n')
    assert one_line(dana.run("import", str(unclosed))).startswith("fixit: error: line 2: ")
    twice = tmp_path / "twice.csv"
    twice.write_text("name,summary,summary\nLee,Late,Cold\n")
    assert "the column 'summary' is there twice" in one_line(dana.run("import", str(twice)))
    assert dana.query("SELECT count(*) FROM complaints") == [(1,)]


def test_an_import_row_naming_two_customers(dana, tmp_path):
    dana.ok("log", "Dana Reyes", "Dry cake", "--phone", "555-0199")
    rows = tmp_path / "rows.csv"
    rows.write_text("name,summary\nDana Reyes,Burnt cake\n")
    line = one_line(dana.run("import", str(rows)))
    assert line == (
        "fixit: error: line 2: 2 customers are called 'Dana Reyes'; "
        "give the row a phone or email column to tell them apart"
    )


def test_the_unforeseen_goes_to_a_crash_log_not_the_screen(shop, tmp_path):
    """A fault no check foresaw (here: a bug planted by a test-only hook) prints one line, exits 1,
    and leaves its traceback in a 0600 crash log in the app folder; FIXIT_DEBUG=1 prints it."""
    plant = tmp_path / "sitecustomize.py"
    plant.write_text(
        "import fixit.commands.views as v\n"
        "def broken(*a, **k):\n    raise ZeroDivisionError('planted for the test: Dana Reyes')\n"
        "v.reading.detail = broken\n"
    )
    env = {**os.environ, "FIXIT_HOME": str(shop.home), "PYTHONPATH": str(tmp_path), "FIXIT_NOW": "2026-11-23T09:00"}
    shop.log()
    result = subprocess.run([sys.executable, "-m", "fixit", "show", "1"], env=env, capture_output=True, text=True)
    log = shop.home / "crash.log"
    assert result.returncode == 1
    assert result.stderr == f"fixit: internal error; details in {log}\n"
    assert "Dana Reyes" not in result.stderr + result.stdout
    assert "ZeroDivisionError" in log.read_text() and stat.S_IMODE(log.stat().st_mode) == 0o600
    debug = subprocess.run(
        [sys.executable, "-m", "fixit", "show", "1"], env={**env, "FIXIT_DEBUG": "1"}, capture_output=True, text=True
    )
    assert "Traceback" in debug.stderr and debug.returncode == 1
