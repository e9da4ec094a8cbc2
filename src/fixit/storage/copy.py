"""Copying a whole shop between stores: `fixit migrate --to`, and the SQLite-file backups of a
PostgreSQL shop.

All or nothing: the rows go in inside one transaction of the target, then every table is counted
and fingerprinted on both sides (an order-free checksum of its rows, column by column) before that
transaction commits. A copy that does not match is rolled back; a process killed half-way leaves the
target as it was (a new file is written beside its name and renamed only when whole).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from operator import itemgetter

from fixit.errors import FixitError, StorageError
from fixit.storage.protocol import Store


def copy_records(source: Store, target: Store) -> dict[str, tuple[int, str]]:
    """Every table of ``source`` into ``target``, inside the caller's transaction on ``target``;
    returns each table's fingerprint, taken of the rows as they were read."""
    fingerprints = _load_every_table(source, target)
    target.refresh_statistics()
    return fingerprints


def _load_every_table(source: Store, target: Store) -> dict[str, tuple[int, str]]:
    """Each table streamed whole, in the target's bulk way (COPY on a server)."""
    fingerprints: dict[str, tuple[int, str]] = {}
    for table in source.exportable_tables():
        columns, rows = source.export_table(table)
        tally = _Tally(columns)
        target.load_rows(table, columns, tally.counted(rows))
        fingerprints[table] = tally.fingerprint()
    return fingerprints


class _Tally:
    """How many rows, and a checksum of them that depends neither on their order nor the columns':
    the sum of a hash of each row's text (``repr``, so 1, 1.0, '1' and True differ), its values in
    the columns' order by name. Python's string hash is keyed per process: fingerprints are compared
    within the process that took them, never stored."""

    def __init__(self, columns: Sequence[str]) -> None:
        self.count, self.total = 0, 0
        order = sorted(range(len(columns)), key=lambda index: columns[index])
        self.names = [columns[index] for index in order]
        self._by_name: Callable[[Sequence[object]], Sequence[object]] = (
            (lambda row: row) if order == sorted(order) else itemgetter(*order)  # two or more: a tuple
        )

    def counted(self, rows: Iterable[Sequence[object]]) -> Iterator[Sequence[object]]:
        """``rows`` as they are, tallied as they pass."""
        total, count, by_name = self.total, self.count, self._by_name
        try:
            for row in rows:
                total += hash(repr(tuple(by_name(row))))
                count += 1
                yield row
        finally:
            self.total, self.count = total, count

    def fingerprint(self) -> tuple[int, str]:
        return self.count, f"{self.names}:{self.total % (1 << 64):016x}"


def fingerprint(store: Store, table: str) -> tuple[int, str]:
    columns, rows = store.export_table(table)
    tally = _Tally(columns)
    for _ in tally.counted(rows):
        pass
    return tally.fingerprint()


def copy_store(source: Store, target: Store, source_held: bool = False) -> dict[str, int]:
    """Copy everything into an empty ``target``, compare, and commit only a copy that matches;
    returns how many rows each table had. ``source_held``: the caller already holds a transaction
    on ``source`` (a restore's write lock), whose view is copied. The rows go in without the
    target's indexes, references and search words, built once when all are in (``bulk_load``)."""
    from contextlib import nullcontext

    with nullcontext() if source_held else source.snapshot(), target.transaction():
        busy = [table for table in target.exportable_tables() if next(target.export_table(table)[1], None)]
        if busy:
            raise FixitError(
                f"{target.location} already holds records ({', '.join(busy)}); copy into an empty database"
            )
        with target.bulk_load():
            copied = _load_every_table(source, target)
        target.refresh_statistics()
        for table, original in copied.items():
            if fingerprint(target, table) != original:
                raise StorageError(f"the copy of {table} does not match the original; nothing was written")
    return {table: count for table, (count, _) in copied.items()}
