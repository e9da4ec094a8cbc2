"""Record numbers as people type them: ``12`` or ``#12`` for a complaint, ``P3`` for a promise.
Only the ASCII digits 0-9 make a number (a regex's digit class and ``int()`` take any script's: '٣', '１').

A bare number given where a record of another kind than a complaint is wanted (`fixit keep 3`)
has two readings: promise P3, or complaint #3's promise. ``pick`` takes it only when the two
readings agree or only one names a record, and otherwise refuses, naming both (``P3`` and ``#3``
forms). Every command that takes a number of a record other than a complaint reads it here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from fixit.errors import InputError, NotFound
from fixit.text import shorten

T = TypeVar("T")

_MAX_ID = 2**63 - 1
KINDS = {"complaint": "#", "promise": "P", "amend": "A", "change": "C", "customer": "", "unsent": "U"}


def parse_id(text: str, kind: str) -> int:
    """Read a record number, with or without its prefix; raise InputError otherwise."""
    prefix = KINDS[kind]
    match = re.match(rf"^\s*(?:{re.escape(prefix)})?([0-9]{{1,19}})\s*$", text, re.IGNORECASE)
    if not match or not 0 < int(match[1]) <= _MAX_ID:
        shown = shorten(text, 20, "...")
        example = f"12 or {prefix}12" if prefix else "12"
        raise InputError(f"not a {kind} number: {shown!r} (expected a number like {example})")
    return int(match[1])


def _reading(text: str, kind: str) -> tuple[int, str | None]:
    """The number and the kind its prefix names (None for a bare number); ``#12`` names a complaint."""
    match = re.match(r"^\s*#\s*([0-9]{1,19})\s*$", text)
    if match and 0 < int(match[1]) <= _MAX_ID:
        return int(match[1]), "complaint"
    number = parse_id(text, kind)
    bare = re.match(r"^\s*[0-9]", text) is not None
    return number, None if bare else kind


def pick(
    text: str,
    kind: str,
    own: Callable[[int], T],
    of_complaint: Callable[[int], list[T]],
    number_of: Callable[[T], int],
    described: Callable[[T], str],
    wanted: str,
) -> T:
    """The record of ``kind`` that ``text`` names: ``P3`` is promise P3 (``own``); ``#3`` is complaint
    #3's one record of this kind (``of_complaint``: the ones that fit, e.g. its open promises);
    a bare ``3`` is whichever of the two readings names a record, or refused naming both when they
    differ. ``own`` and ``of_complaint`` raise NotFound for a record that is not there;
    ``wanted`` says what of a complaint's is meant ("open promise")."""
    number, named = _reading(text, kind)
    mine = label(kind, number)
    if named == kind:
        return own(number)
    if named == "complaint":
        return _one_of(of_complaint(number), number, number_of, described, wanted, kind)
    missing = f"no {kind} {mine}"
    try:
        direct: T | None = own(number)
    except NotFound as error:
        direct, missing = None, str(error)
    try:
        through: list[T] | None = of_complaint(number)
    except NotFound:
        through = None
    if through is None or (direct is not None and number_of(direct) in [number_of(t) for t in through]):
        if direct is None:
            raise NotFound(f"{missing}, and no complaint #{number}")
        return direct
    if direct is None:
        return _one_of(through, number, number_of, described, wanted, kind)
    theirs = (
        (
            ", ".join(f"{label(kind, number_of(t))}: {described(t)}" for t in through[:3])
            + (", ..." if len(through) > 3 else "")
        )
        if through
        else f"it has no {wanted}"
    )
    raise InputError(
        f"'{number}' could be {kind} {mine} ({described(direct)}) or complaint #{number} ({theirs}): "
        f"say {mine} or #{number}"
    )


def _one_of(
    found: list[T], number: int, number_of: Callable[[T], int], described: Callable[[T], str], wanted: str, kind: str
) -> T:
    if len(found) == 1:
        return found[0]
    if not found:
        raise NotFound(f"complaint #{number} has no {wanted}")
    listed = ", ".join(f"{label(kind, number_of(t))}: {described(t)}" for t in found[:5])
    raise InputError(
        f"complaint #{number} has {len(found)} {wanted}s ({listed}): say which, e.g. {label(kind, number_of(found[0]))}"
    )


def label(kind: str, number: int) -> str:
    """How a record is named in output: #12, P3, A4, C2."""
    return f"{KINDS[kind]}{number}"
