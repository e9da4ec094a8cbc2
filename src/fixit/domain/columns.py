"""The columns a spreadsheet import reads: one list, which the import matches headers against,
`fixit import --help` prints and docs/importing.md describes, so they cannot drift apart.

Each column: its name, the other headers taken for it (compared with case, spaces and punctuation
ignored), and what it holds. Kept apart from the import itself so that `--help` costs nothing.
"""

from __future__ import annotations

import re

from fixit.errors import InputError
from fixit.model import Complaint, columns_of

COLUMNS: dict[str, tuple[list[str], str]] = {
    "name": (["customer", "customername"], "the customer's name (required)"),
    "summary": (["complaint", "whatwentwrong", "what"], "what went wrong, in their words (required)"),
    "phone": (["telephone", "mobile"], "their phone number"),
    "email": (["emailaddress"], "their email address"),
    "channel": ([], "counter, phone, email, social, review or noticed (default counter)"),
    "severity": ([], "low, normal or high (default normal)"),
    "date": (["logged", "loggedat", "when"], "when it was logged (default: now)"),
    "apologized": (["apology"], "yes or no: you already said sorry"),
    "staff": (["bystaff", "takenby"], "who took it"),
    "notes": ([], "the customer's situation and needs"),
    "promise": ([], "something you promised"),
    "promise_by": (["promiseby", "promisedue", "due"], "when the promise is due (default: the day after)"),
    "about": ([], "what it was about, as a letter names it ('your wedding cake')"),
    "happened": (["happenedon"], "when it happened, if not the day it was logged"),
    "greet": (["greeting"], "the name letters greet them by ('Mrs Olsen')"),
    "tell": (["told", "promisetold"], "the promise as you told it ('call you back')"),
    "location": (["shop", "branch"], "the shop location it was logged at"),
}
# and every column declared ``imported`` on the complaint (fixit.model.Complaint), with its other headers
COLUMNS.update(
    {
        column.name: (list(column.imported), column.what)
        for column in columns_of(Complaint)
        if column.imported is not None
    }
)
REQUIRED = ("name", "summary")


def squeezed(header: str) -> str:
    """A header as it is compared: lower case, letters and digits only ('What went wrong?' -> 'whatwentwrong')."""
    return "".join(ch for ch in header.lower() if ch.isalnum())


def aliases() -> dict[str, str]:
    """Every header taken, squeezed, -> the column it is."""
    return {squeezed(alias): key for key, (others, _) in COLUMNS.items() for alias in [key, *others]}


def help_text() -> str:
    """The columns as `fixit import --help` lists them."""
    return "; ".join(f"{key} ({what})" for key, (_, what) in COLUMNS.items())


# A map of another tool's headers may be kept under a name, with the shop's settings.
MAP_PREFIX = "import_map."
MAP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def parse_map(text: str) -> dict[str, list[str]]:
    """'Your name=name, Timestamp=date' -> {'name': ['Your name'], 'date': ['Timestamp']}; several
    columns joined with + make one ('First Name+Last Name=name'). A header may hold commas: each
    entry ends at the ',' after '=column'."""
    chosen: dict[str, list[str]] = {}
    keys = "|".join(sorted(COLUMNS, key=len, reverse=True))
    position, text = 0, text.strip()
    entry = re.compile(rf"\s*(.+?)\s*=\s*({keys})\s*(?:,|$)", re.IGNORECASE)
    while position < len(text):
        found = entry.match(text, position)
        if found is None:
            rest = text[position:]
            target = rest.partition("=")[2].partition(",")[0].strip()
            if "=" in rest and target:
                raise InputError(
                    f"the map names {target[:40]!r}, which is no column of fixit's (columns: {', '.join(COLUMNS)})"
                )
            raise InputError(
                f'the map is HEADER=column, separated by commas, e.g. "Your name=name,Timestamp=date"; '
                f"not {rest[:40]!r}"
            )
        key = found[2].lower()
        if key in chosen:
            raise InputError(f"the map gives the column {key} twice")
        chosen[key] = [part.strip() for part in found[1].split("+")]
        position = found.end()
    return chosen


MAP_PREFIX = "import_map."
MAP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
