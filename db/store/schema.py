"""Today's schema, in one place: ``schema.sql`` beside this module, created in one step.

``SCHEMA_VERSION`` is what ``PRAGMA user_version`` holds once a file has today's
schema; an older file gets there through ``migrations.py``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 4
SCHEMA_SQL = Path(__file__).with_name("schema.sql")


def statements(script: str) -> list[str]:
    """The statements of a script, split where sqlite3.complete_statement says one ends."""
    out, current = [], ""
    for line in script.splitlines(keepends=True):
        if not current and line.lstrip().startswith("--"):
            continue  # a comment between statements
        current += line
        if sqlite3.complete_statement(current):
            if current.strip():
                out.append(current.strip())
            current = ""
    if current.strip():
        out.append(current.strip())
    return out


def create(conn: sqlite3.Connection) -> None:
    """Create today's schema on an empty database (inside the caller's transaction)."""
    for statement in statements(SCHEMA_SQL.read_text(encoding="utf-8")):
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
