"""The owner's view: the report (every figure against a hand-computed shop), customers, search."""

import json
import re

import pytest


@pytest.fixture
def november(shop):
    """Four complaints in November 2026; the figures below are computed by hand from this story."""
    shop.at("2026-11-02T09:00:00")
    shop.log("Ana", "Cold coffee", "--apologized", "--promise", "Call back", "--by", "2026-11-03")
    shop.ok("customer", "edit", "Ana", "--yearly-spend", "1200")
    shop.ok("judge", "1", "--justified", "--cause", "mistake")
    shop.at("2026-11-03T10:00:00")
    shop.ok("keep", "P1")  # on time
    shop.at("2026-11-04T09:00:00")
    shop.ok("fix", "1", "New coffee")  # 48 h after logging
    shop.at("2026-11-06T09:00:00")
    shop.ok("close", "1", "--outcome", "won-back")
    shop.at("2026-11-09T10:00:00")
    shop.log("Ben", "Wrong invoice", "--channel", "phone")
    shop.ok("customer", "edit", "Ben", "--yearly-spend", "800")
    shop.ok("amend", "2", "refund", "--value", "20", "--now")
    shop.ok("judge", "2", "--justified", "--cause", "systemic")
    shop.at("2026-11-10T16:00:00")
    shop.ok("apologize", "2")  # 30 h: not within a day
    shop.at("2026-11-11T10:00:00")
    shop.ok("fix", "2", "Corrected invoice")  # 48 h
    shop.at("2026-11-12T10:00:00")
    shop.ok("close", "2", "--outcome", "lost")
    shop.at("2026-11-16T12:00:00")
    shop.log("Ana", "Cake dry", "--channel", "email", "--promise", "Replace the cake", "--by", "2026-11-17")
    shop.ok("amend", "3", "coupon", "--value", "10", "--now")
    shop.ok("judge", "3", "--unjustified")
    shop.at("2026-11-16T14:00:00")
    shop.ok("apologize", "3")  # 2 h
    shop.at("2026-11-19T12:00:00")
    shop.ok("keep", "P2")  # late
    code = json.loads(shop.ok("show", "3", "--json"))["amends"][0]["code"]
    shop.at("2026-11-20T08:00:00")
    shop.ok("redeem", code)
    shop.log("Cid", "Rude reply", "--promise", "Call back", "--by", "2026-11-21")
    shop.ok("amend", "4", "gift", "--note", "flowers", "--now")
    shop.at("2026-11-23T09:00:00")
    return shop


def test_report_figures_match_the_hand_computed_shop(november):
    r = json.loads(november.ok("report", "--json", "--since", "30d"))
    assert r["complaints"] == 4
    assert r["by_channel"] == {"counter": 2, "email": 1, "phone": 1}
    assert r["verdicts"] == {"justified": 2, "not judged": 1, "unjustified": 1}
    assert r["by_cause"] == {"mistake": 1, "systemic": 1}
    assert r["median_hours_to_apology"] == 2.0  # of 0, 30 and 2 hours
    assert r["apologized_within_a_day"] == 0.5  # 2 of 4
    assert r["median_hours_to_fix"] == 48.0
    assert r["promises"] == {"kept_on_time": 1, "kept_late": 1, "open_overdue": 1, "open_not_yet_due": 0}
    assert r["repeat_customers"] == [["Ana", 2]]
    assert r["amends"] == [
        {"kind": "coupon", "count": 1, "total_cents": 1000},
        {"kind": "gift", "count": 1, "total_cents": 0},
        {"kind": "refund", "count": 1, "total_cents": 2000},
    ]
    assert (r["coupons_issued"], r["coupons_redeemed"]) == (1, 1)
    assert r["outcomes"] == {"still open": 2, "lost": 1, "won-back": 1}
    assert (r["yearly_spend_won_back_cents"], r["yearly_spend_lost_cents"]) == (120000, 80000)
    assert r["per_week"] == [
        ["2026-10-19", 0],
        ["2026-10-26", 0],
        ["2026-11-02", 1],
        ["2026-11-09", 1],
        ["2026-11-16", 2],
        ["2026-11-23", 0],
    ]


def test_report_period_from_to(november):
    r = json.loads(november.ok("report", "--json", "--from", "2026-11-09", "--to", "2026-11-15"))
    assert r["complaints"] == 1 and r["by_channel"] == {"phone": 1}
    assert r["per_week"] == [["2026-11-09", 1]]


def test_report_text_has_a_weekly_bar_chart(november):
    out = november.ok("report")
    assert "Report 2026-10-24 to 2026-11-23: 4 complaint(s)" in out
    assert re.search(r"Yearly spend won back\s+\$1,200\.00", out)
    assert "2026-11-16  " + "#" * 40 + " 2" in out
    assert "2026-11-09  " + "#" * 20 + " " * 21 + "1" in out


def test_report_rejects_mixed_periods(shop):
    assert "give one of" in shop.fails("report", "--since", "30d", "--all")
    assert "--to goes with --from" in shop.fails("report", "--to", "2026-11-01")
    assert "No complaints in this period." in shop.ok("report")


def test_customer_profile_and_list(november):
    out = november.ok("customer", "Ana")
    assert "Ana (customer 1)" in out and "Yearly spend: $1,200.00" in out
    assert "Cold coffee" in out and "Cake dry" in out and "P2 Replace the cake" in out
    assert json.loads(november.ok("customer", "show", "1", "--json"))["customer"]["name"] == "Ana"
    listed = json.loads(november.ok("customers", "--json"))
    assert [(c["customer"]["name"], c["complaints"], c["repeat"]) for c in listed] == [
        ("Cid", 1, False),
        ("Ana", 2, True),
        ("Ben", 1, False),
    ]
    assert [c["customer"]["name"] for c in json.loads(november.ok("customers", "--repeat", "--json"))] == ["Ana"]
    assert november.fails("customer", "Zed") == "fixit: error: no customer called 'Zed'"


def test_customer_edit_fixes_and_clears(shop):
    shop.log("Dana Reyes", "Late", "--email", "old@example.com")
    shop.ok("customer", "edit", "1", "--phone", "555-0142", "--email", "", "--notes", "Prefers texts")
    customer = json.loads(shop.ok("customer", "1", "--json"))["customer"]
    assert (customer["phone"], customer["email"], customer["notes"]) == ("555-0142", None, "Prefers texts")
    assert json.loads(shop.ok("log", "Dana R", "Again", "--phone", "5550142", "--json"))["matched_by"] == "phone"
    assert "nothing to change" in shop.fails("customer", "edit", "1")
    assert "not an amount" in shop.fails("customer", "edit", "1", "--yearly-spend", "lots")


def test_merge_moves_every_record_in_one_go(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142", "--promise", "Refund", "--by", "friday")
    shop.log("Dana Reyez", "Cake dry", "--email", "dana@example.com")
    out = shop.ok("customer", "merge", "1", "2", "--yes")
    assert "Merged customer 2 into 1 (Dana Reyes); 1 complaint(s) moved." in out
    assert shop.query("SELECT id, customer_id FROM complaints") == [(1, 1), (2, 1)]
    assert shop.query("SELECT id, phone, email FROM customers") == [(1, "555-0142", "dana@example.com")]
    assert "merged into customer 1" in shop.ok("show", "2")
    before = shop.dump()
    assert shop.fails("customer", "merge", "1", "2", "--yes") == "fixit: error: no customer 2"
    assert "cannot be merged with itself" in shop.fails("customer", "merge", "1", "1")
    assert shop.dump() == before


def test_find_ranks_highlights_and_follows_edits(shop):
    shop.log("Ana", "The refund never came", "--promise", "Refund to the card", "--by", "friday")
    shop.log("Ben", "Café latte was cold")
    shop.log("Cid", "Charged twice at the till")
    hits = json.loads(shop.ok("find", "refund card", "--json"))
    assert [(h["source"], h["complaint"]) for h in hits] == [("promise", 1)]
    assert hits[0]["snippet"] == "**Refund** to the **card**"
    assert [h["complaint"] for h in json.loads(shop.ok("find", "cafe", "--json"))] == [2]  # accents folded
    assert "No matches." in shop.ok("find", "refunded card twice")
    assert 3 not in [h["complaint"] for h in json.loads(shop.ok("find", "refunded", "--json"))]
    shop.ok("fix", "3", "Refunded the second charge")  # the trigger indexes the fix at once
    assert 3 in [h["complaint"] for h in json.loads(shop.ok("find", "refunded", "--json"))]  # stemmed: refund*
    assert "#3 Cid (2026-11-23): Refunded the second charge" in shop.ok("find", "refunded")  # piped: no markup


@pytest.mark.parametrize("query", ['"unbalanced', "NEAR(", "a OR", "*", "col:refund", "refund -x"])
def test_find_treats_search_syntax_as_text(shop, query):
    shop.log("Ana", "The refund never came")
    result = shop.run("find", query)
    assert result.exit_code in (0, 2) and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert "nothing to search for" in result.stderr


def test_customers_are_listed_by_their_latest_contact(shop):
    shop.at("2026-11-20T09:00:00")
    shop.log("Ana", "One")
    shop.at("2026-11-21T09:00:00")
    shop.log("Ben", "Two")
    shop.at("2026-11-22T09:00:00")
    shop.ok("letter", "1", "--record")  # writing to Ana is contact too
    shop.at("2026-11-23T09:00:00")
    listed = json.loads(shop.ok("customers", "--json"))
    assert [(c["customer"]["name"], c["last_contact"][:10]) for c in listed] == [
        ("Ana", "2026-11-22"),
        ("Ben", "2026-11-21"),
    ]
    shop.log("Ben", "Three")
    shop.ok("customer", "merge", "Ben", "Ana", "--yes")
    [ben] = json.loads(shop.ok("customers", "--json"))
    assert (ben["complaints"], ben["open"], ben["repeat"], ben["last_contact"][:10]) == (3, 3, True, "2026-11-23")


def test_customers_with_no_contact_yet_come_after_everyone_else_on_either_store(shop, tmp_path):
    """A customer on file with nothing logged yet (brought in by an import) has no latest contact:
    PostgreSQL sorts that first when descending, SQLite last; the list must not depend on the store."""
    shop.log("Ana", "One")
    shop.log("Ben", "Two")
    data = json.loads(shop.ok("export", "--format", "json"))
    quiet = {
        **data["customers"][0],
        "id": 3,
        "name": "Quiet Customer",
        "name_key": "quiet customer",
        "phone": None,
        "phone_key": None,
        "last_contact_at": None,
    }
    data["customers"].append(quiet)
    export = tmp_path / "export.json"
    export.write_text(json.dumps(data))
    shop.empty()
    shop.ok("import", str(export))
    listed = [(c["customer"]["name"], c["last_contact"]) for c in json.loads(shop.ok("customers", "--json"))]
    assert [name for name, _ in listed] == ["Ben", "Ana", "Quiet Customer"]
    assert listed[-1][1] is None
    assert shop.ok("customers").splitlines()[-1].split()[:3] == ["3", "Quiet", "Customer"]
