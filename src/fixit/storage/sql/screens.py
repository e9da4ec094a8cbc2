"""Queries made for one screen each: the morning agenda, search, the customer list, the report,
export. Each returns records of ``fixit.model`` or facts of ``fixit.summaries`` and reads no more
than its screen shows.

The agenda's rules and the summaries are imported inside the methods that use them: every command
opens the store, and only `due`, `find`, `customers` and `report` need them."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fixit.errors import InputError
from fixit.model import Amend, AmendKind, Complaint, Outcome, Promise, Status, Verdict
from fixit.storage.protocol import AgendaRead
from fixit.storage.sql import rows
from fixit.storage.sql.base import SqlStore
from fixit.storage.sql.complaints import COMPLAINT_COLUMNS, COMPLAINT_FROM, OPEN_COUNT_SQL, read_complaint
from fixit.storage.sql.customers import read_customer
from fixit.storage.sql.promises import read_amend, read_promise
from fixit.storage.sql.recording import insert_sql
from fixit.storage.sql.rows import required_words, to_sql

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from fixit.rules import AgendaWindow, Condition, Section
    from fixit.summaries import CustomerSummary, GroupTally, ReportFacts, SearchMatch, Spread

EXPORT_TABLES = [
    "customers",
    "complaints",
    "promises",
    "amends",
    "events",
    "changes",
    "change_complaints",
    "letters",
    "extra_contacts",
    "tags",
    "unsent",
    "settings",
]
# a rule's record kind -> (alias, FROM, columns)
# which of its customer's complaints (not entered in error) a complaint is: the agenda says "third complaint"
NTH_COLUMN = (
    "(SELECT count(*) FROM complaints e WHERE e.customer_id = c.customer_id AND e.voided_at IS NULL"
    " AND (e.logged_at < c.logged_at OR e.logged_at = c.logged_at AND e.id <= c.id)) AS nth"
)
_SOURCES = {
    "complaint": ("c", COMPLAINT_FROM, f"{COMPLAINT_COLUMNS}, {NTH_COLUMN}"),
    "promise": ("p", "promises p", "p.*"),
    "amend": ("a", "amends a", "a.*"),
}
_CONVERT: dict[str, Callable[[Any], Complaint | Promise | Amend]] = {
    "complaint": read_complaint,
    "promise": read_promise,
    "amend": read_amend,
}

# Columns a record may leave empty that an agenda sorts on: an empty one sorts after the filled ones,
# on both stores (SQLite puts NULL first and PostgreSQL last unless told). A promise with no time
# is due by the end of its day, so after the timed ones of that day.
_EMPTY_LAST = {"due_time"}


def _deadline_sql(alias: str) -> str:
    """``rules.deadline`` of a promise as the text local_time writes ('YYYY-MM-DD HH:MM:SS')."""
    from fixit.rules import END_OF_DAY

    return f"({alias}.due || ' ' || coalesce({alias}.due_time || ':00', '{END_OF_DAY:%H:%M:%S}'))"


def _time_or_end_of_day(column: str) -> str:
    """A promise's time, or with none the end of its day (``rules.deadline``), as a stored time."""
    from fixit.rules import END_OF_DAY

    return f"coalesce({column}, '{to_sql(END_OF_DAY)}')"


def _local(moment: datetime) -> str:
    """A moment as the dialect's local_time writes it, to compare with a deadline."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def agenda_params(window: AgendaWindow) -> dict[str, object]:
    return {
        "day": to_sql(window.day),
        "stalled_before": to_sql(window.stalled_before),
        "coupons_until": to_sql(window.coupons_until),
        "at": to_sql(window.at),
        "location": window.location,
    }


def _at_location(section: Section, window: AgendaWindow) -> tuple[str, str, str]:
    """(FROM, WHERE, ORDER BY) of a section as this till sees it: at a location, its own work and work
    with no location; emergencies from everywhere."""
    source, where, order = section_sql(section)
    if window.location is None or str(section) == "emergency":
        return source, where, order
    alias = _SOURCES[str(section.rule.record)][0]
    if alias == "c":
        return source, f"{where} AND (c.location = :location OR c.location IS NULL)", order
    return (
        source,
        (
            f"{where} AND EXISTS (SELECT 1 FROM complaints lc WHERE lc.id = {alias}.complaint_id"
            " AND (lc.location = :location OR lc.location IS NULL))"
        ),
        order,
    )


def agenda_count_sql(section: Section, window: AgendaWindow) -> str:
    source, where, _ = _at_location(section, window)
    return f"SELECT count(*) FROM {source} WHERE {where}"


def agenda_rows_sql(section: Section, window: AgendaWindow, limit: int | None) -> str:
    """One section's records in its order (the first ``limit``, or all)."""
    source, where, order = _at_location(section, window)
    columns = _SOURCES[str(section.rule.record)][2]
    tail = f" LIMIT {int(limit)}" if limit is not None else ""
    return f"SELECT {columns} FROM {source} WHERE {where} ORDER BY {order}{tail}"


def condition_sql(condition: Condition, alias: str) -> str:
    """One agenda condition as SQL. Vocabulary words are written as literals, not bound: SQLite
    uses a partial index only when the query's WHERE visibly implies the index's own."""
    from fixit.rules import Test

    column = f"{alias}.{condition.field}"
    bounds = [f":{name}" for name in condition.bounds]
    value = condition.value
    literal = str(int(value)) if isinstance(value, bool) else f"'{value}'"
    if condition.test is Test.equals:
        return f"{column} = {literal}"
    if condition.test is Test.differs:
        return f"{column} != {literal}"
    if condition.test is Test.missing:
        return f"{column} IS NULL"
    if condition.test is Test.present:
        return f"{column} IS NOT NULL"
    if condition.test is Test.before:
        return f"{column} < {bounds[0]}"
    if condition.test is Test.on_or_before:
        return f"{column} <= {bounds[0]}"
    if condition.test is Test.on:
        return f"{column} = {bounds[0]}"
    if condition.test is Test.within:
        return f"{column} BETWEEN {bounds[0]} AND {bounds[1]}"
    if condition.test is Test.deadline_passed:  # the day is past, or today's deadline is (the index reads due)
        time_of = _time_or_end_of_day(f"{alias}.due_time")
        return f"{column} <= {bounds[0]} AND ({column} < {bounds[0]} OR {time_of} < {bounds[1]})"
    if condition.test is Test.deadline_ahead:
        return f"{_time_or_end_of_day(column)} >= {bounds[0]}"
    if condition.test is Test.of_live_complaint:
        return (
            f"NOT EXISTS (SELECT 1 FROM complaints vc WHERE vc.id = {alias}.complaint_id AND vc.voided_at IS NOT NULL)"
        )
    assert condition.test is Test.no_open_promise
    return f"NOT EXISTS (SELECT 1 FROM promises op WHERE op.complaint_id = {alias}.id AND op.kept_at IS NULL)"


def section_sql(section: Section) -> tuple[str, str, str]:
    """(FROM, WHERE, ORDER BY) of one agenda section."""
    rule = section.rule
    alias, source, _ = _SOURCES[str(rule.record)]
    where = " AND ".join(condition_sql(c, alias) for c in rule.conditions)
    return (
        source,
        where,
        ", ".join(f"{alias}.{column}{' NULLS LAST' if column in _EMPTY_LAST else ''}" for column in rule.order),
    )


class Screens(SqlStore):
    def agenda_section(
        self, section: Section, window: AgendaWindow, limit: int | None
    ) -> tuple[Sequence[Complaint | Promise | Amend], int]:
        return self.agenda_sections([section], window, limit).sections[0]

    def agenda_sections(self, sections: Sequence[Section], window: AgendaWindow, limit: int | None) -> AgendaRead:
        statements = [OPEN_COUNT_SQL]
        reads: list[tuple[str, int]] = []  # each section's record kind, and where its answers start
        for section in sections:
            record = str(section.rule.record)
            reads.append((record, len(statements)))
            rows_sql = agenda_rows_sql(section, window, limit)
            statements += [agenda_count_sql(section, window), rows_sql]
            if record != "complaint":  # and the complaints of its records, listed again
                statements.append(
                    f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.id IN"
                    f" (SELECT complaint_id FROM ({rows_sql}) listed)"
                )
        answers = self._read_together(statements, agenda_params(window))
        found: list[tuple[Sequence[Complaint | Promise | Amend], int]] = []
        complaints: dict[int, Complaint] = {}
        for record, at in reads:
            found.append(([_CONVERT[record](row) for row in answers[at + 1]], int(answers[at][0][0])))
            if record != "complaint":
                complaints.update((row["id"], read_complaint(row)) for row in answers[at + 2])
        return AgendaRead(int(answers[0][0][0]), found, complaints)

    def agenda_chunks(
        self, section: Section, window: AgendaWindow, size: int
    ) -> Iterator[Sequence[Complaint | Promise | Amend]]:
        """Every record of one section in its order, read ``size`` at a time as they are used."""
        cursor = self._read_streamed(agenda_rows_sql(section, window, None), agenda_params(window))
        convert = _CONVERT[str(section.rule.record)]
        while chunk := cursor.fetchmany(size):
            yield [convert(row) for row in chunk]

    def search(self, words: list[str], mark: tuple[str, str], limit: int) -> list[SearchMatch]:
        """Each store searches with its database's own full-text index."""
        raise NotImplementedError

    def customer_summaries(self, repeat_only: bool, limit: int | None) -> Iterator[CustomerSummary]:
        """Off the index on each customer's latest contact: the first ``limit`` cost the same however
        many customers there are, and counts are worked out only for the ones shown."""
        from fixit.summaries import CustomerSummary

        live = "c.customer_id = cu.id AND c.voided_at IS NULL"  # a complaint entered in error is not counted
        repeat = f"WHERE (SELECT count(*) FROM complaints c WHERE {live}) > 1" if repeat_only else ""
        tail = f"LIMIT {int(limit)}" if limit else ""
        read = self.conn.execute if limit else self._read_streamed
        found = read(
            f"SELECT cu.*, (SELECT count(*) FROM complaints c WHERE {live}) AS complaint_count,"
            f" (SELECT count(*) FROM complaints c WHERE {live} AND c.status != '{Status.closed}')"
            f" AS open_count FROM customers cu {repeat} ORDER BY cu.last_contact_at DESC NULLS LAST, cu.id DESC {tail}"
        )
        return (
            CustomerSummary(
                read_customer(row), row["complaint_count"], row["open_count"], rows.moment(row["last_contact_at"])
            )
            for row in found
        )

    def report_facts(self, start: datetime, end: datetime, as_of: datetime) -> ReportFacts:
        """The figures for complaints logged in [start, end), all computed in SQL (counts, medians,
        each customer's latest outcome), with their promises as they stood at ``as_of``; weeks start
        on Monday, in local time."""
        from fixit.summaries import AmendFacts, PromiseTally, ReportFacts

        window = (to_sql(start), to_sql(end))
        within = "c.logged_at >= ? AND c.logged_at < ? AND c.voided_at IS NULL"  # void: entered in error

        def counts(label: str, where: str = "") -> dict[str, int]:
            found = self.conn.execute(
                f"SELECT {label} AS word, count(*) FROM complaints c WHERE {within} {where} GROUP BY word", window
            )
            return {str(word): n for word, n in found}

        kept = self.dialect.local_time.format("p.kept_at")
        deadline = _deadline_sql("p")
        tally = self.conn.execute(
            f"SELECT count(p.kept_at IS NOT NULL AND {kept} <= {deadline} OR NULL),"
            f" count(p.kept_at IS NOT NULL AND {kept} > {deadline} OR NULL),"
            f" count(p.kept_at IS NULL AND ? > {deadline} OR NULL),"
            f" count(p.kept_at IS NULL AND ? <= {deadline} OR NULL)"
            f" FROM promises p JOIN complaints c ON c.id = p.complaint_id WHERE {within}",
            (_local(as_of), _local(as_of), *window),
        ).fetchone()
        amend_rows = f"FROM amends a JOIN complaints c ON c.id = a.complaint_id WHERE {within}"
        coupons = self.conn.execute(
            f"SELECT count(a.code), count(a.code IS NOT NULL AND a.redeemed_at IS NOT NULL OR NULL) {amend_rows}",
            window,
        ).fetchone()
        kinds = required_words(AmendKind)
        approved = [
            AmendFacts(row[0], row[1], kinds[row[2]], row[3], bool(row[4]), bool(row[5]), row[6])
            for row in self.conn.execute(
                "SELECT a.id, a.complaint_id, a.kind, a.value_cents, a.code IS NOT NULL,"
                f" a.redeemed_at IS NOT NULL, a.approved_by {amend_rows} AND a.approved_by IS NOT NULL"
                " ORDER BY a.id",
                window,
            )
        ]
        spend = dict(
            self.conn.execute(
                # each customer once, by the outcome of their latest closed complaint in the period
                "SELECT lc.outcome, sum(coalesce(cu.yearly_spend_cents, 0)) FROM (SELECT c.customer_id, c.outcome,"
                "   row_number() OVER (PARTITION BY c.customer_id ORDER BY c.closed_at DESC, c.id) AS latest"
                f"   FROM complaints c WHERE {within} AND c.status = '{Status.closed}' AND c.closed_at IS NOT NULL) lc"
                " JOIN customers cu ON cu.id = lc.customer_id WHERE lc.latest = 1 GROUP BY lc.outcome",
                window,
            ).fetchall()
        )
        return ReportFacts(
            complaints=self.conn.execute(f"SELECT count(*) FROM complaints c WHERE {within}", window).fetchone()[0],
            by_channel=counts("c.channel"),
            by_cause=counts("coalesce(c.cause, 'not given')", f"AND c.verdict = '{Verdict.justified}'"),
            verdicts=counts("coalesce(c.verdict, 'not judged')"),
            outcomes=counts(
                f"CASE WHEN c.status = '{Status.closed}' THEN coalesce(c.outcome, 'unknown') ELSE 'still open' END"
            ),
            apologies=self._spread(self.dialect.hours_between.format("c.apologized_at", "c.logged_at"), within, window),
            fixes=self._spread(self.dialect.hours_between.format("c.fixed_at", "c.logged_at"), within, window),
            promises=PromiseTally(*tally),
            repeat_customers=[
                (name, n)
                for name, n in self.conn.execute(
                    f"SELECT cu.name, count(*) AS n FROM complaints c JOIN customers cu ON cu.id = c.customer_id"
                    f" WHERE {within} GROUP BY cu.id, cu.name HAVING count(*) > 1 ORDER BY n DESC, cu.name",
                    window,
                )
            ],
            amends=[
                (kind, n, int(cents))
                for kind, n, cents in self.conn.execute(
                    f"SELECT a.kind, count(*) AS n, coalesce(sum(a.value_cents), 0) {amend_rows}"
                    " GROUP BY a.kind ORDER BY n DESC, a.kind",
                    window,
                )
            ],
            coupons_issued=coupons[0],
            coupons_redeemed=coupons[1],
            approved=approved,
            spend_won_back_cents=int(spend.get(str(Outcome.won_back), 0) or 0),  # PostgreSQL's sums are numeric
            spend_lost_cents=int(spend.get(str(Outcome.lost), 0) or 0),
            per_week={
                date.fromisoformat(row[0]): row[1]
                for row in self.conn.execute(
                    f"SELECT {self.dialect.local_monday.format('c.logged_at')} AS monday, count(*)"
                    f" FROM complaints c WHERE {within} GROUP BY monday",
                    window,
                )
            },
            by_location=self._groups("c.location", within, window),
            by_staff=self._groups("c.staff", within, window),
        )

    def _groups(self, column: str, within: str, window: tuple[object, ...]) -> list[GroupTally]:
        from fixit.summaries import GroupTally

        hours = self.dialect.hours_between.format("c.apologized_at", "c.logged_at")
        return [
            GroupTally(*row)
            for row in self.conn.execute(
                f"SELECT {column} AS name, count(*) AS n, count(c.verdict = '{Verdict.justified}' OR NULL),"
                f" count(c.apologized_at IS NOT NULL AND {hours} <= 24 OR NULL),"
                f" count(c.status != '{Status.closed}' OR NULL)"
                f" FROM complaints c WHERE {within} GROUP BY {column} ORDER BY n DESC, {column} IS NULL, {column}",
                window,
            )
        ]

    def _spread(self, hours: str, within: str, window: tuple[object, ...]) -> Spread:
        """How many had it, the median (the middle one, or the mean of the middle two), and how many
        within 24 hours: SQLite sorts; Python holds at most two values."""
        from fixit.summaries import Spread

        count, within_day = self.conn.execute(
            f"SELECT count({hours}), count({hours} <= 24 OR NULL) FROM complaints c WHERE {within}", window
        ).fetchone()
        if not count:
            return Spread(0, None, 0)
        middle = [
            row[0]
            for row in self.conn.execute(
                f"SELECT {hours} AS h FROM complaints c WHERE {within} AND {hours} IS NOT NULL"
                " ORDER BY h LIMIT ? OFFSET ?",
                (*window, 2 - count % 2, (count - 1) // 2),
            )
        ]
        return Spread(count, sum(middle) / len(middle), within_day)

    def exportable_tables(self) -> list[str]:
        return list(EXPORT_TABLES)

    def restore_rows(self, table: str, rows: list[dict[str, object]]) -> None:
        if table not in EXPORT_TABLES:
            raise InputError(f"no table called {table!r}")
        self._defer_foreign_keys()  # checked at commit: tables refer both ways
        if table == "settings":
            self.conn.execute("DELETE FROM settings")  # a fresh file may hold none; the export's win
        columns = set(self._columns_of(table))
        for row in rows:
            unknown = set(row) - columns
            if unknown:
                raise InputError(f"not an export of fixit's: {table} has no column {sorted(unknown)[0]!r}")
        # rows with the same columns (all of them, as a rule) go in as one batch: one exchange with a server
        for names, alike in itertools.groupby(rows, key=tuple):
            self._put_rows(table, names, [[row[name] for name in names] for row in alike])

    def _put_rows(self, table: str, names: tuple[str, ...], values: list[list[object]]) -> None:
        """Rows of the same columns into ``table``, as one batch."""
        self.conn.executemany(insert_sql(table, names), values)

    def load_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
        """Every row of one table, as exported, streamed in (inside the caller's transaction)."""
        if table not in EXPORT_TABLES:
            raise InputError(f"no table called {table!r}")
        unknown = set(columns) - set(self._columns_of(table))
        if unknown:
            raise InputError(f"not an export of fixit's: {table} has no column {sorted(unknown)[0]!r}")
        self._defer_foreign_keys()  # checked at commit: tables refer both ways
        if table == "settings":
            self.conn.execute("DELETE FROM settings")  # a fresh store may hold some; the copy's win
        self._put_all(table, tuple(columns), rows)

    def _put_all(self, table: str, names: tuple[str, ...], rows: Iterable[Sequence[object]]) -> None:
        """Rows of ``names`` into ``table``, as they come: the store's own bulk way."""
        raise NotImplementedError

    def bulk_load(self) -> AbstractContextManager[None]:
        """Inside the caller's transaction on an empty store, around ``load_rows``: what each row
        written would keep up to date (indexes, references, search words) is set aside and built once
        over everything loaded, on leaving."""
        raise NotImplementedError

    def export_table(self, table: str) -> tuple[list[str], Iterator[tuple[object, ...]]]:
        if table not in EXPORT_TABLES:
            raise InputError(f"no table called {table!r} (tables: {', '.join(EXPORT_TABLES)})")
        cursor = self._read_table(f"SELECT * FROM {table} ORDER BY {self._written_order(table)}")

        def read_then_close() -> Iterator[tuple[object, ...]]:
            try:
                yield from (tuple(row) for row in cursor)
            finally:  # a server-side cursor left open would hold the table (a restore's TRUNCATE waits on it)
                cursor.close()

        return [d[0] for d in cursor.description], read_then_close()

    # what each store does its own way ------------------------------------------------------

    def _defer_foreign_keys(self) -> None:
        """Check references when the transaction commits, not row by row."""
        raise NotImplementedError

    def _columns_of(self, table: str) -> list[str]:
        raise NotImplementedError

    def _written_order(self, table: str) -> str:
        """ORDER BY that lists a table's rows in the order they were written."""
        raise NotImplementedError
