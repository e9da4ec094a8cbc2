"""The defect classes of the third fresh-eyes review (tests/letter_review_b.md, "Defect classes"),
each reproduced with the reviewer's own commands first, then checked at its root with a second case."""

from __future__ import annotations

from fixit.letters import phrasing


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
