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
