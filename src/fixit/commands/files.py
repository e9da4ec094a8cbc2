"""Files in and out: export, import, the calendar, backup and restore."""

import os
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated, TextIO

import typer

from fixit.commands.common import YesOption, confirm_change, out_of, store_of
from fixit.errors import InputError
from fixit.output import Output
from fixit.paths import private_folder, write_private, write_private_chunks


class ExportFormat(str, Enum):
    csv = "csv"
    json = "json"


def export(
    ctx: typer.Context,
    format: Annotated[
        ExportFormat, typer.Option("--format", help="csv (one file per table) or json.")
    ] = ExportFormat.csv,
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
            _deliver(out_of(ctx), import_export.json_chunks(store, names), out)
            return
        if len(names) == 1:
            _deliver(out_of(ctx), import_export.csv_chunks(store, names[0]), out)
            return
        assert out is not None
        private_folder(out)
        for name in names:
            chunks = import_export.csv_chunks(store, name)
            write_private_chunks(out / f"{name}.csv", (chunk.encode("utf-8") for chunk in chunks))
    out_of(ctx).done(f"Wrote {len(names)} CSV files to {out}.")


def _deliver(shown: Output, chunks: Iterable[str], out: Path | None) -> None:
    if out is None:
        for chunk in chunks:
            shown.data(chunk)
    else:
        write_private_chunks(out, (chunk.encode("utf-8") for chunk in chunks))
        shown.done(f"Wrote {out}.")


def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.csv", help="A spreadsheet saved as CSV, one complaint a row.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check every row and say what would happen; write nothing.")
    ] = False,
    map_: Annotated[
        str | None,
        typer.Option(
            "--map",
            metavar="MAP|NAME",
            help='Your headers to fixit\'s columns, e.g. "Your name=name,Timestamp=date" '
            "(First Name+Last Name=name joins two), or the name of a saved map.",
        ),
    ] = None,
    save_map: Annotated[
        str | None,
        typer.Option("--save-map", metavar="NAME", help="Keep this --map under a name, for --map NAME next time."),
    ] = None,
    encoding: Annotated[
        str | None,
        typer.Option(metavar="ENCODING", help="The file's encoding, if not found right (utf-8, cp1252, latin-1...)."),
    ] = None,
) -> None:
    """Bring complaints in from a spreadsheet (CSV), or a fixit JSON export into a new file. Nothing
    is written unless every row is good.

    Columns, by header (case, spaces and punctuation ignored): {columns}.

    Other headers: --map. Commas, semicolons, tabs or bars; UTF-8 or Windows-1252; 20/11/2026 in the shop's date_order.

    Example: fixit import responses.csv --map "Your name=name,Timestamp=date,What went wrong?=summary" --dry-run
    """
    from fixit.domain import import_export

    if save_map is not None and (map_ is None or "=" not in map_):
        raise InputError('--save-map NAME keeps the --map given with it: give --map "Header=column,..."')
    _regular_file(file)
    if file.suffix.lower() == ".json":  # fixit's own export, back into a new file
        if dry_run or map_ or encoding:
            raise InputError(
                "--dry-run, --map and --encoding are for spreadsheets; an export goes into an empty database"
            )
        with _opened(file, "utf-8-sig") as source:
            counts = import_export.import_export_file(store_of(ctx), source)
        out_of(ctx).line(
            "Imported the export: "
            + ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items() if n)
            + "."
        )
        return
    store = store_of(ctx)
    found = encoding or _sniffed_encoding(file)
    with _opened(file, found) as source:
        try:
            delimiter = import_export.sniff_delimiter(source.readline())
        except UnicodeDecodeError:
            raise InputError(f"the file is not text in the encoding it was read in, {found} (line 1)") from None
        source.seek(0)
        done = import_export.import_csv(store, source, dry_run=dry_run, given_map=map_, delimiter=delimiter)
    out = out_of(ctx)
    if found == "cp1252" and encoding is None:
        out.line("Read as Windows-1252 text: the file is not UTF-8 (--encoding says otherwise).")
    verb = "Would import" if dry_run else "Imported"
    out.line(
        f"{verb} {done.rows} complaint(s)"
        + (f", {done.emergencies} from repeat customers (emergencies)" if done.emergencies else "")
        + "."
    )
    if save_map is not None and not dry_run and map_ is not None:
        import_export.save_map(store, save_map, map_)
        out.line(f"Map saved as {save_map}: next time, fixit import FILE --map {save_map}")


def _regular_file(file: Path) -> None:
    """A file to read must be a file: a device (/dev/zero) or a named pipe would be read for ever."""
    import stat

    try:
        mode = os.stat(file).st_mode
    except OSError:
        return  # missing or unreadable: said when it is opened
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        what = (
            "a named pipe"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "not a regular file"
        )
        raise InputError(f"{file} is {what}, not a file: give a spreadsheet saved as CSV, or a fixit JSON export")


def _sniffed_encoding(file: Path) -> str:
    from fixit.domain import import_export

    try:
        with file.open("rb") as raw:
            start = raw.read(4)
            raw.seek(0)
            return import_export.sniff_encoding(start, iter(lambda: raw.read(1 << 16), b""))
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}") from None


def _opened(file: Path, encoding: str) -> TextIO:
    import codecs

    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"not an encoding fixit knows: {encoding[:40]!r} (utf-8, cp1252, latin-1...)") from None
    try:
        return file.open(encoding=encoding, newline="")
    except OSError as error:
        raise InputError(f"cannot read {file}: {error.strerror}") from None


def _import_help() -> None:
    """The columns in `fixit import --help`, from the one list the import reads them by."""
    from fixit.domain.columns import help_text

    if import_.__doc__:
        import_.__doc__ = import_.__doc__.replace("{columns}", help_text())


_import_help()


def calendar(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(metavar="FILE.ics", help="Where to write the calendar.")],
) -> None:
    """Write open promises and follow-ups as an iCalendar file for your phone's calendar.

    Example: fixit calendar fixit.ics
    """
    write_calendar(ctx, file)


NEXT_STEP = {
    "promise": ("When done", "fixit keep P{}"),
    "follow-up": ("When done", "fixit followup {}"),
    "emergency": ("Now", "fixit show {}"),
    "apology": ("Now", "fixit apologize {}"),
}


def write_calendar(ctx: typer.Context, file: Path) -> None:
    from fixit import ics
    from fixit.domain.calendar import entries

    found = entries(store_of(ctx))
    for entry in found:  # what to run when it is done: the commands' words, added here
        when, command = NEXT_STEP[entry.kind]
        entry.details += f"\n{when}: {command.format(entry.record)}"
    write_private(file, ics.render(found))
    out_of(ctx).done(f"Wrote {len(found)} calendar entr{'y' if len(found) == 1 else 'ies'} to {file}.")


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
    yes: YesOption = False,
) -> None:
    """Replace the database with a backup (a copy of the current one is kept first).

    Example: fixit restore ~/Dropbox/fixit-monday.db
    """
    store = store_of(ctx)
    store.check_backup(path)
    out_of(ctx).line(
        f"This replaces every record in {store.location} with the backup {path}; what is there now is saved first."
    )
    confirm_change(f"Replace everything in the database with {path}?", yes)
    safety = store.restore(path)
    out_of(ctx).line(f"Restored from {path}. What was there before is saved in {safety}.")


COMMANDS = [export, import_, calendar, backup, restore]
PANEL = "Setup"  # where `fixit --help` lists these (fixit.cli reads it off this file)
PANELS = {"calendar": "The owner's view"}
