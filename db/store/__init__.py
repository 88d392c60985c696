"""The store: one SQLite file in WAL mode.

``connection`` (connections, the write lock, errors explained), ``schema`` (today's
schema, ``schema.sql``), ``migrations`` (older files brought forward, step by step),
``open`` (``open_db``: create, migrate or refuse), ``counts`` (the stored corpus
counts), ``timelines`` (both timeline tables rebuilt in bulk) and ``ingest`` (the
one writer).
"""
