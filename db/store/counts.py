"""The corpus-wide row counts the explorer's first screen shows, kept by the writer.

Every write transaction empties ``corpus_counts`` and the writer fills it when it
closes, so a reader finds either exact counts or none (then it counts; at 100k
articles that is ~1.2 s when the file is not in the page cache).
"""

from __future__ import annotations

import sqlite3

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


def forget_counts(conn: sqlite3.Connection) -> None:
    """Empty corpus_counts: this write transaction makes them stale (inside it)."""
    conn.execute("DELETE FROM corpus_counts")
