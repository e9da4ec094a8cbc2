"""Full-text search over complaints (summary, notes, fix, explanation) and promises."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixit.errors import InputError
from fixit.model import Complaint
from fixit.storage import Store

# Control characters cannot be stored (fixit.text refuses them), so they can mark matches safely.
MARK = ("\x02", "\x03")
MAX_WORDS = 20


@dataclass
class Hit:
    complaint: Complaint
    source: str  # "complaint" or "promise"
    promise_id: int | None
    snippet: str  # matched words between MARK[0] and MARK[1]


def words_of(text: str) -> list[str]:
    """Every word must match, as a prefix ('refund' finds 'refunded'); punctuation is just a separator."""
    words = re.findall(r"\w+", text)
    if not words:
        raise InputError("nothing to search for: give a word or two")
    return words[:MAX_WORDS]


def find(store: Store, text: str, limit: int = 20) -> list[Hit]:
    matches = store.search(words_of(text), MARK, limit)
    complaints = store.complaints_by_id(m.complaint_id for m in matches)
    return [Hit(complaints[m.complaint_id], m.source, m.promise_id, m.snippet) for m in matches]
