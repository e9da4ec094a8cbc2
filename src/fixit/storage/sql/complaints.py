"""Complaints: their table (the columns declared on ``fixit.model.Complaint``), the columns read
with the customer, row mapping and methods (the ``Complaints`` protocol; what `show` reads of every
record about one complaint is ``detail``'s)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fixit import clock
from fixit.errors import NotFound
from fixit.ids import label
from fixit.model import (
    Cause,
    Channel,
    Complaint,
    Outcome,
    Promise,
    Severity,
    Status,
    Verdict,
    columns_of,
)
from fixit.storage.sql import tables
from fixit.storage.sql.customers import last_contact_sql
from fixit.storage.sql.promises import read_promise
from fixit.storage.sql.recording import Recording
from fixit.storage.sql.rows import build, day, moment, required_words, rows_by_id, to_sql, word
from fixit.text import like_pattern, name_key

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table


def declared_tables() -> tuple[Table, ...]:
    """The complaints table: its columns declared on ``fixit.model.Complaint``, its indexes here
    (one for each searched column, made by the column's generated step)."""
    from fixit.storage.sql.declared import Index, Table, col

    return (
        Table(
            "complaints",
            tuple(col(f"{each.name} {each.sql}") for each in columns_of(Complaint)),
            (
                Index("complaints_customer", ("customer_id", "logged_at")),
                Index("complaints_logged", ("logged_at",)),
                Index("complaints_open_emergencies", ("id",), "emergency = 1 AND status != 'closed'"),
                Index("complaints_unapologized", ("logged_at",), "apologized_at IS NULL AND status != 'closed'"),
                Index("complaints_followups", ("followup_due",), "status = 'fixed' AND followup_done_at IS NULL"),
                Index("complaints_open", ("logged_at",), "status = 'open'"),
                Index("complaints_unclosed", ("status",), "status != 'closed'"),
                *(Index(f"complaints_{name}", (name,), f"{name} IS NOT NULL") for name in tables.searched()),
            ),
        ),
    )


# the customer's name, and what tells them apart when another customer has the same name
COMPLAINT_COLUMNS = (
    "c.*, cu.name AS customer_name, CASE WHEN EXISTS (SELECT 1 FROM customers namesake"
    " WHERE namesake.name_key = cu.name_key AND namesake.id != cu.id)"
    " THEN coalesce(cu.phone, cu.email, '') END AS namesake_contact"
)

COMPLAINT_FROM = "complaints c JOIN customers cu ON cu.id = c.customer_id"


def read_complaint(row: Any) -> Complaint:
    return build(
        Complaint,
        row,
        channel=required_words(Channel)[row["channel"]],
        severity=required_words(Severity)[row["severity"]],
        status=required_words(Status)[row["status"]],
        verdict=word(Verdict, row["verdict"]),
        cause=word(Cause, row["cause"]),
        outcome=word(Outcome, row["outcome"]),
        emergency=bool(row["emergency"]),
        logged_at=clock.from_stored(row["logged_at"]),
        apologized_at=moment(row["apologized_at"]),
        fixed_at=moment(row["fixed_at"]),
        followup_due=day(row["followup_due"]),
        followup_done_at=moment(row["followup_done_at"]),
        closed_at=moment(row["closed_at"]),
        happened_on=day(row["happened_on"]),
        voided_at=moment(row["voided_at"]),
        careful={"yes": True, "no": False}.get(row["careful"]),
        channel_given=bool(row["channel_given"]),
    )


class ComplaintRecords(Recording):
    def add_complaint(
        self,
        *,
        customer_id: int,
        summary: str,
        channel: Channel,
        severity: Severity,
        staff: str | None,
        notes: str | None,
        emergency: bool,
        logged_at: datetime,
        apologized_at: datetime | None,
        given: Mapping[str, object] | None = None,
    ) -> int:
        given = dict(given or {})
        unknown = sorted(set(given) - set(tables.given()))
        if unknown:
            raise ValueError(f"complaints have no column {unknown[0]!r} given as one is logged")
        complaint_id = self._inserted(
            "complaints",
            {
                "customer_id": customer_id,
                "summary": summary,
                "channel": channel,
                "severity": severity,
                "staff": staff,
                "notes": notes,
                "emergency": emergency,
                "logged_at": logged_at,
                "apologized_at": apologized_at,
                **{name: tables.stored("complaints", name, value) for name, value in given.items()},
            },
        )
        self._contacted(customer_id, logged_at)
        return complaint_id

    def get_complaint(self, complaint_id: int) -> Complaint:
        return tagged_complaint(complaint_id, *self._read_together(COMPLAINT_READS, {"id": complaint_id}))

    def complaints_by_id(self, ids: Iterable[int]) -> dict[int, Complaint]:
        found = rows_by_id(self.conn, f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.id IN", ids)
        return {row["id"]: read_complaint(row) for row in found}

    def complaint_ids_of_customer(self, customer_id: int) -> list[int]:
        found = self.conn.execute(
            "SELECT id FROM complaints WHERE customer_id = ? AND voided_at IS NULL ORDER BY logged_at, id",
            (customer_id,),
        )
        return [row[0] for row in found]

    def complaints_of_customer(self, customer_id: int) -> list[Complaint]:
        found = self.conn.execute(
            f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.customer_id = ? ORDER BY c.logged_at, c.id",
            (customer_id,),
        )
        return [read_complaint(row) for row in found]

    def list_complaints(
        self,
        *,
        open_only: bool,
        customer_id: int | None,
        name_part: str | None,
        since: datetime | None,
        channel: Channel | None,
        limit: int | None,
        voided: bool = False,
    ) -> Iterator[Complaint]:
        clauses: list[str] = ["c.voided_at IS NOT NULL" if voided else "c.voided_at IS NULL"]
        params: list[object] = []
        if open_only:
            clauses.append(f"c.status != '{Status.closed}'")
        if customer_id is not None:
            clauses.append("c.customer_id = ?")
            params.append(customer_id)
        if name_part is not None:
            clauses.append("cu.name_key LIKE ? ESCAPE '\\'")
            params.append(like_pattern(name_key(name_part)))
        if since is not None:
            clauses.append("c.logged_at >= ?")
            params.append(to_sql(since))
        if channel is not None:
            clauses.append("c.channel = ?")
            params.append(to_sql(channel))
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        tail = f"LIMIT {int(limit)}" if limit else ""
        read = self.conn.execute if limit else self._read_streamed
        found = read(
            f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} {where} ORDER BY c.logged_at DESC, c.id DESC {tail}",
            params,
        )
        return (read_complaint(row) for row in found)

    def count_unclosed(self) -> int:
        count: int = self.conn.execute(OPEN_COUNT_SQL).fetchone()[0]
        return count

    def first_logged_at(self) -> datetime | None:
        return moment(self.conn.execute("SELECT min(logged_at) FROM complaints").fetchone()[0])

    def mark_apologized(self, complaint_id: int, at: datetime) -> None:
        self._set("complaints", complaint_id, apologized_at=at)

    def record_verdict(self, complaint_id: int, verdict: Verdict, cause: Cause | None, explanation: str | None) -> None:
        self._set("complaints", complaint_id, verdict=verdict, cause=cause, explanation=explanation)

    def mark_fixed(self, complaint_id: int, fix: str, at: datetime, followup_due: date) -> None:
        self._set(
            "complaints",
            complaint_id,
            status=Status.fixed,
            fix=fix,
            fixed_at=at,
            followup_due=followup_due,
            followup_done_at=None,
        )

    def mark_followed_up(self, complaint_id: int, at: datetime) -> None:
        self._set("complaints", complaint_id, followup_done_at=at)

    def close_complaint(self, complaint_id: int, at: datetime, outcome: Outcome) -> None:
        self._set("complaints", complaint_id, status=Status.closed, closed_at=at, outcome=outcome)

    def correct_complaint(self, complaint: Complaint) -> None:
        before = self.conn.execute("SELECT customer_id FROM complaints WHERE id = ?", (complaint.id,)).fetchone()[0]
        self._set(
            "complaints",
            complaint.id,
            summary=complaint.summary,
            channel=complaint.channel,
            severity=complaint.severity,
            customer_id=complaint.customer_id,
            about=complaint.about,
            happened_on=complaint.happened_on,
            emergency=complaint.emergency,
            **{name: tables.stored("complaints", name, getattr(complaint, name)) for name in tables.edited()},
        )
        if before != complaint.customer_id:  # both customers' latest contact, worked out again for them alone
            self.conn.execute(f"{last_contact_sql(self.dialect)} WHERE id IN (?, ?)", (before, complaint.customer_id))

    def complaints_with(self, column: str, value: str) -> list[int]:
        if column not in tables.searched():
            raise ValueError(f"complaints are not looked up by {column!r}")
        found = self.conn.execute(f"SELECT id FROM complaints WHERE {column} = ? ORDER BY logged_at, id", (value,))
        return [row[0] for row in found]

    def void_complaint(self, complaint_id: int, at: datetime, reason: str) -> None:
        self._set("complaints", complaint_id, voided_at=at, void_reason=reason)

    def unvoid_complaint(self, complaint_id: int) -> None:
        self._set("complaints", complaint_id, voided_at=None, void_reason=None)

    def set_emergency(self, complaint_id: int, emergency: bool) -> None:
        self._set("complaints", complaint_id, emergency=emergency)

    def reopen_complaint(self, complaint_id: int) -> None:
        self._set("complaints", complaint_id, status=Status.open, closed_at=None, outcome=None)

    def prepare_log(self, name: str, phone: str | None, email: str | None, customer_id: int | None) -> None:
        """Nothing to prepare on a file: every read is at hand."""

    def logged_back(
        self, complaint_id: int, promise_id: int | None
    ) -> tuple[Complaint, Promise | None, list[Complaint]]:
        found, tags, earlier, promise = self._read_together(
            (*COMPLAINT_READS, EARLIER_READ, "SELECT * FROM promises WHERE id = :promise"),
            {"id": complaint_id, "promise": promise_id if promise_id is not None else 0},
        )
        return (
            tagged_complaint(complaint_id, found, tags),
            read_promise(promise[0]) if promise else None,
            [read_complaint(row) for row in earlier],
        )

    def complaint_with_event(self, logged_at: datetime, kind: str, containing: str) -> int | None:
        row = self.conn.execute(
            EVENT_OF_COMPLAINT_LOGGED_SQL, (to_sql(logged_at), kind, like_pattern(containing))
        ).fetchone()
        return int(row[0]) if row else None


def tagged_complaint(complaint_id: int, found: list[Any], tags: list[Any]) -> Complaint:
    if not found:
        raise NotFound(f"no complaint {label('complaint', complaint_id)}")
    complaint = read_complaint(found[0])
    complaint.tags = sorted({row[0] for row in tags})
    return complaint


EVENT_OF_COMPLAINT_LOGGED_SQL = (
    "SELECT e.complaint_id FROM complaints c JOIN events e ON e.complaint_id = c.id WHERE c.logged_at = ?"
    " AND e.kind = ? AND e.detail LIKE ? ESCAPE '\\' ORDER BY e.id LIMIT 1"
)


OPEN_COUNT_SQL = f"SELECT count(*) FROM complaints WHERE status != '{Status.closed}' AND voided_at IS NULL"


# One complaint, its tags (get_complaint's reads) and the customer's other complaints, by its number (:id).
COMPLAINT_READS = (
    f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.id = :id",
    "SELECT DISTINCT tag FROM tags WHERE complaint_id = :id",
)
EARLIER_READ = (
    f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.customer_id ="
    " (SELECT customer_id FROM complaints WHERE id = :id) AND c.id != :id ORDER BY c.logged_at, c.id"
)
