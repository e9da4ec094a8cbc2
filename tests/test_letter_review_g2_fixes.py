"""Letter review F, defect classes 2, 3, 4 and 5 (fixit issue 19; tests/letter_review_f.md), each
fixed at its root and tested with the review's case and others of the same class."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from fixit.letters import checker, phrasing
from fixit.letters.render import Draft
from fixit.model import LetterKind


def init(shop, business: str = "Frame & Fold", signer: str = "Priscilla Adeyemi-Jones") -> None:
    shop.ok("init", "--business-name", business, "--owner", signer, "--phone", "0131-496-0220", "--currency", "£")


def one(shop, *args: str) -> dict:
    return json.loads(shop.ok("letter", *args, "--json"))["letters"][0]


# Class 4 (review F, scenario 18): fixit's own hint names a command that fails. Every record number a
# hint names is said with its label (C1, P2, A3), so the command it names reads as it was meant.

_HINTED = re.compile(r"""\bfixit ((?:[a-z][\w-]*)(?: (?:--?[\w-]+|[#A-Z]?\d+|"[^"]*"|[a-z][\w-]*))*)""")


def hinted_commands(text: str) -> list[list[str]]:
    """The commands a piece of output names ("Tell the customers: fixit letter --change C1"), as
    argument lists, with "..." filled in; a hint with a placeholder (ID, P.., FILE) is left out."""
    found = []
    for m in _HINTED.finditer(text):
        words = shlex.split(m.group(1).replace('"..."', '"x"'))
        if words and words[0] not in ("init", "serve", "server", "sync", "import", "undo"):
            found.append(words)
    return found


def test_every_hint_a_shop_session_prints_names_a_command_that_reads(shop):
    init(shop, "Popescu's Hardware", "Radu Popescu")
    said: list[str] = []

    def run(*args: str) -> None:
        result = shop.run(*args)
        assert result.exit_code == 0, (args, result.stderr)
        said.append(result.stdout + result.stderr)

    n = str(shop.log("Ioana-Maria Popescu", "the paint you mixed is pink", "--phone", "07700 900818"))
    said.append(shop.run("log", "Ioana-Maria Popescu", "second tin streaky", "--phone", "07700 900818").stdout)
    run("letter", n, "--no-ask")
    run("promise", n, "call back", "--by", "tomorrow")
    run("amend", n, "refund", "--value", "64", "--now")
    run("amend", n, "coupon", "--value", "10", "--by", "friday")
    run("judge", n, "--justified", "--cause", "systemic")
    run("change", "Every tin is checked against the card", "--complaint", n)
    run("change", "The machine is calibrated every Monday", "--complaint", "2")
    run("fix", n, "remixed")
    run("letter", n, "followup", "--no-ask")
    run("due")
    commands = [c for text in said for c in hinted_commands(text)]
    assert ["letter", "--change", "C1"] in commands, commands
    assert any(c[0] == "keep" for c in commands), commands
    for command in commands:
        result = shop.run(*command)
        said_back = result.stderr + result.stdout
        misread = re.search(r"could be|not a \w+ number", said_back)
        assert not (result.exit_code == 2 and misread), (command, said_back)
