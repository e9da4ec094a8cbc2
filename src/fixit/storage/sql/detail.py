"""What `show` prints of one complaint: every record's rows about it (the complaint, its customer,
their other complaints, promises, amends, events, process changes, letters), read together, one
exchange with a server (part of the ``Complaints`` protocol)."""

from __future__ import annotations

from fixit import clock
from fixit.model import Change, ComplaintDetail
from fixit.storage.sql.base import SqlStore
from fixit.storage.sql.complaints import COMPLAINT_READS, EARLIER_READ, read_complaint, tagged_complaint
from fixit.storage.sql.customers import read_customer
from fixit.storage.sql.history import read_event
from fixit.storage.sql.letters import LETTERS_OF, read_letter
from fixit.storage.sql.promises import AMENDS_OF, PROMISES_OF, read_amend, read_promise

# By the complaint's number (:id), in the order complaint_detail takes them.
DETAIL_READS = (
    *COMPLAINT_READS,
    "SELECT cu.* FROM customers cu JOIN complaints c ON c.customer_id = cu.id WHERE c.id = :id",
    EARLIER_READ,
    PROMISES_OF,
    AMENDS_OF,
    "SELECT * FROM events WHERE complaint_id = :id ORDER BY at, id",
    "SELECT ch.* FROM changes ch JOIN change_complaints cc ON cc.change_id = ch.id"
    " WHERE cc.complaint_id = :id ORDER BY ch.made_at, ch.id",
    "SELECT every.change_id, every.complaint_id FROM change_complaints cc JOIN change_complaints every"
    " ON every.change_id = cc.change_id WHERE cc.complaint_id = :id ORDER BY every.complaint_id",
    LETTERS_OF,
)


class DetailReads(SqlStore):
    def complaint_detail(self, complaint_id: int) -> ComplaintDetail:
        """Everything `show` prints, read together (one exchange with a server)."""
        (found, tags, customer, earlier, promises, amends, events, changes, linked, letters) = self._read_together(
            DETAIL_READS, {"id": complaint_id}
        )
        complaint = tagged_complaint(complaint_id, found, tags)
        linked_to: dict[int, list[int]] = {}
        for row in linked:
            linked_to.setdefault(row[0], []).append(row[1])
        return ComplaintDetail(
            complaint=complaint,
            customer=read_customer(customer[0]),
            promises=[read_promise(row) for row in promises],
            amends=[read_amend(row) for row in amends],
            events=[read_event(row) for row in events],
            earlier=[read_complaint(row) for row in earlier],
            changes=[
                Change(row["id"], row["description"], clock.from_stored(row["made_at"]), linked_to[row["id"]])
                for row in changes
            ],
            letters=[read_letter(row) for row in letters],
        )
