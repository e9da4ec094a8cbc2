"""Promises kept or overdue; amends that fit the harm, delivered or promised; personal coupons."""

import json
import re

from fixit.domain.amends import CODE_ALPHABET


def test_promise_and_keep_on_time(shop):
    n = shop.log()
    assert "Promise P1 due Friday 27 November: Call back" in shop.ok("promise", str(n), "Call back", "--by", "friday")
    assert "Promise P1 kept: Call back" in shop.ok("keep", "P1")
    assert shop.query("SELECT kept_at IS NOT NULL FROM promises") == [(1,)]


def test_keeping_late_says_how_late(shop):
    n = shop.log()
    shop.ok("promise", str(n), "Refund", "--by", "tomorrow")
    shop.at("2026-11-27T10:00:00")
    assert "kept (3 days late)" in shop.ok("keep", "1")


def test_keeping_twice_is_refused_without_change(shop):
    n = shop.log()
    shop.ok("promise", str(n), "Refund", "--by", "tomorrow")
    shop.ok("keep", "P1")
    before = shop.dump()
    assert "already kept" in shop.fails("keep", "P1", code=1)
    assert shop.dump() == before


def test_promise_needs_a_date_and_not_in_the_past(shop):
    n = shop.log()
    assert "Missing option '--by'" in shop.fails("promise", str(n), "Refund")
    assert "in the past" in shop.fails("promise", str(n), "Refund", "--by", "2026-11-01")


def test_refund_not_handed_over_becomes_a_promise_kept_on_delivery(shop):
    n = shop.log()
    out = shop.ok("amend", str(n), "refund", "--value", "$12.50", "--by", "+2d")
    assert "Amend A1: refund of $12.50" in out and "Promise P1 created to deliver it" in out
    assert shop.query("SELECT what, due FROM promises") == [("Deliver the refund of $12.50", "2026-11-25")]
    shop.ok("keep", "P1")
    assert shop.query("SELECT given_at IS NOT NULL, value_cents FROM amends") == [(1, 1250)]


def test_amend_handed_over_now_makes_no_promise(shop):
    n = shop.log()
    shop.ok("amend", str(n), "gift", "--note", "a box of pastries", "--now")
    assert shop.query("SELECT count(*) FROM promises") == [(0,)]
    assert "gift (a box of pastries) (handed over)" in shop.ok("show", str(n))


def test_coupon_gets_a_personal_unambiguous_code(shop):
    n = shop.log()
    codes = set()
    for _ in range(20):
        out = shop.ok("amend", str(n), "coupon", "--value", "10", "--now", "--expires", "+30d")
        code = re.search(r"Coupon code: (\S+)", out)[1]
        assert re.fullmatch(f"[{CODE_ALPHABET}]{{4}}-[{CODE_ALPHABET}]{{4}}", code)
        codes.add(code)
    assert len(codes) == 20


def test_redeem_once_in_any_case_without_dash(shop):
    n = shop.log()
    out = shop.ok("amend", str(n), "coupon", "--value", "10", "--now")
    code = re.search(r"Coupon code: (\S+)", out)[1]
    typed = code.replace("-", "").lower()
    assert f"Coupon {code} worth $10.00 redeemed" in shop.ok("redeem", typed)
    assert "already redeemed" in shop.fails("redeem", code, code=1)
    assert "no coupon with code" in shop.fails("redeem", "AAAA-AAAA")


def test_expired_coupon_cannot_be_redeemed(shop):
    n = shop.log()
    code = re.search(r"Coupon code: (\S+)", shop.ok("amend", str(n), "coupon", "--now", "--expires", "+2d"))[1]
    shop.at("2026-11-30T09:00:00")
    assert "expired on 2026-11-25" in shop.fails("redeem", code, code=1)


def test_redeeming_an_undelivered_coupon_keeps_its_delivery_promise(shop):
    n = shop.log()
    code = re.search(r"Coupon code: (\S+)", shop.ok("amend", str(n), "coupon", "--value", "5"))[1]
    shop.ok("redeem", code)
    assert shop.query("SELECT kept_at IS NOT NULL FROM promises") == [(1,)]


def test_amend_rules(shop):
    n = str(shop.log())
    assert "needs --value" in shop.fails("amend", n, "partial-refund")
    assert "--expires is for coupons" in shop.fails("amend", n, "gift", "--expires", "+3d")
    assert "contradict" in shop.fails("amend", n, "refund", "--now", "--by", "tomorrow")
    assert "is not one of" in shop.fails("amend", n, "hug")


def test_currency_setting_is_used_for_money(shop):
    n = str(shop.log())
    shop.ok("config", "set", "currency", "€")
    assert "refund of €1,234.50" in shop.ok("amend", n, "refund", "--value", "€1234.5", "--now")
    show = json.loads(shop.ok("show", n, "--json"))
    assert show["amends"][0]["value_cents"] == 123450
