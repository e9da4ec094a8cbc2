"""Defect classes from tests/letter_review_c.md, fixed at their root (review d): a careful letter
names who was hurt only from the record, an amend or promise said once and as what was done, and a
question pre-fills only what the record supports."""

from __future__ import annotations

import pytest

# the wording of letters: the same on either store (the goldens read both), so run on SQLite
pytestmark = pytest.mark.one_store


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


# Class 1: a careful letter names who was hurt only from the record.


def test_a_careful_letter_names_who_was_harmed_as_recorded(shop):
    rosa(shop)
    n = str(shop.log("Ana Silva", "The door caught him, he was hurt", "--harmed", "your dog Paşa"))
    assert "I was so sorry to hear that your dog Paşa was hurt" in shop.ok("letter", n)
    shop.ok("edit", n, "--harmed", "no one")
    letter = shop.ok("letter", n)
    assert "I was so sorry to hear what happened" in letter
    assert "I hope" not in letter and "recovering" not in letter


def test_without_an_answer_a_careful_letter_names_no_one_and_asks_at_a_terminal(shop):
    rosa(shop)
    n = str(shop.log("Ana Silva", "I was unwell after the prawns"))
    letter = shop.ok("letter", n)  # piped: neutral, never "you were unwell" by default
    assert "I was so sorry to hear what happened" in letter and "you were" not in letter
    asked = shop.run("letter", n, "--ask", input="your daughter\n")
    assert asked.ok, asked.stderr
    assert "Who was hurt or unwell?" in asked.stderr
    assert shop.query("SELECT harmed FROM complaints") == [("your daughter",)]
    assert "I was so sorry to hear that your daughter was unwell" in asked.stdout


def test_a_legal_only_careful_letter_wishes_no_one_well(shop):
    rosa(shop)
    n = str(shop.log("Bob Lee", "Water came into my daughter's bedroom; my lawyer will be in touch"))
    for kind in ("apology", "followup"):
        letter = shop.ok("letter", n, kind)
        assert "I hope" not in letter and "keeping well" not in letter, letter


def test_an_animal_hurt_is_never_you_were_hurt(shop):
    rosa(shop)
    n = str(shop.log("Ayşe Yılmaz", "Paşa came back with a bite wound on his ear, I am upset"))
    letter = shop.ok("letter", n)
    assert "you were hurt" not in letter and "you are recovering" not in letter
    assert "I was so sorry to hear what happened" in letter


# Class 3 (c): a gift's note is said, not swapped silently for "a small gift from us".


def test_a_note_ending_on_us_is_said_without_those_words(shop):
    rosa(shop)
    n = str(shop.log("Ana Silva", "The DJ was late", "--went-wrong", "the DJ arrived late"))
    shop.ok("amend", n, "gift", "--note", "two return tickets to Edinburgh, on us", "--now")
    letter = shop.run("letter", n)
    assert "two return tickets to Edinburgh." in letter.stdout
    assert "small gift from us" not in letter.stdout and "not a thing" not in letter.stderr


def test_an_amend_note_the_letter_cannot_say_names_the_command_that_corrects_it(shop):
    rosa(shop)
    n = str(shop.log("Ana Silva", "The lid was scratched", "--went-wrong", "the lid was scratched"))
    shop.ok("amend", n, "gift", "--note", "French-polish the lid", "--now")
    warned = shop.run("letter", n)
    assert 'fixit edit A1 --note "..."' in warned.stderr
    assert "Amend A1 note: a polished box lid." in shop.ok("edit", "A1", "--note", "a polished box lid")
    fixed = shop.run("letter", n)
    assert "a polished box lid" in fixed.stdout and "not a thing" not in fixed.stderr
    assert "A1 note: a polished box lid (was: French-polish the lid)" in shop.ok("show", n)
    assert "an amend takes only --note" in shop.fails("edit", "A1", "--about", "your lid")


# Class 3 (a, b): a promise and an amend that are the same refund are said once; a kept amend is
# said as what the shop did; an explanation says an amend still promised.


def test_a_refund_promised_by_hand_and_as_an_amend_is_said_once(shop):
    rosa(shop)
    n = str(
        shop.log(
            "Ana Silva",
            "The DJ was late",
            "--went-wrong",
            "the DJ arrived late",
            "--promise",
            "Refund half of the DJ fee",
            "--tell",
            "refund half of the DJ fee",
        )
    )
    shop.ok("amend", n, "partial-refund", "--value", "325")
    letter = shop.run("letter", n)
    assert letter.ok, letter.stderr
    assert "refund half of the DJ fee" not in letter.stdout
    assert letter.stdout.count("refund") == 1 and "we will refund £325.00" in letter.stdout.replace("$", "£")
    assert "promise P1 says the same as amend A1's promise P2" in letter.stderr


def test_a_kept_goodwill_amend_is_said_as_given_not_sent(shop):
    rosa(shop)
    n = str(shop.log("Bo Li", "My car came back dirty", "--went-wrong", "your car came back dirty"))
    shop.ok("amend", n, "gift", "--note", "a free valet")
    shop.ok("keep", "P1")
    letter = shop.ok("letter", n, "promise-kept")
    assert "we gave you a free valet today, as we promised" in letter and "sent" not in letter


def test_an_explanation_says_an_amend_still_promised(shop):
    rosa(shop)
    n = str(shop.log("Ben Kim", "I was overcharged", "--about", "the price of your sandwich"))
    shop.ok("judge", n, "--unjustified", "--explain", "the price on the board had gone up on Monday")
    shop.ok("amend", n, "coupon", "--value", "5")
    letter = shop.ok("letter", n)
    assert "We will send you a personal coupon worth" in letter
