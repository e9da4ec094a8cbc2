"""Queries made for one screen each: the morning agenda, search, the customer list, the report,
export. Each returns records of ``fixit.model`` or facts of ``fixit.summaries`` and reads no more
than its screen shows.

The agenda's rules and the summaries are imported inside the methods that use them: every command
opens the store, and only `due`, `find`, `customers` and `report` need them."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from fixit.errors import InputError
from fixit.model import Amend, AmendKind, Cause, Channel, Complaint, Customer, Outcome, Promise, Status, Verdict
from fixit.storage.sqlite import rows
from fixit.storage.sqlite.rows import COMPLAINT_COLUMNS, COMPLAINT_FROM, to_sql

if TYPE_CHECKING:
    from fixit.rules import AgendaWindow, Condition, Section
    from fixit.summaries import CustomerSummary, ReportFacts, SearchMatch

EXPORT_TABLES = ["customers", "complaints", "promises", "amends", "events", "changes", "change_complaints",
                 "letters", "extra_contacts", "tags", "unsent", "settings"]
# a rule's record kind -> (alias, FROM, columns)
_SOURCES = {"complaint": ("c", COMPLAINT_FROM, COMPLAINT_COLUMNS), "promise": ("p", "promises p", "p.*"),
            "amend": ("a", "amends a", "a.*")}
_CONVERT: dict[str, Callable[[sqlite3.Row], Complaint | Promise | Amend]] = {
    "complaint": rows.complaint, "promise": rows.promise, "amend": rows.amend}


_KEPT = "datetime(p.kept_at, 'localtime')"
_DEADLINE = "(p.due || ' ' || coalesce(p.due_time || ':00', '23:59:59'))"


def _local(moment: datetime) -> str:
    """A moment as SQLite's datetime(..., 'localtime') writes it, to compare with a deadline."""
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _window_params(window: AgendaWindow) -> dict[str, object]:
    return {"day": to_sql(window.day), "stalled_before": to_sql(window.stalled_before),
            "coupons_until": to_sql(window.coupons_until), "at": to_sql(window.at)}


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
    if condition.test is Test.deadline_passed:  # the day is past, or today's time is
        return f"{column} <= {bounds[0]} AND ({column} < {bounds[0]} OR {alias}.due_time < {bounds[1]})"
    if condition.test is Test.deadline_ahead:
        return f"({column} IS NULL OR {column} >= {bounds[0]})"
    assert condition.test is Test.no_open_promise
    return f"NOT EXISTS (SELECT 1 FROM promises op WHERE op.complaint_id = {alias}.id AND op.kept_at IS NULL)"


def section_sql(section: Section) -> tuple[str, str, str]:
    """(FROM, WHERE, ORDER BY) of one agenda section."""
    rule = section.rule
    alias, source, _ = _SOURCES[str(rule.record)]
    where = " AND ".join(condition_sql(c, alias) for c in rule.conditions)
    return source, where, ", ".join(f"{alias}.{column}" for column in rule.order)


class Screens:
    conn: sqlite3.Connection

    if TYPE_CHECKING:  # provided by Records, beside which this class always stands
        def customers_by_id(self, ids: Iterable[int]) -> dict[int, Customer]: ...

    def agenda_section(self, section: Section, window: AgendaWindow,
                       limit: int | None) -> tuple[Sequence[Complaint | Promise | Amend], int]:
        source, where, order = section_sql(section)
        columns = _SOURCES[str(section.rule.record)][2]
        params = _window_params(window)
        total: int = self.conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        found = self.conn.execute(f"SELECT {columns} FROM {source} WHERE {where} ORDER BY {order}{tail}", params)
        convert = _CONVERT[str(section.rule.record)]
        return [convert(row) for row in found], total

    def agenda_chunks(self, section: Section, window: AgendaWindow,
                      size: int) -> Iterator[Sequence[Complaint | Promise | Amend]]:
        source, where, order = section_sql(section)
        columns = _SOURCES[str(section.rule.record)][2]
        cursor = self.conn.execute(f"SELECT {columns} FROM {source} WHERE {where} ORDER BY {order}",
                                   _window_params(window))
        convert = _CONVERT[str(section.rule.record)]
        while chunk := cursor.fetchmany(size):
            yield [convert(row) for row in chunk]

    def search(self, words: list[str], mark: tuple[str, str], limit: int) -> list[SearchMatch]:
        """FTS5 over complaints (summary, notes, fix, explanation) and promises. Ranked first, snippets
        after: a snippet costs far more than a rank, so only the ``limit`` best get one."""
        from fixit.summaries import SearchMatch

        if not words:
            return []
        match = " ".join('"' + word.replace('"', '""') + '"*' for word in words)
        top = self.conn.execute(
            "SELECT 'complaint' AS source, rowid AS id, bm25(complaints_fts) AS score"
            " FROM complaints_fts WHERE complaints_fts MATCH ?"
            " UNION ALL SELECT 'promise', rowid, bm25(promises_fts) FROM promises_fts WHERE promises_fts MATCH ?"
            " ORDER BY score, id DESC LIMIT ?", (match, match, limit)).fetchall()
        snippets: dict[tuple[str, int], str] = {}
        for source, table, column in (("complaint", "complaints_fts", -1), ("promise", "promises_fts", 0)):
            ids = [row["id"] for row in top if row["source"] == source]
            if ids:
                found = self.conn.execute(
                    f"SELECT rowid, snippet({table}, {column}, ?, ?, '…', 16) FROM {table}"
                    f" WHERE {table} MATCH ? AND rowid IN ({','.join('?' * len(ids))})", (*mark, match, *ids))
                snippets.update({(source, row[0]): row[1] for row in found})
        promise_ids = [row["id"] for row in top if row["source"] == "promise"]
        owners = {row[0]: row[1] for row in rows.rows_by_id(
            self.conn, "SELECT id, complaint_id FROM promises WHERE id IN", promise_ids)}
        return [SearchMatch(row["source"], row["id"] if row["source"] == "complaint" else owners[row["id"]],
                            row["id"] if row["source"] == "promise" else None, snippets[(row["source"], row["id"])])
                for row in top]

    def customer_summaries(self, repeat_only: bool, limit: int | None) -> list[CustomerSummary]:
        from fixit.summaries import CustomerSummary

        having = "HAVING count(c.id) > 1" if repeat_only else ""
        tail = f"LIMIT {int(limit)}" if limit else ""
        found = self.conn.execute(
            f"SELECT cu.id, count(c.id) AS complaints, coalesce(sum(c.status != '{Status.closed}'), 0) AS open,"
            " max(max(c.logged_at), coalesce((SELECT max(l.sent_at) FROM letters l JOIN complaints c2"
            "   ON c2.id = l.complaint_id WHERE c2.customer_id = cu.id), '')) AS last_contact"
            f" FROM customers cu LEFT JOIN complaints c ON c.customer_id = cu.id GROUP BY cu.id {having}"
            f" ORDER BY last_contact DESC, cu.id DESC {tail}").fetchall()
        customers = self.customers_by_id([row["id"] for row in found])
        return [CustomerSummary(customers[row["id"]], row["complaints"], row["open"], rows.moment(row["last_contact"]))
                for row in found]

    def report_facts(self, start: datetime, end: datetime, as_of: datetime) -> ReportFacts:
        """Complaints logged in [start, end), with their promises (as of ``today``) and amends; weeks
        start on Monday, in local time."""
        from fixit.summaries import AmendFacts, ComplaintFacts, CustomerSpend, PromiseTally, ReportFacts

        window = (to_sql(start), to_sql(end))
        within = "c.logged_at >= ? AND c.logged_at < ?"
        channel, status = rows.required_words(Channel), rows.required_words(Status)
        verdict, cause, outcome = rows.words(Verdict), rows.words(Cause), rows.words(Outcome)
        complaints = [
            ComplaintFacts(row[0], channel[row[1]], verdict[row[2]], cause[row[3]], status[row[4]],
                           outcome[row[5]], row[6], row[7],
                           datetime.fromisoformat(row[8]) if row[8] else None)  # compared, never shown: UTC
            for row in self.conn.execute(
                "SELECT c.customer_id, c.channel, c.verdict, c.cause, c.status, c.outcome,"
                " (julianday(c.apologized_at) - julianday(c.logged_at)) * 24,"
                " (julianday(c.fixed_at) - julianday(c.logged_at)) * 24, c.closed_at"
                f" FROM complaints c WHERE {within}", window)]
        tally = self.conn.execute(
            # a promise's deadline: its time on its day, or the end of the day (fixit.domain.promises)
            f"SELECT coalesce(sum(p.kept_at IS NOT NULL AND {_KEPT} <= {_DEADLINE}), 0),"
            f" coalesce(sum(p.kept_at IS NOT NULL AND {_KEPT} > {_DEADLINE}), 0),"
            f" coalesce(sum(p.kept_at IS NULL AND ? > {_DEADLINE}), 0),"
            f" coalesce(sum(p.kept_at IS NULL AND ? <= {_DEADLINE}), 0)"
            f" FROM promises p JOIN complaints c ON c.id = p.complaint_id WHERE {within}",
            (_local(as_of), _local(as_of), *window)).fetchone()
        kinds = rows.required_words(AmendKind)
        amends = [AmendFacts(row[0], row[1], kinds[row[2]], row[3], bool(row[4]), bool(row[5]),
                             row[6])
                  for row in self.conn.execute(
                      "SELECT a.id, a.complaint_id, a.kind, a.value_cents, a.code IS NOT NULL,"
                      " a.redeemed_at IS NOT NULL, a.approved_by"
                      f" FROM amends a JOIN complaints c ON c.id = a.complaint_id WHERE {within} ORDER BY a.id",
                      window)]
        spend = [CustomerSpend(*row) for row in self.conn.execute(
            "SELECT cu.id, cu.name, cu.yearly_spend_cents FROM customers cu WHERE cu.id IN"
            f" (SELECT c.customer_id FROM complaints c WHERE {within})", window)]
        per_week = {date.fromisoformat(row[0]): row[1] for row in self.conn.execute(
            "SELECT date(c.logged_at, 'localtime', 'weekday 0', '-6 days') AS monday, count(*)"
            f" FROM complaints c WHERE {within} GROUP BY monday", window)}
        return ReportFacts(complaints, PromiseTally(*tally), amends, spend, per_week)

    def exportable_tables(self) -> list[str]:
        return list(EXPORT_TABLES)

    def restore_rows(self, table: str, rows: list[dict[str, object]]) -> None:
        if table not in EXPORT_TABLES:
            raise InputError(f"no table called {table!r}")
        self.conn.execute("PRAGMA defer_foreign_keys = ON")  # checked at commit: tables refer both ways
        if table == "settings":
            self.conn.execute("DELETE FROM settings")  # a fresh file may hold none; the export's win
        columns = {row[1] for row in self.conn.execute(f"PRAGMA table_info({table})")}
        for row in rows:
            unknown = set(row) - columns
            if unknown:
                raise InputError(f"not a fixit export: {table} has no column {sorted(unknown)[0]!r}")
            names = list(row)
            self.conn.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                              [row[name] for name in names])

    def export_table(self, table: str) -> tuple[list[str], Iterator[tuple[object, ...]]]:
        if table not in EXPORT_TABLES:
            raise InputError(f"no table called {table!r} (tables: {', '.join(EXPORT_TABLES)})")
        cursor = self.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        return [d[0] for d in cursor.description], (tuple(row) for row in cursor)
