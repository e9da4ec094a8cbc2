"""Text messages: a letter's short version must fit in two SMS segments, or it is an error naming
its length (never a silent cut). Two segments hold 306 GSM-7 characters, or 134 if any character
needs Unicode (UCS-2); GSM-7's extension characters (€ [ ] { } and a few more) count twice."""

from __future__ import annotations

from fixit.errors import InputError

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")
TWO_SEGMENTS = {"GSM-7": 306, "UCS-2": 134}


def measure(text: str) -> tuple[str, int]:
    """The encoding a phone would use and the length it counts."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return "GSM-7", sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    return "UCS-2", sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def check(text: str) -> str:
    encoding, length = measure(text)
    limit = TWO_SEGMENTS[encoding]
    if length > limit:
        raise InputError(f"the text message is {length} characters ({encoding}); two messages hold at most "
                         f"{limit}: shorten it (--edit) or send a letter")
    return text
