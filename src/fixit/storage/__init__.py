"""The storage layer: the only part of fixit that speaks SQL.

The domain depends on the ``Store`` protocol (``fixit.storage.protocol``); ``open_store``
gives the implementation for a location: an SQLite file (``fixit.storage.sqlite``, the default)
or a PostgreSQL server (``fixit.storage.postgres``, for a ``postgresql://`` URL). Both run the
same record and screen SQL (``fixit.storage.sql``) and own their schema, migrations and
transactions.
"""

from __future__ import annotations

from pathlib import Path

from fixit.errors import FixitError
from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.protocol import Store

__all__ = ["Store", "copy_to_new_file", "open_store", "sql_errors_as_storage_errors"]

POSTGRES_MISSING = (
    "this fixit cannot reach PostgreSQL without its driver: "
    "pip install 'fixit[postgres]' (or: pip install 'psycopg[binary]')"
)


def open_store(location: Path | str) -> Store:
    """Open (creating and upgrading if needed) the store at ``location``: a file, or a server URL."""
    if isinstance(location, str):
        try:
            import psycopg  # noqa: F401  (the driver, checked before anything names the server)
        except ImportError:
            raise FixitError(POSTGRES_MISSING) from None
        from fixit.storage.postgres import open_postgres

        return open_postgres(location)
    from fixit.storage.sqlite import open_sqlite

    return open_sqlite(location)


def copy_to_new_file(
    source: Store, target: Path, what: str = "the backup", source_held: bool = False
) -> dict[str, int]:
    """Every record of ``source`` into a new SQLite file at ``target``, whole or not at all (see
    ``fixit.storage.sqlite.store.copy_to_new_file``); returns each table's row count."""
    from fixit.storage.sqlite.store import copy_to_new_file as to_new_file

    return to_new_file(source, target, what, source_held)
