"""Every SQL statement fixit runs lives here, behind methods that speak in dataclasses.

The domain layer never sees a cursor or a row: keeping SQL in one module is what will
let a shop with several locations move to a shared server behind the same methods.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import fields
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

from fixit import clock
from fixit.model import Amend, Change, Complaint, Customer, Event, Letter, Promise
from fixit.storage.errors import sql_errors_as_storage_errors

_COMPLAINT_COLUMNS = "c.*, cu.name AS customer_name"
# `due` sections: (records, condition, order). Each condition is the WHERE of a partial index.
_AGENDA = {
    "emergency": ("complaint", "c.emergency = 1 AND c.status != 'closed'", "c.id"),
    "apology": ("complaint", "c.apologized_at IS NULL AND c.status != 'closed'", "c.logged_at"),
    "overdue": ("promise", "p.kept_at IS NULL AND p.due < :day", "p.due, p.due_time, p.id"),
    "due-today": ("promise", "p.kept_at IS NULL AND p.due = :day", "p.due_time, p.id"),
    "follow-up": ("complaint", "c.status = 'fixed' AND c.followup_done_at IS NULL AND c.followup_due <= :day",
                  "c.followup_due, c.id"),
    "check-in": ("amend", "a.checkin_due IS NOT NULL AND a.checkin_done_at IS NULL AND a.checkin_due <= :day",
                 "a.checkin_due, a.id"),
    "stalled": ("complaint", "c.status = 'open' AND c.fixed_at IS NULL AND c.logged_at <= :stalled_before AND NOT EXISTS"
                " (SELECT 1 FROM promises p WHERE p.complaint_id = c.id AND p.kept_at IS NULL)", "c.logged_at"),
    "coupon": ("amend", "a.code IS NOT NULL AND a.redeemed_at IS NULL AND a.expires BETWEEN :day AND :coupons_until",
               "a.expires, a.id"),
}
_ID_CHUNK = 500  # ids bound per statement when reading records by id
EXPORT_TABLES = ["customers", "complaints", "promises", "amends", "events", "changes", "change_complaints",
                 "letters", "settings"]
_COMPLAINT_FROM = "complaints c JOIN customers cu ON cu.id = c.customer_id"


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path):
        self.conn = conn
        self.path = path

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write: BEGIN IMMEDIATE takes the write lock up front, so a second
        terminal waits (busy timeout) instead of failing half-way through."""
        with sql_errors_as_storage_errors(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")

    # customers ---------------------------------------------------------------

    def customers_where(self, column: str, key: str) -> list[Customer]:
        assert column in {"phone_key", "email_key", "name_key"}
        rows = self.conn.execute(f"SELECT * FROM customers WHERE {column} = ? ORDER BY id", (key,))
        return [_customer(row) for row in rows]

    def customer(self, customer_id: int) -> Customer | None:
        row = self.conn.execute("SELECT * FROM customers WHERE id = ?", (customer_id,)).fetchone()
        return _customer(row) if row else None

    def add_customer(self, name: str, name_key: str, phone: str | None, phone_key: str | None,
                     email: str | None, email_key: str | None, notes: str | None) -> int:
        return self._insert("customers", dict(
            name=name, name_key=name_key, phone=phone, phone_key=phone_key,
            email=email, email_key=email_key, notes=notes, created_at=clock.stamp(),
        ))

    def update_customer(self, customer_id: int, **values: Any) -> None:
        self._update("customers", customer_id, values)

    # complaints --------------------------------------------------------------

    def add_complaint(self, **values: Any) -> int:
        return self._insert("complaints", values)

    def complaint(self, complaint_id: int) -> Complaint | None:
        row = self.conn.execute(
            f"SELECT {_COMPLAINT_COLUMNS} FROM {_COMPLAINT_FROM} WHERE c.id = ?", (complaint_id,)
        ).fetchone()
        if row is None:
            return None
        complaint = _complaint(row)
        complaint.tags = self.tags_of([complaint_id])
        return complaint

    def complaints_by_id(self, ids: Iterable[int]) -> dict[int, Complaint]:
        rows = self._rows_by_id(f"SELECT {_COMPLAINT_COLUMNS} FROM {_COMPLAINT_FROM} WHERE c.id IN", ids)
        return {row["id"]: _complaint(row) for row in rows}

    def _rows_by_id(self, select: str, ids: Iterable[int]) -> list[sqlite3.Row]:
        """``select`` ending in "IN", for every id, a chunk at a time: never past SQLite's variable limit."""
        wanted = sorted(set(ids))
        rows = []
        for start in range(0, len(wanted), _ID_CHUNK):
            chunk = wanted[start:start + _ID_CHUNK]
            rows += self.conn.execute(f"{select} ({','.join('?' * len(chunk))})", chunk).fetchall()
        return rows

    def update_complaint(self, complaint_id: int, **values: Any) -> None:
        self._update("complaints", complaint_id, values)

    def complaints_of_customer(self, customer_id: int) -> list[Complaint]:
        rows = self.conn.execute(
            f"SELECT {_COMPLAINT_COLUMNS} FROM {_COMPLAINT_FROM} WHERE c.customer_id = ? ORDER BY c.logged_at, c.id",
            (customer_id,),
        )
        return [_complaint(row) for row in rows]

    def list_complaints(self, *, open_only: bool, customer_id: int | None, name_part: str | None,
                        since: datetime | None, channel: str | None, limit: int | None) -> list[Complaint]:
        """Newest first; ``name_part`` matches anywhere in the customer's name, case-insensitively."""
        clauses, params = [], []
        if open_only:
            clauses.append("c.status != 'closed'")
        if customer_id is not None:
            clauses.append("c.customer_id = ?")
            params.append(customer_id)
        if name_part is not None:
            clauses.append("cu.name_key LIKE ? ESCAPE '\\'")
            params.append(f"%{_like(name_part)}%")
        if since is not None:
            clauses.append("c.logged_at >= ?")
            params.append(clock.to_stored(since))
        if channel is not None:
            clauses.append("c.channel = ?")
            params.append(channel)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        tail = f"LIMIT {int(limit)}" if limit else ""
        rows = self.conn.execute(
            f"SELECT {_COMPLAINT_COLUMNS} FROM {_COMPLAINT_FROM} {where} ORDER BY c.logged_at DESC, c.id DESC {tail}",
            params,
        )
        return [_complaint(row) for row in rows]

    def customer_ids_matching(self, text: str) -> list[int]:
        """Customers whose name contains ``text`` (case-insensitive), for `list --customer`."""
        rows = self.conn.execute("SELECT id FROM customers WHERE name_key LIKE ? ESCAPE '\\'", (f"%{_like(text)}%",))
        return [row[0] for row in rows]

    def count_unclosed(self) -> int:
        return self.conn.execute("SELECT count(*) FROM complaints WHERE status != 'closed'").fetchone()[0]

    # the morning agenda (each section reads one partial index) -------------------

    def agenda_section(self, section: str, params: dict[str, str], limit: int | None) -> tuple[list, int]:
        """The first ``limit`` records of one `due` section (all if None), and how many there are.
        ``params``: day, stalled_before and coupons_until, as stored text (see agenda_params)."""
        kind, condition, order = _AGENDA[section]
        source = {"complaint": _COMPLAINT_FROM, "promise": "promises p", "amend": "amends a"}[kind]
        columns = {"complaint": _COMPLAINT_COLUMNS, "promise": "p.*", "amend": "a.*"}[kind]
        total = self.conn.execute(f"SELECT count(*) FROM {source} WHERE {condition}", params).fetchone()[0]
        tail = f" LIMIT {int(limit)}" if limit is not None else ""
        rows = self.conn.execute(f"SELECT {columns} FROM {source} WHERE {condition} ORDER BY {order}{tail}", params)
        convert = {"complaint": _complaint, "promise": _promise, "amend": _amend}[kind]
        return [convert(row) for row in rows], total

    @staticmethod
    def agenda_params(day: date, stalled_before: datetime, coupons_until: date) -> dict[str, str]:
        return {"day": day.isoformat(), "stalled_before": clock.to_stored(stalled_before),
                "coupons_until": coupons_until.isoformat()}

    def followups_due(self, day: date) -> list[Complaint]:
        return self.agenda_section("follow-up", {"day": day.isoformat()}, None)[0]

    def open_promises_due_by(self, day: date) -> list[Promise]:
        rows = self.conn.execute(
            "SELECT * FROM promises WHERE kept_at IS NULL AND due <= ? ORDER BY due, due_time, id", (day.isoformat(),)
        )
        return [_promise(row) for row in rows]

    # promises and amends -----------------------------------------------------

    def add_promise(self, **values: Any) -> int:
        return self._insert("promises", values)

    def promise(self, promise_id: int) -> Promise | None:
        row = self.conn.execute("SELECT * FROM promises WHERE id = ?", (promise_id,)).fetchone()
        return _promise(row) if row else None

    def promises_of(self, complaint_id: int) -> list[Promise]:
        rows = self.conn.execute("SELECT * FROM promises WHERE complaint_id = ? ORDER BY id", (complaint_id,))
        return [_promise(row) for row in rows]

    def update_promise(self, promise_id: int, **values: Any) -> None:
        self._update("promises", promise_id, values)

    def add_amend(self, **values: Any) -> int:
        return self._insert("amends", values)

    def amend(self, amend_id: int) -> Amend | None:
        row = self.conn.execute("SELECT * FROM amends WHERE id = ?", (amend_id,)).fetchone()
        return _amend(row) if row else None

    def amend_by_code(self, code: str) -> Amend | None:
        row = self.conn.execute("SELECT * FROM amends WHERE code = ?", (code,)).fetchone()
        return _amend(row) if row else None

    def code_taken(self, code: str) -> bool:
        return self.conn.execute("SELECT 1 FROM amends WHERE code = ?", (code,)).fetchone() is not None

    def amends_of(self, complaint_id: int) -> list[Amend]:
        rows = self.conn.execute("SELECT * FROM amends WHERE complaint_id = ? ORDER BY id", (complaint_id,))
        return [_amend(row) for row in rows]

    def update_amend(self, amend_id: int, **values: Any) -> None:
        self._update("amends", amend_id, values)

    # process changes and letters ---------------------------------------------

    def add_change(self, description: str, made_at: datetime, complaint_ids: list[int]) -> int:
        change_id = self._insert("changes", dict(description=description, made_at=made_at))
        self.conn.executemany("INSERT INTO change_complaints (change_id, complaint_id) VALUES (?, ?)",
                              [(change_id, cid) for cid in complaint_ids])
        return change_id

    def change(self, change_id: int) -> Change | None:
        row = self.conn.execute("SELECT * FROM changes WHERE id = ?", (change_id,)).fetchone()
        return self._change(row) if row else None

    def changes(self) -> list[Change]:
        return [self._change(row) for row in self.conn.execute("SELECT * FROM changes ORDER BY made_at, id")]

    def changes_of(self, complaint_id: int) -> list[Change]:
        rows = self.conn.execute(
            "SELECT ch.* FROM changes ch JOIN change_complaints cc ON cc.change_id = ch.id "
            "WHERE cc.complaint_id = ? ORDER BY ch.made_at, ch.id", (complaint_id,))
        return [self._change(row) for row in rows]

    def _change(self, row: sqlite3.Row) -> Change:
        linked = self.conn.execute(
            "SELECT complaint_id FROM change_complaints WHERE change_id = ? ORDER BY complaint_id", (row["id"],))
        return Change(row["id"], row["description"], clock.from_stored(row["made_at"]), [r[0] for r in linked])

    def add_letter(self, **values: Any) -> int:
        return self._insert("letters", values)

    def letters_of(self, complaint_id: int) -> list[Letter]:
        rows = self.conn.execute("SELECT * FROM letters WHERE complaint_id = ? ORDER BY sent_at, id", (complaint_id,))
        return [_from_row(Letter, row, sent_at=clock.from_stored(row["sent_at"])) for row in rows]

    # search ------------------------------------------------------------------

    def search(self, match: str, mark: tuple[str, str], limit: int) -> list[dict[str, Any]]:
        """Complaints (summary, notes, fix, explanation) and promises matching an FTS5 query,
        best first, each with a snippet whose matched words are wrapped in ``mark``.

        Ranked first, snippets after: a snippet costs far more than a rank, so only the
        ``limit`` best matches get one."""
        top = self.conn.execute(
            "SELECT 'complaint' AS source, rowid AS id, bm25(complaints_fts) AS score"
            " FROM complaints_fts WHERE complaints_fts MATCH ?"
            " UNION ALL SELECT 'promise', rowid, bm25(promises_fts) FROM promises_fts WHERE promises_fts MATCH ?"
            " ORDER BY score, id DESC LIMIT ?", (match, match, limit)).fetchall()
        snippets = {}
        for source, table, column in (("complaint", "complaints_fts", -1), ("promise", "promises_fts", 0)):
            ids = [row["id"] for row in top if row["source"] == source]
            if ids:
                rows = self.conn.execute(
                    f"SELECT rowid, snippet({table}, {column}, ?, ?, '…', 16) FROM {table}"
                    f" WHERE {table} MATCH ? AND rowid IN ({','.join('?' * len(ids))})", (*mark, match, *ids))
                snippets.update({(source, row[0]): row[1] for row in rows})
        owners = self._promise_complaints([row["id"] for row in top if row["source"] == "promise"])
        return [{"source": row["source"], "snippet": snippets[(row["source"], row["id"])],
                 "complaint_id": row["id"] if row["source"] == "complaint" else owners[row["id"]],
                 "promise_id": row["id"] if row["source"] == "promise" else None} for row in top]

    def _promise_complaints(self, promise_ids: list[int]) -> dict[int, int]:
        if not promise_ids:
            return {}
        rows = self.conn.execute(
            f"SELECT id, complaint_id FROM promises WHERE id IN ({','.join('?' * len(promise_ids))})", promise_ids)
        return {row[0]: row[1] for row in rows}

    # customers, the owner's view -----------------------------------------------

    def customer_ids_named(self, key: str) -> list[int]:
        return [row[0] for row in self.conn.execute("SELECT id FROM customers WHERE name_key = ? ORDER BY id", (key,))]

    def customers_overview(self, repeat_only: bool, limit: int | None) -> list[dict[str, Any]]:
        """Each customer with complaint counts and when we last heard from or wrote to them."""
        having = "HAVING count(c.id) > 1" if repeat_only else ""
        tail = f"LIMIT {int(limit)}" if limit else ""
        rows = self.conn.execute(
            "SELECT cu.id, count(c.id) AS complaints, coalesce(sum(c.status != 'closed'), 0) AS open,"
            " max(max(c.logged_at), coalesce((SELECT max(l.sent_at) FROM letters l JOIN complaints c2"
            "   ON c2.id = l.complaint_id WHERE c2.customer_id = cu.id), '')) AS last_contact"
            f" FROM customers cu LEFT JOIN complaints c ON c.customer_id = cu.id GROUP BY cu.id {having}"
            f" ORDER BY last_contact DESC, cu.id DESC {tail}"
        )
        found = [dict(row) for row in rows]
        customers = {c.id: c for c in self._customers_by_id(r["id"] for r in found)}
        for row in found:
            row["customer"] = customers[row["id"]]
            row["last_contact"] = _moment(row["last_contact"])
        return found

    def _customers_by_id(self, ids: Iterable[int]) -> list[Customer]:
        return [_customer(row) for row in self._rows_by_id("SELECT * FROM customers WHERE id IN", ids)]

    def move_complaints(self, from_customer: int, to_customer: int) -> list[int]:
        moved = [row[0] for row in self.conn.execute(
            "SELECT id FROM complaints WHERE customer_id = ? ORDER BY id", (from_customer,))]
        self.conn.execute("UPDATE complaints SET customer_id = ? WHERE customer_id = ?", (to_customer, from_customer))
        return moved

    def delete_customer(self, customer_id: int) -> None:
        self.conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))

    # the report ------------------------------------------------------------------

    def report_rows(self, start: datetime, end: datetime, today: date) -> dict[str, list[tuple]]:
        """The raw figures for complaints logged in [start, end): the domain turns them into the report.
        Promises are counted here (kept on time, kept late, open overdue, open not yet due, as of ``today``),
        and complaints per week (weeks start on Monday, in local time)."""
        window = (clock.to_stored(start), clock.to_stored(end))
        within = "c.logged_at >= ? AND c.logged_at < ?"

        def rows(sql: str) -> list[tuple]:
            return [tuple(row) for row in self.conn.execute(sql, window)]

        return {
            "per_week": rows(
                "SELECT date(c.logged_at, 'localtime', 'weekday 0', '-6 days') AS monday, count(*)"
                f" FROM complaints c WHERE {within} GROUP BY monday"),
            "complaints": rows(
                "SELECT c.channel, c.verdict, c.cause, c.status, c.outcome, c.customer_id,"
                " (julianday(c.apologized_at) - julianday(c.logged_at)) * 24,"
                " (julianday(c.fixed_at) - julianday(c.logged_at)) * 24, c.logged_at, c.closed_at"
                f" FROM complaints c WHERE {within}"),
            "promises": [tuple(self.conn.execute(
                "SELECT coalesce(sum(p.kept_at IS NOT NULL AND date(p.kept_at, 'localtime') <= p.due), 0),"
                " coalesce(sum(p.kept_at IS NOT NULL AND date(p.kept_at, 'localtime') > p.due), 0),"
                " coalesce(sum(p.kept_at IS NULL AND p.due < ?), 0), coalesce(sum(p.kept_at IS NULL AND p.due >= ?), 0)"
                f" FROM promises p JOIN complaints c ON c.id = p.complaint_id WHERE {within}",
                (today.isoformat(), today.isoformat(), *window)).fetchone())],
            "amends": rows(
                "SELECT a.kind, a.value_cents, a.code IS NOT NULL, a.redeemed_at IS NOT NULL"
                f" FROM amends a JOIN complaints c ON c.id = a.complaint_id WHERE {within}"),
            "approved": rows(
                "SELECT a.id, a.complaint_id, a.kind, a.value_cents, a.approved_by FROM amends a"
                f" JOIN complaints c ON c.id = a.complaint_id WHERE {within} AND a.approved_by IS NOT NULL"
                " ORDER BY a.id"),
            "spend": rows(
                "SELECT cu.id, cu.name, cu.yearly_spend_cents FROM customers cu WHERE cu.id IN"
                f" (SELECT c.customer_id FROM complaints c WHERE {within})"),
        }

    # export ------------------------------------------------------------------------

    def table_rows(self, table: str) -> tuple[list[str], Iterator[tuple]]:
        """Column names and rows of one of fixit's own tables, in id order."""
        assert table in EXPORT_TABLES
        cursor = self.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")
        return [d[0] for d in cursor.description], (tuple(row) for row in cursor)

    # tags and check-ins --------------------------------------------------------

    def add_tags(self, complaint_id: int, tags: list[str]) -> None:
        self.conn.executemany("INSERT OR IGNORE INTO tags (complaint_id, tag) VALUES (?, ?)",
                              [(complaint_id, tag) for tag in tags])

    def remove_tags(self, complaint_id: int, tags: list[str]) -> None:
        self.conn.executemany("DELETE FROM tags WHERE complaint_id = ? AND tag = ?", [(complaint_id, t) for t in tags])

    def tags_of(self, complaint_ids: Iterable[int]) -> list[str]:
        wanted = sorted(set(complaint_ids))
        if not wanted:
            return []
        rows = self.conn.execute(
            f"SELECT DISTINCT tag FROM tags WHERE complaint_id IN ({','.join('?' * len(wanted))}) ORDER BY tag", wanted)
        return [row[0] for row in rows]

    def count_tagged(self, tags: list[str], start: datetime, end: datetime) -> int:
        """Complaints logged in [start, end) carrying any of ``tags``."""
        if not tags:
            return 0
        rows = self.conn.execute(
            "SELECT count(DISTINCT c.id) FROM complaints c JOIN tags t ON t.complaint_id = c.id"
            f" WHERE t.tag IN ({','.join('?' * len(tags))}) AND c.logged_at >= ? AND c.logged_at < ?",
            (*tags, clock.to_stored(start), clock.to_stored(end)))
        return rows.fetchone()[0]

    # events and settings -----------------------------------------------------

    def add_event(self, complaint_id: int, kind: str, detail: str, at: datetime | None = None) -> None:
        self._insert("events", dict(complaint_id=complaint_id, kind=kind, detail=detail,
                                    at=clock.to_stored(at) if at else clock.stamp()))

    def events_of(self, complaint_id: int) -> list[Event]:
        rows = self.conn.execute("SELECT * FROM events WHERE complaint_id = ? ORDER BY at, id", (complaint_id,))
        return [Event(row["complaint_id"], clock.from_stored(row["at"]), row["kind"], row["detail"]) for row in rows]

    def settings(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.conn.execute("SELECT key, value FROM settings")}

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # helpers -------------------------------------------------------------------

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" * len(values))
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", [_to_sql(v) for v in values.values()]
        )
        return cursor.lastrowid

    def _update(self, table: str, record_id: int, values: dict[str, Any]) -> None:
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*(_to_sql(v) for v in values.values()), record_id]
        )


def _like(text: str) -> str:
    return text.casefold().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _to_sql(value: Any) -> Any:
    """Python values to their stored form: timestamps in UTC text, dates ISO, enums by value."""
    if isinstance(value, datetime):
        return clock.to_stored(value)
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    return value


@functools.cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _from_row(cls, row: sqlite3.Row, **overrides: Any):
    data = dict(zip(row.keys(), row))
    values = {name: data[name] for name in _field_names(cls) if name in data}
    values.update(overrides)
    return cls(**values)


def _moment(text: str | None) -> datetime | None:
    return clock.from_stored(text) if text else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _customer(row: sqlite3.Row) -> Customer:
    return _from_row(Customer, row)


def _complaint(row: sqlite3.Row) -> Complaint:
    return _from_row(
        Complaint, row,
        emergency=bool(row["emergency"]),
        logged_at=clock.from_stored(row["logged_at"]),
        apologized_at=_moment(row["apologized_at"]),
        fixed_at=_moment(row["fixed_at"]),
        followup_due=_day(row["followup_due"]),
        followup_done_at=_moment(row["followup_done_at"]),
        closed_at=_moment(row["closed_at"]),
    )


def _promise(row: sqlite3.Row) -> Promise:
    return _from_row(
        Promise, row,
        due=date.fromisoformat(row["due"]),
        due_time=time.fromisoformat(row["due_time"]) if row["due_time"] else None,
        made_at=clock.from_stored(row["made_at"]),
        kept_at=_moment(row["kept_at"]),
    )


def _amend(row: sqlite3.Row) -> Amend:
    return _from_row(
        Amend, row,
        created_at=clock.from_stored(row["created_at"]),
        expires=_day(row["expires"]),
        given_at=_moment(row["given_at"]),
        redeemed_at=_moment(row["redeemed_at"]),
        checkin_due=_day(row["checkin_due"]),
        checkin_done_at=_moment(row["checkin_done_at"]),
        checkin_ok=None if row["checkin_ok"] is None else bool(row["checkin_ok"]),
    )
