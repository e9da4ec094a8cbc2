"""The PostgreSQL store: one database on a server, shared by every till and location.

Imported only when the database is a ``postgresql://`` URL, so the driver (psycopg, about
0.26 s to import) costs nothing at an SQLite counter.
"""

from fixit.storage.postgres.store import PostgresStore, open_postgres

__all__ = ["PostgresStore", "open_postgres"]
