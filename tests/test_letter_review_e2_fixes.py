"""Letters that ask instead of guessing (fixit issue 19): the defect classes 4, 5, 6 and 8 of
tests/letter_review_d.md, each fixed at its root and tested with the review's wording and two or
three others of the same class."""

from __future__ import annotations

import json

import pytest

# the wording of letters: the same on either store (the goldens read both), so run on SQLite
pytestmark = pytest.mark.one_store


def init(shop, business: str = "Canopy Marquee Hire", signer: str = "Fiona Blake") -> None:
    shop.ok("init", "--business-name", business, "--owner", signer, "--signer", signer, "--currency", "£")


def letters(shop, *args: str) -> list[dict]:
    return json.loads(shop.ok("letter", *args, "--json"))["letters"]


def one(shop, *args: str) -> dict:
    return letters(shop, *args)[0]


def systemic_with_change(shop, n: int, change: str) -> None:
    """A complaint judged systemic, with a process change and a fix, ready for a follow-up."""
    shop.ok("apologize", str(n))
    shop.ok("judge", str(n), "--justified", "--cause", "systemic", "--found", "nothing checked it")
    shop.ok("change", change, "--complaint", str(n))
    shop.ok("fix", str(n), "done")
    shop.ok("edit", str(n), "--we-did", "put it right")


# Class 4a: a finding in a change's own text names the command that edits a change's text.

STAFF_VOICE_CHANGES = [
    # the review's three (scenarios 16, 17, 19) ...
    "Every wedding now has a named back-up lorry, and the customer is rung within 15 minutes of any delay",
    "All bait now goes in locked boxes, logged on a map left with the customer",
    "Every booking's pickup address is now read back to the customer and texted to them the day before",
    # ... and others of the same class
    "Every repair now comes with a written quote handed to the client before work starts",
    "The caller is now asked for a second phone number when booking",
]


@pytest.mark.parametrize("text", STAFF_VOICE_CHANGES)
def test_staff_words_in_a_change_name_the_command_that_edits_the_change(shop, text):
    init(shop)
    n = shop.log("Alasdair Grant", "Marquee never arrived", "--phone", "555-0101")
    systemic_with_change(shop, n, text)
    for args in (("--change", "1"), (str(n), "followup")):
        problems = one(shop, *args)["problems"]
        found = [p for p in problems if "customer" in p.lower() or "client" in p.lower() or "caller" in p.lower()]
        assert found, (args, problems)
        for problem in found:
            assert 'fixit edit C1 --text "..."' in problem, problem
            assert "--about" not in problem and "--tell" not in problem, problem


def test_a_change_said_to_the_customer_is_not_flagged(shop):
    init(shop)
    n = shop.log("Alasdair Grant", "Marquee never arrived", "--phone", "555-0101")
    systemic_with_change(shop, n, "We now ring you within 15 minutes of any delay, and keep a back-up lorry")
    assert one(shop, "--change", "1")["problems"] == []


def test_edit_a_change_text_and_the_letters_say_the_new_words(shop):
    init(shop)
    n = shop.log("Alasdair Grant", "Marquee never arrived", "--phone", "555-0101")
    systemic_with_change(shop, n, "All bait now goes in locked boxes, logged on a map left with the customer")
    out = shop.ok("edit", "C1", "--text", "All bait now goes in locked boxes, marked on a map we leave with you")
    assert "C1" in out and "map we leave with you" in out
    letter = one(shop, "--change", "1")
    assert "marked on a map we leave with you" in letter["body"] and letter["problems"] == []
    assert "left with the customer" not in letter["body"]
    history = shop.ok("show", str(n))
    assert "map we leave with you" in history and "(was: All bait now goes in locked boxes, logged" in history
    assert "map we leave with you" in shop.ok("changes")


def test_edit_a_change_text_refuses_bad_input_and_changes_nothing(shop):
    init(shop)
    n = shop.log("Alasdair Grant", "Marquee never arrived", "--phone", "555-0101")
    systemic_with_change(shop, n, "A back-up lorry for every wedding")
    before = shop.dump()
    assert "--text" in shop.fails("edit", "C1", "--about", "your wedding")
    assert "--text" in shop.fails("edit", "C1")
    missing = shop.run("edit", "C2", "--text", "Something")
    assert missing.exit_code != 0 and "C2" in missing.stderr and "Traceback" not in missing.stderr
    assert "empty" in shop.fails("edit", "C1", "--text", "   ")
    assert "change" in shop.fails("edit", str(n), "--text", "A back-up lorry")
    assert "change" in shop.fails("edit", "P1", "--text", "A back-up lorry")
    assert shop.dump() == before


def test_undo_puts_back_a_change_text_an_amend_note_and_edited_fields(shop):
    init(shop)
    n = shop.log("Alasdair Grant", "Marquee never arrived", "--phone", "555-0101")
    systemic_with_change(shop, n, "A back-up lorry for every wedding")
    shop.ok("edit", "C1", "--text", "We keep a back-up lorry for every wedding")
    shop.ok("undo", "--yes")
    assert shop.query("SELECT description FROM changes") == [("A back-up lorry for every wedding",)]
    shop.ok("amend", str(n), "gift", "--note", "a bottle of fizz", "--now")
    shop.ok("edit", "A1", "--note", "a bottle of champagne")
    shop.ok("undo", "--yes")
    assert shop.query("SELECT note FROM amends") == [("a bottle of fizz",)]
    shop.ok("edit", str(n), "--went-wrong", "the marquee never came", "--harmed", "no one")
    shop.ok("undo", "--yes")
    assert shop.query("SELECT went_wrong, harmed FROM complaints") == [(None, None)]


# Class 4b: the third-person-name check matches the customer's own name, never a note beside it.

NAMES_WITH_NOTES = [
    ("Derek Hollings (son of Ivy Hollings, Room 12, Elmwood House)", "the manager at Elmwood House", "Derek"),
    ("Priya Shah (daughter of Mr Shah, Flat 3, Rosewood Court)", "the warden at Rosewood Court", "Priya"),
    ("Tomasz Nowak [Parkside Nursing Home, Room 4]", "the nurse in charge at Parkside", "Tomasz"),
    ("Jean Marsh - carer for Albert Marsh, Willow Lodge", "the manager at Willow Lodge", "Jean"),
]


@pytest.mark.parametrize(("name", "place", "first"), NAMES_WITH_NOTES)
def test_words_of_a_note_beside_the_name_are_not_the_customer(shop, name, place, first):
    init(shop, "FreshPile Carpet Cleaning", "Tony Marsh")
    n = shop.log(name, "Carpet left soaking", "--phone", "555-0111", "--went-wrong", "your carpet was left soaking")
    shop.ok("promise", str(n), "call back", "--by", "+1d", "--tell", f"call you after speaking to {place}")
    problems = one(shop, str(n))["problems"]
    assert not [p for p in problems if "third person" in p], problems
    # the customer's own name in the third person is still found
    shop.ok("edit", str(n), "--went-wrong", f"{first} was left waiting an hour")
    problems = one(shop, str(n))["problems"]
    assert any(f"third person: {first!r}" in p for p in problems), problems


# Class 5: a promise sentence reads right for any tell the docs allow.

TELLS = [
    # (tell, what an apology says on the Monday, what a late promise says in the follow-up)
    (
        "call you once I have spoken to the manager at Elmwood House",
        "by tomorrow, I will call you once I have spoken to the manager at Elmwood House.",
        "I said that by Tuesday 24 November I would call you once I had spoken to the manager at Elmwood House.",
    ),
    (
        "send you the lab report when it is back",
        "by tomorrow, we will send you the lab report when it is back.",
        "We said that by Tuesday 24 November we would send you the lab report when it was back.",
    ),
    (
        "ring you as soon as my engineer has checked the boiler",
        "by tomorrow, I will ring you as soon as my engineer has checked the boiler.",
        "I said that by Tuesday 24 November I would ring you as soon as my engineer had checked the boiler.",
    ),
    (
        "I'll refund your deposit, and I will post you the receipt",
        "by tomorrow, I will refund your deposit, and I will post you the receipt.",
        "I said that by Tuesday 24 November I would refund your deposit, and I would post you the receipt.",
    ),
    (
        "refund your £20 deposit",
        "we will refund your £20 deposit by tomorrow.",
        "We said we would refund your £20 deposit by Tuesday 24 November.",
    ),
]


@pytest.mark.parametrize(("tell", "will", "said"), TELLS)
def test_a_promise_reads_right_for_any_tell(shop, tell, will, said):
    init(shop, "FreshPile Carpet Cleaning", "Tony Marsh")
    n = shop.log("Derek Hollings", "Carpet left soaking", "--phone", "555-0111")
    shop.ok("edit", str(n), "--went-wrong", "your carpet was left soaking")
    shop.ok("promise", str(n), "call back", "--by", "+1d", "--tell", tell)
    apology = one(shop, str(n))
    assert f"Here is what happens next: {will}" in apology["body"], apology["body"]
    assert apology["problems"] == [], apology["problems"]
    shop.ok("apologize", str(n))
    shop.at("2026-11-25T10:00:00")
    shop.ok("keep", "P1")
    shop.ok("fix", str(n), "done")
    shop.ok("edit", str(n), "--we-did", "dried the carpet")
    followup = one(shop, str(n), "followup")
    who = "I" if said.startswith("I ") else "we"
    assert f"{said} That was done today, later than {who} promised" in followup["body"], followup["body"]
    assert followup["problems"] == [], followup["problems"]
    kept = one(shop, str(n), "promise-kept")
    assert said in kept["body"], kept["body"]


def test_a_promise_list_starts_each_line_with_a_capital(shop):
    init(shop, "FreshPile Carpet Cleaning", "Tony Marsh")
    n = shop.log("Derek Hollings", "Carpet left soaking", "--phone", "555-0111")
    shop.ok("edit", str(n), "--went-wrong", "your carpet was left soaking")
    shop.ok("promise", str(n), "dry", "--by", "+1d", "--tell", "dry your carpet")
    shop.ok("promise", str(n), "call", "--by", "+2d", "--tell", "call you once I have spoken to the home")
    body = one(shop, str(n))["body"]
    assert "- We will dry your carpet by tomorrow" in body, body
    assert "- By Wednesday 25 November, I will call you once I have spoken to the home" in body, body


def test_an_overdue_promise_with_a_trailing_clause_says_the_date_apart(shop):
    init(shop, "FreshPile Carpet Cleaning", "Tony Marsh")
    n = shop.log("Derek Hollings", "Carpet left soaking", "--phone", "555-0111")
    shop.ok("edit", str(n), "--went-wrong", "your carpet was left soaking")
    shop.ok("promise", str(n), "call", "--by", "+1d", "--tell", "call you once I have spoken to the home")
    shop.at("2026-11-26T10:00:00")
    body = one(shop, str(n))["body"]
    assert (
        "as soon as I can, I will call you once I have spoken to the home "
        "(it was due on Tuesday 24 November; I am sorry it is late)." in body
    ), body


@pytest.mark.parametrize(
    "sentence",
    [
        "We said we would call you once I have spoken to the manager by Tuesday 24 November.",
        "We will send the report when it comes back from the lab by Friday 27 November.",
    ],
)
def test_the_checker_flags_a_promise_sentence_that_cannot_be_read_right(cli, sentence):
    from fixit.letters import checker
    from fixit.letters.render import Draft
    from fixit.model import LetterKind

    draft = Draft(LetterKind.followup, subject="About your carpet", body=f"Hello Derek,\n\n{sentence}\n\nTony")
    found = [str(p) for p in checker.problems(draft, facts=checker.Facts(complaint_id=3))]
    assert any("fixit edit P.. --tell" in p or 'edit P.. --tell "' in p for p in found), found


# Class 6: careful letters about someone hurt or unwell say what the record says, once.

HARMS = [
    # (summary, harmed, apology's words, the wish)
    (
        "collected Miro after 10 days, he'd lost weight + had a weepy eye, vet says conjunctivitis, £62 vet bill",
        "Miro",
        "that Miro was unwell",
        "I hope Miro is feeling better.",
    ),
    (
        "tech left rat bait block by the shed not in a box, her dog Shoko ate some, emergency vet overnight",
        "your dog Shoko",
        "that your dog Shoko was unwell",
        "I hope Shoko is feeling better.",
    ),
    (
        "son Tavita (9) fell ~2m off the kids wall, sprained ankle, x-ray ok",
        "your son Tavita",
        "that your son Tavita was hurt",
        "I hope Tavita is recovering well.",
    ),
    (
        "her horse Biscuit had to see the vet after the livery weekend",
        "your horse Biscuit",
        "what happened to your horse Biscuit",
        "I hope Biscuit is recovering well.",
    ),
    (
        "sesame allergy, tahini in the wrap, lips swelled up",
        "your daughter Amal",
        "that your daughter Amal was unwell",
        "I hope Amal is feeling better.",
    ),
]


@pytest.mark.parametrize(("summary", "harmed", "heard", "wish"), HARMS)
def test_a_careful_letter_says_the_harm_the_record_holds_and_the_full_name_once(shop, summary, harmed, heard, wish):
    init(shop, "Purrfect Stays", "Lynne")
    n = shop.log("Whina Paewai", summary, "--phone", "555-0116", "--harmed", harmed)
    body = one(shop, str(n))["body"]
    assert f"I was so sorry to hear {heard}" in body, body
    assert wish in body, body
    assert body.count(harmed) == 1 or harmed == wish.split()[2], body  # the full form once, then the name


def test_a_careful_letter_that_does_not_know_who_says_so_naming_harmed(shop):
    init(shop, "The Crag Climbing Centre", "Rob Ainsworth")
    for name, summary, phone in (
        ("Moana Faleolo", "son Tavita (9) fell off the kids wall, sprained ankle, x-ray ok", "555-0119"),
        ("Francesca Dell'Acqua", "told staff sesame allergy, got tahini anyway, lips swelled up", "555-0120"),
        ("Whina Paewai", "cat had a weepy eye after the stay, vet says conjunctivitis", "555-0121"),
    ):
        n = shop.log(name, summary, "--phone", phone)
        result = shop.run("letter", str(n))
        assert result.ok, result.stderr
        assert "everyone affected" in result.stdout
        assert f'fixit edit {n} --harmed "..."' in result.stderr, result.stderr
        shop.ok("edit", str(n), "--harmed", "no one")
        assert "--harmed" not in shop.run("letter", str(n)).stderr


def test_a_careful_letter_to_a_firm_is_not_asked_who_was_harmed(shop):
    init(shop, "Northgate Scaffolding Ltd", "Dave Hollis")
    n = shop.log("Pret Hospitality Group plc", "pole fell, a member of their staff was hurt", "--phone", "555-0105")
    assert "--harmed" not in shop.run("letter", str(n)).stderr


# Class 8: a place or thing as --about; "distress" to a firm.

PLACES = ["your Deansgate branch", "your driveway and front garden", "the marquee for your daughter's wedding"]


@pytest.mark.parametrize("about", PLACES)
def test_a_thing_as_about_is_said_as_what_happened_with_it(shop, about):
    init(shop, "Northgate Scaffolding Ltd", "Dave Hollis")
    n = shop.log(
        "Nomvula Dlamini",
        "digger cracked the paving, she says small claims",
        "--phone",
        "555-0105",
        "--about",
        about,
        "--happened",
        "2026-11-20",
    )
    systemic_with_change(shop, n, "Boards go down before any machine crosses paving")
    followup = one(shop, str(n), "followup")["body"]
    assert f"come back to you about what happened with {about} on Friday 20 November" in followup, followup
    change = one(shop, "--change", "1")["body"]
    assert f"you told us what happened with {about}." in change, change


def test_a_thing_as_about_in_a_plain_letter_is_what_went_wrong_with_it(shop):
    init(shop, "Crumb & Co", "Sarah Whitlock")
    n = shop.log("Somchai Wongsakul", "plaster in the sandwich", "--phone", "555-0113", "--about", "your ham sandwich")
    systemic_with_change(shop, n, "Blue plasters are checked at the start of every shift")
    change = one(shop, "--change", "1")["body"]
    assert "you told us what went wrong with your ham sandwich." in change, change


def test_an_about_that_says_what_happened_is_said_as_it_is(shop):
    init(shop, "Crumb & Co", "Sarah Whitlock")
    n = shop.log(
        "Somchai Wongsakul",
        "parcel lost",
        "--phone",
        "555-0113",
        "--about",
        "the parcel that went to the wrong address",
        "--happened",
        "2026-11-20",
    )
    systemic_with_change(shop, n, "Every label is checked twice")
    followup = one(shop, str(n), "followup")["body"]
    assert "come back to you about the parcel that went to the wrong address on Friday 20 November" in followup
    assert "what went wrong with the parcel" not in followup


@pytest.mark.parametrize(
    "firm", ["Pret Hospitality Group plc", "Acme Widgets Ltd", "Harbour Town Council", "Brightwater Solicitors LLP"]
)
def test_a_careful_letter_to_a_firm_speaks_of_disruption_not_distress(shop, firm):
    init(shop, "Northgate Scaffolding Ltd", "Dave Hollis")
    n = shop.log(firm, "pole broke their window, legal team will be in touch", "--phone", "555-0105")
    body = one(shop, str(n))["body"]
    assert "distress" not in body, body
    assert "I am sorry for the disruption this has caused your business." in body, body


def test_a_careful_letter_to_a_person_still_speaks_of_distress(shop):
    init(shop, "GreenLine Landscapes", "Mark Tennant")
    n = shop.log("Mrs Nomvula Dlamini", "cracked her drive, she'll take us to small claims", "--phone", "555-0118")
    assert "I am sorry for the distress this has caused you." in one(shop, str(n))["body"]
