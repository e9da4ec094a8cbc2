"""The ``Store`` protocol's record methods, in SQL both stores run: one module per record, each a
mixin with its table's declaration, row mapping and methods, and ``Records`` their composition.
Each method is one or two statements; transactions are the caller's.

| record | module |
|---|---|
| customers, the contacts kept from merges | ``customers`` (``traces``: what names a customer, forgetting them) |
| complaints | ``complaints`` (columns declared on ``fixit.model.Complaint``; ``detail``: what `show` reads) |
| promises and amends | ``promises`` |
| letters sent and unsent | ``letters`` |
| process changes and tags | ``changes`` |
| events and `fixit undo` | ``history`` (what a change replaced is noted by ``recording``) |
| settings | ``settings`` |
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fixit.storage.sql import changes, complaints, customers, history, letters, promises, settings
from fixit.storage.sql.changes import ChangeRecords
from fixit.storage.sql.complaints import EVENT_OF_COMPLAINT_LOGGED_SQL, OPEN_COUNT_SQL, ComplaintRecords
from fixit.storage.sql.customers import last_contact_sql
from fixit.storage.sql.detail import DetailReads
from fixit.storage.sql.history import HistoryRecords
from fixit.storage.sql.letters import LetterRecords
from fixit.storage.sql.promises import PromiseRecords
from fixit.storage.sql.recording import insert_sql
from fixit.storage.sql.settings import SettingRecords
from fixit.storage.sql.traces import CustomerTraces

if TYPE_CHECKING:
    from fixit.storage.sql.declared import Table

__all__ = [
    "EVENT_OF_COMPLAINT_LOGGED_SQL",
    "OPEN_COUNT_SQL",
    "Records",
    "declared_schema",
    "insert_sql",
    "last_contact_sql",
]


class Records(
    CustomerTraces,
    ComplaintRecords,
    DetailReads,
    PromiseRecords,
    ChangeRecords,
    LetterRecords,
    HistoryRecords,
    SettingRecords,
):
    """Every record's methods, over one connection (each store adds its own ``_insert``)."""


def declared_schema() -> dict[str, Table]:
    """Every table the record modules declare, by name (``declared``: checked against both stores)."""
    found: dict[str, Table] = {}
    for module in (customers, complaints, promises, letters, changes, history, settings):
        for each in module.declared_tables():
            if each.name in found:
                raise ValueError(f"table {each.name} is declared twice")
            found[each.name] = each
    return found
