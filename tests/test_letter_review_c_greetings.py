"""Greeting and checker defect classes 2, 4 and 5 of the fresh-eyes review B (tests/letter_review_b.md,
"Defect classes"; scenarios 6, 14, 11, 17 and 3): each first with the reviewer's own case, then as a
general rule over many shapes of name or sentence."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fixit.letters import phrasing
from fixit.letters.checker import Facts, problems
from fixit.letters.drafting import rendered_fields
from fixit.letters.render import Draft
from fixit.model import LetterKind

# the wording of letters: the same on either store (the goldens read both), so run on SQLite
pytestmark = pytest.mark.one_store


def init(shop, business: str = "Captain Giggles Parties") -> None:
    shop.ok("init", "--business-name", business, "--owner", "Dave Brennan", "--phone", "555-0606")


# 2. a household, or several titles in a row, is never greeted as certain ---------------------------


def test_the_hendersons_are_not_greeted_as_the_and_are_asked(shop):
    init(shop)
    n = shop.log("The Hendersons", "Entertainer turned up 50 minutes late to Poppy's party", "--phone", "555-0607")
    run = shop.run("letter", str(n))
    assert "Hello The," not in run.stdout and "Hello,\n" in run.stdout, run.stdout
    assert "--greet" in run.stderr
    asked = shop.run("letter", str(n), "--ask", input="\n\n")
    assert "[The Hendersons]" in asked.stderr, asked.stderr
    assert "Hello The Hendersons," in asked.stdout
    sms = shop.run("letter", str(n), "--format", "sms")
    assert "Hello The," not in sms.stdout


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("The Hendersons", "The Hendersons"),
        ("The Smiths", "The Smiths"),
        ("The Patel family", "The Patel family"),
        ("the Okafors", "The Okafors"),
        ("Patel Family", "Patel Family"),
        ("Les Dubois", "Les Dubois"),
        ("Die Müllers", "Die Müllers"),
        ("THE JONESES", "The Joneses"),
    ],
)
def test_a_household_is_offered_whole_and_never_certain(name, offered):
    assert phrasing.greeting(name) == (offered, True)


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("Rev. Canon Mary-Ellen O'Sullivan", "Rev Canon O'Sullivan"),
        ("Rev. Canon Jones", "Rev Canon Jones"),
        ("Rev Jones", "Rev Jones"),
        ("Prof. Dr. Hans Weber", "Prof Dr Weber"),
        ("Rt Hon Sarah Lee", "Rt Hon Lee"),
        ("Lt Col Jane Hart", "Lt Col Hart"),
        ("Sir John Smith", "Sir John"),
        ("Dame Judi Dench", "Dame Judi"),
        ("Lady Grey", "Lady Grey"),
        ("Father Michael Byrne", "Father Byrne"),
        ("Imam Yusuf Khan", "Imam Khan"),
        ("Rabbi Sacks", "Rabbi Sacks"),
        ("Pastor Ade Bello", "Pastor Bello"),
        ("Capt. Hamish MacLeod", "Capt MacLeod"),
    ],
)
def test_titles_beyond_one_simple_title_are_kept_together_and_asked(name, offered):
    assert phrasing.greeting(name) == (offered, True)


@pytest.mark.parametrize(
    ("name", "greet"),
    [
        ("Mr. Kwame Mensah", "Mr Mensah"),
        ("Dr Anna van der Berg", "Dr van der Berg"),
        ("Prof. Ingrid Sørensen", "Prof Sørensen"),
        ("Mrs Okafor", "Mrs Okafor"),
        ("Mx Robin Vale", "Mx Vale"),
    ],
)
def test_one_simple_title_with_a_surname_is_still_certain(name, greet):
    assert phrasing.greeting(name) == (greet, False)


def test_a_title_run_is_asked_with_the_whole_run_as_the_suggestion(shop):
    init(shop, "Ledger & Line Bookkeeping")
    n = shop.log("Rev. Canon Mary-Ellen O'Sullivan", "My tax return was filed late", "--phone", "555-1414")
    assert "Hello Rev O'Sullivan," not in shop.ok("letter", str(n))
    asked = shop.run("letter", str(n), "--ask", input="Canon O'Sullivan\n\n")
    assert "[Rev Canon O'Sullivan]" in asked.stderr, asked.stderr
    assert "Hello Canon O'Sullivan," in asked.stdout


_TITLE = st.sampled_from(sorted(phrasing.TITLES - {"m"}))
_CAP = st.sampled_from(["Anna", "Kwame", "Mary-Ellen", "Jo", "Siobhán", "Hamish"])
_SUR = st.sampled_from(["Jones", "O'Sullivan", "MacLeod", "Okonkwo-Bell", "Sørensen", "Weber"])


@given(st.lists(_TITLE, min_size=1, max_size=4), st.lists(_CAP, max_size=2), _SUR, st.booleans())
def test_every_title_typed_is_kept_in_order_and_only_one_simple_title_is_certain(titles, given_names, surname, dot):
    typed = [t.capitalize() + ("." if dot else "") for t in titles]
    greet, guessed = phrasing.greeting(" ".join([*typed, *given_names, surname]))
    words = greet.split()
    assert words[: len(titles)] == [t.capitalize() for t in titles], greet
    if len(titles) > 1 or titles[0] not in phrasing.SIMPLE_TITLES:
        assert guessed, greet


@given(st.sampled_from(sorted(phrasing.ARTICLES)), _SUR, st.sampled_from(["", "s", " family"]))
def test_a_name_opening_with_an_article_is_never_certain_nor_the_article_alone(article, surname, tail):
    greet, guessed = phrasing.greeting(f"{article.capitalize()} {surname}{tail}")
    assert guessed and greet.lower() not in phrasing.ARTICLES


# 4. a suggestion never respells the words of a name typed in mixed case ----------------------------


@pytest.mark.parametrize(
    ("name", "offered"),
    [
        ("Ahmed bin Rashid", "Ahmed bin Rashid"),
        ("Gwenllian ap Rhys", "Gwenllian ap Rhys"),
        ("Fatima bint Khalid", "Fatima bint Khalid"),
        ("Ibrahim ibn Saud", "Ibrahim ibn Saud"),
        ("Ludwig van der Rohe", "Ludwig van der Rohe"),
        ("Maria de la Cruz", "Maria de la Cruz"),
        ("Siobhán Ní Bhraonáin", "Siobhán Ní Bhraonáin"),
        ("AHMED BIN RASHID", "Ahmed bin Rashid"),
        ("gwenllian ap rhys", "Gwenllian ap Rhys"),
    ],
)
def test_particles_keep_their_typed_case_and_a_shouted_name_gets_them_small(name, offered):
    assert phrasing.greeting(name)[0] == offered


def test_the_suggestion_for_ahmed_bin_rashid_is_his_name_as_typed(shop):
    init(shop, "Silver Cloud Wedding Cars")
    n = shop.log("Ahmed bin Rashid", "Car came 40 mins late", "--phone", "555-1111")
    asked = shop.run("letter", str(n), "--ask", input="\n\n")
    assert "[Ahmed bin Rashid]" in asked.stderr and "Bin Rashid" not in asked.stderr, asked.stderr


_WORD = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéÉ'-"), min_size=1, max_size=8)
_PARTICLE = st.sampled_from(sorted(phrasing.PARTICLES)).flatmap(lambda p: st.sampled_from([p, p.capitalize()]))


@example(["'Aa'"])  # found in CI: a nickname in quotes is offered without them
@given(st.lists(st.one_of(_WORD, _PARTICLE), min_size=1, max_size=5))
def test_a_mixed_case_name_is_offered_only_in_its_typed_words(words):
    name = " ".join(words)
    letters = [c for c in name if c.isalpha()]
    if all(c.isupper() for c in letters) or all(c.islower() for c in letters):
        return
    greet, _ = phrasing.greeting(name)
    extra = phrasing.TITLES | phrasing.ARTICLES | {"and"}
    typed = {*words, *(w.strip("'") for w in words)}  # a word in quotes is a nickname, offered without them
    for word in greet.split():
        assert word in typed or word.rstrip(".").lower() in extra, (name, greet)


# 5. the checker's "speaks about the customer" is about the customer, in what the letter says ---------

_LETTER = """Hello Min-jun,

{middle}

With best wishes,
Helen Carter, Bright Start Language School"""


def check(middle: str) -> list[str]:
    body = _LETTER.format(middle=middle)
    draft = Draft(kind=LetterKind.followup, subject="Following up on your email", body=body)
    return [str(p) for p in problems(draft, facts=Facts(customer_name="Kim Min-jun"))]


@pytest.mark.parametrize(
    "sentence",
    [
        "We wrote to everyone who received the email and asked them to delete it.",
        "We will write to all the recipients and ask them to delete it.",
        "The other guests were moved, and we told them why.",
        "Our staff have been retrained, and we reminded them of the rules.",
        "Everybody on the list was emailed, and they said it was deleted.",
    ],
)
def test_them_about_other_people_is_not_about_the_customer(sentence):
    assert not [p for p in check(sentence) if "speaks about" in p]


@pytest.mark.parametrize(
    "sentence",
    ["We will call them back tomorrow.", "She said the cake was late.", "We told them it was fixed."],
)
def test_a_pronoun_about_the_customer_is_still_found(sentence):
    assert [p for p in check(sentence) if "speaks about" in p]


def test_a_field_the_letter_does_not_say_is_not_checked():
    fields = {
        "promise 1": "we will call them back",
        "promise 2": "we will write to you with what we find",
    }
    letter = "Hello Min-jun,\n\nWe will write to you with what we find by Friday.\n\nHelen"
    assert rendered_fields(fields, letter) == {"promise 2": "we will write to you with what we find"}


def test_a_promise_about_other_recipients_raises_nothing_in_any_letter(shop):
    init(shop, "Bright Start Language School")
    n = shop.log("Kim Min-jun", "Your reminder email showed every student's address", "--phone", "555-0300")
    shop.ok("customer", "edit", "1", "--greet", "Min-jun")
    shop.ok("apologize", str(n))
    told = "write to everyone who received the email and ask them to delete it"
    shop.ok("promise", str(n), "ask all recipients to delete", "--by", "+3d", "--tell", told)
    for args in ([], ["--format", "sms"]):
        run = shop.run("letter", str(n), "apology", *args)
        assert "speaks about" not in run.stdout + run.stderr, run.stderr
    shop.ok("keep", "P1")
    shop.ok("judge", str(n), "--justified", "--cause", "mistake")
    shop.ok("fix", str(n), "Sent recall request to all 14")
    for kind in ("apology", "followup"):
        run = shop.run("letter", str(n), kind)
        assert "speaks about" not in run.stdout + run.stderr, (kind, run.stderr)


def test_a_promise_about_the_customer_is_still_found_when_the_letter_says_it(shop):
    init(shop, "Bright Start Language School")
    n = shop.log("Kim Min-jun", "Your reminder email showed every student's address", "--phone", "555-0300")
    shop.ok("customer", "edit", "1", "--greet", "Min-jun")
    shop.ok("promise", str(n), "ring back", "--by", "+3d", "--tell", "call them back with what we find")
    run = shop.run("letter", str(n), "apology")
    assert "speaks about the customer" in run.stdout + run.stderr, run.stdout + run.stderr
