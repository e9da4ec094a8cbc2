"""Text messages: a letter's short version must fit in two SMS segments, never cut silently.

Two segments hold 306 GSM-7 characters, or 134 once any character needs Unicode (UCS-2);
GSM-7's extension characters (€ [ ] { } and a few more) count twice. When a few characters
force the Unicode limit and the message is too long for it, fixit does what SMS gateways call
"smart encoding": it replaces those characters with close GSM-7 ones (ë -> e, ’ -> ', – -> -),
names each replacement in a warning, and sends the message in GSM-7; the customer's name is never
respelt that way (such a message is refused, to be shortened). A message that still does
not fit, or whose characters have no close GSM-7 form (Chinese, Arabic), is an error naming
its length or those characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from fixit.errors import InputError

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")
TWO_SEGMENTS = {"GSM-7": 306, "UCS-2": 134}
# Close GSM-7 forms beyond dropping an accent (which unicodedata does for the rest).
_SUBSTITUTES = {
    "‘": "'",
    "’": "'",
    "‚": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "–": "-",
    "—": "-",
    "‐": "-",
    "…": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "•": "-",
    "ç": "Ç",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "œ": "oe",
    "Œ": "OE",
    "ı": "i",
    "×": "x",
    "`": "'",
    "´": "'",
}


@dataclass
class Fitted:
    text: str
    encoding: str
    replaced: list[tuple[str, str]] = field(default_factory=list)  # (character, its GSM-7 stand-in)


def measure(text: str) -> tuple[str, int]:
    """The encoding a phone would use and the length it counts."""
    if all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text):
        return "GSM-7", sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)
    return "UCS-2", sum(2 if ord(ch) > 0xFFFF else 1 for ch in text)


def gsm_substitute(ch: str) -> str | None:
    """A close GSM-7 form of one character, or None when it has none."""
    if ch in GSM7_BASIC or ch in GSM7_EXTENSION:
        return ch
    if ch in _SUBSTITUTES:
        return _SUBSTITUTES[ch]
    stripped = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    if stripped and all(c in GSM7_BASIC for c in stripped):
        return stripped
    return None


def fits(text: str, keep: str = "") -> bool:
    """Whether ``fit`` takes the message (as written, or with close plain letters)."""
    try:
        fit(text, keep)
    except InputError:
        return False
    return True


def _characters(chars: list[str]) -> str:
    """'the character ð has' / 'the characters 张 伟 have': said right for one or more."""
    shown = " ".join(chars[:8])
    return f"the character {shown} has" if len(chars) == 1 else f"the characters {shown} have"


def fit(text: str, keep: str = "", remedy: str = "shorten it (--edit) or send a letter") -> Fitted:
    """The message as it will go: as written when it fits, in GSM-7 with close substitutes when only
    a few characters kept it from fitting; otherwise an InputError saying why, ending in ``remedy``
    (the commands that help). Letters of ``keep`` (the customer's name) are never respelt: a
    message that would need it is refused instead."""
    encoding, length = measure(text)
    if length <= TWO_SEGMENTS[encoding]:
        return Fitted(text, encoding)
    if encoding == "UCS-2":
        replaced: dict[str, str] = {}
        missing: list[str] = []
        for ch in text:
            stand_in = gsm_substitute(ch)
            if stand_in is None:
                if ch not in missing:
                    missing.append(ch)
            elif stand_in != ch:
                replaced[ch] = stand_in
        if not missing:
            smart = "".join(replaced.get(ch, ch) for ch in text)
            smart_length = measure(smart)[1]
            respelt = [ch for ch in replaced if ch.isalpha() and ch in keep]
            if smart_length <= TWO_SEGMENTS["GSM-7"] and respelt:
                names = ", ".join(dict.fromkeys(w for w in keep.split() if set(w) & set(respelt) and w in text))
                raise InputError(
                    f"the text message is {length} characters in Unicode (two messages hold "
                    f"{TWO_SEGMENTS[encoding]}), and fitting it would respell the customer's name ({names}): "
                    f"{remedy}"
                )
            if smart_length <= TWO_SEGMENTS["GSM-7"]:
                return Fitted(smart, "GSM-7", list(replaced.items()))
        else:
            raise InputError(
                f"the text message is {length} characters in Unicode (two messages hold "
                f"{TWO_SEGMENTS[encoding]}), and {_characters(missing)} no plain-text form: {remedy}"
            )
    raise InputError(
        f"the text message is {length} characters ({encoding}); two messages hold at most "
        f"{TWO_SEGMENTS[encoding]}: {remedy}"
    )
