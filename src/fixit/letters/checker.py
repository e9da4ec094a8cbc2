"""The draft checker: reads a rendered letter for what an owner would have to fix before sending
it. A letter it flags is not sent without --force.

These are the checks every letter must pass whatever its kind; each problem is one short line.
"""

from __future__ import annotations

import re

from fixit.letters.render import Draft

_UNFILLED = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b|\bundefined\b")
_DOUBLED = re.compile(r"(?<![.])[.!?,;:]\s*[.,;:](?![.])|,\s*[!?]")
_GREETING = re.compile(r"^(Hello|Hi|Dear|Good morning|Good afternoon)\b[^\n]*,\s*$", re.M)


def problems(draft: Draft, text_message: bool = False) -> list[str]:
    found: list[str] = []
    body = draft.body.strip()
    if not body:
        return ["the letter is empty"]
    if not text_message and not draft.subject.strip():
        found.append("the subject is empty")
    for where, text in (("subject", draft.subject), ("letter", body)):
        unfilled = _UNFILLED.search(text)
        if unfilled:
            found.append(f"the {where} has something left unfilled: {unfilled.group(0)!r}")
        doubled = _DOUBLED.search(text)
        if doubled:
            found.append(f"the {where} has doubled punctuation: {doubled.group(0).strip()!r}")
    blocks = [" ".join(b.split()) for b in body.split("\n\n") if b.strip()]
    repeated = {b for b in blocks if blocks.count(b) > 1}
    if repeated:
        found.append("a paragraph is there twice")
    if not text_message and not _GREETING.search(body.split("\n\n")[0]):
        found.append("the letter does not open with a greeting")
    return found
