"""The customer-facing words kept beside staff text: --greet, --about, --happened, --tell, and
`fixit edit` to correct a complaint (each correction kept in its history)."""

from __future__ import annotations

import json

import pytest


def test_the_counter_takes_the_words_for_the_customer(shop):
    n = str(
        shop.log(
            "Olsen",
            "Cake had wrong name, cust upset",
            "--greet",
            "Mrs Olsen",
            "--about",
            "Your wedding cake.",
            "--happened",
            "saturday",
            "--promise",
            "Rebake + call Ann",
            "--tell",
            "We'll bake you a new cake.",
            "--by",
            "tomorrow",
        )
    )
    assert shop.query("SELECT greet FROM customers") == [("Mrs Olsen",)]
    assert shop.query("SELECT about, happened_on FROM complaints") == [("your wedding cake", "2026-11-21")]
    assert shop.query("SELECT what, tell FROM promises") == [("Rebake + call Ann", "bake you a new cake")]
    letter = shop.ok("letter", n)
    assert letter.startswith("Hello Mrs Olsen,\n")
    assert "Thank you for letting us know about your wedding cake." in letter  # no channel given: no visit said
    assert "I am sorry about what went wrong with your wedding cake on Saturday 21 November." in letter
    assert "we will bake you a new cake by tomorrow" in letter
    assert "Rebake" not in letter and "cust upset" not in letter


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("--happened", "tomorrow"), "it cannot have happened after it was logged"),
        (("--about", "line one\nline two"), "what it was about is one line"),
        (("--about", "x" * 61), "what it was about is too long"),
        (("--greet", "Dear Mrs Olsen,"), "the name to greet is just the name"),
        (("--tell", "call back"), "--tell needs --promise"),
    ],
)
def test_bad_customer_words_are_one_line_and_change_nothing(shop, args, error):
    shop.log("Ben Kim", "Cold soup")
    before = shop.dump()
    assert error in shop.fails("log", "Dana", "Late cake", *args)
    assert shop.dump() == before


def test_edit_corrects_a_complaint_and_keeps_the_history(shop):
    n = str(shop.log("Dana Reyes", "Late cake", "--phone", "555-0142"))
    out = shop.ok(
        "edit",
        n,
        "--about",
        "your birthday cake",
        "--happened",
        "yesterday",
        "--severity",
        "high",
        "--channel",
        "phone",
        "--summary",
        "The birthday cake was two hours late",
    )
    assert "Corrected #1 Dana Reyes" in out
    show = shop.ok("show", n)
    for line in (
        "Corrected summary: The birthday cake was two hours late (was: Late cake)",
        "Corrected channel: phone (was: counter)",
        "Corrected severity: high (was: normal)",
        "Corrected about: your birthday cake (was: -)",
        "Corrected happened: 2026-11-22 (was: -)",
    ):
        assert line in show
    assert shop.query("SELECT summary, channel, severity, about, happened_on FROM complaints") == [
        ("The birthday cake was two hours late", "phone", "high", "your birthday cake", "2026-11-22")
    ]
    shop.ok("edit", n, "--about", "", "--happened", "")
    assert shop.query("SELECT about, happened_on FROM complaints") == [(None, None)]
    assert "Corrected about: - (was: your birthday cake)" in shop.ok("show", n)


def test_edit_moves_a_complaint_to_another_customer_and_it_becomes_an_emergency(shop):
    shop.log("Ann Lee", "Stale bread", "--phone", "555-0100")
    n = str(shop.log("Anne Lee", "Cold coffee", "--phone", "555-0199", "--new-customer"))
    assert shop.query("SELECT emergency FROM complaints WHERE id = ?", int(n)) == [(0,)]
    shop.ok("edit", n, "--customer", "1", "--yes")
    assert shop.query("SELECT customer_id, emergency FROM complaints WHERE id = ?", int(n)) == [(1, 1)]
    assert "Corrected customer: 1 Ann Lee (was: 2 Anne Lee)" in shop.ok("show", n)
    assert shop.query("SELECT id, last_contact_at IS NULL FROM customers ORDER BY id") == [(1, 0), (2, 1)]
    letter = shop.ok("letter", n)
    assert "the second time you have had to tell us" in letter


def test_edit_a_promise_sets_what_the_customer_was_told(shop):
    n = str(shop.log("Dana", "Late cake", "--promise", "Call D re refund", "--by", "friday"))
    assert "we will call you about your refund." in shop.ok("edit", "P1", "--tell", "Call you about your refund")
    assert "P1 as the customer was told it: call you about your refund" in shop.ok("show", n)
    assert "we will call you about your refund by Friday 27 November" in shop.ok("letter", n)
    assert "a promise takes only --tell" in shop.fails("edit", "P1", "--about", "x")
    assert "--tell is for a promise" in shop.fails("edit", n, "--tell", "x")
    assert "nothing to change" in shop.fails("edit", n)
    assert shop.fails("edit", "99", "--about", "x") == "fixit: error: no complaint #99"
    assert shop.fails("edit", "P9", "--tell", "x") == "fixit: error: no promise P9"


def test_the_greeting_is_set_and_reset_on_the_customer(shop):
    n = str(shop.log("DR. ANNA VAN DER BERG", "Bike not ready", "--about", "your bike's service"))
    result = shop.run("letter", n)
    assert result.stdout.startswith("Hello Dr van der Berg,\n")  # a title with a surname is certain
    assert "greets with no name" not in result.stderr
    shop.ok("customer", "edit", "1", "--greet", "Anna")
    result = shop.run("letter", n)
    assert result.stdout.startswith("Hello Anna,\n")
    shop.ok("customer", "edit", "1", "--greet", "")
    assert shop.ok("letter", n).startswith("Hello Dr van der Berg,\n")


def test_forgetting_a_customer_erases_the_words_for_them_too(shop):
    shop.log(
        "Dana Reyes",
        "Late cake",
        "--greet",
        "Mrs Reyes",
        "--about",
        "your daughter's cake",
        "--promise",
        "Call",
        "--tell",
        "call you about your daughter's cake",
    )
    shop.ok("customer", "forget", "1", "--yes")
    assert shop.query("SELECT greet FROM customers") == [(None,)]
    assert shop.query("SELECT about FROM complaints") == [(None,)]
    assert shop.query("SELECT tell FROM promises") == [(None,)]


def test_the_words_for_the_customer_survive_an_export_and_import(shop, tmp_path):
    shop.log(
        "Dana Reyes",
        "Late cake",
        "--greet",
        "Mrs Reyes",
        "--about",
        "your cake",
        "--happened",
        "saturday",
        "--promise",
        "Call",
        "--tell",
        "call you",
        "--by",
        "friday",
    )
    target = tmp_path / "shop.json"
    shop.ok("export", "--format", "json", "--out", str(target))
    data = json.loads(target.read_text())
    assert data["customers"][0]["greet"] == "Mrs Reyes" and data["promises"][0]["tell"] == "call you"
    shop.empty()
    shop.ok("import", str(target))
    assert shop.query("SELECT greet FROM customers") == [("Mrs Reyes",)]
    assert shop.query("SELECT about, happened_on FROM complaints") == [("your cake", "2026-11-21")]


def test_a_text_message_uses_close_plain_letters_when_unicode_would_not_fit(shop):
    shop.ok("config", "set", "business_name", "Rosa's Bakery")
    n = str(
        shop.log(
            "Zoë Ångström",
            "Cake had the wrong names",
            "--about",
            "the names on your wedding cake",
            "--promise",
            "Rebake",
            "--tell",
            "bake a new cake with the right names and bring it to you",
            "--by",
            "tomorrow",
        )
    )
    # the customer's name is never respelt ("Zoë" as "Zoe"): the message is refused, to be shortened
    line = shop.fails("letter", n, "--format", "sms")
    assert "respell the customer's name (Zoë)" in line and "--edit" in line
    shop.ok("customer", "edit", "1", "--name", "Zoé Ångström")  # é, Å and ö are GSM-7 letters
    shop.ok("edit", n, "--about", "the names on your wedding cake \u2013 Tom\u2019s and yours", "--yes")
    result = shop.run("letter", n, "--format", "sms")
    assert result.ok, result.stderr
    assert result.stdout.startswith("Hello Zoé, I'm so sorry about the names on your wedding cake - Tom's and yours.")
    assert "close plain letters: \u2013 -> -, \u2019 -> '" in result.stderr
    assert len(result.stdout.strip()) > 134  # it would not have fitted in two Unicode messages


def test_a_pdf_never_drops_a_character(shop, tmp_path):
    n = str(shop.log("王小明", "My order was missing the egg tarts", "--about", "your egg tarts"))
    before = set(tmp_path.iterdir())
    error = shop.fails("letter", n, "--format", "pdf", "--out", str(tmp_path / "letter.pdf"))
    assert "the PDF font has no letters for 小 明 王: send this letter by email or as text instead" in error
    assert set(tmp_path.iterdir()) == before


def test_a_spreadsheet_brings_the_words_for_letters_too(shop, tmp_path):
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,summary,date,about,happened,greet,promise,tell,promise_by\n"
        "Ann Olsen,Cake wrong,2026-11-20,Your wedding cake,2026-11-19,Mrs Olsen,Rebake,"
        "bake you a new cake,+3d\n",
        encoding="utf-8",
    )
    shop.ok("import", str(rows))
    assert shop.query("SELECT about, happened_on FROM complaints") == [("your wedding cake", "2026-11-19")]
    assert shop.query("SELECT greet FROM customers") == [("Mrs Olsen",)]
    assert shop.query("SELECT tell FROM promises") == [("bake you a new cake",)]
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name,summary,date,happened,tell\nBen,Late,2026-11-20,2026-11-21,\nCy,Late,,,call you\n", encoding="utf-8"
    )
    error = shop.run("import", str(bad)).stderr
    assert "line 2: it cannot have happened after it was logged" in error
    assert "line 3: tell without a promise" in error
