"""What every command shares: the open store, the --json option, id and date arguments."""

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from fixit import clock, dates, ids
from fixit.domain.settings import Settings
from fixit.domain.settings import load as load_settings
from fixit.storage import Store


@dataclass
class AppState:
    """Set by the root callback; the database is opened on first use, closed when the command ends."""

    db_option: Path | None
    _store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            from fixit.paths import database_path
            from fixit.storage import open_store

            self._store = open_store(database_path(self.db_option))
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def store_of(ctx: typer.Context) -> Store:
    return ctx.find_object(AppState).store()


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


def reask_on_error(check):
    """Make a checker re-ask at a prompt instead of stopping the whole command."""
    from fixit.errors import InputError

    def run(value):
        if isinstance(value, dates.When):
            return value
        try:
            return check(value)
        except (InputError, ValueError) as problem:
            raise typer.BadParameter(str(problem)) from None

    return run


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON with stable keys, for scripts.")]
ComplaintArg = Annotated[
    int, typer.Argument(metavar="N", parser=complaint_number, help="The complaint number, e.g. 12 or #12.",
                        show_default=False)
]
PromiseArg = Annotated[
    int, typer.Argument(metavar="P", parser=promise_number, help="The promise number, e.g. P3 or 3.",
                        show_default=False)
]
DATE_HELP = "today, tomorrow, friday, +3d, +2w or 2026-12-01 [14:30]"
