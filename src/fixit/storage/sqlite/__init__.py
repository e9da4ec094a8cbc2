"""The SQLite implementation of the ``Store`` protocol: a file, WAL, versioned migrations."""

from fixit.storage.sqlite.connection import SCHEMA_VERSION
from fixit.storage.sqlite.store import SqliteStore, open_sqlite

__all__ = ["SCHEMA_VERSION", "SqliteStore", "open_sqlite"]
