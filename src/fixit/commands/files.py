"""Files in and out: export, import, the calendar, backup and restore."""

import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from fixit.commands.common import out_of, store_of
from fixit.errors import InputError
from fixit.paths import private_folder, write_private, write_private_chunks


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
    from fixit.domain import import_export

    store = store_of(ctx)
    names = import_export.tables(store, table)
    if format is ExportFormat.csv and len(names) > 1 and out is None:
        raise InputError("CSV of every table needs --out FOLDER (or pick one with --table)")
    with store.snapshot():  # every table as of one moment, whoever logs meanwhile
        if format is ExportFormat.json:
            _deliver(import_export.json_chunks(store, names), out)
            return
        if len(names) == 1:
            _deliver(import_export.csv_chunks(store, names[0]), out)
            return
        assert out is not None
        private_folder(out)
        for name in names:
            chunks = import_export.csv_chunks(store, name)
            write_private_chunks(out / f"{name}.csv", (chunk.encode("utf-8") for chunk in chunks))
    print(f"Wrote {len(names)} CSV files to {out}.", file=sys.stderr)


def _deliver(chunks: Iterable[str], out: Path | None) -> None:
    if out is None:
        for chunk in chunks:
            sys.stdout.write(chunk)
    else:
        write_private_chunks(out, (chunk.encode("utf-8") for chunk in chunks))
        print(f"Wrote {out}.", file=sys.stderr)


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="A spreadsheet saved as CSV, one complaint a row.")],
    dry_run: Annotated[bool, typer.Option("--dry-run",
                help="Check every row and say what would happen; write nothing.")] = False,
) -> None:
    """Bring complaints in from a spreadsheet (CSV), or a fixit JSON export into a new file. Nothing
    is written unless every row is good.

    Columns, by header: name, summary (required); phone, email, channel, severity, date,
    apologized (yes/no), staff, notes, promise, promise_by.

    Example: fixit import complaints.csv --dry-run
    """
    from fixit.domain import import_export

    try:
        source = file.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}") from None
    with source:
        if file.suffix.lower() == ".json":  # fixit's own export, back into a new file
            if dry_run:
                raise InputError("--dry-run is for spreadsheets; an export goes into an empty database")
            counts = import_export.import_export_file(store_of(ctx), source)
            out_of(ctx).line("Imported the export: " + ", ".join(f"{n} {table.replace('_', ' ')}"
                                                                  for table, n in counts.items() if n) + ".")
            return
        done = import_export.import_csv(store_of(ctx), source, dry_run=dry_run)
    verb = "Would import" if dry_run else "Imported"
    out_of(ctx).line(f"{verb} {done.rows} complaint(s)" + (f", {done.emergencies} from repeat customers (emergencies)"
                                                          if done.emergencies else "") + ".")


def calendar(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.ics", help="Where to write the calendar.")],
) -> None:
    """Write open promises and follow-ups as an iCalendar file for your phone's calendar.

    Example: fixit calendar fixit.ics
    """
    write_calendar(ctx, file)


NEXT_STEP = {"promise": ("When done", "fixit keep P{}"), "follow-up": ("When done", "fixit followup {}"),
             "emergency": ("Now", "fixit show {}"), "apology": ("Now", "fixit apologize {}")}


def write_calendar(ctx: typer.Context, file: Path) -> None:
    from fixit import ics
    from fixit.domain.calendar import entries

    found = entries(store_of(ctx))
    for entry in found:  # what to run when it is done: the commands' words, added here
        when, command = NEXT_STEP[entry.kind]
        entry.details += f"\n{when}: {command.format(entry.record)}"
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
PANEL = "Setup"  # where `fixit --help` lists these (fixit.cli reads it off this file)
PANELS = {"calendar": "The owner's view"}
