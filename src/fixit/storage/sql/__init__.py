"""SQL that runs on both stores: the record methods (``records``), the screen queries
(``screens``) and the row conversions (``rows``), written once against ``dialect.Connection``.

Each store (``fixit.storage.sqlite``, ``fixit.storage.postgres``) brings its connection, schema,
transactions and a ``Dialect`` with the few fragments the two databases spell differently.
"""
