"""Create, read and change records, table by table: the ``Store`` protocol's record methods, in
SQL both stores run. Each method is one or two statements; transactions are the caller's."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, time
from typing import Any

from fixit import clock
from fixit.errors import NotFound
from fixit.ids import label
from fixit.model import (
    Amend,
    AmendKind,
    Cause,
    Change,
    Channel,
    Complaint,
    ComplaintDetail,
    Customer,
    Event,
    Letter,
    LetterKind,
    Outcome,
    Promise,
    Severity,
    Status,
    Unsent,
    Verdict,
    Via,
)
from fixit.storage.sql import rows, tables
from fixit.storage.sql.base import SqlStore
from fixit.storage.sql.dialect import Dialect
from fixit.storage.sql.rows import COMPLAINT_COLUMNS, COMPLAINT_FROM, to_sql
from fixit.text import PhoneRule, e164_key, email_key, is_placeholder, like_pattern, name_key, phone_key


class Records(SqlStore):
    _phone_rule: PhoneRule | bool | None = False  # False: not read yet
    # Which till makes this run's changes (set by the command line; None: not recorded for undo). Each
    # event written then carries the till, this run's batch, and what the changes since the previous
    # event replaced, so `fixit undo` can put it back.
    till: str | None = None
    _batch: str | None = None
    _pending: list[dict[str, Any]] | None = None
    _made: set[tuple[str, int]] | None = None  # records this run inserted while recording
    _tags_by_complaint: dict[int, set[str]] | None = None

    def _noted(self, change: dict[str, Any]) -> None:
        if self.till is not None:
            if self._pending is None:
                self._pending = []
            self._pending.append(change)

    # phone numbers: how they are keyed for matching ----------------------------------------

    def phone_key(self, phone: str) -> str:
        """International form (E.164) under the shop's country's rule (the `phone_rule` setting,
        written when `country` is set), else the number's digits."""
        if self._phone_rule is False:
            import json

            row = self.conn.execute("SELECT value FROM settings WHERE key = 'phone_rule'").fetchone()
            self._phone_rule = PhoneRule(*json.loads(row[0])) if row else None
        rule = self._phone_rule
        return e164_key(phone, rule) if isinstance(rule, PhoneRule) else phone_key(phone)

    def rekey_phones(self, rule: PhoneRule | None) -> list[tuple[str, list[int]]]:
        """Key every phone on file under ``rule`` (kept as the `phone_rule` setting); returns the keys
        that several customers now share, with their ids, for the owner to look at."""
        import json

        if rule is None:
            self.conn.execute("DELETE FROM settings WHERE key = 'phone_rule'")
        else:
            self.set_setting("phone_rule", json.dumps(list(rule)))
        self._phone_rule = rule
        for customer_id, phone in self.conn.execute(
            "SELECT id, phone FROM customers WHERE phone IS NOT NULL"
        ).fetchall():
            self.conn.execute("UPDATE customers SET phone_key = ? WHERE id = ?", (self.phone_key(phone), customer_id))
        for customer_id, value in self.conn.execute(
            "SELECT customer_id, value FROM extra_contacts WHERE kind = 'phone'"
        ).fetchall():
            key = self.phone_key(value)  # a customer's two numbers that are now one stay as they were
            self.conn.execute(
                "UPDATE extra_contacts SET key = ? WHERE customer_id = ? AND kind = 'phone' AND value = ?"
                " AND NOT EXISTS (SELECT 1 FROM extra_contacts o WHERE o.customer_id = ?"
                " AND o.kind = 'phone' AND o.key = ?)",
                (key, customer_id, value, customer_id, key),
            )
        shared: dict[str, list[int]] = {}
        for key, customer_id in self.conn.execute(
            "SELECT phone_key, id FROM customers WHERE phone_key IN (SELECT phone_key FROM customers"
            " WHERE phone_key IS NOT NULL GROUP BY phone_key HAVING count(*) > 1) ORDER BY id"
        ):
            shared.setdefault(key, []).append(customer_id)
        return list(shared.items())

    # customers -----------------------------------------------------------------------------

    def add_customer(self, name: str, phone: str | None, email: str | None, notes: str | None) -> Customer:
        customer_id = self._insert(
            "customers",
            {
                "name": name,
                "name_key": name_key(name),
                "phone": phone,
                "phone_key": self.phone_key(phone) if phone else None,
                "email": email,
                "email_key": email_key(email) if email else None,
                "notes": notes,
                "created_at": clock.stamp(),
            },
        )
        return Customer(customer_id, name, phone, email, notes)  # as stored: no need to read it back

    def get_customer(self, customer_id: int) -> Customer:
        row = self.conn.execute("SELECT * FROM customers WHERE id = ?", (customer_id,)).fetchone()
        if row is None:
            raise NotFound(f"no customer {customer_id}")
        return rows.customer(row)

    def customers_with_phone(self, phone: str) -> list[Customer]:
        return self._customers_with("phone", self.phone_key(phone))

    def customers_with_email(self, email: str) -> list[Customer]:
        return self._customers_with("email", email_key(email))

    def _customers_with(self, kind: str, key: str) -> list[Customer]:
        """By the contact on file or an extra one kept from a merge."""
        found = self.conn.execute(
            f"SELECT * FROM customers WHERE {kind}_key = ? UNION SELECT cu.* FROM customers cu"
            " JOIN extra_contacts x ON x.customer_id = cu.id WHERE x.kind = ? AND x.key = ? ORDER BY id",
            (key, kind, key),
        )
        return [rows.customer(row) for row in found]

    def add_extra_contact(self, customer_id: int, kind: str, value: str) -> None:
        key = self.phone_key(value) if kind == "phone" else email_key(value)
        self.conn.execute(
            "INSERT INTO extra_contacts (customer_id, kind, value, key) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (customer_id, kind, value, key),
        )

    def move_extra_contacts(self, from_customer: int, to_customer: int) -> None:
        self.conn.execute(
            "INSERT INTO extra_contacts (customer_id, kind, value, key) SELECT ?, kind, value, key"
            " FROM extra_contacts WHERE customer_id = ? ON CONFLICT DO NOTHING",
            (to_customer, from_customer),
        )
        self.conn.execute("DELETE FROM extra_contacts WHERE customer_id = ?", (from_customer,))

    def customers_named(self, name: str) -> list[Customer]:
        return self._customers_where("name_key", name_key(name))

    def _customers_where(self, key_column: str, key: str) -> list[Customer]:
        found = self.conn.execute(f"SELECT * FROM customers WHERE {key_column} = ? ORDER BY id", (key,))
        return [rows.customer(row) for row in found]

    def customer_ids_matching(self, fragment: str) -> list[int]:
        found = self.conn.execute(
            "SELECT id FROM customers WHERE name_key LIKE ? ESCAPE '\\' ORDER BY id",
            (like_pattern(name_key(fragment)),),
        )
        return [row[0] for row in found]

    def save_customer_details(self, customer: Customer) -> None:
        self.conn.execute(
            "UPDATE customers SET name = ?, name_key = ?, phone = ?, phone_key = ?, email = ?, email_key = ?,"
            " notes = ?, yearly_spend_cents = ?, greet = ? WHERE id = ?",
            (
                customer.name,
                name_key(customer.name),
                customer.phone,
                self.phone_key(customer.phone) if customer.phone else None,
                customer.email,
                email_key(customer.email) if customer.email else None,
                customer.notes,
                customer.yearly_spend_cents,
                customer.greet,
                customer.id,
            ),
        )

    def move_complaints(self, from_customer: int, to_customer: int) -> list[int]:
        moved = [
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM complaints WHERE customer_id = ? ORDER BY id", (from_customer,)
            )
        ]
        self.conn.execute("UPDATE complaints SET customer_id = ? WHERE customer_id = ?", (to_customer, from_customer))
        self.conn.execute(
            f"UPDATE customers SET last_contact_at = {self.dialect.greatest}(coalesce(last_contact_at,"
            " ''), coalesce((SELECT last_contact_at FROM customers WHERE id = ?), '')) WHERE id = ?",
            (from_customer, to_customer),
        )
        return moved

    def delete_customer(self, customer_id: int) -> None:
        self.conn.execute("DELETE FROM customers WHERE id = ?", (customer_id,))

    def extra_contacts_of(self, customer_id: int) -> list[tuple[str, str]]:
        return [
            (row[0], row[1])
            for row in self.conn.execute(
                "SELECT kind, value FROM extra_contacts WHERE customer_id = ? ORDER BY kind, value", (customer_id,)
            )
        ]

    def traces_of(self, customer_id: int) -> list[str]:
        """What names the customer in words: their name, phone, email and extra contacts."""
        customer = self.get_customer(customer_id)
        found = [
            customer.name,
            customer.phone,
            customer.email,
            *(v for _, v in self.extra_contacts_of(customer_id)),
            *self._former_names(customer_id),
        ]
        return list(dict.fromkeys(t.strip() for t in found if t and t.strip()))

    def _former_names(self, customer_id: int) -> list[str]:
        """The names of duplicates merged into this customer ("Customer 2 (Quentin Zabrowsky) merged
        into customer 1"): names they were known by too."""
        ending = f") merged into customer {customer_id}"
        found = []
        for (detail,) in self.conn.execute(
            "SELECT detail FROM events WHERE detail LIKE ? ESCAPE '\\'", (like_pattern(ending),)
        ):
            match = re.match(rf"^Customer [0-9]+ \((.+){re.escape(ending)}$", str(detail))
            if match:
                found.append(match[1])
        return found

    def events_naming(self, customer_id: int) -> list[tuple[int, str, str]]:
        """Events on other customers' complaints whose words name this customer (a complaint moved
        away from them says so): complaint, kind and words."""
        return [(complaint_id, kind, detail) for _, complaint_id, kind, detail in self._naming(customer_id, True)]

    def _naming(self, customer_id: int, others_only: bool) -> list[tuple[int, int, str, str]]:
        """Events whose words hold the customer's name or a contact of theirs as a whole word, or a
        tag made from their name ("Tagged: dana-vip", even one taken off since)."""
        found: dict[int, tuple[int, int, str, str]] = {}
        others = " AND c.customer_id <> ?" if others_only else ""
        wholes = [(t, rf"(?<!\w){re.escape(t.casefold())}(?!\w)") for t in self.traces_of(customer_id)]
        tagged = [
            (w, rf"(?<![\w-]){re.escape(w)}[-_]\w|\w[-_]{re.escape(w)}(?![\w-])") for w in self._name_words(customer_id)
        ]
        words = self._name_words(customer_id)
        for row in self.conn.execute(
            "SELECT e.id, e.complaint_id, e.kind, e.detail FROM events e"
            " JOIN complaints c ON c.id = e.complaint_id"
            f" WHERE e.kind = 'tagged'{others} ORDER BY e.id",
            (customer_id,) if others_only else (),
        ):
            if words & set(re.findall(r"\w+", str(row[3]).casefold())):  # "Tagged: quentin"
                found[row[0]] = (row[0], row[1], row[2], row[3])
        for trace, pattern in wholes + tagged:
            whole = re.compile(pattern)
            for row in self.conn.execute(
                "SELECT e.id, e.complaint_id, e.kind, e.detail, e.undo FROM events e"
                " JOIN complaints c ON c.id = e.complaint_id"
                f" WHERE (lower(e.detail) LIKE ? ESCAPE '\\' OR lower(e.undo) LIKE ? ESCAPE '\\'){others}"
                " ORDER BY e.id",
                (like_pattern(trace.lower()), like_pattern(trace.lower()), *((customer_id,) if others_only else ())),
            ):
                if whole.search(str(row[3]).casefold()) or whole.search(str(row[4] or "").casefold()):
                    found[row[0]] = (row[0], row[1], row[2], row[3])
        return [found[k] for k in sorted(found)]

    def words_naming(self, customer_id: int) -> list[str]:
        patterns = [re.compile(rf"(?<!\w){re.escape(t.casefold())}(?!\w)") for t in self.traces_of(customer_id)]
        found: list[str] = []
        reads = (
            (
                "SELECT id, summary, notes, explanation, fix, about, went_wrong, found, we_did FROM complaints"
                " WHERE customer_id <> ?",
                "#",
            ),
            (
                "SELECT p.complaint_id, p.what, p.tell FROM promises p JOIN complaints c ON c.id = p.complaint_id"
                " WHERE c.customer_id <> ?",
                "#",
            ),
            ("SELECT id, description FROM changes WHERE ? IS NOT NULL", "C"),
        )
        for sql, mark in reads:
            for row in self.conn.execute(sql, (customer_id,)):
                words = " ".join(str(v) for v in tuple(row)[1:] if v is not None).casefold()
                label = f"{mark}{row[0]}"
                if label not in found and any(p.search(words) for p in patterns):
                    found.append(label)
        return found

    def _name_words(self, customer_id: int) -> set[str]:
        """The words of their name a tag could be made from; two letters ("Al", "in") are too common,
        and a placeholder ("Walk-in") is no one's name."""
        names = [self.get_customer(customer_id).name, *self._former_names(customer_id)]
        return {
            w for name in names if not is_placeholder(name) for w in re.findall(r"\w+", name_key(name)) if len(w) > 2
        }

    def tags_naming(self, customer_id: int) -> list[tuple[int, str]]:
        """Tags, on any complaint, made from a word of the customer's name ("dana-vip" for Dana Reyes)."""
        words = self._name_words(customer_id)
        return [
            (row[0], row[1])
            for row in self.conn.execute("SELECT complaint_id, tag FROM tags ORDER BY tag")
            if words & set(re.findall(r"\w+", str(row[1]).casefold()))
        ]

    def forget_customer(self, customer_id: int, name: str) -> None:
        gone = "(forgotten)"
        theirs = "complaint_id IN (SELECT id FROM complaints WHERE customer_id = ?)"
        self._before_erasing()
        naming, tags = self._naming(customer_id, False), self.tags_naming(customer_id)
        for event_id, *_ in naming:  # other complaints' timelines: "Corrected customer: 1 Dana Reyes (was ...)"
            self.conn.execute("UPDATE events SET detail = kind, undo = NULL WHERE id = ?", (event_id,))
        # what `undo` keeps to put back (earlier words, tags) must not keep their name either
        traces = [t.casefold() for t in self.traces_of(customer_id)] + [tag.casefold() for _, tag in tags]
        words = self._name_words(customer_id)
        for event_id, undo in list(self.conn.execute("SELECT id, undo FROM events WHERE undo IS NOT NULL")):
            kept = str(undo).casefold()
            if any(t in kept for t in traces) or words & set(re.findall(r"\w+", kept)):
                self.conn.execute("UPDATE events SET undo = NULL WHERE id = ?", (event_id,))
        for complaint_id, tag in tags:
            self.conn.execute("DELETE FROM tags WHERE complaint_id = ? AND tag = ?", (complaint_id, tag))
        self.conn.execute(
            "UPDATE customers SET name = ?, name_key = ?, phone = NULL, phone_key = NULL, email = NULL,"
            " email_key = NULL, notes = NULL, greet = NULL WHERE id = ?",
            (name, name_key(name), customer_id),
        )
        self.conn.execute("DELETE FROM extra_contacts WHERE customer_id = ?", (customer_id,))
        self.conn.execute(
            "UPDATE complaints SET summary = ?, notes = NULL, explanation = NULL, about = NULL,"
            " went_wrong = NULL, found = NULL, we_did = NULL,"
            " fix = CASE WHEN fix IS NULL THEN NULL ELSE ? END WHERE customer_id = ?",
            (gone, gone, customer_id),
        )
        self.conn.execute(f"UPDATE promises SET what = ?, tell = NULL WHERE {theirs}", (gone, customer_id))
        self.conn.execute(f"UPDATE amends SET note = NULL WHERE {theirs}", (customer_id,))
        self.conn.execute(f"UPDATE events SET detail = kind, undo = NULL WHERE {theirs}", (customer_id,))
        for table in ("letters", "unsent"):
            self.conn.execute(f"DELETE FROM {table} WHERE {theirs}", (customer_id,))
        self._after_erasing()

    # complaints ----------------------------------------------------------------------------

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

    def _contacted(self, customer_id: int, at: datetime) -> None:
        """Keep the customer's latest contact (migration 007) as complaints and letters come."""
        self.conn.execute(
            f"UPDATE customers SET last_contact_at = {self.dialect.greatest}(coalesce(last_contact_at,"
            " ''), ?) WHERE id = ?",
            (to_sql(at), customer_id),
        )

    def refresh_last_contact(self) -> None:
        """Work every customer's latest contact out again (after a merge or an import of an export)."""
        self.conn.execute(last_contact_sql(self.dialect))

    def get_complaint(self, complaint_id: int) -> Complaint:
        return _tagged_complaint(complaint_id, *self._read_together(_DETAIL_READS[:2], {"id": complaint_id}))

    def complaint_detail(self, complaint_id: int) -> ComplaintDetail:
        """Everything `show` prints, read together (one exchange with a server)."""
        (found, tags, customer, earlier, promises, amends, events, changes, linked, letters) = self._read_together(
            _DETAIL_READS, {"id": complaint_id}
        )
        complaint = _tagged_complaint(complaint_id, found, tags)
        linked_to: dict[int, list[int]] = {}
        for row in linked:
            linked_to.setdefault(row[0], []).append(row[1])
        return ComplaintDetail(
            complaint=complaint,
            customer=rows.customer(customer[0]),
            promises=[rows.promise(row) for row in promises],
            amends=[rows.amend(row) for row in amends],
            events=[rows.event(row) for row in events],
            earlier=[rows.complaint(row) for row in earlier],
            changes=[
                Change(row["id"], row["description"], clock.from_stored(row["made_at"]), linked_to[row["id"]])
                for row in changes
            ],
            letters=[rows.letter(row) for row in letters],
        )

    def complaints_by_id(self, ids: Iterable[int]) -> dict[int, Complaint]:
        found = rows.rows_by_id(self.conn, f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.id IN", ids)
        return {row["id"]: rows.complaint(row) for row in found}

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
        return [rows.complaint(row) for row in found]

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
        return (rows.complaint(row) for row in found)

    def count_unclosed(self) -> int:
        count: int = self.conn.execute(OPEN_COUNT_SQL).fetchone()[0]
        return count

    def first_logged_at(self) -> datetime | None:
        return rows.moment(self.conn.execute("SELECT min(logged_at) FROM complaints").fetchone()[0])

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

    # promises and amends -------------------------------------------------------------------

    def add_promise(
        self,
        *,
        complaint_id: int,
        what: str,
        due: date,
        due_time: time | None,
        made_at: datetime,
        amend_id: int | None,
        tell: str | None = None,
    ) -> int:
        return self._inserted(
            "promises",
            {
                "complaint_id": complaint_id,
                "what": what,
                "due": due,
                "due_time": due_time,
                "made_at": made_at,
                "amend_id": amend_id,
                "tell": tell,
            },
        )

    def set_promise_tell(self, promise_id: int, tell: str | None) -> None:
        self._set("promises", promise_id, tell=tell)

    def get_promise(self, promise_id: int) -> Promise:
        row = self.conn.execute("SELECT * FROM promises WHERE id = ?", (promise_id,)).fetchone()
        if row is None:
            raise NotFound(f"no promise {label('promise', promise_id)}")
        return rows.promise(row)

    def promises_of(self, complaint_id: int) -> list[Promise]:
        return [rows.promise(row) for row in self.conn.execute(_PROMISES_OF, {"id": complaint_id})]

    def open_promises_due_by(self, day: date) -> list[Promise]:
        found = self.conn.execute(
            "SELECT * FROM promises WHERE kept_at IS NULL AND due <= ? ORDER BY due, due_time NULLS LAST, id",
            (to_sql(day),),
        )
        return [rows.promise(row) for row in found]

    def mark_kept(self, promise_id: int, at: datetime) -> None:
        self._set("promises", promise_id, kept_at=at)

    def add_amend(
        self,
        *,
        complaint_id: int,
        kind: AmendKind,
        value_cents: int | None,
        note: str | None,
        code: str | None,
        expires: date | None,
        created_at: datetime,
        given_at: datetime | None,
        approved_by: str | None,
    ) -> int:
        return self._inserted(
            "amends",
            {
                "complaint_id": complaint_id,
                "kind": kind,
                "value_cents": value_cents,
                "note": note,
                "code": code,
                "expires": expires,
                "created_at": created_at,
                "given_at": given_at,
                "approved_by": approved_by,
            },
        )

    def get_amend(self, amend_id: int) -> Amend:
        row = self.conn.execute("SELECT * FROM amends WHERE id = ?", (amend_id,)).fetchone()
        if row is None:
            raise NotFound(f"no amend {label('amend', amend_id)}")
        return rows.amend(row)

    def coupon_with_code(self, code: str) -> Amend | None:
        row = self.conn.execute("SELECT * FROM amends WHERE code = ?", (code,)).fetchone()
        return rows.amend(row) if row else None

    def amends_of(self, complaint_id: int) -> list[Amend]:
        return [rows.amend(row) for row in self.conn.execute(_AMENDS_OF, {"id": complaint_id})]

    def mark_handed_over(self, amend_id: int, at: datetime) -> None:
        self._set("amends", amend_id, given_at=at)

    def set_amend_note(self, amend_id: int, note: str | None) -> None:
        self._set("amends", amend_id, note=note)

    def mark_redeemed(self, amend_id: int, at: datetime) -> None:
        self._note_before("amends", amend_id, ("redeemed_at", "given_at"))
        self.conn.execute(
            "UPDATE amends SET redeemed_at = ?, given_at = coalesce(given_at, ?) WHERE id = ?",
            (to_sql(at), to_sql(at), amend_id),
        )

    def schedule_checkin(self, amend_id: int, due: date) -> None:
        self._set("amends", amend_id, checkin_due=due)

    def record_checkin(self, amend_id: int, at: datetime, ok: bool) -> None:
        self._set("amends", amend_id, checkin_done_at=at, checkin_ok=ok)

    # process changes, letters, tags, events, settings ---------------------------------------

    def add_change(self, description: str, made_at: datetime, complaint_ids: list[int]) -> int:
        change_id = self._insert("changes", {"description": description, "made_at": made_at})
        self.conn.executemany(
            "INSERT INTO change_complaints (change_id, complaint_id) VALUES (?, ?)",
            [(change_id, cid) for cid in complaint_ids],
        )
        return change_id

    def get_change(self, change_id: int) -> Change:
        row = self.conn.execute("SELECT * FROM changes WHERE id = ?", (change_id,)).fetchone()
        if row is None:
            raise NotFound(f"no process change {label('change', change_id)}")
        return self._change(row)

    def set_change_description(self, change_id: int, description: str) -> None:
        self._set("changes", change_id, description=description)

    def all_changes(self) -> list[Change]:
        return [self._change(row) for row in self.conn.execute("SELECT * FROM changes ORDER BY made_at, id")]

    def _change(self, row: Any) -> Change:
        linked = self.conn.execute(
            "SELECT complaint_id FROM change_complaints WHERE change_id = ? ORDER BY complaint_id", (row["id"],)
        )
        return Change(row["id"], row["description"], clock.from_stored(row["made_at"]), [r[0] for r in linked])

    def add_letter(
        self,
        *,
        complaint_id: int,
        kind: LetterKind,
        body: str,
        sent_at: datetime,
        change_id: int | None,
        via: Via = Via.recorded,
        message_id: str | None = None,
    ) -> int:
        letter_id = self._insert(
            "letters",
            {
                "complaint_id": complaint_id,
                "kind": kind,
                "body": body,
                "sent_at": sent_at,
                "change_id": change_id,
                "via": via,
                "message_id": message_id,
            },
        )
        owner = self.conn.execute("SELECT customer_id FROM complaints WHERE id = ?", (complaint_id,)).fetchone()
        if owner:
            self._contacted(owner[0], sent_at)
        return letter_id

    def recent_letters(self, limit: int | None) -> list[Letter]:
        tail = f" LIMIT {int(limit)}" if limit else ""
        found = self.conn.execute(f"SELECT * FROM letters ORDER BY sent_at DESC, id DESC{tail}")
        return [rows.letter(row) for row in found]

    def keep_unsent(
        self,
        *,
        complaint_id: int,
        kind: LetterKind,
        via: Via,
        subject: str,
        body: str,
        failed_at: datetime,
        reason: str,
        change_id: int | None,
    ) -> int:
        return self._insert(
            "unsent",
            {
                "complaint_id": complaint_id,
                "kind": kind,
                "via": via,
                "subject": subject,
                "body": body,
                "failed_at": failed_at,
                "reason": reason,
                "change_id": change_id,
            },
        )

    def unsent_letters(self) -> list[Unsent]:
        return [rows.unsent(row) for row in self.conn.execute("SELECT * FROM unsent ORDER BY failed_at, id")]

    def get_unsent(self, unsent_id: int) -> Unsent:
        row = self.conn.execute("SELECT * FROM unsent WHERE id = ?", (unsent_id,)).fetchone()
        if row is None:
            raise NotFound(f"no unsent letter {label('unsent', unsent_id)}")
        return rows.unsent(row)

    def forget_unsent(self, complaint_id: int, kind: LetterKind) -> None:
        """Once a letter of this kind went out, earlier failed drafts of it are done with."""
        self.conn.execute("DELETE FROM unsent WHERE complaint_id = ? AND kind = ?", (complaint_id, to_sql(kind)))

    def letters_of(self, complaint_id: int) -> list[Letter]:
        return [rows.letter(row) for row in self.conn.execute(_LETTERS_OF, {"id": complaint_id})]

    def add_tags(self, complaint_id: int, tags: list[str]) -> None:
        if self.till is not None:  # a complaint made in this same change has no tags but those it was given
            given = self._given_tags.setdefault(complaint_id, set())
            had = set(given) if self._made_now("complaints", complaint_id) else set(self.tags_of([complaint_id]))
            given.update(tags)
            self._noted({"table": "tags", "id": complaint_id, "added": [t for t in tags if t not in had]})
        self.conn.executemany(
            "INSERT INTO tags (complaint_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(complaint_id, tag) for tag in tags],
        )

    def remove_tags(self, complaint_id: int, tags: list[str]) -> None:
        if self.till is not None:
            had = set(self.tags_of([complaint_id]))
            self._noted({"table": "tags", "id": complaint_id, "removed": [t for t in tags if t in had]})
        self.conn.executemany("DELETE FROM tags WHERE complaint_id = ? AND tag = ?", [(complaint_id, t) for t in tags])

    def tags_of(self, complaint_ids: Iterable[int]) -> list[str]:
        found = rows.rows_by_id(self.conn, "SELECT DISTINCT tag FROM tags WHERE complaint_id IN", complaint_ids)
        return sorted({row[0] for row in found})

    def count_tagged(self, tags: list[str], start: datetime, end: datetime) -> int:
        if not tags:
            return 0
        count: int = self.conn.execute(
            "SELECT count(DISTINCT c.id) FROM complaints c JOIN tags t ON t.complaint_id = c.id"
            f" WHERE t.tag IN ({','.join('?' * len(tags))}) AND c.logged_at >= ? AND c.logged_at < ?",
            (*tags, to_sql(start), to_sql(end)),
        ).fetchone()[0]
        return count

    def add_event(self, complaint_id: int, kind: str, detail: str, at: datetime | None = None) -> None:
        values: dict[str, object] = {
            "complaint_id": complaint_id,
            "kind": kind,
            "detail": detail,
            "at": at or clock.now(),
        }
        if self.till is not None:
            import json
            import uuid

            if self._batch is None:
                self._batch = uuid.uuid4().hex
            values.update(
                till=self.till,
                batch=self._batch,
                undo=json.dumps({"made": clock.stamp(), "changes": self._pending or []}),
            )
            self._pending = None
        self._insert("events", values)

    def last_change(self, till: str) -> list[tuple[Event, str]]:
        """The events of the latest change this till made that is not undone yet (oldest first), each
        with what it replaced (JSON: {"made": when, "changes": [...]})."""
        batch = self._last_batch(till)
        if batch is None:
            return []
        found = self.conn.execute("SELECT * FROM events WHERE batch = ? AND undone_at IS NULL ORDER BY id", (batch,))
        return [(rows.event(r), r["undo"]) for r in found]

    def undo_change(self, till: str, at: datetime) -> None:
        """Put back what the latest change of this till replaced (in reverse order) and mark it undone.
        A complaint it logged is marked void, a promise, amend or tag it added is taken off; nothing
        else is deleted."""
        import json

        batch = self._last_batch(till)
        if batch is None:
            return
        for _, undo in reversed(self.last_change(till)):
            for change in reversed(json.loads(undo)["changes"]):
                self._reverse(change, at)
        self.conn.execute("UPDATE events SET undone_at = ? WHERE batch = ?", (to_sql(at), batch))

    def _last_batch(self, till: str) -> str | None:
        row = self.conn.execute(
            "SELECT batch FROM events WHERE till = ? AND undone_at IS NULL AND kind != 'undone'"
            " ORDER BY id DESC LIMIT 1",
            (till,),
        ).fetchone()
        return None if row is None else str(row[0])

    def _reverse(self, change: dict[str, Any], at: datetime) -> None:
        table, record_id = change["table"], change["id"]
        if table == "tags":
            for tag in change.get("added", []):
                self.conn.execute("DELETE FROM tags WHERE complaint_id = ? AND tag = ?", (record_id, tag))
            for tag in change.get("removed", []):
                self.conn.execute(
                    "INSERT INTO tags (complaint_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING", (record_id, tag)
                )
        elif change.get("inserted"):
            if table == "complaints":  # kept, as entered in error
                self.conn.execute(
                    "UPDATE complaints SET voided_at = ?, void_reason = 'undone' WHERE id = ?", (to_sql(at), record_id)
                )
            else:
                if table == "amends":
                    self.conn.execute("UPDATE promises SET amend_id = NULL WHERE amend_id = ?", (record_id,))
                self.conn.execute(f"DELETE FROM {_UNDOABLE_TABLES[table]} WHERE id = ?", (record_id,))
        else:
            before: dict[str, object] = change["before"]
            columns = [column for column in before if column in _UNDOABLE_COLUMNS[table]]
            self.conn.execute(
                f"UPDATE {_UNDOABLE_TABLES[table]} SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
                [*(before[c] for c in columns), record_id],
            )

    def prepare_log(self, name: str, phone: str | None, email: str | None, customer_id: int | None) -> None:
        """Nothing to prepare on a file: every read is at hand."""

    def logged_back(
        self, complaint_id: int, promise_id: int | None
    ) -> tuple[Complaint, Promise | None, list[Complaint]]:
        found, tags, earlier, promise = self._read_together(
            (*_DETAIL_READS[:2], _DETAIL_READS[3], "SELECT * FROM promises WHERE id = :promise"),
            {"id": complaint_id, "promise": promise_id if promise_id is not None else 0},
        )
        return (
            _tagged_complaint(complaint_id, found, tags),
            rows.promise(promise[0]) if promise else None,
            [rows.complaint(row) for row in earlier],
        )

    def complaint_with_event(self, logged_at: datetime, kind: str, containing: str) -> int | None:
        row = self.conn.execute(
            EVENT_OF_COMPLAINT_LOGGED_SQL, (to_sql(logged_at), kind, like_pattern(containing))
        ).fetchone()
        return int(row[0]) if row else None

    def settings(self) -> dict[str, str]:
        return {row["key"]: row["value"] for row in self.conn.execute("SELECT key, value FROM settings")}

    def unset_setting(self, key: str) -> None:
        self.conn.execute("DELETE FROM settings WHERE key = ?", (key,))

    def set_setting(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # what each store does its own way ------------------------------------------------------

    def _insert(self, table: str, values: dict[str, object]) -> int:
        """Insert one record; returns its id."""
        raise NotImplementedError

    def _before_erasing(self) -> None:
        """Make what forget_customer erases unrecoverable from the database's free space."""

    def _after_erasing(self) -> None:
        """Leave no erased word in the search index."""

    # the statement every change above is made of --------------------------------------------

    def _inserted(self, table: str, values: dict[str, object]) -> int:
        record_id = self._insert(table, values)
        self._noted({"table": table, "id": record_id, "inserted": True})
        if self.till is not None:
            if self._made is None:
                self._made = set()
            self._made.add((table, record_id))  # in place: an import makes 100,000 of them
        return record_id

    def _made_now(self, table: str, record_id: int) -> bool:
        """The record was inserted by the change being recorded (nothing of it to read back for undo)."""
        return (table, record_id) in (self._made or set())

    @property
    def _given_tags(self) -> dict[int, set[str]]:
        """Tags this run gave each complaint while recording (what a complaint it made can have)."""
        if self._tags_by_complaint is None:
            self._tags_by_complaint = {}
        return self._tags_by_complaint

    def _note_before(self, table: str, record_id: int, columns: Iterable[str]) -> None:
        """Keep what the columns hold now, for `fixit undo` (only when a till is recording)."""
        if self.till is None:
            return
        if self._made_now(table, record_id):
            return  # made in this same change: undoing it takes it away whole (no read, no exchange)
        names = list(columns)
        row = self.conn.execute(f"SELECT {', '.join(names)} FROM {table} WHERE id = ?", (record_id,)).fetchone()
        if row is not None:
            self._noted({"table": table, "id": record_id, "before": dict(zip(names, row, strict=True))})

    def _set(self, table: str, record_id: int, **values: object) -> None:
        self._note_before(table, record_id, values)
        assignments = ", ".join(f"{column} = ?" for column in values)
        self.conn.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?", [*(to_sql(v) for v in values.values()), record_id]
        )


def _tagged_complaint(complaint_id: int, found: list[Any], tags: list[Any]) -> Complaint:
    if not found:
        raise NotFound(f"no complaint {label('complaint', complaint_id)}")
    complaint = rows.complaint(found[0])
    complaint.tags = sorted({row[0] for row in tags})
    return complaint


# what `fixit undo` may write back: the tables, and the columns of each its changes replace
_UNDOABLE_TABLES = {"complaints": "complaints", "promises": "promises", "amends": "amends", "changes": "changes"}
_UNDOABLE_COLUMNS = {
    "complaints": {
        "apologized_at",
        "verdict",
        "cause",
        "explanation",
        "status",
        "fix",
        "fixed_at",
        "followup_due",
        "followup_done_at",
        "closed_at",
        "outcome",
        "summary",
        "channel",
        "severity",
        "customer_id",
        "about",
        "happened_on",
        "emergency",
        "voided_at",
        "void_reason",
        *tables.edited(),  # went wrong, found, we did, careful, harmed ...: what `fixit edit` writes
    },
    "promises": {"kept_at", "tell"},
    "amends": {"given_at", "redeemed_at", "checkin_due", "checkin_done_at", "checkin_ok", "note"},
    "changes": {"description"},
}

EVENT_OF_COMPLAINT_LOGGED_SQL = (
    "SELECT e.complaint_id FROM complaints c JOIN events e ON e.complaint_id = c.id WHERE c.logged_at = ?"
    " AND e.kind = ? AND e.detail LIKE ? ESCAPE '\\' ORDER BY e.id LIMIT 1"
)

OPEN_COUNT_SQL = f"SELECT count(*) FROM complaints WHERE status != '{Status.closed}' AND voided_at IS NULL"

# One complaint's records, each by the complaint's number (:id).
_PROMISES_OF = "SELECT * FROM promises WHERE complaint_id = :id ORDER BY id"
_AMENDS_OF = "SELECT * FROM amends WHERE complaint_id = :id ORDER BY id"
_LETTERS_OF = "SELECT * FROM letters WHERE complaint_id = :id ORDER BY sent_at, id"

_DETAIL_READS = (  # the first two are also get_complaint's
    f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.id = :id",
    "SELECT DISTINCT tag FROM tags WHERE complaint_id = :id",
    "SELECT cu.* FROM customers cu JOIN complaints c ON c.customer_id = cu.id WHERE c.id = :id",
    f"SELECT {COMPLAINT_COLUMNS} FROM {COMPLAINT_FROM} WHERE c.customer_id ="
    " (SELECT customer_id FROM complaints WHERE id = :id) AND c.id != :id ORDER BY c.logged_at, c.id",
    _PROMISES_OF,
    _AMENDS_OF,
    "SELECT * FROM events WHERE complaint_id = :id ORDER BY at, id",
    "SELECT ch.* FROM changes ch JOIN change_complaints cc ON cc.change_id = ch.id"
    " WHERE cc.complaint_id = :id ORDER BY ch.made_at, ch.id",
    "SELECT every.change_id, every.complaint_id FROM change_complaints cc JOIN change_complaints every"
    " ON every.change_id = cc.change_id WHERE cc.complaint_id = :id ORDER BY every.complaint_id",
    _LETTERS_OF,
)


@functools.lru_cache(maxsize=64)
def insert_sql(table: str, columns: tuple[str, ...]) -> str:
    """One statement text per table and column list: built once, and the driver's statement cache reuses it."""
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def last_contact_sql(dialect: Dialect) -> str:
    """Every customer's latest contact (a complaint logged, a letter sent), worked out from scratch
    (add a WHERE to do it for some)."""
    return (
        f"UPDATE customers SET last_contact_at = nullif({dialect.greatest}("
        "coalesce((SELECT max(c.logged_at) FROM complaints c WHERE c.customer_id = customers.id), ''),"
        " coalesce((SELECT max(l.sent_at) FROM letters l JOIN complaints c ON c.id = l.complaint_id"
        " WHERE c.customer_id = customers.id), '')), '')"
    )
