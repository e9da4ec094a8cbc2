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
import os
from pathlib import Path

from fixit.errors import FixitError, InputError, StorageError
from fixit.storage.protocol import Store

BATCH = 1000  # rows put in per statement batch: memory stays flat whatever the shop's size


def copy_records(source: Store, target: Store) -> dict[str, int]:
    """Every table of ``source`` into ``target``, inside the caller's transaction on ``target``."""
    counts: dict[str, int] = {}
    for table in source.exportable_tables():
        columns, rows = source.export_table(table)
        batch: list[dict[str, object]] = []
        counts[table] = 0
        for row in rows:
            batch.append(dict(zip(columns, row, strict=True)))
            if len(batch) == BATCH and table != "settings":  # settings are put back whole, in one go
                target.restore_rows(table, batch)
                counts[table] += len(batch)
                batch = []
        if batch:
            target.restore_rows(table, batch)
            counts[table] += len(batch)
    return counts


def fingerprint(store: Store, table: str) -> tuple[int, str]:
    """How many rows, and a checksum of them that does not depend on their order or the columns'."""
    columns, rows = store.export_table(table)
    total, count = 0, 0
    for row in rows:
        text = json.dumps(dict(zip(columns, row, strict=True)), sort_keys=True, ensure_ascii=False, default=str)
        total = (total + int.from_bytes(hashlib.sha256(text.encode()).digest(), "big")) % (1 << 256)
        count += 1
    return count, f"{total:064x}"


def copy_store(source: Store, target: Store) -> dict[str, int]:
    """Copy everything into an empty ``target``, compare, and commit only a copy that matches."""
    with source.snapshot(), target.transaction():
        busy = [table for table in target.exportable_tables() if fingerprint(target, table)[0]]
        if busy:
            raise FixitError(f"{target.location} already holds records ({', '.join(busy)}); "
                             "copy into an empty database")
        counts = copy_records(source, target)
        for table in source.exportable_tables():
            if fingerprint(source, table) != fingerprint(target, table):
                raise StorageError(f"the copy of {table} does not match the original; nothing was written")
    return counts


def copy_to_new_file(source: Store, target: Path, what: str = "the backup") -> dict[str, int]:
    """Everything into a new SQLite file at ``target`` (0600), written beside it and renamed when whole;
    returns how many rows each table had."""
    import tempfile

    from fixit.paths import sync_folder
    from fixit.storage.sqlite import open_sqlite

    if target.exists():
        raise FixitError(f"{target} already exists; choose another name")
    if not target.parent.is_dir():
        raise InputError(f"the folder {target.parent} does not exist")
    try:
        descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(descriptor)
    except OSError as error:
        raise StorageError(f"cannot write {target}: {error.strerror}") from None
    temporary = Path(name)
    try:
        copy = open_sqlite(temporary)
        try:
            counts = copy_store(source, copy)
            copy.conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
        os.replace(temporary, target)
    except StorageError as error:  # the new file's trouble (a full disk), said of the file asked for
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
        if str(temporary) not in str(error):
            raise
        raise StorageError(f"cannot write {what} {target}: {str(error).split(' (')[0]}") from None
    except OSError as error:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
        raise StorageError(f"cannot write {what} {target}: {error.strerror or error}") from None
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{temporary}{suffix}").unlink(missing_ok=True)
        raise
    sync_folder(target.parent)
    return counts
