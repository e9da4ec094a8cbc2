"""`fixit find` finds the same complaints on both stores: one table of queries, each with the
complaint numbers it must find, run on SQLite and on PostgreSQL (the `shop` fixture)."""

from __future__ import annotations

import json

import pytest

COMPLAINTS = [  # (name, what went wrong): complaint 1, 2, ...
    ("Dana Reyes", "The cake was late and it's the second time"),
    ("Lee Park", "Wrote to dana@example.com about the refund"),
    ("Ana Diaz", "Charged $12.50 twice for one coffee"),
    ("Bo Chan", "Promised 50% off and got 10%"),
    ("Minh Tran", "The phở was cold"),
    ("Zoë Ólafsdóttir", "Crème brûlée burnt, service ŝlow"),
    ("Ola Nowak", "Żurek too salty, the spoon dirty"),
    ("Ken Ito", "Refunded the wrong card"),
]

QUERIES = [  # (what is typed, the complaints it finds, in any order)
    ("the", {1, 2, 5, 7, 8}),
    ("it's", {1}),
    ("dana@example.com", {2}),
    ("example", {2}),
    ("$12.50", {3}),
    ("12.50", {3}),
    ("50%", {3, 4}),  # '12.50' holds the word '50' on both stores
    ("pho", {5}),
    ("phở", {5}),
    ("creme brulee", {6}),
    ("slow", {6}),
    ("zurek", {7}),
    ("refund", {2, 8}),
    ("cold coffee", set()),
    ("second time", {1}),
]


@pytest.fixture
def searched(shop):
    for name, summary in COMPLAINTS:
        shop.ok("log", name, summary)
    return shop


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_the_same_words_find_the_same_complaints_on_both_stores(searched, query, expected):
    found = json.loads(searched.ok("find", query, "--json"))
    assert {hit["complaint"] for hit in found} == expected


def test_an_accented_word_found_by_its_plain_letters_is_highlighted_on_both_stores(searched):
    found = json.loads(searched.ok("find", "pho", "--json"))
    assert [hit["snippet"] for hit in found] == ["The **phở** was cold"]
    found = json.loads(searched.ok("find", "creme", "--json"))
    assert [hit["snippet"] for hit in found] == ["**Crème** brûlée burnt, service ŝlow"]


def test_what_is_found_follows_every_change_to_the_words(searched):
    """The words searched are kept as each record is written (on PostgreSQL, since schema step 006):
    a correction, a fix and a promise are found at once, and a word corrected away is no longer."""
    searched.ok("edit", "5", "--summary", "The noodles were cold")
    searched.ok("fix", "3", "Gave back the second charge")
    searched.ok("promise", "8", "Post a voucher", "--by", "friday")
    assert [hit["complaint"] for hit in json.loads(searched.ok("find", "noodles", "--json"))] == [5]
    assert "No matches." in searched.ok("find", "pho")
    assert [hit["complaint"] for hit in json.loads(searched.ok("find", "second charge", "--json"))] == [3]
    assert [hit["complaint"] for hit in json.loads(searched.ok("find", "voucher", "--json"))] == [8]
