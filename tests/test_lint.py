"""ruff and mypy --strict, as configured in pyproject.toml, run as part of the suite: CI runs the
README's test command and nothing else, so a lint or type finding fails the build like a test."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "src", "tests", "bench", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted_by_ruff():
    """One layout for the whole tree, so a diff shows what changed and never how it was laid out."""
    folders = ["src", "tests", "bench", "scripts"]
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *folders], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout
