"""Today's schema, in one place: ``schema.sql`` beside this module, created in one step.

``SCHEMA_VERSION`` is what ``PRAGMA user_version`` holds once a file has today's
schema; an older file gets there through ``migrations.py``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 13
SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def statements(script: str) -> list[str]:
    """The statements of a script, split where sqlite3.complete_statement says one ends."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current.strip() and (not line.strip() or line.lstrip().startswith("--")):
            current = ""
            continue  # blank lines and comments between statements
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


# The full-text indexes: (table, column, FTS5 options). Line search keeps no word positions
# (queries are quoted single words, never phrases), and neither index keeps row sizes
# (nothing ranks by bm25).
FULL_TEXT = (
    ("lines", "text", "detail='none', columnsize=0"),
    ("aliases", "name", "columnsize=0"),
)


def fts_sql(table: str, column: str, options: str = "") -> str:
    """An external-content FTS5 index on ``table.column`` kept in step by triggers.

    The SQL of sqlite-utils' ``enable_fts(create_triggers=True)``, with FTS5
    options it has no argument for, written out so that the whole schema is
    created in one transaction.
    """
    fts = f"{table}_fts"
    extra = f", {options}" if options else ""
    return f"""
CREATE VIRTUAL TABLE "{fts}" USING FTS5 (
    "{column}",
    tokenize='unicode61',
    content="{table}"{extra}
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


def today() -> list[str]:
    """Every statement of today's schema, in order."""
    script = SCHEMA_SQL.read_text(encoding="utf-8") + "".join(fts_sql(*index) for index in FULL_TEXT)
    return statements(script)


def table(name: str) -> str:
    """Today's CREATE TABLE statement of table ``name``."""
    prefix = f"CREATE TABLE {name} ("
    return next(s for s in today() if s.startswith(prefix))


def trigger(name: str) -> str:
    """Today's CREATE TRIGGER statement of trigger ``name``."""
    prefix = f"CREATE TRIGGER {name} "
    return next(s for s in today() if s.startswith(prefix))


def views() -> list[str]:
    """Today's CREATE VIEW statements."""
    return [s for s in today() if s.upper().startswith("CREATE VIEW")]


def create(conn: sqlite3.Connection) -> None:
    """Create today's schema on an empty database (inside the caller's transaction)."""
    for statement in today():
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
