"""Checks on the free text a user types, shared by every command that stores text.

Text is kept exactly as typed (accents, emoji, right-to-left scripts, braces and
quotes are all fine); what is refused is what no person means to store: empty
text, NUL and other control characters, invisible formatting characters (zero-width, bidi overrides),
and text too long to be a note.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from fixit.errors import InputError

MAX_NAME = 200
MAX_TEXT = 4000
# Unicode's control characters (category Cc: U+0000-001F and U+007F-009F), but tab and newline
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Invisible formatting characters (Unicode Cf): zero-width spaces and joiners, the direction marks,
# embeddings, overrides and isolates that reorder what is shown ('refund\u202egnp.exe' shows as
# 'refundexe.png'), the byte order mark, the Arabic letter mark and the tag characters. Two names that
# look alike would be two customers, and a summary could show other words than it holds.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u061c\U000e0000-\U000e007f]")
_NOT_A_DIGIT = re.compile("[^0-9]")
_PHONE_CHARS = re.compile(r"^[0-9+(][0-9+()\-. /]*$")  # starts as a number does: never like an option
# half of a UTF-16 pair alone: no text at all (a JSON "\ud800", a byte that was not UTF-8 in an argument)
_SURROGATE = re.compile("[\ud800-\udfff]")
# One mailbox: a dot-atom local part and a domain of labels (RFC 5322's common form). No spaces,
# angle brackets, commas, quotes or semicolons, so an address can never become a second recipient.
_EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(\.[\w-]+)+$")


def clean_text(value: str, what: str, limit: int = MAX_TEXT) -> str:
    """Trim and check a piece of free text; ``what`` names it in the error."""
    cleaned = value.strip()
    if not cleaned and _INVISIBLE.search(value) is None:
        raise InputError(f"{what} is empty")
    if len(cleaned) > limit:
        raise InputError(f"{what} is too long ({len(cleaned):,} characters; the most is {limit:,})")
    bad = _CONTROL.search(cleaned)
    if bad is not None:
        raise InputError(f"{what} contains a control character (U+{ord(bad.group()):04X})")
    invisible = _INVISIBLE.search(value)
    if invisible is not None:
        raise InputError(
            f"{what} contains an invisible formatting character (U+{ord(invisible.group()):04X}): "
            "retype it without copying"
        )
    if _SURROGATE.search(cleaned) is not None:
        raise InputError(f"{what} is not valid text (it was not UTF-8, or holds a lone surrogate)")
    return cleaned


def optional_text(value: str | None, what: str, limit: int = MAX_TEXT) -> str | None:
    return None if value is None else clean_text(value, what, limit)


def clean_name(value: str, what: str = "the name") -> str:
    """A person's or staff member's name: one line, inner spaces folded."""
    return " ".join(clean_text(value, what, MAX_NAME).split())


def clean_phone(value: str) -> str:
    """A phone number as typed, checked to hold 5 to 20 digits and nothing odd."""
    cleaned = clean_text(value, "the phone number", 40)
    digits = phone_key(cleaned)
    if not _PHONE_CHARS.match(cleaned) or not 5 <= len(digits) <= 20:
        raise InputError(
            f"not a phone number: {cleaned!r} (digits, spaces, + - ( ) . allowed, starting with a digit, + or ()"
        )
    return cleaned


def phone_key(phone: str) -> str:
    """The digits of a phone number: how two spellings of one number are matched."""
    return _NOT_A_DIGIT.sub("", phone)


def clean_email(value: str) -> str:
    cleaned = clean_text(value, "the email address", 254)
    if not _EMAIL.match(cleaned) or not _one_mailbox(cleaned):
        raise InputError(f"not an email address: {cleaned!r}")
    return cleaned


def _one_mailbox(address: str) -> bool:
    """The standard library's RFC 5322 parser (``email.headerregistry.Address``) reads it as one
    mailbox whose address is exactly what was typed."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address

    try:
        parsed = Address(addr_spec=address)
    except (ValueError, IndexError, HeaderParseError):
        return False
    return parsed.addr_spec == address and bool(parsed.username) and "." in parsed.domain


def email_key(email: str) -> str:
    return email.casefold()


# Names that stand for no one in particular: a complaint under one is never matched to another by
# name, is never a repeat (an emergency, a "repeat complainer"), and no command picks a customer by
# it. Compared after case, spacing, dots, hyphens and underscores are set aside ("Walk-In", "walk_in",
# "N/A" all count). A phone or email given with one still finds the person it belongs to.
PLACEHOLDER_NAMES = frozenset(
    {
        "walk in",
        "walkin",
        "walk in customer",
        "anonymous",
        "anon",
        "customer",
        "a customer",
        "unknown",
        "unknown customer",
        "n a",
        "na",
        "none",
        "no name",
        "noname",
        "guest",
        "visitor",
        "someone",
        "somebody",
        "nobody",
        "-",
        "--",
        "?",
        "x",
        "tbd",
        "not given",
        "not known",
        "staff noticed",
        "noticed",
        "passer by",
    }
)


_SQUEEZED_PLACEHOLDERS = frozenset(name.replace(" ", "") for name in PLACEHOLDER_NAMES)
_NO_ONE_SUFFIXES = ("customer", "client", "given", "person")
_FORGOTTEN = re.compile(r"forgotten customer [0-9]+")


def placeholder_key(name: str) -> str:
    """A name as placeholders are compared: Unicode compatibility forms folded (NFKC: 'Ｗalk' is
    'Walk'), case folded, every run of punctuation of any kind (each dash: ‐ – —) and spacing one
    space. The one normaliser of the placeholder check."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def is_placeholder(name: str) -> bool:
    """Whether a customer's name stands for no one in particular (``PLACEHOLDER_NAMES``), compared by
    ``placeholder_key`` with spaces set aside, a plural 's' ('walk-ins'), and a trailing 'customer' or
    'given' ('Walkin customer', 'no name given'); a name of punctuation alone ('??', '...'); and the name
    `customer forget` gives ('Forgotten customer 12'), which is no one's either."""
    key = placeholder_key(name)
    if not key:
        return bool(name.strip())
    if _FORGOTTEN.fullmatch(key):
        return True
    words = key.split()
    while len(words) > 1 and words[-1] in _NO_ONE_SUFFIXES:
        words = words[:-1]
    candidates = {key.replace(" ", ""), "".join(words)}
    candidates |= {c[:-1] for c in candidates if c.endswith("s") and len(c) > 3}
    return bool(candidates & _SQUEEZED_PLACEHOLDERS)


def name_key(name: str) -> str:
    """Names match case-insensitively and whatever the Unicode composition."""
    import unicodedata

    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def shorten(text: str, width: int, marker: str = "…") -> str:
    """One line of at most ``width`` characters, cut with ``marker``: summaries can be long and
    multi-line, and what a user typed is echoed back in an error only this long."""
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - len(marker)].rstrip() + marker


def cut_at_word(text: str, width: int, marker: str = "…") -> str:
    """One line of at most ``width`` characters, cut after a whole word with ``marker`` (mid-word only
    when the first word alone is too long)."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    room = max(width - len(marker), 0)
    head = flat[: room + 1]
    space = head.rfind(" ")
    kept = head[:space] if space > 0 else flat[:room]
    return kept.rstrip(" ,;:.-") + marker


def like_pattern(fragment: str) -> str:
    """A SQL LIKE pattern (with ESCAPE '\\') matching ``fragment`` anywhere, its % and _ taken literally."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def plural(count: int, word: str) -> str:
    """'1 day', '3 days'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]


def ordinal(number: int) -> str:
    """'second', 'third' ... 'tenth', then '11th'."""
    if 1 <= number <= len(ORDINALS):
        return ORDINALS[number - 1]
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class PhoneRule(NamedTuple):
    """How numbers typed in the shop's country become international (E.164): its calling code, the
    prefix that dials abroad from there, and the national prefix (a trunk "0", say) with the rewrite
    some countries apply. Read from the `phonenumbers` metadata when the country is set."""

    calling_code: str
    international_prefix: str  # a regular expression, e.g. "00" or "011"
    national_prefix: str | None  # a regular expression matched at the start of a national number
    transform: str | None  # phonenumbers' "$1"-style rewrite of what that prefix matched


def e164_key(phone: str, rule: PhoneRule) -> str:
    """'+15550142' for '555-0142' in the US, '+1 555-0142' or '011 1 555 0142' alike."""
    digits = phone_key(phone)
    if phone.strip().startswith("+"):
        return "+" + digits
    abroad = re.match(rule.international_prefix, digits)
    if abroad and abroad.end() > 0:
        return "+" + digits[abroad.end() :]
    national = digits
    if rule.national_prefix:
        found = re.match(rule.national_prefix, national)
        if found and found.end() > 0:
            rest = national[found.end() :]
            if rule.transform and found.lastindex:
                national = found.expand(rule.transform.replace("$", "\\")) + rest  # "$1" and "\\1" alike
            else:
                national = rest
    return "+" + rule.calling_code + national
