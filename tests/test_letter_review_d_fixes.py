"""Defect classes from tests/letter_review_c.md, fixed at their root (review d): a careful letter
names who was hurt only from the record, an amend or promise said once and as what was done, and a
question pre-fills only what the record supports."""

from __future__ import annotations


def rosa(shop):
    shop.ok("init", "--business-name", "Rosa's Bakery", "--owner", "Rosa Marquez")


# Class 6: a question's pre-filled guess is only a sentence the record supports.


def test_enter_at_what_went_wrong_saves_no_made_up_clause(shop):
    rosa(shop)
    n = str(shop.log("Dana Reyes", "Offer lost", "--about", "your offer on 14 Quay Street"))
    result = shop.run("letter", n, "--ask", input="\n")
    assert result.ok, result.stderr
    assert "was not right" not in result.stdout + result.stderr
    assert shop.query("SELECT went_wrong FROM complaints") == [(None,)]
    problems = shop.run("letter", n)  # still missing: a problem naming the command
    assert f'fixit edit {n} --went-wrong "your ..."' in problems.stderr
