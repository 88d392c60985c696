"""Files -> parse -> extract -> store.

Idempotent by content hash: an unchanged file is skipped, a changed one
replaces its document. Parsing and extraction run in worker processes; this
process is the single writer and commits one transaction per batch, so a
document is either wholly in the store or not at all.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import signal
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from db.extract.pipeline import DocumentEntity, Extraction, extract
from db.schema import StoreError, begin_immediate, store_counts, store_error, stored_counts
from db.text.decode import UnreadableFile
from db.text.document import ParsedDocument, parse_bytes

TEXT_SUFFIXES = {".txt", ".md"}
MAX_FILE_BYTES = 200 * 1024 * 1024
BATCH_SIZE = 64
WRITER_CACHE_KIB = 16 * 1024  # SQLite page cache of the one writing connection
# WAL pages between checkpoints (SQLite's default is 1,000): a page the writer
# changes in several batches is copied back into the database once, not each time.
WRITER_CHECKPOINT_PAGES = 10_000
ENTITY_CACHE_MAX = 100_000  # entity ids the writer keeps in memory
ORPHANED_WORKER_EXIT = 75  # a worker whose parent is gone ends with this code


@dataclass(frozen=True, slots=True)
class SourceFile:
    doc: str  # the path as reached from the ingest argument, "/"-separated
    path: str  # resolved absolute path: the document's identity


@dataclass(slots=True)
class Failure:
    doc: str
    reason: str


@dataclass(slots=True)
class IngestReport:
    added: int = 0
    updated: int = 0
    skipped: int = 0
    failed: list[Failure] = field(default_factory=list)
    ignored: int = 0  # files that are not .txt/.md
    pruned: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    stopped: str | None = None  # why the run stopped early (the database could not be written)
    notes: list[Failure] = field(default_factory=list)  # limits applied to a document (still stored)

    @property
    def processed(self) -> int:
        return self.added + self.updated + self.skipped + len(self.failed)

    def summary(self) -> str:
        rate = (self.added + self.updated) / self.seconds if self.seconds > 0 else 0.0
        parts = [
            f"added {self.added}",
            f"updated {self.updated}",
            f"skipped {self.skipped}",
            f"failed {len(self.failed)}",
        ]
        if self.ignored:
            parts.append(f"ignored {self.ignored} non-text files")
        if self.pruned:
            parts.append(f"pruned {self.pruned}")
        parts.append(f"{self.seconds:.1f} s")
        parts.append(f"{rate:.1f} documents/s")
        line = " · ".join(parts)
        if self.interrupted:
            return "interrupted: " + line
        if self.stopped:
            return "stopped: " + line
        return line


# --- finding files --------------------------------------------------------------


def _display(path: str) -> str:
    path = path.replace(os.sep, "/")
    while "//" in path:
        path = path.replace("//", "/")
    return path


def walk(paths: Iterable[str], report: IngestReport) -> Iterator[SourceFile]:
    """Every .txt/.md file under ``paths`` (recursively), each once."""
    seen: set[str] = set()
    for given in paths:
        if not os.path.lexists(given):
            report.failed.append(Failure(_display(given), "no such file or folder"))
            continue
        if os.path.isdir(given):
            candidates = _walk_dir(given, report)
        else:
            candidates = iter([given])
        for candidate in candidates:
            if Path(candidate).suffix.lower() not in TEXT_SUFFIXES:
                report.ignored += 1
                continue
            try:
                resolved = str(Path(candidate).resolve(strict=True))
            except (OSError, RuntimeError) as exc:
                report.failed.append(Failure(_display(candidate), _reason(exc)))
                continue
            if not _is_utf8(resolved) or not _is_utf8(candidate):
                report.failed.append(Failure(_display(_printable(candidate)), "file name is not valid UTF-8"))
                continue
            if resolved in seen:
                continue
            seen.add(resolved)
            yield SourceFile(_display(candidate), resolved)


def _is_utf8(name: str) -> bool:
    """A file name the database can hold (undecodable bytes arrive as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _walk_dir(root: str, report: IngestReport) -> Iterator[str]:
    def on_error(exc: OSError) -> None:
        report.failed.append(Failure(_display(_printable(str(exc.filename or root))), _reason(exc)))

    # followlinks=False: a symlinked folder is not entered, so loops cannot hang.
    for folder, dirs, files in os.walk(root, onerror=on_error):
        dirs.sort()
        for name in sorted(files):
            yield os.path.join(folder, name)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "file vanished or is a broken link"
    if isinstance(exc, RuntimeError) or (isinstance(exc, OSError) and exc.errno == 40):
        return "symlink loop"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__


# --- the worker's half -----------------------------------------------------------


@dataclass(slots=True)
class Parsed:
    source: SourceFile
    content_hash: str
    size: int
    document: ParsedDocument | None = None
    extraction: Extraction | None = None
    unchanged: bool = False
    error: str | None = None


def process(source: SourceFile, known_hash: str | None) -> Parsed:
    """Read, hash, parse and extract one file. Never raises."""
    try:
        st = os.stat(source.path)
        if st.st_size > MAX_FILE_BYTES:
            return Parsed(source, "", st.st_size, error=f"file too large ({st.st_size // 2**20} MB)")
        with open(source.path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return Parsed(source, "", 0, error=_reason(exc))
    digest = hashlib.sha256(data).hexdigest()
    if digest == known_hash:
        return Parsed(source, digest, len(data), unchanged=True)
    try:
        document = parse_bytes(data)
        extraction = extract(document)
    except UnreadableFile as exc:
        return Parsed(source, digest, len(data), error=str(exc))
    except Exception as exc:  # an extractor bug must not sink the batch
        return Parsed(source, digest, len(data), error=f"could not be parsed: {type(exc).__name__}: {exc}")
    return Parsed(source, digest, len(data), document=document, extraction=extraction)


def _process_pair(args: tuple[SourceFile, str | None]) -> Parsed:
    return process(*args)


def _worker_init(parent: int) -> None:
    """Workers leave Ctrl+C to the parent, which stops the run and reports it,
    and end when the parent is gone (killed): no orphan lingers.

    ``parent`` is passed in by the parent: read here with getppid() it would
    already be 1 if the parent was killed between fork and this call.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(0.25)
            if os.getppid() != parent:
                os._exit(ORPHANED_WORKER_EXIT)

    threading.Thread(target=watch, name="storyline-parent-watch", daemon=True).start()


class _DeferInterrupt:
    """Hold back Ctrl+C while a transaction is being written; raise it right after.

    The transaction would be rolled back anyway, but then the report could not
    tell what was stored. Only in the main thread (signals are delivered there).
    """

    def __init__(self) -> None:
        self.pending = False
        self._previous = None

    def __enter__(self) -> _DeferInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum, frame) -> None:
        self.pending = True

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self.pending and exc[0] is None:
            raise KeyboardInterrupt


# --- the writer's half -----------------------------------------------------------


def _sort_key(date: str | None) -> str:
    """Dated items first in date order (a month before its days), undated last."""
    return date if date else "~"


class Writer:
    """Writes parsed documents into the store; the only code that writes."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.conn = db.conn
        # (type, key) -> id of entities seen by this run, and back, so merged or
        # deleted ids can be forgotten one by one. Bounded: cleared when full.
        self._entity_ids: dict[tuple[str, str], int] = {}
        self._cache_key_of: dict[int, tuple[str, str]] = {}
        # Per batch: changes to each entity's (mentions, documents) counts, and
        # entities that must be recounted in full (they absorbed others).
        self._deltas: dict[int, list[int]] = {}
        self._recount: set[int] = set()
        self._wrote = False  # whether a write transaction began (the counts need storing)
        # Entities, aliases, mentions by entity and each entity's timeline are indexes
        # written at random places: a larger page cache keeps their upper levels in memory.
        self.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}")
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

    def known_hashes(self) -> dict[str, tuple[int, str]]:
        return {
            path: (doc_id, digest)
            for doc_id, path, digest in self.conn.execute("SELECT id, path, content_hash FROM documents")
        }

    def _begin(self) -> None:
        """Take the write lock; forget cached ids if another process wrote meanwhile."""
        begin_immediate(self.conn)
        # the stored corpus counts go stale with this transaction (close() restores them)
        self.conn.execute("DELETE FROM corpus_counts")
        self._wrote = True
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._forget_all()  # another writer may have merged or deleted entities
            self._data_version = version

    def _forget_all(self) -> None:
        self._entity_ids.clear()
        self._cache_key_of.clear()

    def _forget(self, entity_ids: Iterable[int]) -> None:
        for entity_id in entity_ids:
            cache_key = self._cache_key_of.pop(entity_id, None)
            if cache_key is not None:
                self._entity_ids.pop(cache_key, None)

    def _remember(self, cache_key: tuple[str, str], entity_id: int) -> None:
        if len(self._entity_ids) >= ENTITY_CACHE_MAX:
            self._forget_all()
        self._entity_ids[cache_key] = entity_id
        self._cache_key_of[entity_id] = cache_key

    def _count(self, entity_id: int, mentions: int, documents: int) -> None:
        delta = self._deltas.setdefault(entity_id, [0, 0])
        delta[0] += mentions
        delta[1] += documents

    def _rollback(self) -> None:
        self._forget_all()
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

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
        self._deltas.clear()
        self._recount.clear()
        outcomes: list[str] = []
        self._begin()  # waiting for the lock can be interrupted; the writing cannot
        with _DeferInterrupt():
            self._write(batch, known, outcomes)
            if on_commit:
                on_commit(outcomes)
        return outcomes

    def _write(self, batch: list[Parsed], known: dict[str, tuple[int, str]], outcomes: list[str]) -> None:
        conn = self.conn
        with self._committing():
            for item in batch:
                # What is stored now, not what was when the run began: another
                # ingest may have written this file since.
                row = conn.execute(
                    "SELECT id, content_hash FROM documents WHERE path = ?", (item.source.path,)
                ).fetchone()
                previous = (row[0], row[1]) if row else None
                if previous is not None and previous[1] == item.content_hash:
                    known[item.source.path] = previous
                    outcomes.append("skipped")
                    continue
                outcomes.append("updated" if previous is not None else "added")
                if previous is not None:
                    for entity_id, n in conn.execute(
                        "SELECT entity_id, count(*) FROM mentions WHERE document_id = ? GROUP BY entity_id",
                        (previous[0],),
                    ):
                        self._count(entity_id, -n, -1)
                    self._delete_document(previous[0])
                doc_id = self._insert_document(item)
                self._insert_extraction(doc_id, item)
                known[item.source.path] = (doc_id, item.content_hash)
            self._apply_counts()

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

    def _delete_document(self, doc_id: int) -> None:
        c = self.conn
        # timeline rows by their primary key (it is ordered by date, not document)
        c.execute(
            'DELETE FROM timeline WHERE (sort_key, document_id, line, "column", kind, item_id) IN'
            ' (SELECT sort_key, document_id, line, "column", 0, id FROM events WHERE document_id = ?'
            '  UNION ALL SELECT sort_key, document_id, line, "column", 1, id FROM claims WHERE document_id = ?)',
            (doc_id, doc_id),
        )
        c.execute(
            'DELETE FROM timeline_entities WHERE (entity_id, sort_key, document_id, line, "column", kind, item_id) IN'
            ' (SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id FROM events v'
            "  JOIN event_entities ee ON ee.event_id = v.id WHERE v.document_id = ?"
            '  UNION SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id FROM claims c'
            "  JOIN claim_entities ce ON ce.claim_id = c.id WHERE c.document_id = ?"
            '  UNION SELECT speaker_id, sort_key, document_id, line, "column", 1, id FROM claims'
            "  WHERE document_id = ? AND speaker_id IS NOT NULL)",
            (doc_id, doc_id, doc_id),
        )
        c.execute(
            "DELETE FROM claim_entities WHERE claim_id IN (SELECT id FROM claims WHERE document_id = ?)", (doc_id,)
        )
        c.execute(
            "DELETE FROM event_entities WHERE event_id IN (SELECT id FROM events WHERE document_id = ?)", (doc_id,)
        )
        for table in ("mentions", "claims", "events", "lines"):
            c.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
        c.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def _insert_document(self, item: Parsed) -> int:
        doc = item.document
        assert doc is not None
        date = doc.date.iso() if doc.date else None
        precision = doc.date.precision if doc.date else None
        cur = self.conn.execute(
            "INSERT INTO documents (path, doc, title, date, precision, source, url, content_hash,"
            " encoding, size, line_count, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                item.source.path,
                item.source.doc,
                doc.title,
                date,
                precision,
                doc.source,
                doc.url,
                item.content_hash,
                doc.encoding,
                item.size,
                len(doc.lines),
                datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
        doc_id = cur.lastrowid
        self.conn.executemany(
            "INSERT INTO lines (document_id, number, text, boilerplate) VALUES (?,?,?,?)",
            [(doc_id, line.number, line.text, int(line.boilerplate)) for line in doc.lines],
        )
        return doc_id

    def _entity_id(self, entity: DocumentEntity, doc_path: str) -> int:
        """The store's entity for a document's entity, created when new.

        Entities merge across documents by (type, key). A bare one-word person
        name is kept to its document, unless an organisation of the same name
        is known: the tagger often mistakes a one-word company for a person.
        """
        key = entity.key if entity.mergeable else f"{entity.key}@{doc_path}"
        cache_key = (entity.type, key)
        entity_id = self._entity_ids.get(cache_key)
        if entity_id is not None:
            return entity_id
        row = self.conn.execute("SELECT id FROM entities WHERE type = ? AND key = ?", cache_key).fetchone()
        if row is None and not entity.mergeable and entity.type == "PERSON":
            row = self.conn.execute("SELECT id FROM entities WHERE type = 'ORG' AND key = ?", (entity.key,)).fetchone()
        if row:
            entity_id = row[0]
        else:
            entity_id = self.conn.execute(
                "INSERT INTO entities (name, type, key) VALUES (?,?,?)", (entity.name, entity.type, key)
            ).lastrowid
            if entity.type == "ORG" and entity.mergeable:
                self._absorb_bare_names(entity_id, entity.key)
        self._remember(cache_key, entity_id)
        return entity_id

    def _absorb_bare_names(self, org_id: int, key: str) -> None:
        """Fold one-word PERSON entities named like a new organisation into it."""
        c = self.conn
        # keys of document-bound entities are "key@path"; "@" sorts just before "A"
        bare = [
            r[0]
            for r in c.execute(
                "SELECT id FROM entities WHERE type = 'PERSON' AND key >= ? AND key < ?", (key + "@", key + "A")
            )
        ]
        if not bare:
            return
        marks = ",".join("?" * len(bare))
        c.execute(f"UPDATE mentions SET entity_id = ? WHERE entity_id IN ({marks})", (org_id, *bare))
        # Their claims and events, found by entity in the one table indexed that way.
        items = c.execute(f"SELECT kind, item_id FROM timeline_entities WHERE entity_id IN ({marks})", bare).fetchall()
        c.executemany(
            f"UPDATE claims SET speaker_id = ? WHERE id = ? AND speaker_id IN ({marks})",
            [(org_id, i, *bare) for kind, i in items if kind == 1],
        )
        for table, key, kind in (("claim_entities", "claim_id", 1), ("event_entities", "event_id", 0)):
            links = [(org_id, i, *bare) for k, i in items if k == kind]
            c.executemany(
                f"UPDATE OR IGNORE {table} SET entity_id = ? WHERE {key} = ? AND entity_id IN ({marks})", links
            )
            c.executemany(
                f"DELETE FROM {table} WHERE {key} = ? AND entity_id IN ({marks})", [link[1:] for link in links]
            )
        for table in ("timeline_entities", "aliases"):
            c.execute(f"UPDATE OR IGNORE {table} SET entity_id = ? WHERE entity_id IN ({marks})", (org_id, *bare))
            c.execute(f"DELETE FROM {table} WHERE entity_id IN ({marks})", bare)
        c.execute(f"DELETE FROM entities WHERE id IN ({marks})", bare)
        self._forget(bare)
        for entity_id in bare:
            self._deltas.pop(entity_id, None)
        self._recount.add(org_id)

    def _insert_extraction(self, doc_id: int, item: Parsed) -> set[int]:
        ex = item.extraction
        assert ex is not None
        c = self.conn
        # Organisations first, so a one-word person name of the same document
        # finds them instead of being created and absorbed mid-insert.
        ids = [0] * len(ex.entities)
        for i in sorted(range(len(ex.entities)), key=lambda i: ex.entities[i].type != "ORG"):
            ids[i] = self._entity_id(ex.entities[i], item.source.path)
        c.executemany(
            "INSERT OR IGNORE INTO aliases (entity_id, name) VALUES (?,?)",
            # the name among them: looking an entity up by name goes through aliases
            [(ids[i], alias) for i, e in enumerate(ex.entities) for alias in sorted({*e.aliases, e.name})],
        )
        rows = {(ids[m.entity], doc_id, m.line, m.column): len(m.text) for m in ex.mentions}
        c.executemany(
            'INSERT OR IGNORE INTO mentions (entity_id, document_id, line, "column", length) VALUES (?,?,?,?,?)',
            [(*where, length) for where, length in rows.items()],
        )
        per_entity: dict[int, int] = {}
        for entity_id, *_ in rows:
            per_entity[entity_id] = per_entity.get(entity_id, 0) + 1
        for entity_id, n in per_entity.items():
            self._count(entity_id, n, 1)
        timeline: list[tuple[str, int, int, int, int, int]] = []
        by_entity: set[tuple[int, str, int, int, int, int, int]] = set()
        for cl in ex.claims:
            claim_id = c.execute(
                'INSERT INTO claims (document_id, line, "column", length, speaker_id, cue, date, precision, sort_key)'
                " VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    doc_id,
                    cl.line,
                    cl.column,
                    len(cl.text),
                    ids[cl.speaker] if cl.speaker is not None else None,
                    cl.cue,
                    cl.date,
                    cl.precision or None,
                    _sort_key(cl.date),
                ),
            ).lastrowid
            row = (_sort_key(cl.date), doc_id, cl.line, cl.column, 1, claim_id)
            timeline.append(row)
            linked = {ids[i] for i in cl.entities}
            by_entity.update((entity_id, *row) for entity_id in linked)
            if cl.speaker is not None:
                by_entity.add((ids[cl.speaker], *row))
            c.executemany(
                "INSERT INTO claim_entities (claim_id, entity_id) VALUES (?,?)",
                [(claim_id, entity_id) for entity_id in linked],
            )
        for ev in ex.events:
            event_id = c.execute(
                'INSERT INTO events (document_id, line, "column", length, expression, expression_column,'
                " date, precision, relation, sort_key) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    doc_id,
                    ev.line,
                    ev.column,
                    len(ev.text),
                    ev.expression,
                    ev.expression_column,
                    ev.date,
                    ev.precision,
                    ev.relation,
                    _sort_key(ev.date),
                ),
            ).lastrowid
            row = (_sort_key(ev.date), doc_id, ev.line, ev.column, 0, event_id)
            timeline.append(row)
            linked = {ids[i] for i in ev.entities}
            by_entity.update((entity_id, *row) for entity_id in linked)
            c.executemany(
                "INSERT INTO event_entities (event_id, entity_id) VALUES (?,?)",
                [(event_id, entity_id) for entity_id in linked],
            )
        c.executemany(
            'INSERT INTO timeline (sort_key, document_id, line, "column", kind, item_id) VALUES (?,?,?,?,?,?)', timeline
        )
        c.executemany(
            'INSERT INTO timeline_entities (entity_id, sort_key, document_id, line, "column", kind, item_id)'
            " VALUES (?,?,?,?,?,?,?)",
            sorted(by_entity),
        )

    def _apply_counts(self) -> None:
        """Add the batch's count changes; recount in full only what absorbed others."""
        self.conn.executemany(
            "UPDATE entities SET mentions = mentions + ?, documents = documents + ? WHERE id = ?",
            [(m, d, entity_id) for entity_id, (m, d) in self._deltas.items() if m or d],
        )
        recount = self._recount
        losers = {entity_id for entity_id, (m, _) in self._deltas.items() if m < 0}
        self._refresh_entities(recount, check_orphans=losers)

    def _refresh_entities(self, entity_ids: set[int], check_orphans: set[int] = frozenset()) -> None:
        """Recount ``entity_ids`` from their mentions; delete those (or ``check_orphans``) left with none."""
        c = self.conn
        if check_orphans:
            orphans = [
                r[0]
                for r in c.execute(
                    f"SELECT id FROM entities WHERE id IN ({','.join('?' * len(check_orphans))}) AND mentions <= 0",
                    list(check_orphans),
                )
            ]
            self._delete_entities(orphans)
        if not entity_ids:
            return
        if not entity_ids:
            return
        c = self.conn
        c.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)")
        c.execute("DELETE FROM touched")
        c.executemany("INSERT INTO touched (id) VALUES (?)", [(i,) for i in entity_ids])
        c.execute(
            """UPDATE entities SET
                 mentions = (SELECT count(*) FROM mentions WHERE entity_id = entities.id),
                 documents = (SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = entities.id)
               WHERE id IN (SELECT id FROM touched)"""
        )
        orphans = [
            r[0] for r in c.execute("SELECT id FROM entities WHERE id IN (SELECT id FROM touched) AND mentions = 0")
        ]
        self._delete_entities(orphans)

    def _delete_entities(self, entity_ids: list[int]) -> None:
        if entity_ids:
            self.conn.executemany("DELETE FROM aliases WHERE entity_id = ?", [(i,) for i in entity_ids])
            self.conn.executemany("DELETE FROM entities WHERE id = ?", [(i,) for i in entity_ids])
            self._forget(entity_ids)

    def prune(self, roots: list[str], present: set[str]) -> int:
        """Delete documents under ``roots`` whose files are no longer there."""
        prefixes = [str(Path(r).resolve()) for r in roots if os.path.isdir(r)]
        files = {str(Path(r).resolve()) for r in roots if not os.path.isdir(r)}
        gone = [
            (doc_id, path)
            for doc_id, path in self.conn.execute("SELECT id, path FROM documents")
            if path not in present and (path in files or any(path.startswith(p.rstrip("/") + "/") for p in prefixes))
        ]
        if not gone:
            return 0
        touched: set[int] = set()
        self._begin()
        with _DeferInterrupt():
            self._prune(gone, touched)
        return len(gone)

    def _prune(self, gone: list[tuple[int, str]], touched: set[int]) -> None:
        with self._committing():
            for doc_id, _ in gone:
                touched.update(
                    r[0]
                    for r in self.conn.execute(
                        "SELECT DISTINCT entity_id FROM mentions WHERE document_id = ?", (doc_id,)
                    )
                )
                self._delete_document(doc_id)
            self._refresh_entities(touched)


# --- the whole run -----------------------------------------------------------------

# Documents handed to the workers ahead of the writer, per worker. pool.map would
# hand them all at once: when the writer is the slower side, finished documents
# then pile up in memory (a gigabyte at 100,000 articles).
IN_FLIGHT_PER_JOB = 32


def _bounded_map(pool: ProcessPoolExecutor, tasks: list[tuple[SourceFile, str | None]], limit: int) -> Iterator[Parsed]:
    """``pool.map(_process_pair, tasks)`` in order, with at most ``limit`` documents in flight."""
    pending = iter(tasks)
    window = deque(pool.submit(_process_pair, task) for task in itertools.islice(pending, limit))
    while window:
        done = window.popleft().result()
        task = next(pending, None)
        if task is not None:
            window.append(pool.submit(_process_pair, task))
        yield done


def _start_workers(jobs: int) -> ProcessPoolExecutor:
    """The extraction workers, forked now: before the run lists its files and
    the hashes it knows (~30 MB at 100,000 files), so they carry no copy."""
    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),))
    pool.submit(os.getpid).result()  # a fork context starts every worker on the first task
    return pool


ProgressCallback = Callable[[int, int | None], None]


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def ingest(
    db: sqlite_utils.Database,
    paths: list[str],
    *,
    jobs: int | None = None,
    prune: bool = False,
    progress: ProgressCallback | None = None,
    on_failure: Callable[[Failure], None] | None = None,
) -> IngestReport:
    """Ingest every .txt/.md file under ``paths`` into ``db``.

    Never raises for a problem with the input or the database: failed files
    are in ``report.failed``, a database that cannot be written stops the run
    with ``report.stopped``, Ctrl+C stops it with ``report.interrupted``.
    Whatever was committed before is complete, document by document.
    """
    report = IngestReport()
    started = time.perf_counter()
    failures_seen = 0

    def note_failures() -> None:
        nonlocal failures_seen
        if on_failure:
            for failure in report.failed[failures_seen:]:
                on_failure(failure)
        failures_seen = len(report.failed)

    def results(tasks: list[tuple[SourceFile, str | None]]) -> Iterator[Parsed]:
        if pool is None or len(tasks) < 8:
            for task in tasks:
                yield _process_pair(task)
            return
        try:
            yield from _bounded_map(pool, tasks, jobs * IN_FLIGHT_PER_JOB)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    batch: list[Parsed] = []
    stream: Iterator[Parsed] | None = None
    writer: Writer | None = None
    pool: ProcessPoolExecutor | None = None
    jobs = jobs or default_jobs()
    where = "the database"
    try:
        writer = Writer(db)
        where = writer.path
        if jobs > 1 and any(os.path.isdir(p) for p in paths):
            pool = _start_workers(jobs)
        known = writer.known_hashes()
        sources = list(walk(paths, report))
        note_failures()
        total = len(sources)
        if progress:
            progress(0, total)
        tasks = [(s, known.get(s.path, (None, None))[1]) for s in sources]

        def count(outcomes: list[str]) -> None:
            report.added += outcomes.count("added")
            report.updated += outcomes.count("updated")
            report.skipped += outcomes.count("skipped")
            batch.clear()

        def flush() -> None:
            if batch:
                writer.write_batch(batch, known, on_commit=count)

        done = 0
        stream = results(tasks)
        for item in stream:
            done += 1
            if item.error:
                report.failed.append(Failure(item.source.doc, item.error))
                note_failures()
            elif item.unchanged:
                report.skipped += 1
            else:
                if item.document is not None:
                    report.notes.extend(Failure(item.source.doc, note) for note in item.document.notes)
                batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    flush()
            if progress:
                progress(done, total)
        flush()
        if prune:
            report.pruned = writer.prune(paths, {s.path for s in sources})
    except KeyboardInterrupt:
        report.interrupted = True
    except StoreError as exc:
        report.stopped = str(exc)
    except sqlite3.Error as exc:
        report.stopped = str(store_error(where, exc))
    finally:
        if stream is not None:
            try:
                stream.close()  # stop the workers now, not when collected
            except KeyboardInterrupt:
                report.interrupted = True
        if pool is not None:
            try:
                pool.shutdown(cancel_futures=True)
            except KeyboardInterrupt:
                report.interrupted = True
        if writer is not None:
            try:
                writer.close()
            except sqlite3.Error:
                pass  # the connection is beyond use; the report says why
        report.seconds = time.perf_counter() - started
    return report
