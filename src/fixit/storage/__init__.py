"""The storage layer: the only part of fixit that speaks SQL.

The domain depends on the ``Store`` protocol (``fixit.storage.protocol``); ``open_store``
gives the implementation for a location. Today that is an SQLite file
(``fixit.storage.sqlite``), which owns its SQL, schema, migrations and transactions.
"""

from __future__ import annotations

from pathlib import Path

from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.protocol import Store

__all__ = ["Store", "open_store", "sql_errors_as_storage_errors"]


def open_store(path: Path) -> Store:
    """Open (creating and upgrading if needed) the store at ``path``."""
    from fixit.storage.sqlite import open_sqlite

    return open_sqlite(path)
