"""Money as integer cents: parsed from what a shop owner types, written with the shop's symbol.

Accepted: ``12``, ``12.5``, ``12.50``, with the shop's own currency symbol in front or none
(``$12.50`` in a dollar shop). Another currency's symbol is refused, not read as the shop's money;
so are digits other than 0-9 (fullwidth, Arabic-Indic), which no till prints. A comma is refused
rather than guessed at: ``1,250`` could be a thousand or one and a quarter.
"""

from __future__ import annotations

import re

from fixit.errors import InputError
from fixit.text import shorten

MAX_CENTS = 100_000_000  # one million in any currency: more is a typo at a shop counter
_AMOUNT = re.compile(r"^([0-9]+)(?:\.([0-9]{1,2}))?$")


def parse_money(text: str, symbol: str = "$") -> int:
    """Parse an amount into cents; raise InputError with the accepted forms otherwise."""
    cleaned = text.strip()
    if symbol and cleaned.startswith(symbol):
        cleaned = cleaned[len(symbol):].strip()
    match = _AMOUNT.match(cleaned)
    if not match:
        shown = shorten(text, 20, "...")
        raise InputError(f"not an amount: {shown!r} (use a form like 12, 12.50 or {symbol}12.50)")
    if len(match[1]) > 9:
        raise InputError(f"amount too large: {text.strip()} (the most is {format_money(MAX_CENTS, symbol)})")
    cents = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
    if cents == 0:
        raise InputError("an amount must be more than zero")
    if cents > MAX_CENTS:
        raise InputError(f"amount too large: {text.strip()} (the most is {format_money(MAX_CENTS, symbol)})")
    return cents


def format_money(cents: int, symbol: str = "$") -> str:
    """'$1,234.50': thousands grouped, always two decimals."""
    return f"{symbol}{cents // 100:,}.{cents % 100:02d}"
