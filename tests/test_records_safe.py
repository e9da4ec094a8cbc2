"""Records kept safe (issue 20): destructive commands take exact ids or exact unique names and ask;
forgetting a customer leaves no trace of them; restore loses nothing and refuses a damaged backup;
every file fixit writes goes through one checked writer; placeholders are no one; a bare number
is never silently read as another kind of record; a recorded apology letter is the apology."""

from __future__ import annotations

import json


def due_sections(shop, *extra: str) -> list[tuple[str, int]]:
    return [(i["section"], i["complaint"]) for i in json.loads(shop.ok("due", "--json", *extra))["items"]]


# a recorded apology letter is the apology ----------------------------------------------------------

def test_a_recorded_apology_letter_is_the_apology(shop):
    shop.at("2026-11-20T10:00:00")
    n = shop.log("Dana Reyes", "Late cake")
    shop.at("2026-11-22T10:00:00")
    assert ("apology", n) in due_sections(shop)
    shop.ok("letter", str(n), "apology", "--record")
    assert ("apology", n) not in due_sections(shop)
    show = shop.ok("show", str(n))
    assert "Apologized by letter (late: more than a day after)" in show
    # an apology already made stays as it was: the letter does not move it
    m = shop.log("Lee Park", "Cold coffee", "--apologized")
    before = shop.query("SELECT apologized_at FROM complaints WHERE id = ?", m)
    shop.ok("letter", str(m), "apology", "--record")
    assert shop.query("SELECT apologized_at FROM complaints WHERE id = ?", m) == before


# a bare number that could be another kind of record ---------------------------------------------------

def test_a_bare_number_that_could_be_two_records_is_refused_naming_both(shop):
    for name in ("Ana", "Ben", "Cy"):
        shop.log(name, "Late")
    shop.ok("promise", "1", "Call back", "--by", "tomorrow")          # P1 of #1
    shop.ok("promise", "2", "Bake again", "--by", "tomorrow")         # P2 of #2
    shop.ok("promise", "2", "Refund", "--by", "tomorrow")             # P3 of #2
    shop.ok("promise", "3", "Send a card", "--by", "tomorrow")        # P4 of #3
    before = shop.dump()
    said = shop.fails("keep", "3")
    assert said == ("fixit: error: '3' could be promise P3 (of #2: Refund) or complaint #3 "
                    "(P4: of #3: Send a card): say P3 or #3")
    assert shop.dump() == before
    assert "Promise P4 kept" in shop.ok("keep", "#3")
    assert "Promise P3 kept" in shop.ok("keep", "P3")
    assert "Promise P1 kept" in shop.ok("keep", "1")       # P1 is complaint #1's promise: one reading
    shop.ok("promise", "2", "Call again", "--by", "tomorrow")        # P5 of #2: two open now
    assert "complaint #2 has 2 open promises (P2: of #2: Bake again, P5" in shop.fails("keep", "#2")
    shop.log("Dee", "Late")                                  # #4, no promise: '4' is P4 or #4
    assert "could be promise P4 (of #3: Send a card) or complaint #4 (it has no open promise)" in shop.fails(
        "keep", "4")
    assert "complaint #4 has no open promise" in shop.fails("keep", "#4")
    assert "no promise P9, and no complaint #9" in shop.fails("keep", "9")


def test_change_and_unsent_numbers_are_read_the_same_way(shop, tmp_path):
    a, b = shop.log("Sam Lee", "Late delivery"), shop.log("Rosa Kim", "Late again")
    shop.ok("change", "Routes planned", "--complaint", str(b))       # C1, linked to #2
    assert "'1' could be change C1 (Routes planned) or complaint #1 (it has no process change)" \
        in shop.fails("letter", "--change", "1")
    assert shop.ok("letter", "--change", "#2").startswith("Hello Rosa,")
    assert shop.ok("letter", "--change", "C1").startswith("Hello Rosa,")
    assert a == 1
