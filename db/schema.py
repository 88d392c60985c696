"""The SQLite store: tables, indexes, full-text search and migrations.

The schema version lives in ``PRAGMA user_version``. ``open_db`` creates a
fresh database at the current version, migrates an older one step by step,
and refuses one written by a newer Storyline (nothing is touched then).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when writing only: reads start faster without it
    import sqlite_utils


SCHEMA_VERSION = 4
BUSY_TIMEOUT_MS = 10_000
# How long a writer waits for another one (another ingest) to let go of the
# database before it gives up with a message. Writers hold the lock for one
# batch at a time, so two ingests interleave batch by batch.
LOCK_WAIT_SECONDS = 60.0
_LOCK_POLL_MS = 200


class StoreError(Exception):
    """A database problem explained for a person (no traceback needed)."""


_TABLES = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- resolved absolute path: the identity
    doc TEXT NOT NULL,                  -- the path as reached from the ingest argument
    title TEXT,
    date TEXT,                          -- ISO at its precision, or NULL
    precision TEXT,                     -- day | month | year | NULL
    source TEXT,
    url TEXT,
    content_hash TEXT NOT NULL,
    encoding TEXT NOT NULL,
    size INTEGER NOT NULL,
    line_count INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lines (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    boilerplate INTEGER NOT NULL DEFAULT 0,
    UNIQUE (document_id, number)
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,                  -- normalised name; unique per type
    mentions INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    UNIQUE (type, key)
);
CREATE TABLE IF NOT EXISTS aliases (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    UNIQUE (entity_id, name)
);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    length INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker_id INTEGER REFERENCES entities(id),
    cue TEXT,
    date TEXT,
    precision TEXT,
    sort_key TEXT NOT NULL              -- date padded for ordering; undated last
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,          -- where `text` (the sentence) starts
    text TEXT NOT NULL,
    expression TEXT NOT NULL,
    expression_column INTEGER NOT NULL,
    date TEXT,
    precision TEXT,
    relation TEXT,
    sort_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_entities (
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (claim_id, entity_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_entities (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (event_id, entity_id)
) WITHOUT ROWID;
"""

_INDEXES = """
CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id, document_id, line, "column");
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id, line, "column");
CREATE INDEX IF NOT EXISTS claims_document ON claims(document_id, line);
CREATE INDEX IF NOT EXISTS claims_order ON claims(sort_key, document_id, line, "column");
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker_id);
CREATE INDEX IF NOT EXISTS events_document ON events(document_id, line);
CREATE INDEX IF NOT EXISTS events_order ON events(sort_key, document_id, line, "column");
CREATE INDEX IF NOT EXISTS claim_entities_entity ON claim_entities(entity_id, claim_id);
CREATE INDEX IF NOT EXISTS event_entities_entity ON event_entities(entity_id, event_id);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS entities_rank ON entities(mentions DESC, name);
CREATE INDEX IF NOT EXISTS aliases_name ON aliases(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS documents_doc ON documents(doc);
"""


# Version 2: text is never stored twice. A claim's or an event's text is
# `lines.text` from its column for `length` characters, so it is the file's own
# characters by construction; mentions are clustered by position (no rowid);
# line search keeps no positions (queries are quoted single words, never
# phrases); and a clustered `timeline` table holds the explorer's order of
# events and claims, so paging, jumping and positions are index walks.
_V2 = """
ALTER TABLE claims ADD COLUMN length INTEGER NOT NULL DEFAULT 0;
UPDATE claims SET length = length(text);
ALTER TABLE claims DROP COLUMN text;
ALTER TABLE events ADD COLUMN length INTEGER NOT NULL DEFAULT 0;
UPDATE events SET length = length(text);
ALTER TABLE events DROP COLUMN text;

CREATE TABLE mentions_v2 (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    length INTEGER NOT NULL,
    PRIMARY KEY (document_id, line, "column", entity_id)
) WITHOUT ROWID;
INSERT OR IGNORE INTO mentions_v2 (document_id, line, "column", entity_id, length)
    SELECT document_id, line, "column", entity_id, length FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_v2 RENAME TO mentions;
CREATE INDEX mentions_entity ON mentions(entity_id);

CREATE TABLE timeline (
    sort_key TEXT NOT NULL,             -- ISO date, or "~" for undated (sorts last)
    document_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    kind INTEGER NOT NULL,              -- 0 event, 1 claim
    item_id INTEGER NOT NULL,           -- events.id or claims.id
    PRIMARY KEY (sort_key, document_id, line, "column", kind, item_id)
) WITHOUT ROWID;
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 0, id FROM events;
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 1, id FROM claims;
DROP INDEX claims_order;
DROP INDEX events_order;
CREATE INDEX entities_type_rank ON entities(type, mentions DESC, name);

DROP TRIGGER lines_ai;
DROP TRIGGER lines_ad;
DROP TRIGGER lines_au;
DROP TABLE lines_fts;

-- For reading the file in Datasette or sqlite3: spans with their text.
CREATE VIEW claims_text AS
    SELECT c.*, d.doc, substr(l.text, c."column", c.length) AS text, s.name AS speaker
    FROM claims c JOIN documents d ON d.id = c.document_id
    JOIN lines l ON l.document_id = c.document_id AND l.number = c.line
    LEFT JOIN entities s ON s.id = c.speaker_id;
CREATE VIEW events_text AS
    SELECT v.*, d.doc, substr(l.text, v."column", v.length) AS text
    FROM events v JOIN documents d ON d.id = v.document_id
    JOIN lines l ON l.document_id = v.document_id AND l.number = v.line;
CREATE VIEW mentions_text AS
    SELECT m.*, d.doc, e.name AS entity, e.type, substr(l.text, m."column", m.length) AS text
    FROM mentions m JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id
    JOIN lines l ON l.document_id = m.document_id AND l.number = m.line;
"""


# Version 3: an entity's timeline is its own clustered table, ordered as the
# explorer shows it, so its first page (or its last) is an index walk however
# many items the entity has, instead of a sort of all of them. It also answers
# "items of entity X" for the CLI, so the three indexes that did (the link
# tables' by-entity indexes and claims_speaker) go, as does the index on
# entity names (every name is among its entity's aliases, which are indexed), and the FTS indexes stop
# keeping per-row sizes (nothing ranks by bm25): the database stays small.
_V3 = """
CREATE TABLE timeline_entities (
    entity_id INTEGER NOT NULL,
    sort_key TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    kind INTEGER NOT NULL,              -- 0 event, 1 claim (as in timeline)
    item_id INTEGER NOT NULL,
    PRIMARY KEY (entity_id, sort_key, document_id, line, "column", kind, item_id)
) WITHOUT ROWID;
"""
# The timelines from the items and their links (what ingest writes row by row).
_FILL_TIMELINE = """
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 0, id FROM events;
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 1, id FROM claims;
"""
_FILL_TIMELINE_ENTITIES = """
INSERT OR IGNORE INTO timeline_entities
    SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM event_entities ee JOIN events v ON v.id = ee.event_id;
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id;
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c WHERE c.speaker_id IS NOT NULL;
"""
_V3_AFTER_FILL = """
DROP INDEX claim_entities_entity;
DROP INDEX event_entities_entity;
DROP INDEX claims_speaker;
DROP INDEX entities_name;               -- names are aliases too: aliases_name finds them
DROP TRIGGER lines_ai;
DROP TRIGGER lines_ad;
DROP TRIGGER lines_au;
DROP TABLE lines_fts;
DROP TRIGGER aliases_ai;
DROP TRIGGER aliases_ad;
DROP TRIGGER aliases_au;
DROP TABLE aliases_fts;
"""


def store_error(path: object, exc: sqlite3.Error) -> StoreError:
    """A StoreError explaining an sqlite3 error met while writing ``path``."""
    text = str(exc)
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"cannot write {path}: the database is read-only")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"cannot write {path}: another process is writing to it; try again when it is done")
    if "disk is full" in lowered or "disk full" in lowered:
        return StoreError(f"cannot write {path}: the disk is full")
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return StoreError(f"{path} is damaged ({text}); nothing was changed")
    if "disk i/o" in lowered or "unable to open" in lowered:
        return StoreError(f"cannot write {path}: {text}")
    return StoreError(f"database error on {path}: {text}")


def _is_locked(exc: sqlite3.Error) -> bool:
    lowered = str(exc).lower()
    return "locked" in lowered or "busy" in lowered


def _execute_waiting(conn: sqlite3.Connection, sql: str, wait: float) -> None:
    """Execute ``sql``, trying again for ``wait`` seconds while another
    connection holds the database; then the last "locked" error is raised.

    A Python loop of short tries, so Ctrl+C is honoured while waiting. Some
    locks (switching a database to WAL) fail at once instead of waiting for
    the busy timeout, hence the pause between tries.
    """
    deadline = time.monotonic() + wait
    conn.execute(f"PRAGMA busy_timeout = {_LOCK_POLL_MS}")
    try:
        while True:
            try:
                conn.execute(sql)
                return
            except sqlite3.OperationalError as exc:
                if not _is_locked(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def begin_immediate(conn: sqlite3.Connection, wait: float | None = None) -> None:
    """BEGIN IMMEDIATE: take the write lock, waiting for another writer.

    After ``wait`` seconds (LOCK_WAIT_SECONDS) a StoreError says why.
    Read-only and other problems become a StoreError too.
    """
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    where = conn.execute("PRAGMA database_list").fetchone()[2] or "the database"
    try:
        _execute_waiting(conn, "BEGIN IMMEDIATE", wait)
    except sqlite3.Error as exc:
        if _is_locked(exc):
            raise StoreError(
                f"cannot write {where}: another process (another ingest?) has held it for"
                f" {wait:.0f} s; try again when it is done"
            ) from None
        raise store_error(where, exc) from None


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return True  # let sqlite report the real problem
    return head == b"" or head.startswith(b"SQLite format 3\x00")


def connect(path: str | os.PathLike[str], *, readonly: bool = False) -> sqlite3.Connection:
    """A raw connection with Storyline's settings (WAL, foreign keys, busy timeout)."""
    path = Path(path)
    if readonly:
        uri = f"file:{path.resolve().as_posix()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


class ReadOnlyStore:
    """A read-only store: reads need the connection and nothing else."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


def open_db(
    path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False
) -> sqlite_utils.Database | ReadOnlyStore:
    """Open (and if needed create or migrate) the store at ``path``.

    Raises StoreError with a plain explanation for every problem a user can
    cause: a missing folder, a file that is not SQLite, a newer schema, a
    database that cannot be written.
    """
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    exists = path.exists()
    if not exists:
        if not create or readonly:
            raise StoreError(f"no database at {path} (run: storyline ingest FOLDER)")
        if not path.parent.exists():
            raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
    elif not _is_sqlite_file(path):
        raise StoreError(f"{path} is not a Storyline database (not an SQLite file)")
    try:
        conn = connect(path, readonly=readonly)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {path}: {exc}") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path} was written by a newer Storyline (schema {version}, this one reads "
            f"up to {SCHEMA_VERSION}); upgrade Storyline to open it"
        )
    if version > 0:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            conn.close()
            raise StoreError(f"{path} is an SQLite database but not a Storyline one")
    elif exists and not readonly:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "documents" not in tables:
            conn.close()
            raise StoreError(f"{path} is an SQLite database but not a Storyline one")
    if readonly:
        if version == 0:
            conn.close()
            raise StoreError(f"{path} is empty (run: storyline ingest FOLDER)")
        if version < SCHEMA_VERSION:
            # Written by an older Storyline: upgrade it once, then read.
            conn.close()
            try:
                open_db(path).conn.close()
            except StoreError as exc:
                raise StoreError(f"{path} needs upgrading to schema {SCHEMA_VERSION} and {exc}") from None
            return open_db(path, create=False, readonly=True)
        return ReadOnlyStore(conn)
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    try:
        if version < SCHEMA_VERSION:
            migrate(db, version)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise store_error(path, exc) from None
    return db


def _fts_sql(table: str, column: str, detail: str = "full", columnsize: bool = True) -> str:
    """An external-content FTS5 index on ``table.column`` kept in step by triggers.

    The same SQL as sqlite-utils' ``enable_fts(create_triggers=True)``, written
    out so that the whole schema is created in one transaction.
    """
    fts = f"{table}_fts"
    return f"""
CREATE VIRTUAL TABLE "{fts}" USING FTS5 (
    "{column}",
    tokenize='unicode61',
    content="{table}"{", detail=" + repr(detail) if detail != "full" else ""}{"" if columnsize else ", columnsize=0"}
);
CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" BEGIN
  INSERT INTO "{fts}" (rowid, "{column}") VALUES (new.rowid, new."{column}");
END;
CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" BEGIN
  INSERT INTO "{fts}" ("{fts}", rowid, "{column}") VALUES('delete', old.rowid, old."{column}");
END;
CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{table}" BEGIN
  INSERT INTO "{fts}" ("{fts}", rowid, "{column}") VALUES('delete', old.rowid, old."{column}");
  INSERT INTO "{fts}" (rowid, "{column}") VALUES (new.rowid, new."{column}");
END;
"""


def _statements(script: str) -> list[str]:
    """The statements of a script, split where sqlite3.complete_statement says one ends."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new database to WAL (outside any transaction: SQLite's rule;
    persistent, so done once). The switch needs the file to itself: while
    another process opens the same new database it fails "locked" at once."""
    _execute_waiting(conn, "PRAGMA journal_mode = WAL", LOCK_WAIT_SECONDS)


# v4: the corpus-wide row counts the explorer's first screen shows, kept by
# the writer: emptied by every write transaction and filled when the writer
# closes, so a reader finds either exact counts or none (then it counts; at
# 100k articles that is ~1.2 s when the file is not in the page cache).
_V4 = """
CREATE TABLE IF NOT EXISTS corpus_counts (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
"""

COUNTED_TABLES = ("documents", "entities", "events", "claims", "timeline")


def stored_counts(conn: sqlite3.Connection) -> dict[str, int] | None:
    """The writer's counts of COUNTED_TABLES, or None (being written, or an old file)."""
    try:
        found = dict(conn.execute("SELECT name, n FROM corpus_counts").fetchall())
    except sqlite3.OperationalError:  # no such table: a file opened read-only before its upgrade
        return None
    return found if len(found) == len(COUNTED_TABLES) else None


def store_counts(conn: sqlite3.Connection) -> None:
    """Count COUNTED_TABLES into corpus_counts (inside the caller's write transaction)."""
    conn.execute("DELETE FROM corpus_counts")
    for table in COUNTED_TABLES:
        conn.execute(f"INSERT INTO corpus_counts (name, n) SELECT '{table}', count(*) FROM {table}")


def migrate(db: sqlite_utils.Database, from_version: int) -> None:
    """Bring the schema from ``from_version`` to SCHEMA_VERSION, one step at a time.

    All in one write transaction that re-reads the version once it holds the
    lock: two processes opening a new database at once cannot both create it,
    and a crash mid-way leaves the database as it was.
    """
    conn = db.conn
    if conn.in_transaction:
        conn.execute("COMMIT")
    if from_version < 1:
        _use_wal(conn)
    begin_immediate(conn)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        if version < 1:
            script = _TABLES + _INDEXES + _fts_sql("lines", "text") + _fts_sql("aliases", "name")
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute("PRAGMA user_version = 1")
        if version < 2:
            for statement in _statements(_V2 + _fts_sql("lines", "text", detail="none")):
                conn.execute(statement)
            conn.execute("INSERT INTO lines_fts (lines_fts) VALUES ('rebuild')")
            conn.execute("PRAGMA user_version = 2")
        if version < 3:
            script = (
                _V3
                + _FILL_TIMELINE_ENTITIES
                + _V3_AFTER_FILL
                + _fts_sql("lines", "text", detail="none", columnsize=False)
                + _fts_sql("aliases", "name", columnsize=False)
            )
            for statement in _statements(script):
                conn.execute(statement)
            for fts in ("lines_fts", "aliases_fts"):
                conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")
            conn.execute("PRAGMA user_version = 3")
        if version < 4:
            for statement in _statements(_V4):
                conn.execute(statement)
            conn.execute("PRAGMA user_version = 4")  # empty: readers count until the next ingest stores them
        # Future steps go here: `if version < 5: ...`
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def rebuild_timelines(conn: sqlite3.Connection) -> None:
    """Refill both timeline tables from the events, claims and their links."""
    conn.execute("DELETE FROM timeline")
    conn.execute("DELETE FROM timeline_entities")
    for statement in _statements(_FILL_TIMELINE + _FILL_TIMELINE_ENTITIES):
        conn.execute(statement)


def schema_version(db: sqlite_utils.Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]
