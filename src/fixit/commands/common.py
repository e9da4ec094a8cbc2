"""What every command shares: the run's state (store and output), the --json option, id and date
arguments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Annotated, TypeVar

import typer

from fixit import clock, dates, ids
from fixit.domain.settings import Settings
from fixit.domain.settings import load as load_settings
from fixit.errors import InputError
from fixit.output import Output
from fixit.storage import Store

T = TypeVar("T")


@dataclass
class AppState:
    """One per run, made before any argument is read (so even a usage error finds the output it
    should speak through). The database is opened on first use and closed when the command ends."""

    db_option: str | None = None
    out: Output = field(default_factory=Output)
    _store: Store | None = None
    kept_sent: list[int] = field(default_factory=list)  # complaints this till kept, sent on opening the server

    def store(self) -> Store:
        if self._store is None:
            from fixit.paths import database_location
            from fixit.storage import open_store

            location = database_location(self.db_option)
            self._store = open_store(location)
            problem = self._store.privacy_problem()
            if problem:
                self.out.warning(problem)
            if isinstance(location, str):  # a server: complaints this till kept while it was away go first
                from fixit.commands.kept import send_kept

                self.kept_sent = send_kept(self._store, self.out, location)
            from fixit import till

            self._store.till = till.name()  # from here, its changes are recorded for `fixit undo`
        return self._store

    def opened(self) -> Store | None:
        """The store, if it was opened (a server may have failed after it was reached)."""
        return self._store

    def server_url(self) -> str | None:
        """The server's URL, when the records are on a server."""
        from fixit.paths import is_server_url

        return self.db_option if self.db_option and is_server_url(self.db_option) else None

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def state_of(ctx: typer.Context) -> AppState:
    state = ctx.find_object(AppState)
    assert state is not None, "the root command sets the state"
    return state


def store_of(ctx: typer.Context) -> Store:
    return state_of(ctx).store()


def out_of(ctx: typer.Context) -> Output:
    return state_of(ctx).out


def settings_of(ctx: typer.Context) -> Settings:
    return load_settings(store_of(ctx))


def complaint_number(text: str) -> int:
    return ids.parse_id(text, "complaint")


def promise_number(text: str) -> int:
    return ids.parse_id(text, "promise")


def confirm_change(question: str, yes: bool) -> None:
    """Before a command deletes, moves or replaces records (after it has shown what will change): go
    on with --yes; on a terminal, ask (no is the default); with no terminal to ask on, refuse.
    Every destructive command asks through here."""
    import sys

    if yes:
        return
    if not sys.stdin.isatty():
        raise InputError("not on a terminal, so fixit cannot ask: nothing was changed; add --yes to go ahead")
    if not typer.confirm(question, default=False):
        raise typer.Abort()


YesOption = Annotated[bool, typer.Option("--yes", help="Do not ask (needed when not on a terminal).")]


def _completing_store(ctx: typer.Context) -> Store:
    """The store, while the shell asks for completions: the root's callback has not run then, so --db
    (or FIXIT_DB) is read off the parsed parameters."""
    state = state_of(ctx)
    if state.db_option is None:
        state.db_option = ctx.find_root().params.get("db")
    return state.store()


def complete_complaints(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the numbers of open complaints, newest first, each with whose and what."""
    from fixit.errors import FixitError
    from fixit.text import shorten

    try:
        found = _completing_store(ctx).list_complaints(
            open_only=True, customer_id=None, name_part=None, since=None, channel=None, limit=100
        )
        return [
            (str(c.id), f"{c.customer_name}: {shorten(c.summary, 40)}")
            for c in found
            if str(c.id).startswith(incomplete.lstrip("#"))
        ]
    except FixitError:  # no database yet, a server away: nothing to offer
        return []


def complete_promises(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion: the open promises, soonest due first, as P3 with what was promised."""
    from datetime import date

    from fixit.errors import FixitError
    from fixit.text import shorten

    try:
        found = _completing_store(ctx).open_promises_due_by(date(9999, 12, 31))
        return [
            (f"P{p.id}", f"{shorten(p.what, 40)} (due {p.due.isoformat()})")
            for p in found
            if f"P{p.id}".startswith(incomplete.upper()) or str(p.id).startswith(incomplete)
        ]
    except FixitError:
        return []


STDIN = "-"  # in place of a text: read it from standard input (`echo "..." | fixit log "Ana" -`)


def from_stdin(value: str | None, what: str) -> str | None:
    """The text itself, or, for "-", what standard input holds (piped, or typed and ended with
    Ctrl-D): a lone "-" is never stored as someone's words. More than one "-" in a command cannot both
    read it (see ``one_stdin``)."""
    if value != STDIN:
        return value
    import sys

    text = sys.stdin.read()
    if not text.strip():
        raise InputError(f"{what}: '-' reads it from standard input, and nothing came")
    return text


def one_stdin(*values: str | None) -> None:
    if sum(1 for value in values if value == STDIN) > 1:
        raise InputError("only one text can be read from standard input ('-') in one command")


def ahead(text: str) -> dates.When:
    """A date looking forward (due dates): 'friday' is the next Friday."""
    return dates.parse_when(text, clock.today(), "ahead")


def back(text: str) -> dates.When:
    """A date looking back (--at, --since): 'friday' is the last Friday."""
    return dates.parse_when(text, clock.today(), "back")


def reask_on_error(check: Callable[[str], T]) -> Callable[[str], T]:
    """Make a checker re-ask at a prompt instead of stopping the whole command."""

    def run(value: str) -> T:
        try:
            return check(value)
        except (InputError, ValueError) as problem:
            raise typer.BadParameter(str(problem)) from None

    return run


def _json_mode(ctx: typer.Context, value: bool) -> bool:
    """Eager, so that any error after it (a bad argument too) is reported as JSON."""
    if value:
        out_of(ctx).json_mode = True
    return value


JsonOption = Annotated[
    bool,
    typer.Option(
        "--json", help="Print JSON with stable keys, for scripts (errors too).", callback=_json_mode, is_eager=True
    ),
]
ComplaintArg = Annotated[
    int,
    typer.Argument(
        metavar="N",
        parser=complaint_number,
        help="The complaint number, e.g. 12 or #12.",
        show_default=False,
        autocompletion=complete_complaints,
    ),
]
PromiseArg = Annotated[
    int,
    typer.Argument(
        metavar="P",
        parser=promise_number,
        help="The promise number, e.g. P3 or 3.",
        show_default=False,
        autocompletion=complete_promises,
    ),
]
ComplaintsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="N...",
        help="One or more complaint numbers, e.g. 12 or 4 6 7: all are done, or none.",
        show_default=False,
        autocompletion=complete_complaints,
    ),
]
PromisesArg = Annotated[
    list[str],
    typer.Argument(
        metavar="P...",
        help="One or more promise numbers, e.g. P3 or P3 P4: all are done, or none.",
        show_default=False,
        autocompletion=complete_promises,
    ),
]


def numbers_of(texts: list[str], parse: Callable[[str], int]) -> list[int]:
    """Several numbers given at once, each checked before anything is done, each once, in order."""
    return list(dict.fromkeys(parse(text) for text in texts))


DATE_HELP = "today, tomorrow, friday, +3d, +2w or 2026-12-01 [14:30]"
