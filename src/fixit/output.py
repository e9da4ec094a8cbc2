"""How fixit speaks: rich tables and colour on a terminal, plain stable text when piped,
JSON when asked. Errors go to stderr. Rich is imported only when a terminal will show it."""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import Any


def is_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


class Output:
    """One per command run. Text passed in is never read as markup: customer words are printed as typed."""

    def __init__(self) -> None:
        self.rich = is_terminal()
        self._console = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            self._console = Console(highlight=False)
        return self._console

    def line(self, text: str = "", style: str | None = None) -> None:
        if self.rich:
            from rich.text import Text

            self.console.print(Text(text, style=style or ""))
        else:
            print(text)

    def heading(self, text: str) -> None:
        self.line(text, "bold underline")

    def banner(self, title: str, lines: Sequence[str]) -> None:
        """A warning that must not be missed at the counter (a second complaint)."""
        if self.rich:
            from rich.panel import Panel
            from rich.text import Text

            body = Text("\n".join(lines))
            self.console.print(Panel(body, title=Text(title, style="bold"), border_style="bold red"))
        else:
            print(f"!!! {title} !!!")
            for text in lines:
                print(f"    {text}")

    def table(self, columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None) -> None:
        if self.rich:
            from rich.table import Table

            table = Table(*columns, title=title, title_justify="left", header_style="bold")
            for row in rows:
                table.add_row(*row)
            self.console.print(table)
            return
        if title:
            print(title)
        widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(columns)]
        for row in [columns, *rows]:
            print("  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip())

    def records(self, found: Sequence[Any], as_json: bool, empty: str, json_data: Any = None) -> bool:
        """Say what a listing has to say when that is all: its JSON (``json_data`` if the records need
        reshaping), or the line for an empty result. True when the caller should print the records."""
        if as_json:
            self.json(found if json_data is None else json_data)
            return False
        if not found:
            self.line(empty)
            return False
        return True

    def json(self, data: Any) -> None:
        import json

        print(json.dumps(jsonable(data), ensure_ascii=False, indent=2))


def jsonable(value: Any) -> Any:
    """Dataclasses, dates and enums as JSON-ready values, keys in field order (stable)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, Enum):
        return value.value
    return value


def error(message: str) -> None:
    """One line on stderr: what went wrong and, where it helps, what to do."""
    print(f"fixit: error: {message}", file=sys.stderr)
