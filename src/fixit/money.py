"""Money as integer cents: parsed from what a shop owner types, written with the shop's currency.

Amounts are in the shop's one currency (the ``currency`` setting: a symbol such as ``$``, ``€``,
``£``, ``kr``, or an ISO 4217 code such as ``EUR``). Accepted: ``12``, ``12.5``, ``12.50``, with the
shop's own symbol or code before or after (``$12.50`` in a dollar shop; ``12,50 €`` is refused for
its comma, ``12.50 €`` and ``€12.50`` taken in a euro shop). Another currency's symbol or code is
refused with a line naming the shop's currency, never read as the shop's money; so are digits other
than 0-9 (fullwidth, Arabic-Indic), which no till prints. A comma is refused rather than guessed at:
``1,250`` could be a thousand or one and a quarter.
"""

from __future__ import annotations

import re

from fixit.errors import InputError
from fixit.text import shorten

MAX_CENTS = 100_000_000  # one million in any currency: more is a typo at a shop counter
_AMOUNT = re.compile(r"^([0-9]+)(?:\.([0-9]{1,2}))?$")

# Currency symbols shops write, and the ISO 4217 codes in use: what the currency setting may be.
SYMBOLS = (
    "$",
    "€",
    "£",
    "¥",
    "₹",
    "₩",
    "₽",
    "₺",
    "₪",
    "₱",
    "₫",
    "₴",
    "₦",
    "฿",
    "₡",
    "₲",
    "₵",
    "₸",
    "₼",
    "₾",
    "₭",
    "₮",
    "₨",
    "៛",
    "R$",
    "A$",
    "C$",
    "NZ$",
    "HK$",
    "S$",
    "NT$",
    "US$",
    "MX$",
    "kr",
    "zł",
    "Kč",
    "Ft",
    "lei",
    "лв",
    "RM",
    "Rp",
    "R",
    "Fr",
    "Fr.",
    "Q",
    "S/",
    "Bs",
    "TL",
    "KSh",
    "din",
)
_ISO_4217 = """AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD
GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP
LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN
PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS
TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"""
CODES = frozenset(_ISO_4217.split())
# the longest first, so that "R$12" is read as R$, not R
_ANY_CURRENCY = sorted({*SYMBOLS, *CODES}, key=len, reverse=True)


def check_currency(value: str) -> str:
    """The currency setting: one of the symbols above, or an ISO code (case ignored: eur is EUR)."""
    cleaned = value.strip()
    if cleaned in SYMBOLS:
        return cleaned
    if cleaned.upper() in CODES:
        return cleaned.upper()
    shown = shorten(repr(value), 20, "...")
    raise InputError(f"not a currency: {shown} (a symbol such as $, €, £, kr, or a code such as EUR, CHF)")


def parse_money(text: str, symbol: str = "$") -> int:
    """Parse an amount in the shop's currency into cents; raise InputError with the accepted forms
    otherwise, and name the shop's currency when another one is written."""
    cleaned = text.strip()
    if symbol:
        cleaned = _without(cleaned, symbol)
    other = next((c for c in _ANY_CURRENCY if c != symbol and _without(cleaned, c) != cleaned), None)
    if other is not None:
        shown = shorten(text.strip(), 20, "...")
        raise InputError(
            f"{shown!r} is in {other}: this shop's amounts are in {symbol or 'its currency'} (the currency setting)"
        )
    match = _AMOUNT.match(cleaned)
    if not match:
        shown = shorten(text, 20, "...")
        raise InputError(f"not an amount: {shown!r} (use a form like 12, 12.50 or {format_money(1250, symbol)})")
    if len(match[1]) > 9:
        raise InputError(f"amount too large: {text.strip()} (the most is {format_money(MAX_CENTS, symbol)})")
    cents = int(match[1]) * 100 + int((match[2] or "0").ljust(2, "0"))
    if cents == 0:
        raise InputError("an amount must be more than zero")
    if cents > MAX_CENTS:
        raise InputError(f"amount too large: {text.strip()} (the most is {format_money(MAX_CENTS, symbol)})")
    return cents


def _without(text: str, currency: str) -> str:
    """``text`` with ``currency`` taken off its start or end (and the space beside it); as it was if
    neither. A code or letters count only as a whole word: "12 Rp" is rupiah, "12Rp" too, "Rp12" too."""
    if text.startswith(currency) and not (currency[-1].isalpha() and text[len(currency) :][:1].isalpha()):
        return text[len(currency) :].strip()
    if text.endswith(currency) and not (currency[0].isalpha() and text[: -len(currency)][-1:].isalpha()):
        return text[: -len(currency)].strip()
    return text


def format_money(cents: int, symbol: str = "$") -> str:
    """'$1,234.50': thousands grouped, always two decimals; a code or a word apart ('CHF 12.50')."""
    space = " " if symbol[-1:].isalpha() or symbol[-1:] == "." else ""
    return f"{symbol}{space}{cents // 100:,}.{cents % 100:02d}"
