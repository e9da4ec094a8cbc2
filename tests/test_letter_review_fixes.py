"""The defect classes found by the fresh-eyes review (tests/letter_review.md), each first reproduced
with the reviewer's own commands, then with a second case of the same class."""

from __future__ import annotations

import pytest

from fixit.letters import phrasing

# the wording of letters: the same on either store (the goldens read both), so run on SQLite
pytestmark = pytest.mark.one_store

ADMITS = ("we let you down", "There is no excuse", "That should not have happened", "With my apologies")


def vet(shop) -> str:
    """Scenario 9: a dog given a double dose and kept in overnight on a drip."""
    shop.ok(
        "init",
        "--business-name",
        "Riverside Vets",
        "--owner",
        "Dr Hannah Moss",
        "--signer",
        "Hannah Moss",
        "--phone",
        "555-0900",
    )
    return str(
        shop.log(
            "Mrs Okafor",
            "Biscuit was given twice her dose of painkiller and had to stay in overnight on a drip",
            "--phone",
            "555-0901",
            "--channel",
            "phone",
            "--severity",
            "high",
            "--about",
            "Biscuit's dental check",
            "--happened",
            "2026-11-20",
            "--went-wrong",
            "Biscuit was given a second dose of painkiller during her dental check",
        )
    )


# 1. careful cases missed: harm to a body, medical care


def test_an_animal_given_a_double_dose_and_kept_in_on_a_drip_is_careful(shop):
    n = vet(shop)
    shop.ok("apologize", n)
    letter = shop.ok("letter", n)
    assert not any(words in letter for words in ADMITS), letter
    assert "I was so sorry to hear that" in letter and "With best wishes," in letter


def test_medical_care_words_make_a_careful_case_and_everyday_words_do_not():
    for text in (
        "I was given the wrong medicine and had to see my GP",
        "my son was kept in overnight",
        "our cat had to be sedated after the groom",
        "she needed stitches",
        "an overdose of the drops",
        "my dog was admitted to the vet",
        "my arm got infected after the piercing",
    ):
        assert phrasing.careful_case(text) is not None, text
    for text in (
        "the overnight delivery was late",
        "a slow drip from the tap after the repair",
        "the battery discharged overnight",
        "the dosa was cold",
        "I was given the wrong size",
    ):
        assert phrasing.careful_case(text) is None, text


# 2. a careful letter never says the finding (it reads as admitting liability)


def test_a_careful_follow_up_leaves_the_finding_out_and_says_so(shop):
    n = vet(shop)
    shop.ok(
        "judge",
        n,
        "--justified",
        "--cause",
        "systemic",
        "--found",
        "the dose given at admission was not written on the chart, so the nurse on the next shift gave it again",
    )
    shop.ok(
        "change",
        "Every dose is signed on the chart at the moment it is given, and checked at handover",
        "--complaint",
        n,
    )
    shop.ok("fix", n, "Biscuit was monitored and discharged well")
    shop.ok("edit", n, "--we-did", "looked after Biscuit overnight until she was well enough to go home", "--yes")
    shop.at("2026-11-27T09:00:00")
    for kind in ("followup", "new-procedure"):
        result = shop.run("letter", n, kind)
        assert result.ok, result.stderr
        assert "not written on the chart" not in result.stdout and "we found that" not in result.stdout
        assert "what you found is left out of this careful letter" in result.stderr
    assert "signed on the chart" in shop.ok("letter", n, "followup")  # the change is still said


def test_a_careful_case_by_hand_hides_the_finding_and_is_not_asked_for_it(shop):
    shop.ok("init", "--business-name", "Keyed Up", "--owner", "Tomasz Wojcik")
    n = str(shop.log("Ana Silva", "Door jammed", "--went-wrong", "your door would not lock", "--careful"))
    shop.ok("judge", n, "--justified", "--cause", "systemic")
    shop.ok("fix", n, "Replaced the lock")
    shop.at("2026-11-27T09:00:00")
    result = shop.run("letter", n, "followup", "--ask", input="\n")
    assert "What you found" not in result.stderr
    shop.ok("edit", n, "--found", "our fitter used the wrong screws")
    assert "wrong screws" not in shop.ok("letter", n, "followup")
    shop.ok("edit", n, "--not-careful")
    assert "wrong screws" in shop.ok("letter", n, "followup")


# 3. bereavement: condolence in every letter kind and format


def removals(shop) -> str:
    """Scenario 14: a late mother's clock smashed a week after the funeral."""
    shop.ok("init", "--business-name", "Careful Hands Removals", "--owner", "Gareth Price", "--phone", "555-1400")
    return str(
        shop.log(
            "Mr and Mrs Thompson",
            "The mantel clock that belonged to my late mother arrived with the "
            "glass smashed. We moved the week after her funeral.",
            "--phone",
            "555-1401",
            "--channel",
            "phone",
            "--severity",
            "high",
            "--about",
            "your move to Elm Street",
            "--happened",
            "2026-11-19",
            "--greet",
            "Mr and Mrs Thompson",
            "--went-wrong",
            "your mother's mantel clock arrived with its glass broken",
        )
    )


def test_a_bereaved_customer_has_condolence_in_every_letter_and_text(shop, tmp_path):
    n = removals(shop)
    shop.ok("promise", n, "Ring re clock", "--by", "tomorrow", "--tell", "call you when the clock is back")
    shop.ok("judge", n, "--justified", "--cause", "systemic")
    shop.ok("change", "Clocks and heirlooms now go in their own crates, packed by the crew lead", "--complaint", n)
    shop.ok("fix", n, "Sent the clock to a clockmaker for new glass")
    shop.ok("keep", "P1")
    shop.at("2026-12-01T09:00:00")
    drafts = {}
    for kind in ("apology", "followup", "promise-kept", "new-procedure"):
        for fmt in ("text", "sms"):
            drafts[kind, fmt] = shop.ok("letter", n, kind, "--format", fmt)
    for fmt in ("text", "sms"):
        drafts["explanation", fmt] = shop.ok(
            "letter", n, "explanation", "--format", fmt, "--explain", "the crate was not marked fragile"
        )
    for (kind, fmt), text in drafts.items():
        assert "condolences" in text, (kind, fmt, text)
        assert "keeping well" not in text and "bearing with us" not in text, (kind, fmt, text)


def test_a_bereavement_by_other_words_is_condoled_in_a_text_follow_up(shop):
    shop.ok("init", "--business-name", "Petal & Stem", "--owner", "Rosa Marquez")
    n = str(
        shop.log(
            "Ana Silva",
            "The wreath for my father's cremation came a day late",
            "--went-wrong",
            "the wreath came a day late",
        )
    )
    shop.ok("fix", n, "Refunded the wreath")
    text = shop.ok("letter", n, "followup", "--format", "sms")
    assert "condolences" in text and "keeping well" not in text


# 4. an amend's note is never spliced into a sentence it does not fit; --tell on its promise wins


def test_a_note_that_is_not_a_thing_is_not_spliced_and_tell_changes_the_letter(shop):
    n = removals(shop)
    shop.ok("amend", n, "other", "--note", "have the clock glass restored by a clockmaker at our cost", "--by", "+10d")
    result = shop.run("letter", n, "followup")
    assert "give you have" not in result.stdout
    assert "fixit edit P1 --tell" in result.stderr and "not a thing the letter can give" in result.stderr
    shop.ok("edit", "P1", "--tell", "have new glass fitted to the clock by a clockmaker, at our cost", "--yes")
    result = shop.run("letter", n, "followup")
    assert "we will have new glass fitted to the clock by a clockmaker, at our cost" in result.stdout
    assert "not a thing the letter can give" not in result.stderr


def test_a_redo_note_as_a_verb_is_asked_for_and_a_thing_still_fits(shop):
    shop.ok("init", "--business-name", "Tune Right", "--owner", "Ingrid Berg")
    n = str(shop.log("Ana Silva", "Scratched lid", "--went-wrong", "your piano lid was scratched"))
    shop.ok("amend", n, "redo", "--note", "French-polish the lid", "--by", "+7d")
    letter = shop.ok("letter", n)
    assert "with French-polish" not in letter and "put it right at no charge" in letter
    m = str(shop.log("Ben Kim", "Scratched lid", "--went-wrong", "your piano lid was scratched"))
    shop.ok("amend", m, "redo", "--note", "a new French polish on the lid", "--by", "+7d")
    assert "make it right with a new French polish on the lid at no charge" in shop.ok("letter", m)


# 5. fixed wording says only what the record holds


def test_a_careful_opening_follows_the_channel(shop):
    vet(shop)
    n = str(shop.log("Mrs Okafor", "Our solicitor will write", "--channel", "phone", "--about", "Biscuit's bill"))
    letter = shop.ok("letter", n)
    assert "Thank you for calling us about Biscuit's bill." in letter and "your message" not in letter
    m = str(shop.log("Ana Silva", "Solicitor letter coming", "--about", "your invoice"))  # no channel given
    letter = shop.ok("letter", m)
    assert "your message" not in letter and "Thank you for letting us know about your invoice." in letter
    e = str(shop.log("Ben Kim", "My lawyer will hear of this", "--channel", "email", "--about", "your invoice"))
    assert "Thank you for your message about your invoice." in shop.ok("letter", e)


def test_loyalty_and_a_fix_said_first_only_when_the_record_holds_them(shop):
    shop.ok("init", "--business-name", "Still Yoga", "--owner", "Priya Raghunathan")
    n = str(shop.log("Ana Silva", "Charged for a missed class", "--went-wrong", "you were charged for a class"))
    shop.ok("amend", n, "gift", "--note", "a free class", "--now")
    letter = shop.ok("letter", n, "explanation", "--explain", "the class was booked and not cancelled")
    assert "loyalty" not in letter and "As a gesture of goodwill, we would like you to have" in letter
    m = str(shop.log("Ben Kim", "Pork wrap not halal", "--went-wrong", "you were given a pork wrap"))
    shop.ok("judge", m, "--justified", "--cause", "systemic", "--found", "the wraps were kept in one tray")
    shop.ok("fix", m, "Separated the halal wraps")
    letter = shop.ok("letter", m, "followup")
    # the staff note is never said as a deed (tests/letter_review_a.md, class 5): the letter asks for --we-did
    assert "The first thing we did was for you" not in letter and "separated the halal wraps" not in letter
    shop.ok("edit", m, "--we-did", "refunded your lunch", "--yes")
    assert "The first thing we did was for you: we refunded your lunch." in shop.ok("letter", m, "followup")


# 8. the checker warns only about the customer, and each warning is one its command clears


def test_pronouns_about_a_dog_or_a_son_and_a_couples_and_are_not_warned(shop):
    n = vet(shop)
    result = shop.run("letter", n)
    assert "speaks about the customer" not in result.stderr
    m = removals(shop)
    assert "third person: 'and'" not in shop.run("letter", m).stderr
    k = str(shop.log("Ana Silva", "Late", "--went-wrong", "your son waited an hour for his lesson"))
    assert "speaks about the customer" not in shop.run("letter", k).stderr
    still = str(shop.log("Ben Kim", "Late", "--went-wrong", "his order was late"))
    assert "speaks about the customer" in shop.run("letter", still).stderr


# 7. a date is never hung on a present perfect or after a time word


def test_a_change_with_a_date_reads_as_a_past_deed(shop):
    n = removals(shop)
    shop.ok("change", "Clocks and heirlooms now go in their own crates", "--complaint", n)
    shop.ok("fix", n, "Sent the clock to a clockmaker")
    shop.at("2026-12-01T09:00:00")
    assert "So on Monday 23 November we changed the way we work: clocks" in shop.ok("letter", n, "new-procedure")
    follow = shop.ok("letter", n, "followup")
    assert "We also changed the way we work on Monday 23 November: clocks" in follow
    assert "have changed it on" not in follow and "made a change to the way we work on" not in follow
