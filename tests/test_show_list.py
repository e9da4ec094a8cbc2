"""`fixit show` (the timeline) and `fixit list` (filters), as text and JSON."""

import json

import pytest


def test_show_tells_the_whole_story(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    n = shop.log(
        "Dana Reyes",
        "Cake was dry",
        "--phone",
        "555-0142",
        "--notes",
        "Orders for her café",
        "--promise",
        "Bake a new cake",
        "--by",
        "tomorrow",
    )
    shop.ok("apologize", str(n))
    shop.ok("amend", str(n), "redo", "--now")
    shop.ok("judge", str(n), "--justified", "--cause", "mistake")
    out = shop.ok("show", str(n))
    assert out.startswith(f"#{n} Cake was dry  [EMERGENCY]")
    assert "Customer: Dana Reyes (customer 1) · 555-0142" in out
    assert "Verdict: justified, mistake" in out
    assert "Notes: Orders for her café" in out
    assert "P1 promised: Bake a new cake (due 2026-11-24)" in out
    assert "due tomorrow" in out
    assert "A1 redo (handed over)" in out
    assert "Other complaints from Dana Reyes" in out and "Charged twice" in out


def test_show_json(shop):
    n = shop.log("Ana", "One", "--promise", "Call", "--by", "friday")
    data = json.loads(shop.ok("show", str(n), "--json"))
    assert list(data) == ["complaint", "customer", "promises", "amends", "timeline", "earlier", "changes", "letters"]
    assert data["complaint"]["summary"] == "One"
    assert data["complaint"]["logged_at"] == "2026-11-23T09:00:00+00:00"
    assert data["promises"][0]["due"] == "2026-11-27"


def test_show_json_names_every_complaint_a_change_answers_and_the_tags(shop):
    first = shop.log("Ana", "Bread was stale", "--tag", "bakery", "--tag", "stale")
    second = shop.log("Ben", "Stale rolls")
    shop.log("Cleo", "Unrelated")
    shop.ok("judge", str(first), "--justified", "--cause", "systemic")
    shop.ok("change", "Bread is baked the same morning", "--complaint", str(first), "--complaint", str(second))
    shop.ok("change", "Stale stock is checked at opening", "--complaint", str(second))
    data = json.loads(shop.ok("show", str(first), "--json"))
    assert [(c["description"], c["complaint_ids"]) for c in data["changes"]] == [
        ("Bread is baked the same morning", [first, second])
    ]
    assert data["complaint"]["tags"] == ["bakery", "stale"]
    assert json.loads(shop.ok("show", str(second), "--json"))["changes"][1]["complaint_ids"] == [second]


def test_list_filters(shop):
    shop.at("2026-10-01T09:00:00")
    old = shop.log("Ana Old", "Long ago", "--channel", "phone")
    shop.ok("close", str(old))
    shop.at("2026-11-23T09:00:00")
    shop.log("Ben", "Recent", "--channel", "email")
    shop.log("Ana Old", "Again", "--channel", "phone")

    def ids(*args):
        return [c["id"] for c in json.loads(shop.ok("list", "--json", *args))]

    assert ids() == [3, 2, 1]
    assert ids("--open") == [3, 2]
    assert ids("--since", "30d") == [3, 2]
    assert ids("--channel", "phone") == [3, 1]
    assert ids("--customer", "ana") == [3, 1]
    assert ids("--customer", "1") == [3, 1]
    assert ids("--limit", "1") == [3]
    assert "No complaints match." in shop.ok("list", "--customer", "nobody")
    assert "no customer 42" in shop.fails("list", "--customer", "42")


def test_list_plain_text_is_a_stable_table(shop):
    shop.log("Ana", "One")
    lines = shop.ok("list").splitlines()
    assert lines[0].split() == ["#", "Logged", "Customer", "Channel", "Status", "What", "went", "wrong"]
    assert lines[1].split() == ["1", "2026-11-23", "Ana", "counter", "open", "One"]


@pytest.mark.sqlite_only
def test_list_by_name_part_scales_past_sqlites_variable_limit(shop):
    """A name fragment is matched in SQL, not expanded into one variable per matching customer."""
    import sqlite3

    shop.log("Ana First", "One")
    conn = sqlite3.connect(shop.db)
    customers = 250_100  # beyond both SQLite's default limit (32,766) and Debian's build (250,000)
    conn.executemany(
        "INSERT INTO customers (id, name, name_key, created_at) VALUES (?, ?, ?, '2026-11-01T09:00:00+00:00')",
        [(i, f"Anna {i}", f"anna {i}") for i in range(2, customers)],
    )
    conn.executemany(
        "INSERT INTO complaints (customer_id, summary, channel, logged_at) "
        "VALUES (?, 'Late', 'counter', '2026-11-02T09:00:00+00:00')",
        [(i,) for i in range(2, 50)],
    )
    conn.commit()
    conn.close()
    assert len(json.loads(shop.ok("list", "--customer", "an", "--limit", "3", "--json"))) == 3
    assert "No complaints match." in shop.ok("list", "--customer", "an%")  # % and _ are literal text
