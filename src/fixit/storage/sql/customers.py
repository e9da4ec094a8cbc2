"""Customers and the contacts kept from merges: their table, row mapping and methods (the
``Customers`` protocol, with ``traces`` for what names a customer and forgetting them)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from fixit import clock
from fixit.errors import NotFound
from fixit.model import Customer
from fixit.storage.sql.dialect import Dialect
from fixit.storage.sql.recording import Recording
from fixit.storage.sql.rows import build, to_sql
from fixit.text import PhoneRule, e164_key, email_key, like_pattern, name_key, phone_key

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table


def declared_tables() -> tuple[Table, ...]:
    """Customers and the contacts kept from merges, declared once (``declared``)."""
    from fixit.storage.sql.declared import Index, table

    return (
        table(
            "customers",
            "id INTEGER PRIMARY KEY",
            "name TEXT NOT NULL",
            "name_key TEXT NOT NULL",
            "phone TEXT",
            "phone_key TEXT",
            "email TEXT",
            "email_key TEXT",
            "notes TEXT",
            "yearly_spend_cents INTEGER",
            "created_at TEXT NOT NULL",
            "last_contact_at TEXT",
            "greet TEXT",
            indexes=(
                Index("customers_phone", ("phone_key",), "phone_key IS NOT NULL"),
                Index("customers_email", ("email_key",), "email_key IS NOT NULL"),
                Index("customers_name", ("name_key",)),
                # latest contact first, customers with none last: PostgreSQL reads an index only in the
                # order it was built in (its step 002), SQLite either way
                Index("customers_last_contact", ("last_contact_at",), only="sqlite"),
                Index("customers_recent_first", ("last_contact_at", "id"), only="postgres"),
            ),
        ),
        table(  # a phone or email kept from a customer merged into this one
            "extra_contacts",
            "customer_id INTEGER NOT NULL REFERENCES customers(id)",
            "kind TEXT NOT NULL",
            "value TEXT NOT NULL",
            "key TEXT NOT NULL",
            key=("customer_id", "kind", "key"),
            indexes=(Index("extra_contacts_key", ("kind", "key")),),
        ),
    )


def read_customer(row: Any) -> Customer:
    return build(Customer, row)


class CustomerRecords(Recording):
    _phone_rule: PhoneRule | bool | None = False  # False: not read yet

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
        return read_customer(row)

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
        return [read_customer(row) for row in found]

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
        return [read_customer(row) for row in found]

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


def last_contact_sql(dialect: Dialect) -> str:
    """Every customer's latest contact (a complaint logged, a letter sent), worked out from scratch
    (add a WHERE to do it for some)."""
    return (
        f"UPDATE customers SET last_contact_at = nullif({dialect.greatest}("
        "coalesce((SELECT max(c.logged_at) FROM complaints c WHERE c.customer_id = customers.id), ''),"
        " coalesce((SELECT max(l.sent_at) FROM letters l JOIN complaints c ON c.id = l.complaint_id"
        " WHERE c.customer_id = customers.id), '')), '')"
    )
