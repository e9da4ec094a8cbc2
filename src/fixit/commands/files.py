"""Files in and out: export, import, the calendar, backup and restore."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from fixit.commands.common import out_of, store_of
from fixit.errors import InputError
from fixit.paths import private_folder, write_private


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"


def export(
    ctx: typer.Context,
    format: Annotated[ExportFormat, typer.Option("--format",
                help="csv (one file per table) or json.")] = ExportFormat.csv,
    out: Annotated[Path | None, typer.Option(help="A file (json, or csv with --table) or a folder (csv).")] = None,
    table: Annotated[str | None, typer.Option(help="Only this table, e.g. complaints.")] = None,
) -> None:
    """Export every table, as CSV files safe to open in a spreadsheet, or as JSON.

    Example: fixit export --out backup-csv/
    """
    import json

    from fixit.domain import import_export

    store = store_of(ctx)
    names = import_export.tables(store, table)
    if format is ExportFormat.csv and len(names) > 1 and out is None:
        raise InputError("CSV of every table needs --out FOLDER (or pick one with --table)")
    with store.snapshot():  # every table as of one moment, whoever logs meanwhile
        if format is ExportFormat.json:
            data = json.dumps(import_export.to_json(store, names), ensure_ascii=False, indent=2).encode() + b"\n"
            _deliver(data, out)
            return
        if len(names) == 1:
            _deliver(import_export.to_csv(store, names[0]).encode("utf-8"), out)
            return
        assert out is not None
        private_folder(out)
        for name in names:
            write_private(out / f"{name}.csv", import_export.to_csv(store, name).encode("utf-8"))
    print(f"Wrote {len(names)} CSV files to {out}.", file=sys.stderr)


def _deliver(data: bytes, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        write_private(out, data)
        print(f"Wrote {out}.", file=sys.stderr)


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="A spreadsheet saved as CSV, one complaint a row.")],
    dry_run: Annotated[bool, typer.Option("--dry-run",
                help="Check every row and say what would happen; write nothing.")] = False,
) -> None:
    """Bring complaints in from a spreadsheet (CSV). Nothing is written unless every row is good.

    Columns, by header: name, summary (required); phone, email, channel, severity, date,
    apologized (yes/no), staff, notes, promise, promise_by.

    Example: fixit import complaints.csv --dry-run
    """
    from fixit.domain import import_export

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read {file}: {getattr(error, 'strerror', None) or 'not UTF-8 text'}") from None
    rows = import_export.read_rows(text)
    logged = import_export.import_rows(store_of(ctx), rows, dry_run=dry_run)
    emergencies = sum(1 for item in logged if item.emergency)
    verb = "Would import" if dry_run else "Imported"
    out_of(ctx).line(f"{verb} {len(logged)} complaint(s)" + (f", {emergencies} from repeat customers (emergencies)"
                                                           if emergencies else "") + ".")


def calendar(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.ics", help="Where to write the calendar.")],
) -> None:
    """Write open promises and follow-ups as an iCalendar file for your phone's calendar.

    Example: fixit calendar fixit.ics
    """
    write_calendar(ctx, file)


def write_calendar(ctx: typer.Context, file: Path) -> None:
    from fixit import ics
    from fixit.domain.calendar import entries

    found = entries(store_of(ctx))
    write_private(file, ics.render(found))
    print(f"Wrote {len(found)} calendar entr{'y' if len(found) == 1 else 'ies'} to {file}.", file=sys.stderr)


def backup(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(help="Where to write it (default: the app folder's backups/).")] = None,
) -> None:
    """Take a consistent copy of the database, even while others are writing.

    Example: fixit backup ~/Dropbox/fixit-monday.db
    """
    out_of(ctx).line(f"Backed up to {store_of(ctx).backup(path)}.")


def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="A backup made by `fixit backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Replace the database with a backup (a copy of the current one is kept first).

    Example: fixit restore ~/Dropbox/fixit-monday.db
    """
    store = store_of(ctx)
    store.check_backup(path)
    if not yes and not typer.confirm(f"Replace everything in the database with {path}?", default=False):
        raise typer.Abort()
    safety = store.restore(path)
    out_of(ctx).line(f"Restored from {path}. What was there before is saved in {safety}.")


COMMANDS = [export, import_, calendar, backup, restore]
