"""The one writer: stores parsed documents, one transaction per batch, and prunes vanished files.

A document is either wholly in the store or not at all: every batch commits or
rolls back as one, Ctrl+C is held back while a transaction is written, and
another writer (another ingest) takes turns batch by batch.
"""

from __future__ import annotations

import gc
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from db.store import marks
from db.store.connection import LOCK_WAIT_SECONDS, StoreError, begin_immediate, store_error
from db.store.counts import forget_counts, store_counts, stored_counts
from db.store.ingest import copies, rows, twins
from db.store.ingest.entities import EntityBook, take_hints
from db.store.ingest.interrupt import DeferInterrupt
from db.store.ingest.worker import Parsed
from db.store.seen import refresh_seen
from db.text.formats import container_path
from db.text.types import DocDate

WRITER_CACHE_KIB = 16 * 1024  # SQLite page cache of the one writing connection
# WAL pages between checkpoints (SQLite's default is 1,000): a page the writer
# changes in several batches is copied back into the database once, not each time.
WRITER_CHECKPOINT_PAGES = 10_000
# Documents deleted per transaction by a prune: the write lock is let go between batches.
PRUNE_BATCH_SIZE = 64


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cycle collector held off while a batch is written: the batch makes many short-lived
    rows, and each collection it set off walked every object the process holds (the parsed batches,
    the entity caches); nothing the writer makes is a cycle. Given back as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class Writer:
    """Writes parsed documents into the store; the only code that writes."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.conn = db.conn
        self.entities = EntityBook(self.conn)
        self.shingles = copies.Shingles()
        self._wrote = False  # whether a write transaction began (the counts need storing)
        # Entities, aliases, mentions by entity and each entity's timeline are indexes
        # written at random places: a larger page cache keeps their upper levels in memory.
        self.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}")
        # In WAL, NORMAL syncs at checkpoints, not at every commit: a batch committed just before a
        # power cut may be lost, never half written (the WAL is still the journal; Ctrl+C or a kill
        # of this process loses nothing committed). Saved and given back at close().
        self._synchronous = self.conn.execute("PRAGMA synchronous").fetchone()[0]
        if self.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal":  # (a rollback journal needs FULL)
            self.conn.execute("PRAGMA synchronous = NORMAL")
        # the staging tables of rows.py (temporary) stay in memory
        self.conn.execute("PRAGMA temp_store = MEMORY")
        # The writer keeps references whole itself (children go before what they
        # point to; tests run PRAGMA foreign_key_check). Enforced, SQLite checks a
        # deleted entity against every table that names it, and the claims and
        # link tables have no index by entity: a full scan per merged entity.
        self.conn.execute("PRAGMA foreign_keys = OFF")
        self._data_version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        self.path = self.conn.execute("PRAGMA database_list").fetchone()[2] or "the database"

    def close(self) -> None:
        """Store the corpus counts if this run wrote (or none are stored), and give the connection back
        with references enforced and SQLite's checkpoint interval."""
        if self.conn.in_transaction:
            return
        if self._wrote or stored_counts(self.conn) is None:
            try:
                # after a run that wrote nothing, only if the lock is free at once
                begin_immediate(self.conn, wait=None if self._wrote else 0.0)
                store_counts(self.conn)
                self.conn.execute("COMMIT")
            except (sqlite3.Error, StoreError):  # readers count for themselves meanwhile
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA wal_autocheckpoint = 1000")
        self.conn.execute(f"PRAGMA synchronous = {self._synchronous}")

    def compact(self) -> None:
        """Rewrite the file with every page full (VACUUM). A first ingest fills its indexes in random order,
        which leaves their pages about two-thirds full: on BBC the file is 8% smaller after. The copy is
        built in a temporary file (not in memory, whatever the staging tables use) and then folded back,
        so for a while it takes the file's size twice over on disk; an interrupt leaves the file as it was."""
        row = self.conn.execute("PRAGMA database_list").fetchone()
        if not row or not row[2]:  # an in-memory database
            return
        # a connection of its own: setting temp_store on this one would drop the staging tables
        conn = sqlite3.connect(row[2], timeout=LOCK_WAIT_SECONDS, isolation_level=None)
        try:
            conn.execute("PRAGMA temp_store = FILE")
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the WAL held the whole new file
        finally:
            conn.close()

    def known_hashes(self) -> dict[str, tuple[int, str]]:
        return {
            path: (doc_id, digest)
            for doc_id, path, digest in self.conn.execute("SELECT id, path, content_hash FROM documents")
        }

    def redates(self) -> dict[str, DocDate]:
        """The dates users gave documents (``redate``), by path."""
        from db.text.docdate import parse_doc_date

        out = {}
        for path, date in self.conn.execute("SELECT path, date FROM redates"):
            parsed = parse_doc_date(date)
            if parsed is not None:
                out[path] = parsed
        return out

    # --- transactions --------------------------------------------------------------

    def _begin(self) -> None:
        """Take the write lock; forget cached ids if another process wrote meanwhile."""
        begin_immediate(self.conn)
        forget_counts(self.conn)  # stale with this transaction; close() stores them again
        self._wrote = True
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self.entities.forget_all()  # another writer may have merged or deleted entities
            self.shingles.clear()  # or deleted documents (their ids come back)
            self._data_version = version

    @contextmanager
    def _committing(self) -> Iterator[None]:
        """Commit what the block wrote, or roll all of it back; SQLite errors explained."""
        try:
            yield
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise store_error(self.path, exc) from None
        except BaseException:
            self._rollback()
            raise

    def _rollback(self) -> None:
        self.entities.drop_aliases()
        self.entities.forget_all()
        self.shingles.clear()
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # --- documents -----------------------------------------------------------------

    def write_batch(
        self,
        batch: list[Parsed],
        known: dict[str, tuple[int, str]],
        on_commit: Callable[[list[str]], None] | None = None,
    ) -> list[str]:
        """Store a batch in one transaction; per item "added", "updated" or "skipped".

        ``on_commit`` gets the outcomes as soon as they are committed (before a
        Ctrl+C held back meanwhile is raised). Raises StoreError when the
        database cannot be written (read-only, locked, full).
        """
        self.entities.start_batch()
        self.entities.drop_aliases()
        outcomes: list[str] = []
        self._begin()  # waiting for the lock can be interrupted; the writing cannot
        with DeferInterrupt(), _no_cyclic_gc():
            self._write(batch, known, outcomes)
            if on_commit:
                on_commit(outcomes)
        return outcomes

    def _write(self, batch: list[Parsed], known: dict[str, tuple[int, str]], outcomes: list[str]) -> None:
        conn = self.conn
        book = self.entities
        lost: set[int] = set()  # entities that lost a document of one of these dates: their seen range
        lost_dates: set[str] = set()  # may have shrunk (db/store/seen.py)
        with self._committing():
            for item in batch:  # what the workers computed ahead, before anything asks for it
                if isinstance(item.hints, tuple):
                    take_hints(item.hints[0])
            # the batch's entity keys looked up in one query, not one per entity and variant
            book.prefetch((item.extraction.entities, item.source.path) for item in batch if item.extraction)
            # The batch's lines go in together (one full-text segment for the batch, not one a
            # document), before anything reads or deletes stored lines: ids come out the same.
            pending: list[tuple] = []
            marked = self._marked([item.source.path for item in batch])
            # what is stored under the batch's paths now (id, content hash, date), kept as it is written
            stored = self._stored([item.source.path for item in batch])
            next_ids = rows.NextIds()

            def insert_lines() -> None:
                if pending:
                    rows.insert_lines(conn, pending)

            for item in batch:
                # What is stored now, not what was when the run began: another
                # ingest may have written this file since.
                row = stored.get(item.source.path)
                previous = (row[0], row[1]) if row else None
                if previous is not None and previous[1] == item.content_hash:
                    known[item.source.path] = previous
                    outcomes.append("skipped")
                    continue
                outcomes.append("updated" if previous is not None else "added")
                if previous is not None:
                    insert_lines()
                    for entity_id, n in conn.execute(
                        "SELECT entity_id, count(*) FROM mentions WHERE document_id = ? GROUP BY entity_id",
                        (previous[0],),
                    ):
                        book.count(entity_id, -n, -1)
                        lost.add(entity_id)
                    old_date = row[2] if row else None
                    if old_date is not None:
                        lost_dates.add(old_date)
                    rows.delete_document(conn, previous[0])
                    next_ids.forget()  # its claims and events may have held the largest ids
                    self.shingles.drop(previous[0])
                doc_id = rows.insert_document(conn, item, pending)
                date = rows.document_date(item)
                stored[item.source.path] = (doc_id, item.content_hash, date)
                assert item.extraction is not None
                hints = item.hints if isinstance(item.hints, tuple) else None
                counts = hints[2] if hints is not None and len(hints) > 2 else rows.mention_counts(item.extraction)
                ids = book.ids_for(item.extraction.entities, item.source.path, counts, date)
                types = [book.type_of(i) for i in ids]
                named = rows.insert_extraction(
                    conn,
                    doc_id,
                    item.extraction,
                    ids,
                    types,
                    next_ids,
                    date if date is not None else "~",
                    book.add_aliases,
                    hints[1] if hints is not None else None,
                )
                book.add_document(named, date)
                assert item.document is not None
                copies.place(
                    conn,
                    doc_id,
                    item.signature if isinstance(item.signature, list) else [],
                    self.shingles,
                    (line.text for line in item.document.lines if not line.boilerplate),
                    insert_lines,
                )
                if item.source.path in marked:
                    insert_lines()
                    marks.follow(conn, item.source.path, doc_id)  # marks follow their text to the new lines
                known[item.source.path] = (doc_id, item.content_hash)
            insert_lines()
            book.apply_counts()
            if lost_dates:
                refresh_seen(conn, lost, at=lost_dates)

    def _stored(self, paths: list[str]) -> dict[str, tuple[int, str, str | None]]:
        """The documents stored under these paths: (id, content hash, date) by path."""
        found: dict[str, tuple[int, str, str | None]] = {}
        for start in range(0, len(paths), 500):
            part = paths[start : start + 500]
            for path, doc_id, digest, date in self.conn.execute(
                f"SELECT path, id, content_hash, date FROM documents WHERE path IN ({','.join('?' * len(part))})",
                part,
            ):
                found[path] = (doc_id, digest, date)
        return found

    def _marked(self, paths: list[str]) -> set[str]:
        """Which of these documents have marks (none are made while the writer holds the lock)."""
        found: set[str] = set()
        for start in range(0, len(paths), 500):
            part = paths[start : start + 500]
            found.update(
                r[0]
                for r in self.conn.execute(
                    f"SELECT DISTINCT path FROM marks WHERE path IN ({','.join('?' * len(part))})", part
                )
            )
        return found

    def prune(self, roots: list[str], present: set[str], on_commit: Callable[[int], None] | None = None) -> int:
        """Delete documents under ``roots`` whose files are no longer there, in batches (see ``remove``)."""
        prefixes = [str(Path(r).resolve()) for r in roots if os.path.isdir(r)]
        files = {str(Path(r).resolve()) for r in roots if not os.path.isdir(r)}
        gone = [
            doc_id
            for doc_id, path in self.conn.execute("SELECT id, path FROM documents")
            if (file := container_path(path)) not in present
            and (file in files or any(path.startswith(p.rstrip("/") + "/") for p in prefixes))
        ]
        return self.remove(gone, on_commit)

    def join_twins(self) -> int:
        """One transaction: each name this run stored under several types whose biggest entity far
        outweighs the others takes them in (db/store/ingest/twins.py); returns how many it folded."""
        self.entities.start_batch()
        self._begin()
        with DeferInterrupt(), self._committing():
            keys = self.entities.run_keys
            pairs = twins.twins(self.conn, keys)
            for into, losers in pairs:
                self.entities.absorb(into, losers)
            people = twins.surnames(self.conn, keys)
            for into, losers in people:
                self.entities.absorb(into, losers, keep_types=False)  # their mentions read as the person
            self.entities.apply_counts()
        return sum(len(losers) for _, losers in pairs + people)

    def remove(self, gone: list[int], on_commit: Callable[[int], None] | None = None) -> int:
        """Delete these documents (and what only they mention), PRUNE_BATCH_SIZE documents per
        transaction: another writer (an ingest, a correction) takes its turn between batches, a kill
        leaves no half-deleted document, and Ctrl+C stops after the batch being written.
        ``on_commit`` gets each batch's count once it is committed; returns how many were deleted."""
        removed = 0
        for start in range(0, len(gone), PRUNE_BATCH_SIZE):
            batch = gone[start : start + PRUNE_BATCH_SIZE]
            self._begin()  # waiting for the lock can be interrupted; the deleting cannot
            with DeferInterrupt():
                with self._committing():
                    touched: set[int] = set()
                    for doc_id in batch:
                        touched.update(
                            r[0]
                            for r in self.conn.execute(
                                "SELECT DISTINCT entity_id FROM mentions WHERE document_id = ?", (doc_id,)
                            )
                        )
                        rows.delete_document(self.conn, doc_id)
                        self.shingles.drop(doc_id)
                    self.entities.refresh(touched)
                removed += len(batch)
                if on_commit:
                    on_commit(len(batch))
        return removed
