"""A customer can ask what is held about them, and to be forgotten: their name, contacts, notes,
complaint texts, letters and search entries go; anonymous counts stay for the report."""

from __future__ import annotations

import json


def dana_with_history(shop) -> None:
    shop.log(
        "Dana Reyes",
        "Charged twice for the wedding cake",
        "--phone",
        "555-0142",
        "--email",
        "dana@example.com",
        "--notes",
        "Allergic to nuts",
        "--promise",
        "Refund Dana",
    )
    shop.ok("amend", "1", "coupon", "--value", "10", "--now", "--note", "for Dana's trouble")
    shop.ok("fix", "1", "Refunded Dana's card")
    shop.ok("letter", "1", "followup", "--record")
    shop.log("Lee Park", "Cold coffee")


def test_a_customer_gets_everything_held_about_them(shop):
    dana_with_history(shop)
    held = json.loads(shop.ok("customer", "export", "Dana Reyes"))
    assert held["customer"]["email"] == "dana@example.com" and held["customer"]["notes"] == "Allergic to nuts"
    [complaint] = held["complaints"]
    assert complaint["complaint"]["summary"] == "Charged twice for the wedding cake"
    assert complaint["promises"][0]["what"] == "Refund Dana"
    assert complaint["letters"][0]["body"].startswith("Hello Dana,")
    assert any("Logged" in e["detail"] for e in complaint["events"])
    assert "Lee Park" not in json.dumps(held)


def test_forget_shows_what_will_go_asks_and_erases_it_everywhere(shop):
    dana_with_history(shop)
    refused = shop.run("customer", "forget", "1", input="y\n")
    assert refused.exit_code == 2  # no terminal to ask on: --yes
    assert "1 complaint, 1 promise, 1 amend, 1 letter" in refused.stdout
    assert "Dana Reyes" in shop.ok("show", "1")
    shop.ok("customer", "forget", "Dana Reyes", "--yes")
    everything = shop.dump()
    for trace in (
        "Dana",
        "Reyes",
        "555-0142",
        "dana@example.com",
        "Allergic",
        "wedding cake",
        "Refunded Dana",
        "Refund Dana",
        "for Dana",
    ):
        assert trace not in everything, trace
    assert "No matches." in shop.ok("find", "wedding")
    assert "Forgotten customer 1" in shop.ok("show", "1")
    report = json.loads(shop.ok("report", "--json"))
    assert report["complaints"] == 2 and report["coupons_issued"] == 1  # the figures stay
    assert "Lee Park" in shop.ok("list")


def test_forgetting_is_refused_for_no_one(shop):
    assert shop.fails("customer", "forget", "9", "--yes") == "fixit: error: no customer 9"
