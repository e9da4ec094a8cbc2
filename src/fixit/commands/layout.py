"""Lines that fit the terminal they are shown on: an item per line with its command in a column of
its own, or, where that does not fit, the command on the next line, indented. A command is never
cut or split; what gives way is the customer's summary, cut after a whole word with "…".

Only phrases go in here (no I/O): the commands print what it returns through ``Output``.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import NamedTuple

from fixit.text import cut_at_word

GAP = "  "
INDENT = "  "
MIN_SUMMARY = 12  # a summary cut shorter than this says too little: the command goes to the next line
ARROW = "→ "


class Entry(NamedTuple):
    """One agenda item. ``form`` puts it together from {head}, {summary} and {tail}; the summary is
    the part that may be cut."""

    label: str  # "#7", "P4"
    who: str  # the customer, as told apart from namesakes
    summary: str
    tail: str
    command: str
    form: str = '{head}: "{summary}": {tail}'
    urgent: bool = False
    customer: int | None = None  # items of one customer are grouped under them

    def head(self, grouped: bool) -> str:
        return self.label if grouped else f"{self.label} {self.who}"

    def text(self, grouped: bool = False, summary_width: int | None = None) -> str:
        summary = self.summary if summary_width is None else cut_at_word(self.summary, max(summary_width, 1))
        return self.form.format(head=self.head(grouped), summary=summary, tail=self.tail)

    def fixed_width(self, grouped: bool) -> int:
        """The characters around the summary."""
        return len(self.text(grouped, None)) - len(self.summary)


class Shown(NamedTuple):
    text: str
    urgent: bool = False
    group: bool = False  # a customer's name over their items


def entries_lines(entries: Sequence[Entry], width: int | None) -> list[Shown]:
    """The lines of one section: items of a customer with several grouped under their name; each item
    on one line with the command in an aligned column where the width allows, else the command on
    the next line. ``width`` None: no limit (piped output keeps whole lines for grep and scripts)."""
    groups: dict[object, list[Entry]] = {}
    for entry in entries:
        key = entry.customer if entry.customer is not None else id(entry)
        groups.setdefault(key, []).append(entry)
    placed = [(entry, len(group) > 1) for group in groups.values() for entry in group]
    command_width = max(len(ARROW + entry.command) for entry in entries)

    def room(entry: Entry, grouped: bool) -> int | None:
        """How wide the summary may be on a one-line item (None: as wide as it is)."""
        if width is None:
            return None
        indent = len(INDENT) * (2 if grouped else 1)
        return width - indent - len(GAP) - command_width - entry.fixed_width(grouped)

    def fits(entry: Entry, grouped: bool) -> bool:
        space = room(entry, grouped)
        return space is None or space >= (min(len(entry.summary), MIN_SUMMARY) if entry.summary else 0)

    one_line = all(fits(entry, grouped) for entry, grouped in placed)
    texts = [
        entry.text(grouped, room(entry, grouped) if one_line else _stacked_room(entry, grouped, width))
        for entry, grouped in placed
    ]
    lines: list[Shown] = []
    text_width = max(len(INDENT) * (2 if g else 1) + len(t) for t, (_, g) in zip(texts, placed, strict=True))
    done_groups: set[object] = set()
    for text, (entry, grouped) in zip(texts, placed, strict=True):
        if grouped and entry.customer not in done_groups:
            done_groups.add(entry.customer)
            lines.append(Shown(f"{INDENT}{entry.who}:", group=True))
        indent = INDENT * (2 if grouped else 1)
        if one_line:
            lines.append(
                Shown(f"{indent}{text.ljust(text_width - len(indent))}{GAP}{ARROW}{entry.command}", entry.urgent)
            )
            continue
        wrap_width = max((width or 0) - len(indent), 20)
        for part in textwrap.wrap(
            text, wrap_width, break_long_words=False, break_on_hyphens=False, subsequent_indent="  "
        ):
            lines.append(Shown(indent + part, entry.urgent))
        lines.append(Shown(f"{indent}    {ARROW}{entry.command}", entry.urgent))
    return lines


def _stacked_room(entry: Entry, grouped: bool, width: int | None) -> int | None:
    """The summary's width when the command has a line of its own: the rest of the line, but not
    less than MIN_SUMMARY (the line then wraps, at a space)."""
    if width is None:
        return None
    indent = len(INDENT) * (2 if grouped else 1)
    return max(width - indent - entry.fixed_width(grouped), MIN_SUMMARY)
