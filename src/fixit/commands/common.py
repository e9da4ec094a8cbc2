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
            from fixit import till

            self._store.till = till.name()  # its changes are recorded for `fixit undo`
            problem = self._store.privacy_problem()
            if problem:
                self.out.warning(problem)
            if isinstance(location, str):  # a server: complaints this till kept while it was away go first
                from fixit.commands.kept import send_kept

                self.kept_sent = send_kept(self._store, self.out)
        return self._store

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


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON with stable keys, for scripts (errors too).",
                                          callback=_json_mode, is_eager=True)]
ComplaintArg = Annotated[
    int, typer.Argument(metavar="N", parser=complaint_number, help="The complaint number, e.g. 12 or #12.",
                        show_default=False)
]
PromiseArg = Annotated[
    int, typer.Argument(metavar="P", parser=promise_number, help="The promise number, e.g. P3 or 3.",
                        show_default=False)
]
DATE_HELP = "today, tomorrow, friday, +3d, +2w or 2026-12-01 [14:30]"
