"""The defect classes of the second fresh-eyes review (tests/letter_review_a.md, "Defect classes"),
each reproduced with the reviewer's own commands first, then checked at its root with a second case."""

from __future__ import annotations

import pytest

from fixit.letters import phrasing, sms

# the wording of letters: the same on either store (the goldens read both), so run on SQLite
pytestmark = pytest.mark.one_store


def init(shop, business: str = "Little Acorns Daycare") -> None:
    shop.ok("init", "--business-name", business, "--owner", "Bronwen Hughes", "--phone", "555-1313")


# 1. a careful letter names who was hurt only when the record says so


def test_a_careful_letter_does_not_say_the_reader_was_hurt_when_her_son_was(shop):
    init(shop)
    n = shop.log(
        "Yamamoto Keiko",
        "Her son Ren bumped his head on the climbing frame and we did not call her until pick-up",
        "--phone",
        "555-2313",
        "--greet",
        "Mrs Yamamoto",
        "--about",
        "Ren's fall at nursery",
        "--careful",
    )
    letter = shop.ok("letter", str(n))
    assert "you were hurt" not in letter and "you are recovering" not in letter, letter
    assert "your son" in letter, letter


def test_who_went_through_it_is_you_only_when_the_words_say_so():
    assert phrasing.careful_case("I fell and broke my wrist").who == "you"
    assert phrasing.careful_case("my daughter Ella had an allergic reaction").who == "your daughter"
    assert phrasing.careful_case("Her son Ren bumped his head, hurt").who == "your son"
    for text in (
        "Biscuit came home with a nick on her ear from the clippers, had to go to the vet",
        "A guest at our client lunch had an allergic reaction to the nut-free platter",
        "gum cut during scale and polish, bleeding",
    ):
        found = phrasing.careful_case(text)
        assert found is not None and found.who == "", text


def test_a_careful_letter_to_an_unknown_sufferer_speaks_neutrally(shop):
    init(shop, "Pampered Paws Grooming")
    n = shop.log(
        "D'Arcy Fitzgerald",
        "Biscuit came home with a nick on her ear from the clippers, had to go to the vet",
        "--phone",
        "555-1404",
    )
    letter = shop.ok("letter", str(n))
    assert "you were hurt" not in letter and "you are recovering" not in letter, letter
    assert "I was so sorry to hear what happened" in letter, letter


# 2. the careful words: symptoms make it careful, ambiguous words ask


def test_symptoms_make_a_letter_careful():
    for text in (
        "given 50mg instead of 25mg, felt dizzy",
        "nausea after the meal",
        "she was vomiting all night",
        "a rash on my arm",
        "swelling round the eye",
        "he fainted in the queue",
        "new glasses wrong prescription, headaches",
        "had to take her to A&E",
        "took the dog to the vet",
    ):
        found = phrasing.careful_case(text)
        assert found is not None and found.sure, text


def test_ambiguous_words_do_not_silently_make_a_letter_careful():
    for text in (
        "The top tier of my wedding cake collapsed before the speeches",
        "the shelf fell off the wall",
        "my hair was cut too short",
    ):
        found = phrasing.careful_case(text)
        assert found is None or not found.sure, text
    assert phrasing.careful_case("I fell on your wet floor").sure


def test_a_collapsed_cake_is_not_careful_and_the_warning_names_both_commands(shop):
    init(shop, "Crumb & Co. Bakery")
    n = shop.log(
        "Fatima Al-Zahra", "The top tier of my wedding cake collapsed before the speeches", "--phone", "555-0111"
    )
    run = shop.run("letter", str(n))
    assert run.ok
    assert "unwell" not in run.stdout, run.stdout
    assert f"fixit edit {n} --careful" in run.stderr and f"fixit edit {n} --not-careful" in run.stderr, run.stderr
    assert "collapsed" in run.stderr


def test_an_ambiguous_word_is_asked_at_the_prompt_and_the_answer_kept(shop):
    init(shop, "Crumb & Co. Bakery")
    n = shop.log(
        "Fatima Al-Zahra", "The top tier of my wedding cake collapsed before the speeches", "--phone", "555-0111"
    )
    run = shop.run("letter", str(n), "--ask", input="n\n")
    assert run.ok and "careful" in run.stderr
    assert "unwell" not in run.stdout
    assert "not careful (set by hand)" in shop.ok("show", str(n))
    assert "--careful" not in shop.run("letter", str(n)).stderr


def test_show_says_the_letters_will_be_careful_and_why(shop):
    init(shop, "Hillside Pharmacy")
    n = shop.log("Li Na", "given 50mg instead of 25mg, felt dizzy", "--phone", "555-2515")
    shown = shop.ok("show", str(n))
    assert "careful" in shown and "dizzy" in shown, shown


# 3. staff text is never quoted back as the customer's words


def test_a_summary_in_staff_voice_is_never_quoted():
    from fixit.model import Channel

    class C:
        channel = Channel.phone

        def __init__(self, summary: str) -> None:
            self.summary = summary

    for text in (
        "Her son Ren bumped his head on the climbing frame and we did not call her until pick-up",
        "He says we overcharged him",
        "They were charged twice and we apologised",
    ):
        assert phrasing.quotable(C(text)) is None, text  # type: ignore[arg-type]
    assert phrasing.quotable(C("I was charged for two new tyres but only one was fitted"))  # type: ignore[arg-type]


def test_a_careful_new_procedure_letter_quotes_nothing(shop):
    init(shop)
    n = shop.log("Ana Silva", "I fell on the wet floor by the door", "--phone", "555-0222", "--about", "your visit")
    shop.ok("judge", str(n), "--justified", "--cause", "systemic", "--found", "the mop sign was not out")
    shop.ok("change", "The wet-floor sign goes out before any mopping", "--complaint", str(n))
    letter = shop.ok("letter", str(n), "new-procedure")
    assert "\u201c" not in letter, letter


# 4. names never guessed


def test_names_never_guessed():
    for name, default in (
        ("Tanaka Hiroshi", "Tanaka Hiroshi"),
        ("Yamamoto Keiko", "Yamamoto Keiko"),
        ("Suzuki Aiko", "Suzuki Aiko"),
        ("Li Na", "Li Na"),
        ("Chen Wei", "Chen Wei"),
        ("Tom and Priya Shah", "Tom and Priya"),
        ("Mr & Mrs Patel", "Mr and Mrs Patel"),
        ("Brightwater Solicitors LLP", ""),
        ("Acme Widgets Ltd", ""),
        ("Carlos Rodríguez López", "Carlos Rodríguez López"),
        ("Mohammed Abdullah Al-Mansouri", "Mohammed Abdullah Al-Mansouri"),
        ("A. K.", ""),
    ):
        assert phrasing.greeting(name) == (default, True), name
    assert phrasing.greeting("Keiko Yamamoto") == ("Keiko", False)
    assert phrasing.greeting("Dana Reyes") == ("Dana", False)


def test_a_family_name_first_name_is_asked_and_not_greeted_as_a_first_name(shop):
    init(shop, "Riverside Dental")
    n = shop.log("Tanaka Hiroshi", "gum cut during scale and polish, bleeding", "--phone", "555-1202")
    run = shop.run("letter", str(n))
    assert "Hello Tanaka," not in run.stdout and "Hello,\n" in run.stdout
    assert "--greet" in run.stderr
    asked = shop.run("letter", str(n), "--ask", input="Mr Tanaka\n")
    assert "Hello Mr Tanaka," in asked.stdout, asked.stderr


def test_a_couple_is_asked_with_both_names_as_the_default(shop):
    init(shop, "Crystal Clear Windows")
    n = shop.log("Mr & Mrs Patel", "ladder cracked the conservatory pane", "--phone", "555-2919")
    assert "Hello Mr Patel," not in shop.ok("letter", str(n))
    asked = shop.run("letter", str(n), "--ask", input="\n\n")
    assert "[Mr and Mrs Patel]" in asked.stderr
    assert "Hello Mr and Mrs Patel," in asked.stdout


def test_no_name_chosen_at_the_prompt_is_kept_and_not_warned_again(shop):
    init(shop, "ClearView Opticians")
    n = shop.log("A. K.", "new glasses wrong prescription", "--phone", "555-1606")
    shop.run("letter", str(n), "--ask", input="-\n\n")
    run = shop.run("letter", str(n))
    assert "Hello,\n" in run.stdout
    assert "--greet" not in run.stderr, run.stderr
    shop.ok("customer", "edit", "1", "--greet", "Mr K")
    assert "Hello Mr K," in shop.ok("letter", str(n))
    shop.ok("customer", "edit", "1", "--greet", "-")
    assert "Hello,\n" in shop.ok("letter", str(n))


# 5. a staff fix note is never said word for word


def garage(shop, note: str) -> str:
    init(shop, "Ortiz Motors")
    n = str(shop.log("Carlos Rodríguez López", "charged for two tyres, one fitted", "--phone", "555-1303"))
    shop.ok("customer", "edit", "1", "--greet", "Carlos")
    shop.ok("judge", n, "--justified", "--cause", "mistake")
    shop.ok("fix", n, note)
    return n


def test_a_fix_note_is_not_said_as_a_deed_and_the_checker_names_we_did(shop):
    n = garage(shop, "Refunded 1 tyre, 89.00")
    run = shop.run("letter", n)
    assert "1 tyre, 89.00" not in run.stdout, run.stdout
    assert f"fixit edit {n} --we-did" in run.stderr


def test_a_well_formed_fix_note_is_treated_the_same_and_asked(shop):
    n = garage(shop, "Refunded the tyre that was not fitted")
    run = shop.run("letter", n)
    assert "refunded the tyre" not in run.stdout.lower()
    assert f"fixit edit {n} --we-did" in run.stderr
    asked = shop.run("letter", n, "--ask", input="refunded the tyre we did not fit\n")
    assert "refunded the tyre we did not fit" in asked.stdout
    assert "Refunded the tyre that was not fitted" in asked.stderr  # the note is shown, not pre-filled


# 6. a time word in --about: no date added again


def test_an_about_that_says_when_gets_no_date_appended():
    for about in (
        "the bike you hired on Sunday",
        "your lunch yesterday",
        "your stay last week",
        "the cake for 21 November",
        "your visit this morning",
    ):
        assert phrasing.says_when(about), about
    for about in ("your wedding cake", "the sunday roast menu"[:0] + "your new sofa"):
        assert not phrasing.says_when(about), about


def test_a_follow_up_does_not_say_the_day_twice(shop):
    init(shop, "Fjord Bike Hire")
    n = str(
        shop.log(
            "Bjørn Ødegård",
            "Front brake was loose",
            "--phone",
            "555-0333",
            "--happened",
            "sunday",
            "--about",
            "the bike you hired on Sunday",
        )
    )
    shop.ok("fix", n, "Tightened")
    shop.ok("edit", n, "--we-did", "tightened the brake", "--yes")
    letter = shop.ok("letter", n, "followup")
    assert "on Sunday on" not in letter and "on Sunday 22 November" not in letter, letter


# 7. an amend's note is never spliced into a frame it does not fit


def test_a_note_with_a_trailing_participle_is_not_spliced():
    assert not phrasing.note_fits("a new conservatory pane, fitted")
    assert not phrasing.note_fits("your own jacket, cleaned and delivered")
    assert phrasing.note_fits("new lenses to the right prescription")
    assert phrasing.note_fits("an anniversary cake for your first anniversary")


def test_a_replacement_note_does_not_make_a_broken_sentence(shop):
    init(shop, "Crystal Clear Windows")
    n = str(shop.log("Dana Reyes", "ladder cracked the conservatory pane", "--phone", "555-0444"))
    shop.ok("edit", n, "--went-wrong", "our ladder cracked a pane of your conservatory roof", "--yes")
    shop.ok("amend", n, "replacement", "--note", "a new conservatory pane, fitted", "--by", "+7d")
    run = shop.run("letter", n)
    assert "fitted to you" not in run.stdout, run.stdout
    assert "--tell" in run.stderr


# 8. smaller things


def test_a_careful_letter_to_a_company_does_not_hope_it_is_keeping_well(shop):
    init(shop, "Thyme & Table Catering")
    n = str(
        shop.log(
            "Brightwater Solicitors LLP",
            "A guest had an allergic reaction to the nut-free platter",
            "--email",
            "office@brightwater.example",
            "--greet",
            "Ms Pryce",
        )
    )
    shop.ok("fix", n, "Refunded")
    shop.ok("edit", n, "--we-did", "refunded the lunch", "--yes")
    letter = shop.ok("letter", n, "followup")
    assert "you are keeping well" not in letter and "you were unwell" not in letter, letter


def test_the_text_message_never_respells_the_customer_name():
    text = "Hello Sra. García, " + "we are following up on the photographs, thank you for your patience. " * 3
    try:
        fitted = sms.fit(text, keep="Sra. García")
    except Exception as refused:
        assert "García" in str(refused)
    else:
        assert "García" in fitted.text


def test_keep_all_is_not_promised(cli):
    out = cli.run("keep", "--help").stdout
    assert "all, or none" not in out
