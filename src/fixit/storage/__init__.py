"""The storage layer: the only part of fixit that speaks SQL.

``open_store(path)`` gives a ``Store`` whose methods read and write records;
``Store.transaction()`` makes a command's writes one atomic unit.
"""

from fixit.storage.connection import SCHEMA_VERSION, open_store
from fixit.storage.errors import sql_errors_as_storage_errors
from fixit.storage.store import Store

__all__ = ["SCHEMA_VERSION", "Store", "open_store", "sql_errors_as_storage_errors"]
