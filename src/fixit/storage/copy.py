"""Copying a whole shop between stores: `fixit migrate --to`, and the SQLite-file backups of a
PostgreSQL shop.

All or nothing: the rows go in inside one transaction of the target, then every table is counted
and fingerprinted on both sides (an order-free checksum of its rows, column by column) before that
transaction commits. A copy that does not match is rolled back; a process killed half-way leaves the
target as it was (a new file is written beside its name and renamed only when whole).
"""

from __future__ import annotations

import hashlib
import json

from fixit.errors import FixitError, StorageError
from fixit.storage.protocol import Store

BATCH = 1000  # rows put in per statement batch: memory stays flat whatever the shop's size


def copy_records(source: Store, target: Store) -> dict[str, tuple[int, str]]:
    """Every table of ``source`` into ``target``, inside the caller's transaction on ``target``;
    returns each table's fingerprint, taken of the rows as they were read."""
    fingerprints: dict[str, tuple[int, str]] = {}
    for table in source.exportable_tables():
        columns, rows = source.export_table(table)
        batch: list[dict[str, object]] = []
        tally = _Tally()
        for row in rows:
            batch.append(tally.add(dict(zip(columns, row, strict=True))))
            if len(batch) == BATCH and table != "settings":  # settings are put back whole, in one go
                target.restore_rows(table, batch)
                batch = []
        if batch:
            target.restore_rows(table, batch)
        fingerprints[table] = tally.fingerprint()
    target.refresh_statistics()
    return fingerprints


class _Tally:
    """How many rows, and a checksum of them that depends neither on their order nor the columns'."""

    def __init__(self) -> None:
        self.count, self.total = 0, 0

    def add(self, row: dict[str, object]) -> dict[str, object]:
        text = json.dumps(row, sort_keys=True, ensure_ascii=False, default=str)
        self.total = (self.total + int.from_bytes(hashlib.sha256(text.encode()).digest(), "big")) % (1 << 256)
        self.count += 1
        return row

    def fingerprint(self) -> tuple[int, str]:
        return self.count, f"{self.total:064x}"


def fingerprint(store: Store, table: str) -> tuple[int, str]:
    columns, rows = store.export_table(table)
    tally = _Tally()
    for row in rows:
        tally.add(dict(zip(columns, row, strict=True)))
    return tally.fingerprint()


def copy_store(source: Store, target: Store, source_held: bool = False) -> dict[str, int]:
    """Copy everything into an empty ``target``, compare, and commit only a copy that matches;
    returns how many rows each table had. ``source_held``: the caller already holds a transaction
    on ``source`` (a restore's write lock), whose view is copied."""
    from contextlib import nullcontext

    with nullcontext() if source_held else source.snapshot(), target.transaction():
        busy = [table for table in target.exportable_tables() if next(target.export_table(table)[1], None)]
        if busy:
            raise FixitError(
                f"{target.location} already holds records ({', '.join(busy)}); copy into an empty database"
            )
        copied = copy_records(source, target)
        for table, original in copied.items():
            if fingerprint(target, table) != original:
                raise StorageError(f"the copy of {table} does not match the original; nothing was written")
    return {table: count for table, (count, _) in copied.items()}
