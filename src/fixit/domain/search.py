"""Full-text search over complaints (summary, notes, fix, explanation) and promises."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fixit.errors import InputError
from fixit.model import Complaint
from fixit.storage import Store

# Control characters cannot be stored (fixit.text refuses them), so they can mark matches safely.
MARK = ("\x02", "\x03")


@dataclass
class Hit:
    complaint: Complaint
    source: str  # "complaint" or "promise"
    promise_id: int | None
    snippet: str  # matched words between MARK[0] and MARK[1]


def query_for(text: str) -> str:
    """Every word must match, as a prefix ('refund' finds 'refunded'); FTS syntax in the text is just text."""
    words = re.findall(r"\w+", text)
    if not words:
        raise InputError("nothing to search for: give a word or two")
    return " ".join(f'"{word}"*' for word in words[:20])


def find(store: Store, text: str, limit: int = 20) -> list[Hit]:
    rows = store.search(query_for(text), MARK, limit)
    complaints = store.complaints_by_id(row["complaint_id"] for row in rows)
    return [Hit(complaints[row["complaint_id"]], row["source"], row["promise_id"], row["snippet"]) for row in rows]
