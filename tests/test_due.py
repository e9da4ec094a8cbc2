"""`fixit due`: every section, in order, with the command to act on each line."""

import json


def _sections(shop, *args):
    return [item["section"] for item in json.loads(shop.ok("due", "--json", *args))["items"]]


def test_fresh_database_says_how_to_start(shop):
    assert shop.ok("due").splitlines()[0] == (
        "Nothing due today, and no complaints open. Log one at the counter with `fixit log`."
    )


def test_nothing_due_counts_open_complaints(shop):
    shop.log("Ana", "One", "--apologized", "--promise", "Call", "--by", "friday")
    assert shop.ok("due").strip() == "Nothing due today. 1 complaint(s) open, all on track."


def test_every_section_in_order(shop):
    shop.at("2026-11-10T09:00:00")
    stalled = shop.log("Stella", "Nobody called back", "--apologized")
    shop.at("2026-11-20T09:00:00")
    shop.log(
        "Dana Reyes",
        "Charged twice",
        "--phone",
        "555-0142",
        "--apologized",
        "--promise",
        "Refund",
        "--by",
        "2026-11-21",
    )
    fixed = shop.log("Finn", "Wrong size", "--apologized")
    shop.ok("fix", str(fixed), "Exchanged", "--followup", "2026-11-22")
    coupon = shop.log("Cora", "Cold soup", "--apologized", "--promise", "Call back", "--by", "2026-12-01")
    shop.ok("amend", str(coupon), "coupon", "--value", "5", "--now", "--expires", "2026-11-26")
    shop.at("2026-11-23T09:00:00")
    shop.log("Dana Reyes", "Cake was dry", "--phone", "555-0142", "--promise", "Bake a new one", "--by", "today")
    assert _sections(shop) == ["emergency", "apology", "overdue", "due-today", "follow-up", "stalled", "coupon"]
    out = shop.ok("due")
    assert out.index("Emergencies (1)") < out.index("Not yet apologized (1)") < out.index("Promises overdue (1)")
    assert "→ fixit apologize 5" in out
    assert "P1 Dana Reyes: Refund (was due 2 days ago)  → fixit keep P1" in out
    assert "P3 Dana Reyes: Bake a new one (due Monday 23 November)  → fixit keep P3" in out
    assert f"→ fixit followup {fixed}" in out
    assert f'#{stalled} Stella: "Nobody called back": open 13 days' in out
    assert "expires in 3 days, not yet used" in out


def test_apology_is_late_after_a_day(shop):
    shop.log("Ana", "One")
    shop.at("2026-11-23T20:00:00")
    assert "logged 11 h ago  →" in shop.ok("due")
    shop.at("2026-11-24T10:00:00")
    assert "logged 1 day ago LATE" in shop.ok("due")
    assert json.loads(shop.ok("due", "--json"))["items"][0]["late"] is True


def test_date_option_looks_at_another_day(shop):
    shop.log("Ana", "One", "--apologized", "--promise", "Call", "--by", "wednesday")
    assert _sections(shop) == []
    assert _sections(shop, "--date", "wednesday") == ["due-today"]
    assert _sections(shop, "--date", "+5d") == ["overdue"]


def test_closed_complaints_leave_the_agenda_but_open_promises_stay(shop):
    n = shop.log("Ana", "One", "--promise", "Call", "--by", "today")
    shop.ok("close", str(n))
    assert _sections(shop) == ["due-today"]
    shop.ok("keep", "P1")
    assert _sections(shop) == []


def test_json_keys_are_stable(shop):
    shop.log("Ana", "One")
    data = json.loads(shop.ok("due", "--json"))
    assert list(data) == ["date", "open_complaints", "location", "items"]
    assert list(data["items"][0]) == [
        "section",
        "complaint",
        "customer",
        "promise",
        "coupon",
        "late",
        "text",
        "command",
        "location",
    ]


def test_long_sections_show_the_first_lines_and_how_many_more(shop):
    for i in range(30):
        shop.log(f"Customer {i}", "Cold coffee")
    out = shop.ok("due")
    assert "Not yet apologized (30)" in out
    assert out.count("→ fixit apologize") == 25 and "… and 5 more: fixit due --all" in out
    assert shop.ok("due", "--all").count("→ fixit apologize") == 30
    assert len(json.loads(shop.ok("due", "--json"))["items"]) == 30


def test_a_promise_with_a_time_comes_before_one_due_by_the_end_of_the_day_on_either_store(shop):
    """An untimed promise is due by the end of its day, so on the same day the one with a time is more
    urgent. (PostgreSQL and SQLite put an empty time at opposite ends unless told.)"""
    shop.at("2026-11-23T08:00:00")
    shop.log("Ana", "Refund missing", "--apologized", "--promise", "Refund", "--by", "today")
    shop.log("Ben", "Wrong cake", "--apologized", "--promise", "Call back", "--by", "today 16:00")
    shop.log("Cleo", "Late order", "--apologized", "--promise", "Deliver", "--by", "today 11:00")
    shop.at("2026-11-20T08:00:00")
    shop.log("Dan", "Broken cup", "--apologized", "--promise", "Replace", "--by", "2026-11-21")
    shop.log("Eve", "Cold soup", "--apologized", "--promise", "Call", "--by", "2026-11-21 09:30")
    shop.at("2026-11-23T09:00:00")
    items = json.loads(shop.ok("due", "--json"))["items"]
    assert [(item["section"], item["customer"]) for item in items if item["promise"]] == [
        ("overdue", "Eve"),
        ("overdue", "Dan"),
        ("due-today", "Cleo"),
        ("due-today", "Ben"),
        ("due-today", "Ana"),
    ]
    lines = shop.ok("due").splitlines()
    where = [next(i for i, line in enumerate(lines) if f" {name}: " in line) for name in ("Cleo", "Ben", "Ana")]
    assert where == sorted(where), lines
