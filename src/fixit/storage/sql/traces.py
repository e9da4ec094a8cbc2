"""What names a customer, in their record and in everything written since (events, other
customers' complaints, tags), and forgetting them: the ``Customers`` protocol's privacy half."""

from __future__ import annotations

import re

from fixit.storage.sql.customers import CustomerRecords
from fixit.text import is_placeholder, like_pattern, name_key


class CustomerTraces(CustomerRecords):
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
