"""A date a user gives a document (``storyline redate``), recorded so that every re-ingest keeps it.

The date is stored by the document's path (``redates``), like a correction: the ingest plan hands it to
the worker with the file, which puts it in place of the document's own date before extraction, so the
document's relative dates ("on Tuesday", "last month") resolve from it. Recording it also forgets the
stored content hash, and the document is read and extracted again at once; if that cannot happen now
(the file is gone or unreadable), the next ingest of the file does it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import sqlite_utils

from db.store.connection import write_transaction
from db.store.files import stored_file_problem
from db.store.ingest.discovery import SourceFile
from db.store.ingest.records import Plan
from db.store.ingest.report import IngestReport
from db.store.ingest.worker import Parsed, run_here
from db.store.ingest.writer import Writer
from db.text.formats import NO_OPTIONS, container_path
from db.text.types import DocDate


@dataclass(frozen=True, slots=True)
class Redated:
    doc: str
    date: str
    precision: str
    events: int  # the document's events after re-extraction
    dated: int  # of which resolved to a date
    error: str | None = None  # why the document could not be read again now (the date is still recorded)


def redate(db: sqlite_utils.Database, document_id: int, date: DocDate) -> Redated:
    """Record ``date`` as the document's and extract it again with it."""
    conn = db.conn
    doc, path = conn.execute("SELECT doc, path FROM documents WHERE id = ?", (document_id,)).fetchone()
    now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    with write_transaction(conn):
        conn.execute(
            "INSERT OR REPLACE INTO redates (path, date, recorded_at) VALUES (?, ?, ?)", (path, date.iso(), now)
        )
        conn.execute("UPDATE documents SET content_hash = '' WHERE id = ?", (document_id,))
    error = _extract_again(db, doc, path)
    row = conn.execute("SELECT id FROM documents WHERE path = ?", (path,)).fetchone()
    events = dated = 0
    if row is not None:
        events, dated = conn.execute(
            "SELECT count(*), count(date) FROM events WHERE document_id = ?", (row[0],)
        ).fetchone()
    return Redated(doc, date.iso(), date.precision, events, dated, error)


def _extract_again(db: sqlite_utils.Database, doc: str, path: str) -> str | None:
    """Read the document's file again (a container: only this record) and store it; why not, or None.

    The path comes from the database, so it is checked like any stored path (absolute, a regular
    file; for a record, its container) before it is opened: a crafted one must not name a FIFO
    that hangs the read or a relative path read from wherever the command runs."""
    problem = stored_file_problem(path)
    if problem:
        return problem
    writer = Writer(db)
    try:
        known = writer.known_hashes()
        report = IngestReport()
        plan = Plan(known, NO_OPTIONS, report, dates=writer.redates())
        file = container_path(path)
        source = SourceFile(container_path(doc) if file != path else doc, file)
        batch: list[Parsed] = []
        error = None
        for task in plan.tasks([source]):
            done = run_here(task)
            if done.source.path != path or done.marker or done.unchanged:
                continue
            if done.error:
                error = done.error
            else:
                batch.append(done)
        if batch:
            writer.write_batch(batch, known)
        elif error is None:
            error = "the file no longer holds this document"
        return error
    finally:
        writer.close()
