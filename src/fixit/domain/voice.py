"""The customer-facing words kept beside what staff wrote: the name a letter greets, what a
complaint was about as the letter names it, and a promise as the customer was told it.

The record keeps staff text as typed ("Call José back re kitchen"); a letter never speaks
from it. These three fields are what a letter says instead, so each is checked here for the
shape a sentence will put it in:

- ``greet`` is a name, said after "Hello": "Mrs Olsen", "Anna", "王芳".
- ``about`` finishes "I am sorry about ...": "your wedding cake", "the wait for your table".
  One line, at most 60 characters (it also makes the subject), no closing full stop.
- ``tell`` finishes "We will ...": "call you with the lab result". A leading "we will",
  "we'll", "I will" or "I'll" is dropped, as is a closing full stop.
- ``went_wrong`` is what went wrong, said to the customer as a clause: "your cake arrived two
  hours late" (it follows "I am sorry that ...").
- ``found`` is the finding, finishing "We found that ...": "the label is printed before the
  second check".
- ``we_did`` is the fix said to the customer, finishing "We ...": "replaced the brake cable".
"""

from __future__ import annotations

import re

from fixit.errors import InputError
from fixit.text import clean_name, clean_text

MAX_ABOUT = 60
MAX_TELL = 160
MAX_CLAUSE = 200
_DETERMINERS = {"Your", "The", "A", "An", "Our", "This", "That", "Those", "These", "Some"}
_WILL = re.compile(r"^(?:we|i)\s*(?:will|'ll|’ll|shall)\s+", re.IGNORECASE)
_FOUND = re.compile(r"^(?:we|i)\s+(?:found|discovered|learned|learnt)\s+(?:that\s+|out\s+that\s+)?", re.IGNORECASE)
_WE = re.compile(r"^(?:we|i)\s+(?:have\s+)?", re.IGNORECASE)
_SORRY = re.compile(r"^(?:i\s+am|i'm|i’m|we\s+are|we're|we’re)\s+sorry\s+(?:that\s+)?", re.IGNORECASE)


def clean_greet(value: str) -> str:
    greet = clean_name(value, "the name to greet")
    if len(greet) > 60:
        raise InputError('the name to greet is too long (at most 60 characters): a name, e.g. "Mrs Olsen"')
    if re.search(r"[,;:!?\"]", greet):
        raise InputError('the name to greet is just the name, without punctuation, e.g. "Mrs Olsen"')
    return greet


# A verb in who was harmed makes it a sentence, not who: "the brie was past its date" is no answer
# to "who was hurt or unwell?", and a letter would say "that the brie was past its date was unwell".
_HARMED_VERB = re.compile(
    r"\b(?:was|were|is|are|am|been|being|had|has|have|got|gets|felt|fell|became|ate|sold|made|did)\b", re.I
)


def clean_harmed(value: str) -> str:
    harmed = clean_name(value, "who was hurt or unwell").rstrip(" .")
    if not harmed:
        raise InputError("who was hurt or unwell is empty")
    verb = _HARMED_VERB.search(harmed)
    if verb:
        raise InputError(
            f"who was hurt or unwell is who, not what happened ({verb.group(0)!r}): e.g. "
            '"you", "you and your wife", "your dog Paşa", "no one"'
        )
    return harmed


def clean_about(value: str) -> str:
    about = _one_line(clean_text(value, "what it was about", MAX_ABOUT), "what it was about")
    about = about.rstrip(" .")
    if not about:
        raise InputError("what it was about is empty")
    first, _, rest = about.partition(" ")
    if first in _DETERMINERS:  # "Your cake" continues a sentence as "your cake"; "Jade's cake" keeps its capital
        return first.lower() + (" " + rest if rest else "")
    return about


def clean_tell(value: str) -> str:
    tell = _one_line(clean_text(value, "what the customer was told", MAX_TELL), "what the customer was told")
    while _WILL.match(tell):
        tell = _WILL.sub("", tell, count=1)
    tell = tell.rstrip(" .")
    if not tell:
        raise InputError("what the customer was told is empty")
    first = tell.split(" ", 1)[0]
    return tell if first == "I" or first.isupper() else tell[0].lower() + tell[1:]


def _one_line(text: str, what: str) -> str:
    if "\n" in text:
        raise InputError(f"{what} is one line, as a sentence will say it")
    return " ".join(text.split())


def clean_went_wrong(value: str) -> str:
    """What went wrong as a clause: 'Your cake arrived two hours late.' -> 'your cake arrived two hours late'."""
    text = _clause(value, "what went wrong for them", _SORRY)
    if len(text.split()) < 2:
        raise InputError(
            'what went wrong for them is a clause a letter can say, e.g. "your cake arrived two hours late"'
        )
    return text


def clean_found(value: str) -> str:
    """The finding, finishing 'We found that ...': a leading 'we found (that)' is dropped."""
    return _clause(value, "what you found", _FOUND)


def clean_we_did(value: str) -> str:
    """What we did, finishing 'We ...': a leading 'we' or 'we have' is dropped."""
    return _clause(value, "what you did", _WE)


def _clause(value: str, what: str, lead: re.Pattern[str]) -> str:
    text = _one_line(clean_text(value, what, MAX_CLAUSE), what)
    while lead.match(text):
        text = lead.sub("", text, count=1)
    text = text.rstrip(" .")
    if not text:
        raise InputError(f"{what} is empty")
    first = text.split(" ", 1)[0]
    if first in _DETERMINERS or (
        first[:1].isupper() and first[1:].islower() and (first.lower() in _LOWER_STARTS or first.endswith("ed"))
    ):
        return first.lower() + text[len(first) :]
    return text


_LOWER_STARTS = {
    "your",
    "the",
    "a",
    "an",
    "our",
    "this",
    "that",
    "it",
    "there",
    "my",
    "replaced",
    "rebuilt",
    "refunded",
    "sent",
    "made",
    "remade",
    "baked",
    "fixed",
    "changed",
    "checked",
    "called",
    "rang",
}
