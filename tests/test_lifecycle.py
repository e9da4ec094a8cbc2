"""Judge, fix, follow up, close, reopen; apologies on time or late."""

import json


def test_apology_now_and_earlier(shop):
    a = shop.log("Ana", "One")
    shop.at("2026-11-23T08:00:00")
    b = shop.log("Ben", "Two")
    shop.at("2026-11-23T09:00:00")
    assert "Apology recorded for #1" in shop.ok("apologize", str(a))
    shop.ok("apologize", f"#{b}", "--at", "today 08:30")
    assert shop.query("SELECT apologized_at FROM complaints WHERE id = 2") == [("2026-11-23T08:30:00+00:00",)]
    assert "already apologized" in shop.fails("apologize", str(a), code=1)


def test_apology_in_the_future_is_refused(shop):
    n = shop.log()
    assert "in the future" in shop.fails("apologize", str(n), "--at", "tomorrow")


def test_late_apology_is_marked_late_in_the_timeline(shop):
    n = shop.log()
    shop.at("2026-11-26T09:00:00")
    shop.ok("apologize", str(n))
    assert "Apologized (late: more than a day after)" in shop.ok("show", str(n))


def test_judge_rules(shop):
    n = str(shop.log())
    assert "say --justified or --unjustified" in shop.fails("judge", n)
    assert "--cause is for justified" in shop.fails("judge", n, "--unjustified", "--cause", "mistake")
    assert "--explain is for unjustified" in shop.fails("judge", n, "--justified", "--explain", "x")
    out = shop.ok("judge", n, "--justified", "--cause", "systemic")
    assert "judged justified, systemic" in out and "fixit change" in out
    shop.ok("judge", n, "--unjustified", "--explain", "The order said Tuesday")
    assert shop.query("SELECT verdict, cause, explanation FROM complaints") == [
        ("unjustified", None, "The order said Tuesday")
    ]


def test_fix_sets_the_follow_up_from_the_setting(shop):
    n = str(shop.log())
    assert "follow up by Thursday 26 November" in shop.ok("fix", n, "Refunded")
    shop.ok("config", "set", "followup_days", "7")
    m = str(shop.log("Ben", "Late"))
    assert "follow up by Monday 30 November" in shop.ok("fix", m, "Delivered")
    assert "follow up by Friday 27 November" in shop.ok("fix", m, "Delivered again", "--followup", "friday")


def test_follow_up_once(shop):
    n = str(shop.log())
    shop.ok("fix", n, "Refunded")
    assert "Follow-up recorded" in shop.ok("followup", n, "--note", "Happy now")
    assert "already followed up" in shop.fails("followup", n, code=1)


def test_close_and_reopen(shop):
    n = str(shop.log())
    shop.ok("promise", n, "Call back", "--by", "tomorrow")
    out = shop.ok("close", n, "--outcome", "won-back")
    assert "closed: won-back" in out and "1 promise(s) on it still open" in out
    assert "is closed" in shop.fails("fix", n, "x", code=1)
    assert "is closed" in shop.fails("close", n, code=1)
    assert "reopened" in shop.ok("reopen", n)
    assert "is not closed" in shop.fails("reopen", n, code=1)
    assert shop.query("SELECT status, outcome FROM complaints") == [("open", None)]
    kinds = [e["kind"] for e in json.loads(shop.ok("show", n, "--json"))["timeline"]]
    assert kinds == ["logged", "promised", "closed", "reopened"]


def test_unknown_ids_are_exit_2_and_say_which(shop):
    shop.log()
    for command in (
        ["show", "99"],
        ["apologize", "99"],
        ["fix", "99", "x"],
        ["close", "#99"],
        ["judge", "99", "--justified"],
    ):
        assert shop.fails(*command) == "fixit: error: no complaint #99"
    assert shop.fails("keep", "P42") == "fixit: error: no promise P42"
    assert "not a complaint number: 'abc'" in shop.fails("show", "abc")
    assert "not a complaint number: '0'" in shop.fails("show", "0")
