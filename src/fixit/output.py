"""How fixit speaks: rich tables and colour on a terminal, plain stable text when piped,
JSON when asked. Errors go to stderr. Rich is imported only when a terminal will show it."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import json

    from rich.console import Console


TABLE_ROWS_HELD = 1000  # a table longer than this is streamed as plain columns


def is_terminal() -> bool:
    return sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


class Output:
    """One per run, made at the root and held in the context: rich on a terminal, plain text when
    piped, JSON (errors too) once a command's --json was given. Text passed in is never read as
    markup: customer words are printed as typed."""

    def __init__(self, console: Console | None = None) -> None:
        self.rich = console is not None or is_terminal()
        self.color = not os.environ.get("NO_COLOR")  # https://no-color.org: no colour, and no bold either
        self.json_mode = False
        self._console = console
        self._force_terminal = False

    @contextlib.contextmanager
    def paged(self) -> Iterator[None]:
        """What is printed inside goes through a pager when it is longer than a terminal screen, as git
        does: $PAGER, else `less -FRX` (which quits at once when it all fits). Piped output, and output
        to a console made for a test, is never paged."""
        if self.json_mode or self._console is not None or not is_terminal():
            yield
            return
        with self.console.capture() as captured:
            yield
        text = captured.get()
        if text.count("\n") < self.console.height:
            sys.stdout.write(text)
            return
        _page(text)

    def set_color(self, mode: str) -> None:
        """--color: auto (colour on a terminal unless NO_COLOR is set), always, or never."""
        if mode == "always":
            self.rich = self.color = self._force_terminal = True
        elif mode == "never":
            self.color = False

    def _style(self, style: str | None) -> str:
        return style or "" if self.color else ""

    @property
    def console(self) -> Console:
        if self._console is None:
            from rich.console import Console

            self._console = Console(
                highlight=False, force_terminal=self._force_terminal or None, no_color=not self.color
            )
        return self._console

    @property
    def width(self) -> int | None:
        """How wide a line may be: the terminal's width, or None when piped (lines are kept whole,
        for grep and scripts)."""
        return self.console.width if self.rich else None

    def line(self, text: str = "", style: str | None = None) -> None:
        if self.rich:
            from rich.text import Text

            self.console.print(Text(text, style=self._style(style)))
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
            self.console.print(
                Panel(body, title=Text(title, style=self._style("bold")), border_style=self._style("bold red"))
            )
        else:
            print(f"!!! {title} !!!")
            for text in lines:
                print(f"    {text}")

    def table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        title: str | None = None,
        fit: int | None = None,
        optional: Sequence[int] = (),
    ) -> None:
        """Rows under a header. On a terminal with ``fit`` (the column of free text), every line fits
        the width: that column is cut at a word with "…", and the ``optional`` columns are left out,
        in that order, while it would be narrower than 20 characters."""
        if self.rich and fit is not None:
            self._fitted_table(columns, rows, title, fit, optional)
            return
        if self.rich:
            from rich.table import Table

            table = Table(*columns, title=title, title_justify="left", header_style=self._style("bold"))
            for row in rows:
                table.add_row(*row)
            self.console.print(table)
            return
        if title:
            print(title)
        widths = _widths(columns, rows)
        for row in [columns, *rows]:
            print(_plain_row(row, widths))

    def _fitted_table(
        self,
        columns: Sequence[str],
        rows: Sequence[Sequence[str]],
        title: str | None,
        fit: int,
        optional: Sequence[int],
    ) -> None:
        from fixit.text import cut_at_word

        width = self.console.width
        shown = list(range(len(columns)))
        widths = _widths(columns, rows)

        def room() -> int:
            return width - sum(widths[i] for i in shown if i != fit) - 2 * (len(shown) - 1)

        for column in optional:
            if room() >= 20:
                break
            shown.remove(column)
        space = max(room(), 8)
        if title:
            self.line(title, "bold")
        picked = [[row[i] if i != fit else cut_at_word(row[i], space) for i in shown] for row in rows]
        head = [columns[i] for i in shown]
        final = _widths(head, picked)
        self.line(_plain_row(head, final), "bold")
        for row in picked:
            self.line(_plain_row(row, final))

    def table_stream(
        self,
        columns: Sequence[str],
        rows: Iterable[Sequence[str]],
        empty: str,
        fit: int | None = None,
        optional: Sequence[int] = (),
    ) -> None:
        """A table of any length, printed as it is read: a rich table when it is short enough to hold
        (a thousand rows), else plain columns sized by the first thousand rows (longer cells just
        push their line wider). Memory stays flat however many rows there are."""
        from itertools import islice

        iterator = iter(rows)
        first = list(islice(iterator, TABLE_ROWS_HELD + 1))
        if not first:
            self.line(empty)
            return
        if len(first) <= TABLE_ROWS_HELD:
            self.table(columns, first, fit=fit, optional=optional)
            return
        widths = _widths(columns, first)
        write = sys.stdout.write
        for row in (columns, *first):
            write(_plain_row(row, widths) + "\n")
        for row in iterator:
            write(_plain_row(row, widths) + "\n")

    def json_array_stream(self, items: Iterable[Any]) -> None:
        """A JSON list of any length, written an item at a time."""
        sys.stdout.write("[")
        _write_items(items, "\n  ")
        sys.stdout.write("\n]\n")

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

    def json_stream(self, head: dict[str, Any], key: str, items: Iterable[Any]) -> None:
        """A JSON object whose last key is a long list, written an item at a time (memory stays flat)."""
        import json

        write = sys.stdout.write
        write("{\n")
        for name, value in head.items():
            write(f"  {json.dumps(name)}: {_encode(value)},\n")
        write(f"  {json.dumps(key)}: [")
        _write_items(items, "\n    ")
        write("\n  ]\n}\n")

    def json(self, data: Any) -> None:
        import json

        print(json.dumps(jsonable(data), ensure_ascii=False, indent=2))

    def data(self, text: str) -> None:
        """What a command delivers as it is (an export, a customer's file): written to stdout
        unchanged, never styled or wrapped."""
        sys.stdout.write(text)

    def done(self, message: str) -> None:
        """What a command did when its result went somewhere else (a file written): one line on
        stderr, so that stdout stays the data; with --json, {"done": message}."""
        if self.json_mode:
            _stderr_json({"done": message})
        else:
            print(message, file=sys.stderr)

    def prompt(self, text: str, *, err: bool = False, end: str = "\n") -> None:
        """A question, or the choices before one, on a terminal: beside typer's own prompts (stdout),
        or on stderr (err=True) where stdout is the command's result (a letter)."""
        print(text, file=sys.stderr if err else sys.stdout, end=end, flush=True)

    def notice(self, message: str) -> None:
        """News from outside the command asked for (kept complaints arriving): one line on stderr, so
        that stdout stays what the command prints."""
        print(f"fixit: {message}", file=sys.stderr)

    def warning(self, message: str) -> None:
        """Something the user should put right, though the command goes on: one line on stderr; with
        --json, that line is {"warning": message}."""
        if self.json_mode:
            _stderr_json({"warning": message})
        else:
            print(f"fixit: warning: {message}", file=sys.stderr)

    def error(self, message: str, code: int) -> None:
        """One line on stderr: what went wrong and, where it helps, what to do; with --json, that line
        is a JSON object with stable keys, {"error": message, "code": exit code}. Anything shaped like a
        URL's password is masked (fixit.conninfo.scrub), whatever said it (a driver quoting a URL)."""
        from fixit.conninfo import scrub

        message = scrub(message)
        if self.json_mode:
            _stderr_json({"error": message, "code": code})
        else:
            print(f"fixit: error: {message}", file=sys.stderr)

    def crash(self, message: str) -> None:
        """fixit itself failed: one line saying where the details are (never the details)."""
        if self.json_mode:
            self.error(message, 1)
        else:
            print(f"fixit: {message}", file=sys.stderr)


def _stderr_json(data: dict[str, Any]) -> None:
    """One JSON line on stderr: what a script that asked for --json reads beside the result."""
    import json

    print(json.dumps(data, ensure_ascii=False), file=sys.stderr)


def _page(text: str) -> None:
    """Show ``text`` through $PAGER (else `less -FRX`); straight out when there is no such program."""
    import shlex
    import subprocess

    command = shlex.split(os.environ.get("PAGER") or "less -FRX")
    try:
        subprocess.run(command, input=text, text=True, check=False)
    except OSError:
        sys.stdout.write(text)


def _widths(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> list[int]:
    return [max([len(str(c)), *(len(str(r[i])) for r in rows)]) for i, c in enumerate(columns)]


def _plain_row(row: Sequence[str], widths: list[int]) -> str:
    return "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()


def _encode(value: Any) -> str:
    """One value as compact JSON; plain values go straight through, records through ``jsonable``."""
    return _encoder().encode(value)


@functools.cache
def _encoder() -> json.JSONEncoder:
    import json

    return json.JSONEncoder(ensure_ascii=False, default=jsonable)


def _write_items(items: Iterable[Any], separator: str) -> None:
    """The items of a JSON list, comma-separated, written 500 at a time (memory stays flat)."""
    batch: list[str] = []
    for index, item in enumerate(items):
        batch.append(("," if index else "") + separator + _encode(item))
        if len(batch) == 500:
            sys.stdout.write("".join(batch))
            batch.clear()
    sys.stdout.write("".join(batch))


def jsonable(value: Any) -> Any:
    """Dataclasses, dates and enums as JSON-ready values, keys in field order (stable)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_asdict"):  # a named tuple is a record too
        return {k: jsonable(v) for k, v in value._asdict().items()}
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
