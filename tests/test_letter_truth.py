"""The truth rules of letters, each with its own tests: a letter says only what the record holds.

- "the second time" counts the customer's complaints logged BEFORE this one, never later ones;
- delivery is said as what the shop did ("we sent your replacement"), never what the customer
  experienced ("reached you", "was ready for you");
- the channel is said only when it was given (a default channel is not a visit), the day only when
  it is known (`happened` defaulting to the log day is not a known day);
- each amend kind has its own true sentence: a refund is money returned, never a gift.
"""

from __future__ import annotations

import sqlite3

import pytest

from fixit.letters import phrasing
from fixit.model import Amend, AmendKind
from fixit.storage.sqlite.connection import SCHEMA_VERSION


def rosa(shop):
    shop.ok("init", "--business-name", "Rosa's Bakery", "--owner", "Rosa Marquez")


# ordinals ------------------------------------------------------------------------------------


def test_the_first_complaint_is_never_called_the_second_once_a_later_one_exists(shop):
    rosa(shop)
    shop.at("2026-10-01T10:00:00")
    first = shop.log("Maria Rossi", "My bread was stale", "--phone", "555-0142", "--went-wrong", "your bread was stale")
    shop.at("2026-11-23T09:00:00")
    second = shop.log("Maria Rossi", "The cake was late", "--phone", "555-0142", "--went-wrong", "your cake was late")
    third_day = shop.log(
        "Maria Rossi", "The tart was burnt", "--phone", "555-0142", "--went-wrong", "your tart was burnt"
    )
    assert "time you have had to tell us" not in shop.ok("letter", str(first))
    assert "the second time you have had to tell us" in shop.ok("letter", str(second))
    assert "the third time you have had to tell us" in shop.ok("letter", str(third_day))
    for kind_args in (["followup"], ["explanation", "--explain", "The bread was baked that morning"]):
        assert "second time" not in shop.ok("letter", str(first), *kind_args)
        assert "third time" not in shop.ok("letter", str(first), *kind_args)


# delivery and amends -------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(AmendKind))
@pytest.mark.parametrize("value,note", [(None, None), (4000, "a new pair of glasses")])
def test_each_amend_kind_is_said_as_what_the_shop_did(kind, value, note):
    amend = Amend(1, 1, kind, None, value_cents=value, note=note)  # type: ignore[arg-type]
    done = phrasing.amend_done(amend, "$")
    assert done.startswith("we "), done
    for unknown in ("reached you", "was ready for you", "went through", "was put to use", "came off"):
        assert unknown not in done
    given = phrasing.amend_given(amend, "$")
    assert given.startswith("We ") and given.endswith(".")


def test_a_refund_handed_over_is_money_returned_never_a_gift(shop):
    rosa(shop)
    n = str(shop.log("Dana Reyes", "Charged twice", "--went-wrong", "you were charged twice for your cake"))
    shop.ok("amend", n, "refund", "--value", "40", "--now")
    shop.ok("amend", n, "partial-refund", "--value", "5", "--now")
    letter = shop.ok("letter", n)
    assert "We refunded $40.00 to you." in letter and "We refunded $5.00 to you." in letter
    assert "like you to have a refund" not in letter and "like you to have a partial refund" not in letter


def test_a_replacement_kept_is_said_as_sent_not_as_received(shop):
    rosa(shop)
    n = str(shop.log("Ana Silva", "Glasses broke", "--went-wrong", "your new glasses broke in a week"))
    shop.ok("amend", n, "replacement", "--note", "a new pair of glasses", "--by", "tomorrow")
    shop.ok("keep", "P1")
    for args in (["promise-kept"], ["promise-kept", "--format", "sms"]):
        letter = shop.ok("letter", n, *args)
        assert "we sent a new pair of glasses to you today" in letter.lower()
        assert "reached you" not in letter and "ready for you" not in letter


# channel and day -----------------------------------------------------------------------------


def test_a_default_channel_is_not_a_visit(shop):
    rosa(shop)
    n = str(shop.log("Dana Reyes", "Cold soup", "--went-wrong", "your soup was cold"))
    letter = shop.ok("letter", n)
    assert "when you were in" not in letter and "Thank you for letting us know." in letter
    m = str(shop.log("Ben Kim", "Cold soup", "--channel", "counter", "--went-wrong", "your soup was cold"))
    assert "when you were in today" in shop.ok("letter", m)
    shop.ok("edit", n, "--channel", "phone")
    assert "Thank you for calling us today." in shop.ok("letter", n)


def test_the_day_is_said_only_when_it_is_known(shop):
    rosa(shop)
    n = str(
        shop.log(
            "Dana Reyes",
            "Grooming was rushed",
            "--went-wrong",
            "your dog's groom was rushed",
            "--about",
            "your grooming appointment",
        )
    )
    for args in ([], ["--format", "sms"], ["followup"], ["explanation", "--explain", "We had the time booked"]):
        letter = shop.ok("letter", n, *args)
        assert " today" not in letter.replace("calling us today", ""), (args, letter)
    # the answer to "I am sorry that ..." is said as given: the happened day may not be the harm's
    shop.ok("edit", n, "--happened", "friday")
    letter = shop.ok("letter", n)
    assert "I am sorry that your dog's groom was rushed." in letter and "20 November" not in letter, letter


# the schema ----------------------------------------------------------------------------------


@pytest.mark.sqlite_only
def test_a_database_from_before_letters_ask_is_upgraded_with_its_records(shop):
    shop.log("Dana Reyes", "Cold soup", "--channel", "phone")
    conn = sqlite3.connect(shop.db)
    for column in ("went_wrong", "found", "we_did", "careful", "channel_given"):
        conn.execute(f"ALTER TABLE complaints DROP COLUMN {column}")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'letters_ask'")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    shop.ok("edit", "1", "--went-wrong", "your soup was cold", "--careful")
    assert shop.query("SELECT summary, went_wrong, careful FROM complaints") == [
        ("Cold soup", "your soup was cold", "yes")
    ]
    assert "careful (set by hand)" in shop.ok("show", "1")
    assert "Thank you for your call" not in shop.ok("letter", "1")  # careful, and the phone is still said
    shop.ok("edit", "1", "--not-careful")
    assert "Thank you for calling us today." in shop.ok("letter", "1")
