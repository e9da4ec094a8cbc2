"""`fixit log` at the counter: arguments, prompts, customer matching, the emergency flag."""

import json


def test_log_with_arguments_prints_the_number_and_asks_nothing(shop):
    out = shop.ok(
        "log",
        "Dana Reyes",
        "Charged twice for the cake",
        "--phone",
        "555-0142",
        "--channel",
        "counter",
        "--apologized",
        "--promise",
        "Refund the second charge",
        "--by",
        "tomorrow",
    )
    assert "Logged #1 for Dana Reyes (new customer)." in out
    assert "Promise P1 due Tuesday 24 November: Refund the second charge" in out
    assert "Apologize now" not in out
    assert shop.query("SELECT summary, channel, apologized_at IS NOT NULL FROM complaints") == [
        ("Charged twice for the cake", "counter", 1)
    ]


def test_log_without_apology_reminds_to_apologize(shop):
    out = shop.ok("log", "Lee Park", "Waited forty minutes")
    assert "Apologize now, then: fixit apologize 1" in out


def test_second_complaint_from_same_phone_is_an_emergency_with_banner(shop):
    shop.log("Dana Reyes", "Charged twice", "--phone", "555-0142")
    out = shop.ok("log", "dana reyes", "Cake was dry", "--phone", "(555) 0142")
    assert "matched by phone" in out
    assert "Second complaint: treat as an emergency" in out
    assert "#1 2026-11-23 Charged twice" in out
    assert shop.query("SELECT id, emergency FROM complaints ORDER BY id") == [(1, 0), (2, 1)]


def test_customers_match_by_email_case_folded_then_by_name(shop):
    shop.log("Ana", "One", "--email", "Ana@Example.com")
    assert json.loads(shop.ok("log", "Ana B", "Two", "--email", "ana@example.COM", "--json"))["matched_by"] == "email"
    assert json.loads(shop.ok("log", "ANA", "Three", "--json"))["matched_by"] == "name"
    assert shop.query("SELECT count(*) FROM customers") == [(1,)]


def test_same_name_with_a_different_phone_is_a_different_person(shop):
    shop.log("Sam Lee", "One", "--phone", "555-1111")
    logged = json.loads(shop.ok("log", "Sam Lee", "Two", "--phone", "555-2222", "--json"))
    assert logged["matched_by"] is None and logged["emergency"] is False


def test_shared_name_needs_customer_id_when_not_interactive(shop):
    shop.log("Sam Lee", "One", "--phone", "555-1111")
    shop.log("Sam Lee", "Two", "--phone", "555-2222")
    before = shop.dump()
    error = shop.fails("log", "Sam Lee", "Three")
    assert "2 customers are called 'Sam Lee'" in error and "--customer" in error
    assert shop.dump() == before
    logged = json.loads(shop.ok("log", "Sam Lee", "Three", "--customer", "2", "--json"))
    assert logged["customer"] == 2 and logged["emergency"] is True


def test_interactive_log_asks_step_by_step(shop):
    answers = "Dana Reyes\n555-0142\nCharged twice for the cake\nphone\ny\nRefund the second charge\nfriday\n"
    out = shop.ok("log", input=answers)
    assert "Logged #1 for Dana Reyes" in out
    assert "Promise P1 due Friday 27 November" in out
    assert shop.query("SELECT channel, apologized_at IS NOT NULL FROM complaints") == [("phone", 1)]
    assert shop.query("SELECT phone FROM customers") == [("555-0142",)]


def test_interactive_log_re_asks_after_a_bad_answer(shop):
    answers = "Dana\nnot-a-phone!\ndana@example.com\nLate delivery\nfax\nemail\nn\n\n"
    out = shop.ok("log", input=answers)
    assert "not a phone number" in out  # the prompt says why and asks again
    assert shop.query("SELECT channel, apologized_at FROM complaints") == [("email", None)]


def test_interactive_log_asks_which_customer_when_names_are_shared(shop):
    shop.log("Sam Lee", "One", "--phone", "555-1111")
    shop.log("Sam Lee", "Two", "--phone", "555-2222")
    out = shop.ok("log", input="Sam Lee\n\n2\nThird time\ncounter\ny\n\n\n")  # who it is comes right after the name
    assert "1: Sam Lee (555-1111)" in out and "2: Sam Lee (555-2222)" in out
    assert shop.query("SELECT customer_id, emergency FROM complaints WHERE id = 3") == [(2, 1)]


def test_log_options_are_stored(shop):
    shop.ok(
        "log",
        "Rosa",
        "Cold coffee",
        "--severity",
        "high",
        "--by-staff",
        "Sam",
        "--notes",
        "Has twins",
        "--channel",
        "noticed",
    )
    assert shop.query("SELECT severity, staff, notes, channel FROM complaints") == [
        ("high", "Sam", "Has twins", "noticed")
    ]
    assert shop.query("SELECT notes FROM customers") == [("Has twins",)]


def test_log_needs_both_name_and_summary(cli):
    assert "give both" in cli.fails("log", "Dana Reyes")
    assert not cli.db.exists()  # nothing was written, not even an empty file


def test_by_without_promise_is_refused(cli):
    assert "--by needs --promise" in cli.fails("log", "Dana", "Late", "--by", "tomorrow")
