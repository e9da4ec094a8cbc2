"""Record numbers as people type them: ``12`` or ``#12`` for a complaint, ``P3`` for a promise."""

from __future__ import annotations

import re

from fixit.errors import InputError
from fixit.text import shorten

_MAX_ID = 2**63 - 1
KINDS = {"complaint": "#", "promise": "P", "amend": "A", "change": "C", "customer": "", "unsent": "U"}


def parse_id(text: str, kind: str) -> int:
    """Read a record number, with or without its prefix; raise InputError otherwise."""
    prefix = KINDS[kind]
    match = re.match(rf"^\s*(?:{re.escape(prefix)})?(\d{{1,19}})\s*$", text, re.IGNORECASE)
    if not match or not 0 < int(match[1]) <= _MAX_ID:
        shown = shorten(text, 20, "...")
        example = f"12 or {prefix}12" if prefix else "12"
        raise InputError(f"not a {kind} number: {shown!r} (expected a number like {example})")
    return int(match[1])


def label(kind: str, number: int) -> str:
    """How a record is named in output: #12, P3, A4, C2."""
    return f"{KINDS[kind]}{number}"
