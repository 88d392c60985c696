"""Ingest: files -> parse -> extract -> store.

``discovery`` finds the files, ``worker`` parses and extracts each in a process
pool, ``writer`` (with ``entities``, the entity bookkeeping, and ``rows``, the row
SQL) stores them one transaction per batch, ``report`` counts what happened, and
``run.ingest`` ties them together.
"""

from db.store.ingest.discovery import SourceFile
from db.store.ingest.report import Failure, IngestReport
from db.store.ingest.run import ingest
from db.store.ingest.worker import Parsed, default_jobs
from db.store.ingest.writer import Writer

__all__ = ["Failure", "IngestReport", "Parsed", "SourceFile", "Writer", "default_jobs", "ingest"]
