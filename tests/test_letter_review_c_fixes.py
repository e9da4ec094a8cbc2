"""The defect classes of the third fresh-eyes review (tests/letter_review_b.md, "Defect classes"),
each reproduced with the reviewer's own commands first, then checked at its root with a second case."""

from __future__ import annotations

import pytest

from fixit.errors import InputError
from fixit.letters import phrasing

# the wording of letters: the same on either store (the goldens read both), so run on SQLite
pytestmark = pytest.mark.one_store


def init(shop, business: str = "QuickSkip Hire") -> None:
    shop.ok("init", "--business-name", business, "--owner", "Lorraine Bell", "--currency", "£", "--phone", "555-0707")


# 1. a careful case missed, so the letter admits fault


def test_a_legal_threat_in_any_common_wording_is_careful():
    for text in (
        "Our solicitors will be in touch re costs",
        "you will hear from our lawyers",
        "my attorneys are looking at it",
        "we are suing you",
        "I will sue",
        "he sued the last firm",
        "taking you to the small claims court",
        "taking legal action",
        "see you in court",
        "reporting you to trading standards",
        "complaint to the ombudsman",
    ):
        found = phrasing.careful_case(text)
        assert found is not None and found.sure and found.reason == "legal", text


def test_a_name_sue_is_not_a_legal_threat():
    assert phrasing.careful_case("Sue said the cake was dry") is None


def test_injuries_in_inflected_words_are_careful():
    for text in (
        "spilled hot latte on her hand",
        "spilt hot tea on my arm",
        "boiling water on his leg",
        "she has burns on her hand",
        "he burned his hand on the kettle",
        "my son was scalded",
        "two customers injured",
        "injuries to his back",
        "a blister on her palm",
        "it still hurts",
    ):
        found = phrasing.careful_case(text)
        assert found is not None and found.sure and found.reason == "hurt", text


def test_a_spill_on_someone_or_redness_asks():
    for text in (
        "spilt latte on cust's hand at till, ran it under cold tap, she said fine but red",
        "spilled a drink on her arm",
    ):
        found = phrasing.careful_case(text)
        assert found is not None and not found.sure, text
    assert phrasing.careful_case("the burnt toast") is None
    assert phrasing.careful_case("a red dress, wrong size") is None


def test_the_skip_hire_letter_to_a_firm_threatening_solicitors_is_careful(shop):
    init(shop)
    n = shop.log(
        "Acme Scaffolding Ltd",
        "Skip not collected Tues as agreed, blocked the site entrance 2 days. Our solicitors will be in touch re costs",
        "--phone",
        "0113 555 0777",
        "--severity",
        "high",
        "--greet",
        "Mr Doyle",
    )
    assert "careful" in shop.ok("show", str(n))
    letter = shop.ok("letter", str(n))
    assert "we let you down badly" not in letter and "no excuse" not in letter, letter


def test_the_cafe_spill_is_asked_and_warned(shop):
    init(shop, "The Daily Grind")
    n = shop.log(
        "Gwenllian ap Rhys",
        "spilt latte on cust's hand at till, ran it under cold tap, she said fine but red",
        "--phone",
        "07700 901717",
        "--channel",
        "noticed",
        "--greet",
        "Gwenllian",
    )
    run = shop.run("letter", str(n))
    assert run.ok and f"fixit edit {n} --careful" in run.stderr, run.stderr
    asked = shop.run("letter", str(n), "--ask", input="y\nwe spilt a hot latte on your hand\n")
    assert asked.ok, asked.stderr
    assert "no excuse" not in asked.stdout, asked.stdout


# 3. a day the customer will read as false or doubled


def dog_walker(shop) -> int:
    shop.ok("init", "--business-name", "Happy Paws", "--owner", "Jess Tran", "--currency", "£", "--phone", "555-0909")
    return shop.log(
        "Mx Robin Vale",
        "Biscuit slipped his lead on the group walk, ran onto the road and grazed his paw. Vet cleaned it",
        "--phone",
        "07700 900990",
        "--greet",
        "Robin",
        "--happened",
        "yesterday",
        "--about",
        "Biscuit's walk yesterday",
    )


def test_a_relative_day_in_about_is_true_on_a_later_day(shop):
    n = dog_walker(shop)
    assert "Biscuit's walk yesterday" in shop.ok("letter", str(n), "apology")
    shop.at("2026-11-27T10:00:00")
    for kind in ("apology", "followup"):
        letter = shop.ok("letter", str(n), kind)
        assert "walk yesterday" not in letter and "Biscuit's walk on Sunday 22 November" in letter, letter
    assert "walk yesterday" in shop.ok("show", str(n))  # the record keeps what the owner typed


def test_relative_days_resolve_against_the_day_logged():
    from datetime import date

    logged, today = date(2026, 11, 23), date(2026, 11, 27)
    assert phrasing.resolve_days("Biscuit's walk yesterday", logged, today) == ("Biscuit's walk on Sunday 22 November")
    assert phrasing.resolve_days("your lunch today", logged, today) == "your lunch on Monday 23 November"
    assert phrasing.resolve_days("the delivery tomorrow", logged, today) == "the delivery on Tuesday 24 November"
    assert phrasing.resolve_days("your meal last night", logged, today) == (
        "your meal on the night of Sunday 22 November"
    )
    assert phrasing.resolve_days("your cut this morning", logged, today) == (
        "your cut on the morning of Monday 23 November"
    )
    assert phrasing.resolve_days("your cut this morning", logged, logged) == "your cut this morning"
    assert (
        phrasing.resolve_days("your lunch yesterday", logged, date(2026, 11, 24)) == "your lunch on Sunday 22 November"
    )
    assert phrasing.resolve_days("the order today", logged, date(2026, 11, 24)) == "the order yesterday"


def test_the_happened_date_is_not_put_in_front_of_the_went_wrong_answer(shop):
    init(shop, "Heel & Key Cobblers")
    n = shop.log(
        "Mr. J. P. Okonkwo-Bell",
        "brown brogues left for resoling 2 wks ago cant be found",
        "--phone",
        "07700 901818",
        "--happened",
        "2026-11-09",
        "--went-wrong",
        "we lost the brown brogues you left with us for resoling",
    )
    letter = shop.ok("letter", str(n))
    assert "sorry that we lost the brown brogues" in letter, letter
    assert "9 November" not in letter, letter


# 6. small wording


def test_a_free_redo_note_is_not_said_at_no_charge_twice(shop):
    init(shop, "Clay Corner Pottery")
    n = shop.log("Anna-Lena Muller", "Wheel class cancelled by text an hour before again", "--phone", "555-1616")
    shop.ok("amend", str(n), "redo", "--note", "a free wheel class", "--by", "+14d")
    letter = shop.ok("letter", str(n))
    assert "a free wheel class by" in letter and "free wheel class at no charge" not in letter, letter


def test_the_no_charge_words_are_dropped_for_any_note_that_says_so():
    from fixit.letters.phrasing import no_charge_said

    for note in ("a free wheel class", "a complimentary trim", "another fitting, no charge", "a re-dye on us"):
        assert no_charge_said(note), note
    assert not no_charge_said("another wheel class")


def test_a_follow_up_says_a_promise_was_kept_late(shop):
    init(shop, "Riverside Cabs")
    n = shop.log(
        "Siobhan Murphy",
        "Taxi never came",
        "--phone",
        "555-1234",
        "--promise",
        "call her back",
        "--by",
        "tomorrow",
        "--tell",
        "call you back with what went wrong with your booking",
    )
    shop.at("2026-11-26T11:00:00")
    shop.ok("keep", "P1")
    shop.ok("fix", str(n), "Called her back")
    letter = shop.ok("letter", str(n), "followup")
    kept = shop.ok("letter", str(n), "promise-kept", "--promise", "P1")
    sentence = "That was done today, later than we promised, and I am sorry for the wait."
    assert sentence in kept and sentence in letter, letter


def test_a_summary_with_a_common_misspelling_is_not_quoted_as_the_customers_words(shop):
    init(shop, "Sharp & Co Barbers")
    n = shop.log(
        "Tariq",
        "Barber made a joke about my beard in front of everyone, I felt embarassed",
        "--phone",
        "07700 901010",
        "--about",
        "your haircut on Saturday",
    )
    letter = shop.ok("letter", str(n))
    assert "embarassed" not in letter, letter
    shop.ok("edit", str(n), "--summary", "Barber made a joke about my beard in front of everyone, I felt embarrassed")
    assert "\u201cBarber made a joke" in shop.ok("letter", str(n))


def test_a_text_with_an_accented_name_goes_in_unicode_when_it_fits():
    from fixit.letters import sms

    fitted = sms.fit("Hello Siobhán, I'm so sorry about the taxi. - Declan", keep="Siobhán Ní Bhraonáin")
    assert fitted.encoding == "UCS-2" and "Siobhán" in fitted.text
    long = "Hello Siobhán, " + "x" * 130
    with pytest.raises(InputError) as refused:
        sms.fit(long, keep="Siobhán Ní Bhraonáin")
    assert "Siobhán" in str(refused.value) and "Bhraonáin" not in str(refused.value)
