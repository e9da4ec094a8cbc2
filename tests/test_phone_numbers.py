"""Phone numbers matched in international form (E.164) once the shop's country is set: `+1 555-0142`
and `555-0142` are one customer. The country's rules come from the `phonenumbers` metadata when the
owner sets it; at the counter fixit applies them without loading the library."""

from __future__ import annotations

import json


def test_a_number_with_and_without_its_country_code_is_one_customer(shop):
    shop.ok("config", "set", "country", "US")
    first = json.loads(shop.ok("log", "Dana Reyes", "One", "--phone", "+1 555-0142", "--json"))
    second = json.loads(shop.ok("log", "Dana Reyes", "Two", "--phone", "555-0142", "--json"))
    third = json.loads(shop.ok("log", "Dana Reyes", "Three", "--phone", "1 (555) 0142", "--json"))
    assert first["customer"] == second["customer"] == third["customer"] == 1
    assert second["emergency"] and third["emergency"]
    assert shop.query("SELECT phone_key FROM customers") == [("+15550142",)]


def test_an_international_prefix_and_another_country(shop):
    shop.ok("config", "set", "country", "GB")
    shop.ok("log", "Olive Hart", "Late", "--phone", "020 7946 0018")
    out = json.loads(shop.ok("log", "Olive Hart", "Again", "--phone", "+44 20 7946 0018", "--json"))
    assert out["customer"] == 1
    out = json.loads(shop.ok("log", "Olive Hart", "Third", "--phone", "0044 20 7946 0018", "--json"))
    assert out["customer"] == 1


def test_setting_the_country_rekeys_customers_and_names_the_ones_that_now_collide(shop):
    shop.log("Ana Ruiz", "One", "--phone", "+1 555-0100")
    shop.log("Ana R.", "Two", "--phone", "555-0100", "--new-customer")
    shop.log("Ben Cole", "Three", "--phone", "555-0199")
    said = shop.ok("config", "set", "country", "US")
    assert "country = US" in said
    assert (
        "Customers 1 and 2 now have the same phone number (+15550100): "
        "`fixit customer merge 1 2` if they are one person."
    ) in said
    assert shop.query("SELECT id, phone_key FROM customers ORDER BY id") == [
        (1, "+15550100"),
        (2, "+15550100"),
        (3, "+15550199"),
    ]


def test_a_country_fixit_does_not_know_is_refused(shop):
    assert "not a country fixit knows" in shop.fails("config", "set", "country", "XX")
