"""Full-text search over complaints (summary, notes, fix, explanation) and promises."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixit.errors import InputError
from fixit.model import Complaint, columns_of
from fixit.storage import Store

# Control characters cannot be stored (fixit.text refuses them), so they can mark matches safely.
MARK = ("\x02", "\x03")
MAX_WORDS = 20


@dataclass
class Hit:
    complaint: Complaint
    source: str  # "complaint", "promise", or the searched column matched whole ("ref")
    promise_id: int | None
    snippet: str  # matched words between MARK[0] and MARK[1]


def words_of(text: str) -> list[str]:
    """Every word must match, as a prefix ('refund' finds 'refunded'); punctuation is just a separator."""
    words = re.findall(r"\w+", text)
    if not words:
        raise InputError("nothing to search for: give a word or two")
    return words[:MAX_WORDS]


def find(store: Store, text: str, limit: int = 20) -> list[Hit]:
    """The complaints whose searched column (the receipt number) is ``text`` whole come first, then
    the words' matches, best first."""
    words = words_of(text)
    whole = text.strip()
    exact = [
        (complaint_id, column.name)
        for column in columns_of(Complaint)
        if column.searched
        for complaint_id in store.complaints_with(column.name, whole)
    ][:limit]
    matches = store.search(words, MARK, limit - len(exact)) if len(exact) < limit else []
    complaints = store.complaints_by_id([i for i, _ in exact] + [m.complaint_id for m in matches])
    shown = [Hit(complaints[i], name, None, f"{name}: {MARK[0]}{whole}{MARK[1]}") for i, name in exact]
    seen = {i for i, _ in exact}
    return shown + [
        Hit(complaints[m.complaint_id], m.source, m.promise_id, m.snippet)
        for m in matches
        if m.source != "complaint" or m.complaint_id not in seen
    ]
