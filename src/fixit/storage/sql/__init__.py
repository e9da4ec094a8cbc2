"""SQL that runs on both stores: the record methods, one module per record (``customers``,
``complaints``, ``promises`` ...; ``records`` composes them), the screen queries (``screens``) and
the stored forms (``rows``), written once against ``dialect.Connection``.

Each store (``fixit.storage.sqlite``, ``fixit.storage.postgres``) brings its connection, schema,
transactions and a ``Dialect`` with the few fragments the two databases spell differently.
"""
