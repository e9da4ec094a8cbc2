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
"""

from __future__ import annotations

import re

from fixit.errors import InputError
from fixit.text import clean_name, clean_text

MAX_ABOUT = 60
MAX_TELL = 160
_DETERMINERS = {"Your", "The", "A", "An", "Our", "This", "That", "Those", "These", "Some"}
_WILL = re.compile(r"^(?:we|i)\s*(?:will|'ll|’ll|shall)\s+", re.IGNORECASE)


def clean_greet(value: str) -> str:
    greet = clean_name(value, "the name to greet")
    if len(greet) > 60:
        raise InputError("the name to greet is too long (at most 60 characters): a name, e.g. \"Mrs Olsen\"")
    if re.search(r"[,;:!?\"]", greet):
        raise InputError("the name to greet is just the name, without punctuation, e.g. \"Mrs Olsen\"")
    return greet


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
