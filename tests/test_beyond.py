"""Beyond a help desk: tags and "did the change work?", staff limits, check-ins."""

import json


def test_tags_at_the_counter_and_later(shop):
    n = shop.log("Dana", "Late delivery", "--tag", "Delivery", "--tag", "late")
    assert json.loads(shop.ok("show", str(n), "--json"))["complaint"]["tags"] == ["delivery", "late"]
    assert "#1 tags: delivery, late, van." in shop.ok("tag", str(n), "van")
    assert "#1 tags: delivery, van." in shop.ok("tag", str(n), "late", "--remove")
    assert "Tags: delivery, van" in shop.ok("show", str(n))
    assert "not a tag: 'two words'" in shop.fails("tag", str(n), "two words")


def test_changes_show_whether_the_fix_held(shop):
    for day in ("2026-11-02", "2026-11-05", "2026-11-08"):
        shop.at(f"{day}T10:00:00")
        shop.log("Dana", "Late delivery", "--tag", "delivery")
    shop.at("2026-11-09T10:00:00")
    shop.log("Lee", "Cold soup", "--tag", "kitchen")
    shop.ok("change", "Routes planned the night before", "--complaint", "3")
    shop.at("2026-11-15T10:00:00")
    shop.log("Ana", "Late again", "--tag", "delivery")
    shop.at("2026-11-23T10:00:00")
    change = json.loads(shop.ok("changes", "--json"))[0]
    assert (change["tags"], change["window_days"], change["before"], change["after"]) == (["delivery"], 14, 3, 1)
    assert "3 in 14 d" in shop.ok("changes") and "1 in 14 d" in shop.ok("changes")


def test_amend_above_the_staff_limit_needs_the_owner(shop):
    shop.ok("config", "set", "owner_name", "Rosa Marquez")
    shop.ok("config", "set", "staff_limit", "50")
    n = str(shop.log("Dana", "Ruined dress"))
    shop.ok("amend", n, "refund", "--value", "30", "--now")
    before = shop.dump()
    result = shop.run("amend", n, "gift", "--value", "25", "--now", input="n\n")
    assert result.exit_code == 1 and "above the staff limit of $50.00" in result.stderr
    assert shop.dump() == before
    shop.ok("amend", n, "gift", "--value", "25", "--now", input="y\n")
    assert shop.query("SELECT approved_by FROM amends WHERE id = 2") == [("Rosa Marquez",)]
    shop.ok("amend", n, "meal", "--value", "40", "--now", "--approved-by", "Rosa")
    report = json.loads(shop.ok("report", "--json"))["above_staff_limit"]
    assert [(a["amend"], a["approved_by"]) for a in report] == [(2, "Rosa Marquez"), (3, "Rosa")]
    assert "A2 gift $25.00 for #1, approved by Rosa Marquez" in shop.ok("report")
    assert "not an amount" in shop.fails("config", "set", "staff_limit", "lots")


def test_without_a_limit_anything_goes(shop):
    n = str(shop.log("Dana", "Ruined dress"))
    shop.ok("amend", n, "refund", "--value", "900", "--now")
    assert shop.query("SELECT approved_by FROM amends") == [(None,)]


def test_replacement_gets_a_check_in_and_a_no_reopens(shop):
    n = str(shop.log("Dana", "The blender broke"))
    shop.ok("amend", n, "replacement", "--note", "a new blender", "--by", "tomorrow")
    shop.ok("fix", n, "Ordered a new blender")
    shop.at("2026-11-24T10:00:00")
    shop.ok("keep", "P1")  # handed over today: the check-in falls a week later
    shop.ok("close", n, "--outcome", "won-back")
    shop.at("2026-12-01T09:00:00")
    due = json.loads(shop.ok("due", "--json"))["items"]
    assert [(i["section"], i["command"]) for i in due if i["section"] == "check-in"] == [
        ("check-in", f"fixit checkin {n} --ok")
    ]
    assert "Check-ins: is the replacement or redo working?" in shop.ok("due")
    assert "replacement due today" in shop.ok("due")
    assert "say --ok or --not-ok" in shop.fails("checkin", n)
    out = shop.ok("checkin", n, "--not-ok", "--note", "Same noise")
    assert "the complaint is open again" in out
    assert shop.query("SELECT status, outcome FROM complaints") == [("open", None)]
    assert "check-in: NOT working" in shop.ok("show", n)
    assert "no check-in is waiting" in shop.fails("checkin", n, "--ok", code=1)


def test_redo_on_the_spot_and_a_yes(shop):
    n = str(shop.log("Lee", "Haircut uneven"))
    shop.ok("amend", n, "redo", "--now")
    shop.ok("config", "set", "checkin_days", "2")  # the date was set when handed over: 7 days
    shop.at("2026-11-30T09:00:00")
    assert "Check-ins" in shop.ok("due")
    shop.ok("checkin", n, "--ok")
    assert "Check-ins" not in shop.ok("due")
    assert shop.query("SELECT checkin_ok FROM amends") == [(1,)]


def test_coupons_and_refunds_get_no_check_in(shop):
    n = str(shop.log("Dana", "Late"))
    shop.ok("amend", n, "refund", "--value", "5", "--now")
    assert shop.query("SELECT checkin_due FROM amends") == [(None,)]


def test_sms_fits_two_messages(shop):
    shop.ok("config", "set", "owner_name", "Rosa")
    n = str(
        shop.log(
            "Dana Reyes",
            "Charged twice",
            "--promise",
            "Refund 2nd charge",
            "--tell",
            "refund the second charge",
            "--by",
            "tomorrow",
            "--about",
            "the double charge",
        )
    )
    shop.ok("amend", n, "coupon", "--value", "5", "--now")
    text = shop.ok("letter", n, "--format", "sms")
    assert text.startswith(
        "Hello Dana, I'm so sorry about the double charge. We will refund the second charge "
        "by tomorrow. Your personal coupon code for $5.00 off: "
    )
    assert text.endswith(". - Rosa\n") and len(text) < 306


def test_sms_too_long_is_an_error_naming_its_length(shop):
    long_promise = "Rebake the whole order, deliver it to the office and set up the table for the party " * 2
    n = str(shop.log("Zoë", "Cake", "--promise", "Rebake", "--tell", long_promise.strip()[:150], "--by", "tomorrow"))
    shop.ok("promise", n, "Bring it", "--tell", long_promise.strip()[:150], "--by", "tomorrow")
    shop.ok("edit", "P1", "--tell", long_promise.strip()[:150] + " 王")
    error = shop.fails("letter", n, "--format", "sms")
    assert "characters in Unicode (two messages hold 134), and the character 王 has no plain-text form" in error
    shop.ok("edit", "P1", "--tell", long_promise.strip()[:150])
    shop.ok("edit", "P1", "--tell", (long_promise * 2).strip()[:160])
    shop.ok("edit", n, "--about", "the cake " + "and the cake " * 3)
    shop.ok("customer", "edit", "1", "--greet", "Zoë " * 10)
    error = shop.fails("letter", n, "--format", "sms")
    assert "characters (UCS-2); two messages hold at most 134" in error


def test_sms_lengths_follow_gsm7_rules():
    from fixit.letters.sms import measure

    assert measure("Hello Dana") == ("GSM-7", 10)
    assert measure("Price: 5€ [approx]") == ("GSM-7", 21)  # € [ ] count twice
    assert measure("Hello Zoë") == ("UCS-2", 9)
    assert measure("🎂") == ("UCS-2", 2)


def test_pdf_is_one_page_with_letterhead_and_the_letter(shop, tmp_path):
    import pypdf

    for key, value in (
        ("business_name", "Rosa's Bakery"),
        ("owner_name", "Rosa Marquez"),
        ("address", "12 Mill Lane, Springfield"),
        ("business_phone", "555-0100"),
    ):
        shop.ok("config", "set", key, value)
    n = str(
        shop.log("Zoë Ångström", "The wedding cake arrived with the wrong names on it", "--about", "your wedding cake")
    )
    target = tmp_path / "letter.pdf"
    shop.ok("letter", n, "--format", "pdf", "--out", str(target))
    reader = pypdf.PdfReader(target)
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    for expected in (
        "Rosa's Bakery",
        "12 Mill Lane, Springfield",
        "Monday 23 November 2026",
        "Hello Zoë,",
        "Thank you for letting us know about your wedding cake",
        "With my apologies, Rosa Marquez",
    ):
        assert expected in text
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_pdf_needs_out_and_a_letter_that_fits(shop, tmp_path):
    n = str(shop.log("Dana", "Late"))
    assert "--format pdf needs --out" in shop.fails("letter", n, "--format", "pdf")
    for i in range(30):
        shop.ok(
            "promise",
            n,
            f"Promise number {i}",
            "--tell",
            f"do thing {i} " + "with a long explanation " * 6,
            "--by",
            "friday",
        )
    assert "does not fit on one printed page" in shop.fails(
        "letter", n, "--format", "pdf", "--out", str(tmp_path / "x.pdf")
    )


def test_init_with_options_and_with_questions(shop):
    out = shop.ok("init", "--business-name", "Rosa's Bakery", "--owner", "Rosa", "--currency", "€")
    assert "Ready, Rosa's Bakery." in out
    assert shop.query("SELECT key, value FROM settings ORDER BY key") == [
        ("business_name", "Rosa's Bakery"),
        ("currency", "€"),
        ("owner_name", "Rosa"),
    ]
    shop.ok("init", input="Corner Café\n\nR. M.\n\n1 High St\n555-0100\nnope\nhi@corner.example\n5\ndmy\n")
    settings = dict(shop.query("SELECT key, value FROM settings"))
    assert settings["business_name"] == "Corner Café" and settings["owner_name"] == "Rosa"
    assert settings["date_order"] == "dmy"
    assert settings["business_email"] == "hi@corner.example" and settings["followup_days"] == "5"
    assert "not an email address" in shop.fails("init", "--email", "nope")


def test_fresh_file_says_how_to_start(shop):
    assert "`fixit init`" in shop.ok("due") and "`fixit demo`" in shop.ok("due")
    shop.ok("init", "--business-name", "Rosa's Bakery")
    assert "fixit init" not in shop.ok("due")


def test_demo_is_a_separate_shop_with_something_everywhere(shop):
    shop.log("My own", "Real complaint")
    mine = shop.dump()
    out = shop.ok("demo")
    demo = shop.home / "demo.db"
    assert f"Demo shop written to {demo}" in out
    assert shop.dump() == mine
    sections = {i["section"] for i in json.loads(shop.ok("--db", str(demo), "due", "--json"))["items"]}
    assert {"emergency", "apology", "overdue", "due-today", "follow-up", "check-in", "stalled"} <= sections
    assert "Hello Ben," in shop.ok("--db", str(demo), "letter", "4")
    assert json.loads(shop.ok("--db", str(demo), "report", "--json"))["complaints"] == 9
    assert "already exists" in shop.fails("demo", code=1)
    shop.ok("demo", "--force")
    if not shop.on_postgres:
        assert "your own database" in shop.fails("demo", str(shop.db))
