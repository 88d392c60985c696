"""The SQLite store: tables, indexes, full-text search and migrations.

The schema version lives in ``PRAGMA user_version``. ``open_db`` creates a
fresh database at the current version, migrates an older one step by step,
and refuses one written by a newer Storyline (nothing is touched then).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000


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


def open_db(
    path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False
) -> sqlite_utils.Database:
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
    db = sqlite_utils.Database(conn)
    if readonly:
        if version == 0:
            raise StoreError(f"{path} is empty (run: storyline ingest FOLDER)")
        return db
    try:
        if version < SCHEMA_VERSION:
            migrate(db, version)
    except sqlite3.OperationalError as exc:
        if "readonly" in str(exc) or "read-only" in str(exc):
            raise StoreError(f"cannot write {path}: the database is read-only") from None
        raise StoreError(f"cannot prepare {path}: {exc}") from None
    return db


def migrate(db: sqlite_utils.Database, from_version: int) -> None:
    """Bring the schema from ``from_version`` to SCHEMA_VERSION, one step at a time."""
    conn = db.conn
    if from_version < 1:
        conn.execute("PRAGMA journal_mode = WAL")
        with conn:
            conn.executescript(_TABLES)
            conn.executescript(_INDEXES)
        # FTS5 kept in step with its tables by triggers (external content). Every
        # entity's own name is also one of its aliases, so one index serves both.
        db["lines"].enable_fts(["text"], create_triggers=True, tokenize="unicode61", replace=True)
        db["aliases"].enable_fts(["name"], create_triggers=True, tokenize="unicode61", replace=True)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    # Future steps go here: `if from_version < 2: ...`


def schema_version(db: sqlite_utils.Database) -> int:
    return db.conn.execute("PRAGMA user_version").fetchone()[0]
