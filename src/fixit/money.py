"""Money as integer cents: parsed from what a shop owner types, written with the shop's symbol.

Accepted: ``12``, ``12.5``, ``12.50``, with an optional leading currency symbol
(``$12.50``, ``€12.50``, ``£12``). A comma is refused rather than guessed at:
``1,250`` could be a thousand or one and a quarter.
"""

from __future__ import annotations

import re

from fixit.errors import InputError
from fixit.text import shorten

MAX_CENTS = 100_000_000  # one million in any currency: more is a typo at a shop counter
_AMOUNT = re.compile(r"^(\d{1,9})(?:\.(\d{1,2}))?$")
_SYMBOLS = "$€£¥₹"


def parse_money(text: str, symbol: str = "$") -> int:
    """Parse an amount into cents; raise InputError with the accepted forms otherwise."""
    cleaned = text.strip()
    for prefix in (symbol, *_SYMBOLS):
        if prefix and cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix):].strip()
            break
    match = _AMOUNT.match(cleaned)
    if not match:
        shown = shorten(text, 20, "...")
        raise InputError(f"not an amount: {shown!r} (use a form like 12, 12.50 or {symbol}12.50)")
    cents = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
    if cents == 0:
        raise InputError("an amount must be more than zero")
    if cents > MAX_CENTS:
        raise InputError(f"amount too large: {text.strip()} (the most is {format_money(MAX_CENTS, symbol)})")
    return cents


def format_money(cents: int, symbol: str = "$") -> str:
    """'$1,234.50': thousands grouped, always two decimals."""
    return f"{symbol}{cents // 100:,}.{cents % 100:02d}"
