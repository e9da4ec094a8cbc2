"""Fixes for the defect classes letter review D found (tests/letter_review_d.md), each first a
failing test."""

from __future__ import annotations

import json

import pytest

# the wording of letters: the same on either store (the goldens read both), so run on SQLite
pytestmark = pytest.mark.one_store


def init(shop, business: str = "Greenway Driveways") -> None:
    shop.ok("init", "--business-name", business, "--owner", "Pat Doyle", "--currency", "£", "--phone", "555-0808")


# 1. a second complaint loses the care of a legal step the customer took on the first


def test_a_second_complaint_keeps_the_care_of_a_legal_step_taken_on_the_first(shop):
    init(shop)
    first = shop.log(
        "Hana Novak", "Drive sealant peeling, says she will take us to small claims", "--phone", "555-0101"
    )
    second = shop.log("Hana Novak", "Crew left the gate open, dog got out", "--phone", "555-0101")
    assert json.loads(shop.ok("letter", str(first), "--json"))["letters"][0]["body"]  # careful on its own words
    body = json.loads(shop.ok("letter", str(second), "--json"))["letters"][0]["body"]
    assert "should not have happened" not in body and "let you down" not in body, body
    assert "earlier complaint" in shop.ok("show", str(second))
    shop.ok("edit", str(second), "--not-careful", "--yes")  # the owner decides otherwise: by hand wins
    assert "earlier complaint" not in shop.ok("show", str(second))


def test_a_legal_step_on_a_later_or_void_complaint_does_not_make_an_earlier_one_careful(shop):
    init(shop)
    first = shop.log("Hana Novak", "Crew late by an hour", "--phone", "555-0101")
    void = shop.log("Hana Novak", "Says she will sue", "--phone", "555-0101")
    shop.ok("void", str(void), "--why", "wrong customer")
    later = shop.log("Hana Novak", "Gate left open", "--phone", "555-0101")
    for n in (first, later):
        assert "careful" not in shop.ok("show", str(n)).split("For letters:")[-1].split("\n")[0]


# 4. a warning names a command that cannot fix what it found


def test_a_problem_in_the_explanation_names_judge_explain(shop):
    """Review D, scenario 8: the explanation spoke of the customer as 'she', and the problem named
    `fixit edit` options, none of which holds the explanation."""
    init(shop, "Riverside Leisure")
    n = shop.log("Dora Adeyemi", "Charged the non-member price at the pool", "--phone", "555-0102")
    shop.ok("judge", str(n), "--unjustified", "--explain", "She paid the non-member price as her membership lapsed")
    letter = json.loads(shop.ok("letter", str(n), "--json"))["letters"][0]
    problem = next(p for p in letter["problems"] if p.startswith("the explanation"))
    assert f"fixit judge {n} --unjustified --explain" in problem, problem
