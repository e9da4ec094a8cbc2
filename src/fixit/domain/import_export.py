"""Export every table (CSV safe to open in a spreadsheet, or JSON), and import complaints from a
spreadsheet: every bad row reported with its line number, and nothing written unless all are good.

Import columns are matched by header, case, spacing and punctuation ignored (the list is
fixit.domain.columns.COLUMNS); a map names the columns of a file made by another tool
("Your name=name,Timestamp=date", several joined with +: "First Name+Last Name=name") and may be
saved under a name for next time. The delimiter (comma, semicolon, tab, bar) and the encoding
(UTF-8 with or without its mark, else Windows-1252) are found from the file. ``date``,
``promise_by`` and ``happened`` take the forms of --by and --happened, a full timestamp with its
offset, and a day written with numbers in the shop's date order (the date_order setting).
"""

from __future__ import annotations

import csv
import functools
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TextIO, TypeVar

from fixit import clock, dates
from fixit.domain import complaints, customers
from fixit.domain.columns import COLUMNS, MAP_NAME, MAP_PREFIX, REQUIRED, aliases, parse_map, squeezed
from fixit.errors import DatabaseNotEmpty, FixitError, InputError, NoSavedMap, RowError, UnmappedColumns
from fixit.model import Channel, Complaint, Severity, Word, columns_of
from fixit.storage import Store
from fixit.text import clean_name, shorten

W = TypeVar("W", bound=Word)

_YES, _NO = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0", ""}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class BadRows(InputError):
    """Several rows are wrong: each problem on its own line, with the file's line number."""

    def __init__(self, problems: list[str], count: int | None = None):
        super().__init__(f"nothing imported: {count or len(problems)} bad row(s)\n" + "\n".join(problems))
        self.problems = problems


# export --------------------------------------------------------------------------------


def tables(store: Store, only: str | None) -> list[str]:
    known = store.exportable_tables()
    if only is None:
        return known
    if only not in known:
        raise InputError(f"no table called {only!r} (tables: {', '.join(known)})")
    return [only]


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


ROWS_PER_CHUNK = 1000


def csv_chunks(store: Store, table: str) -> Iterator[str]:
    """One table as CSV, a thousand rows at a time: an export's memory does not grow with the shop."""
    columns, rows = store.export_table(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for count, row in enumerate(rows, start=1):
        writer.writerow([spreadsheet_safe(v) for v in row])
        if count % ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(store: Store, names: Iterable[str]) -> Iterator[str]:
    """Every table as one JSON object of row lists, written a row at a time."""
    import json

    yield "{"
    for index, table in enumerate(names):
        columns, rows = store.export_table(table)
        yield ("," if index else "") + f"\n  {json.dumps(table)}: ["
        for count, row in enumerate(rows):
            yield (
                ("," if count else "") + "\n    " + json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False)
            )
        yield "\n  ]"
    yield "\n}\n"


# import --------------------------------------------------------------------------------


@dataclass
class Row:
    line: int
    new: complaints.NewComplaint
    logged_at: datetime


@dataclass
class Imported:
    rows: int
    emergencies: int


MAX_PROBLEMS_SHOWN = 50


def import_csv(
    store: Store, source: TextIO, dry_run: bool = False, given_map: str | None = None, delimiter: str = ","
) -> Imported:
    """Read, check and log every row in one pass and one transaction: memory stays flat however long
    the file. Every bad row is reported with its line number; once one is found nothing more is
    written, and on any problem (or a dry run) the transaction is rolled back: all rows, or none.
    ``given_map`` is a map ("Your name=name,...") or the name of a saved one."""
    from fixit.domain.settings import load

    reader = csv.reader(source, strict=True, delimiter=delimiter)
    chosen = parse_map(saved_map(store, given_map) if given_map and MAP_NAME.match(given_map) else given_map or "")
    try:
        return _import(store, reader, dry_run, chosen, load(store)["date_order"])
    except UnicodeDecodeError:
        raise InputError(
            f"the file is not text in the encoding it was read in (line {reader.line_num + 1}): "
            "save it from the spreadsheet as CSV UTF-8"
        ) from None


def _import(store: Store, reader: Any, dry_run: bool, chosen: dict[str, list[str]], order: str) -> Imported:
    header = _next_row(reader)
    if not header:
        raise InputError("the file is empty: the first line must name the columns")
    mapping = _map_header(header, chosen)
    problems: list[str] = []
    done = Imported(0, 0)
    now = clock.now()
    try:
        with store.transaction():
            while (cells := _next_row(reader)) is not None:
                line = reader.line_num
                if any(extra.strip() for extra in cells[len(header) :]):  # values would land in no column
                    problems.append(
                        f"line {line}: {len(cells)} cells but the header has {len(header)} (a comma "
                        "in a name? put the cell in quotes)"
                    )
                    continue
                cell = {
                    key: " ".join(cells[i].strip() for i in where if i < len(cells) and cells[i].strip())
                    for key, where in mapping.items()
                }
                if not any(cell.values()):
                    continue  # a blank line, or one with nothing fixit reads (an order's second item)
                try:
                    row = _row(line, cell, now, order)
                except InputError as problem:
                    problems.append(f"line {line}: {problem}")
                    continue
                if problems:
                    continue  # keep checking, to report every bad row; nothing more is written
                try:
                    recorded = complaints.record(store, row.new, row.logged_at, allow_past_promise=True)
                except FixitError as problem:
                    raise RowError(row.line, problem) from None
                done = Imported(done.rows + 1, done.emergencies + recorded.emergency)
            if problems:
                shown = problems[:MAX_PROBLEMS_SHOWN]
                more = len(problems) - len(shown)
                raise BadRows(shown + ([f"... and {more:,} more"] if more else []), len(problems))
            if not done.rows:
                raise InputError("no rows to import below the header")
            if dry_run:
                raise _DryRun
            store.refresh_statistics()
    except _DryRun:
        pass
    return done


def _timestamp(text: str) -> datetime | None:
    """A full ISO 8601 timestamp with its offset, as fixit itself exports them (or as Shopify does:
    2026-11-20 09:30:00 +0000); None for other forms."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?\s?(Z|[+-]\d{2}:?\d{2})$", text):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if not dates.FIRST_YEAR <= moment.year <= dates.LAST_YEAR:
        raise InputError(f"the date {text!r} is too far away")
    return moment.astimezone()


def _whole_number(digits: str) -> int:
    """A JSON number as the import reads it: no id or amount has more than 19 digits, and Python
    refuses to read one of thousands (an internal error, not a line)."""
    if len(digits.lstrip("-")) > 19:
        raise InputError(f"not an export of fixit's: a number of {len(digits):,} digits ({digits[:12]}...)")
    return int(digits)


def import_export_file(store: Store, source: TextIO) -> dict[str, int]:
    """fixit's own JSON export, into an empty database: every table as it was, ids and all (the search
    index is rebuilt as the rows go in). Every value passes the check of its column (fields.ROWS), the
    same checks as at the counter, before anything is written; the first bad one is refused, naming
    its table, record and field. One transaction; returns the rows per table."""
    import json

    from fixit.domain import fields, settings

    try:
        data = json.load(source, parse_int=_whole_number)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InputError(f"not an export of fixit's (not the JSON fixit writes): {error}") from None
    except RecursionError:
        raise InputError("not an export of fixit's: its JSON is nested too deep") from None
    known = store.exportable_tables()
    if not isinstance(data, dict) or not data or any(table not in known for table in data):
        raise InputError("not an export of fixit's: its tables are not fixit's")
    checked: dict[str, list[dict[str, Any]]] = {}
    for table in known:  # the export's order is the one the tables depend on each other in
        rows = data.get(table, [])
        if not isinstance(rows, list) or any(not isinstance(row, dict) for row in rows):
            raise InputError(f"not an export of fixit's: {table} is not a list of rows")
        checked[table] = []
        for number, row in enumerate(rows, start=1):
            try:
                good = fields.checked_row(table, row)
            except InputError as problem:
                named = "key" if table == "settings" else "id"
                which = f" ({named} {fields.shown(row[named])})" if row.get(named) is not None else ""
                raise InputError(f"nothing imported: {table} record {number}{which}, {problem}") from None
            if good is not None:
                checked[table].append(good)
    _check_references(checked)
    if store.first_logged_at() is not None or store.customer_ids_matching(""):
        raise DatabaseNotEmpty()
    counts = {}
    with store.transaction():
        for table, rows in checked.items():
            store.restore_rows(table, rows)
            counts[table] = len(rows)
        country = next((row["value"] for row in checked["settings"] if row["key"] == "country"), "")
        store.rekey_phones(settings.phone_rule(country) if country else None)  # keys made by this shop's rule
        store.refresh_last_contact()  # an export from before fixit kept it has none
        store.refresh_statistics()
    return counts


def _check_references(checked: dict[str, list[dict[str, Any]]]) -> None:
    """Every id referred to is there, and no record is there twice: refused naming the record and field."""
    from fixit.domain import fields

    for table, rows in checked.items():
        for columns in fields.unique_keys(table):
            seen: set[tuple[Any, ...]] = set()
            for number, row in enumerate(rows, start=1):
                key = tuple(row.get(column) for column in columns)
                if None in key:
                    continue
                if key in seen:
                    raise InputError(
                        f"nothing imported: {table} record {number}, {', '.join(columns)}: "
                        f"{fields.shown(key[0] if len(key) == 1 else key)} is there twice"
                    )
                seen.add(key)
    ids = {table: {row["id"] for row in rows if "id" in row} for table, rows in checked.items()}
    for table, refers in fields.REFERENCES.items():
        for number, row in enumerate(checked.get(table, []), start=1):
            for column, target in refers.items():
                if row.get(column) is not None and row[column] not in ids.get(target, set()):
                    raise InputError(
                        f"nothing imported: {table} record {number}, {column}: no record {row[column]} in {target}"
                    )


def _next_row(reader: Any) -> list[str] | None:
    """The next row, or None at the end; a row the csv module cannot read is an error naming its line
    (a quote opened and never closed would otherwise swallow every row after it)."""
    try:
        return next(reader, None)
    except csv.Error as error:
        line = reader.line_num + (0 if reader.line_num else 1)
        if "field larger than field limit" in str(error):
            raise InputError(f"line {line}: a cell is longer than {csv.field_size_limit():,} characters") from None
        raise InputError(
            f'line {line}: the spreadsheet cannot be read here ({error}); is a quote (") opened and not closed?'
        ) from None


def save_map(store: Store, name: str, text: str) -> dict[str, list[str]]:
    """Keep a map under a name, for `--map NAME` next time (kept with the shop's settings)."""
    if not MAP_NAME.match(name):
        raise InputError(f"a map's name is letters, digits and dashes, such as google-form, not {name[:40]!r}")
    chosen = parse_map(text)
    if not chosen:
        raise InputError("the map to save is empty")
    with store.transaction():
        store.set_setting(MAP_PREFIX + name, text.strip())
    return chosen


def saved_map(store: Store, name: str) -> str:
    saved = store.settings()
    text = saved.get(MAP_PREFIX + name.strip().lower())
    if text is None:
        known = sorted(key[len(MAP_PREFIX) :] for key in saved if key.startswith(MAP_PREFIX))
        raise NoSavedMap(name, known)
    return text


def _map_header(header: list[str], chosen: dict[str, list[str]] | None = None) -> dict[str, list[int]]:
    """Which cells make each column: those the map names, then headers fixit knows by name. With a
    map, the other columns are left out; without one, a header fixit does not know is refused."""
    chosen = chosen or {}
    position = {squeezed(title): index for index, title in enumerate(header)}
    mapping: dict[str, list[int]] = {}
    for key, sources in chosen.items():
        missing = [source for source in sources if squeezed(source) not in position]
        if missing:
            raise InputError(
                f"the map names {missing[0]!r}, which is not a column of the file (its columns: {_listed(header)})"
            )
        mapping[key] = [position[squeezed(source)] for source in sources]
    used = {index for where in mapping.values() for index in where}
    known = aliases()
    unknown: list[str] = []
    for index, title in enumerate(header):
        if index in used:
            continue
        column = known.get(squeezed(title))
        if column is not None and column not in chosen:
            if column in mapping:
                first = header[mapping[column][0]]
                also = f" (as {first!r})" if first != title else ""
                raise InputError(f"the column {title!r} is there twice{also}")
            mapping[column] = [index]
        elif column is None and squeezed(title) and not chosen:
            unknown.append(title)
    if len(header) == 1 and unknown:
        raise InputError(
            f"only one column found, {shorten(header[0], 60)!r}: fixit reads columns separated by "
            "commas, semicolons, tabs or bars; save the spreadsheet as CSV"
        )
    if unknown:
        raise UnmappedColumns(
            f"unknown column(s): {', '.join(repr(u) for u in unknown[:10])}"
            f"{' ...' if len(unknown) > 10 else ''} (known: {', '.join(COLUMNS)})"
        )
    missing = [key for key in REQUIRED if key not in mapping]
    if missing:
        raise UnmappedColumns(f"the header needs the column(s): {', '.join(missing)}")
    return mapping


def _listed(header: list[str]) -> str:
    shown = ", ".join(repr(title) for title in header[:12])
    return shown + (" ..." if len(header) > 12 else "")


def sniff_encoding(start: bytes, whole: Iterable[bytes]) -> str:
    """The file's encoding: UTF-8 (with its byte-order mark or without) when every byte of it reads
    as UTF-8, UTF-16 when it starts with that mark, else Windows-1252 (what Excel writes as "CSV" on
    a Western Windows machine; it reads any Latin-1 file the same but for 0x80-0x9F)."""
    import codecs

    if start.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in whole:
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


DELIMITERS = (",", ";", "\t", "|")


def sniff_delimiter(first_line: str) -> str:
    """The delimiter that makes the most columns of the header line (quoted text not counted);
    a comma when none makes more than one."""

    def columns(delimiter: str) -> int:
        try:
            return len(next(csv.reader([first_line], delimiter=delimiter), []))
        except csv.Error:
            return 0

    best = max(DELIMITERS, key=columns)
    return best if columns(best) > 1 else ","


def _row(line: int, cell: dict[str, str], now: datetime, order: str = "") -> Row:
    def get(key: str) -> str:
        return cell.get(key, "").strip()

    logged = now
    if get("date"):
        logged = _timestamp(get("date")) or dates.parse_when(get("date"), now.date(), "back", order).moment(now)
        if logged > now:
            raise InputError("the date is in the future")
    apologized = get("apologized").lower()
    if apologized not in _YES | _NO:
        raise InputError(f"apologized must be yes or no, not {get('apologized')!r}")
    declared: dict[str, Any] = {name: get(name) or None for name in _imported()}
    new = complaints.NewComplaint(
        contact=customers.Contact.checked(get("name"), get("phone"), get("email")),
        summary=cell.get("summary", ""),
        channel=_choice(Channel, get("channel") or "counter", "channel"),
        severity=_choice(Severity, get("severity") or "normal", "severity"),
        staff=get("staff") or None,
        notes=get("notes") or None,
        apologized=apologized in _YES,
        promise=get("promise") or None,
        promise_by=dates.parse_when(get("promise_by"), logged.date(), "ahead", order) if get("promise_by") else None,
        about=get("about") or None,
        greet=get("greet") or None,
        tell=get("tell") or None,
        location=clean_name(get("location"), "the location") if get("location") else None,
        happened_on=dates.parse_when(get("happened"), logged.date(), "back", order).day if get("happened") else None,
        **declared,
    )
    if new.promise_by is not None and new.promise is None:
        raise InputError("promise_by without a promise")
    if new.tell is not None and new.promise is None:
        raise InputError("tell without a promise")
    if new.happened_on is not None and new.happened_on > logged.date():
        raise InputError("it cannot have happened after it was logged")
    return Row(line, complaints.check(new, allow_past_promise=True), logged)


@functools.cache
def _imported() -> tuple[str, ...]:
    """The columns declared imported on fixit.model.Complaint, taken by name."""
    return tuple(column.name for column in columns_of(Complaint) if column.imported is not None)


def _choice(enum: type[W], value: str, what: str) -> W:
    try:
        return enum(value.lower())
    except ValueError:
        raise InputError(f"{what} {value!r} is not one of {', '.join(m.value for m in enum)}") from None


class _DryRun(Exception):
    """Raised inside the import's transaction to roll back a rehearsal."""
