"""Tags: short words that group complaints ("delivery", "till"), so the owner can see whether a
process change made complaints of that kind rarer."""

from __future__ import annotations

import re
from datetime import timedelta

from fixit import clock
from fixit.errors import InputError
from fixit.model import Change
from fixit.storage import Store
from fixit.text import shorten

_TAG = re.compile(r"^[a-z0-9][a-z0-9-]{0,29}$")
MAX_WINDOW_DAYS = 365


def clean_tags(tags: list[str]) -> list[str]:
    cleaned = []
    for tag in tags:
        word = tag.strip().lower()
        if not _TAG.match(word):
            raise InputError(f"not a tag: {shorten(tag, 30, '...')!r} (letters, digits and dashes, up to 30)")
        cleaned.append(word)
    return sorted(set(cleaned))


def tag(store: Store, complaint_id: int, tags: list[str], remove: bool = False) -> list[str]:
    """Add (or remove) tags; returns the complaint's tags afterwards."""
    words = clean_tags(tags)
    with store.transaction():
        store.get_complaint(complaint_id)
        if remove:
            store.remove_tags(complaint_id, words)
        else:
            store.add_tags(complaint_id, words)
            store.add_event(complaint_id, "tagged", "Tagged: " + ", ".join(words))
    return store.tags_of([complaint_id])


def with_effect(store: Store, change: Change) -> Change:
    """Fill in how many complaints with the change's tags came in the same number of days
    before it and since it (at least one day, at most a year)."""
    change.tags = store.tags_of(change.complaint_ids)
    now = clock.now()
    days = min(MAX_WINDOW_DAYS, max(1, (now - change.made_at).days))
    window = timedelta(days=days)
    change.window_days = days
    change.before = store.count_tagged(change.tags, change.made_at - window, change.made_at)
    change.after = store.count_tagged(change.tags, change.made_at, change.made_at + window)
    return change
