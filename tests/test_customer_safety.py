"""Customers are never joined or lost by accident: a phone or email that matches someone with a
plainly different name asks first, and a merge shows both, asks, and keeps every contact detail."""

from __future__ import annotations

import json


def test_a_phone_match_with_another_name_is_not_filed_silently(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    line = shop.fails("log", "Someone Else", "Wrong order", "--phone", "555 0142")
    assert line == (
        "fixit: error: the phone 555 0142 belongs to Dana Reyes (customer 1), not Someone Else; "
        "add --customer 1 if it is them, or --new-customer for someone new"
    )
    assert shop.query("SELECT count(*) FROM complaints") == [(1,)]
    out = json.loads(shop.ok("log", "Someone Else", "Wrong order", "--phone", "555 0142", "--new-customer", "--json"))
    assert out["customer"] == 2 and out["emergency"] is False
    assert shop.query("SELECT name FROM customers ORDER BY id") == [("Dana Reyes",), ("Someone Else",)]


def test_the_same_person_with_a_shorter_name_still_matches(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    out = json.loads(shop.ok("log", "Dana", "Dry cake", "--phone", "555-0142", "--json"))
    assert out["customer"] == 1 and out["emergency"] is True


def test_at_the_prompt_the_owner_chooses(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    answers = "Someone Else\n555 0142\nWrong order\ncounter\ny\n\nn\n"  # ... then: not Dana Reyes
    result = shop.run("log", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "555 0142 is Dana Reyes's number (customer 1). Is this Dana Reyes?" in result.stdout
    assert shop.query("SELECT name FROM customers ORDER BY id") == [("Dana Reyes",), ("Someone Else",)]


def test_two_customers_sharing_a_phone_are_not_guessed_between(shop):
    shop.log("Dana Reyes", "One", "--phone", "555-0142")
    shop.log("Sam Reyes", "Two", "--phone", "555-0199")
    shop.ok("customer", "edit", "2", "--phone", "555-0142")
    line = shop.fails("log", "Dana Reyes", "Three", "--phone", "555-0142")
    assert "2 customers have the phone 555-0142 (1, 2)" in line and "--customer ID" in line


def test_a_merge_shows_both_asks_and_keeps_every_contact(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    shop.log("D. Reyes", "Dry cake", "--phone", "555-0199", "--email", "dana@example.com")
    refused = shop.run("customer", "merge", "1", "2", input="y\n")
    assert refused.exit_code == 2  # no terminal to ask on: --yes
    assert "Dana Reyes" in refused.stdout and "D. Reyes" in refused.stdout and "555-0199" in refused.stdout
    assert shop.query("SELECT count(*) FROM customers") == [(2,)]
    shop.ok("customer", "merge", "Dana Reyes", "D. Reyes", "--yes")
    [(name, phone, email, notes)] = shop.query("SELECT name, phone, email, notes FROM customers")
    assert (name, phone, email) == ("Dana Reyes", "555-0142", "dana@example.com")
    assert "Also phone 555-0199 (from customer 2, D. Reyes)" in notes
    assert "Customer 2 (D. Reyes) merged into customer 1" in shop.ok("show", "2")
    # the second number still finds her
    assert json.loads(shop.ok("log", "Dana Reyes", "Third", "--phone", "555-0199", "--json"))["customer"] == 1
