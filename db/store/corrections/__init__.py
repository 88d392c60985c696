"""The analyst's corrections: a log of changes to the machine's entities and claims, kept across ingests.

A correction (merge, rename, retype, split, drop, speaker) is a row of ``corrections``: its
action and arguments, which name their targets by stable identities (an entity's type and
key, a document's path and a line's text), never by row ids. ``record`` applies it at once;
``reapply`` applies the whole log again, in order, after every ingest (``db.store.ingest.run``),
so a correction survives re-ingesting changed files and a rebuild from the same folder. One
whose target is not in the store stays in the log with ``applied`` false and applies when the
target comes back. Every change a correction makes is journaled (``journal.py``), so ``undo``
restores exactly the rows before it (and applies the later corrections again).

Each call is one write transaction (it waits for another writer, as ingest does).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from db.store.connection import write_transaction
from db.store.corrections.actions import (
    ACTIONS,
    Args,
    CorrectionError,
    Outcome,
    find_entity,
    identity,
    locate_claim,
    recount,
)
from db.store.corrections.journal import journaling, undo_entries

__all__ = [
    "ACTIONS",
    "Correction",
    "CorrectionError",
    "Outcome",
    "dropped",
    "find_entity",
    "identity",
    "list_corrections",
    "locate_claim",
    "open_store",
    "reapply",
    "record",
    "undo",
]


def open_store(path: str | os.PathLike[str]) -> sqlite3.Connection:
    """A writable connection to an existing store, checked (and upgraded) as every open is, without the
    writer's sqlite-utils handle (its import alone costs a `storyline merge` most of a second).
    Raises StoreError for a missing or foreign file; a read-only one fails at the first correction."""
    from db.store.connection import connect
    from db.store.open import open_db

    open_db(path, create=False, readonly=True).conn.close()
    return connect(path)


@dataclass(frozen=True, slots=True)
class Correction:
    id: int
    action: str
    args: Args
    at: str
    applied: bool

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "action": self.action, "args": self.args, "at": self.at, "applied": self.applied}


def list_corrections(conn: sqlite3.Connection) -> list[Correction]:
    """The log, oldest first (none on a file written before corrections existed)."""
    try:
        rows = conn.execute("SELECT id, action, args, at, applied FROM corrections ORDER BY id").fetchall()
    except sqlite3.OperationalError:
        return []
    return [Correction(i, a, json.loads(args), at, bool(applied)) for i, a, args, at, applied in rows]


def dropped(conn: sqlite3.Connection, name: str) -> Correction | None:
    """The applied drop of an entity named ``name`` (any case), if one is in the log."""
    lowered = name.strip().lower()
    for c in list_corrections(conn):
        if c.action == "drop" and c.applied and lowered in (c.args["entity"]["name"].lower(), c.args["entity"]["key"]):
            return c
    return None


# A large merge changes pages all over the mentions and link tables (tens of MB): while it runs, a page
# cache that holds them (not spilled to the WAL and read back), the file mapped for reading, and no
# checkpoint on its COMMIT (the copy back into the file is left to the next commit, or the connection's
# close). As the writer does, in WAL the commit is not synced (a power cut may lose the last correction,
# never half of one; a kill of the process loses nothing). Each setting is given back after.
_WRITING_PRAGMAS = {"cache_size": -256 * 1024, "mmap_size": 1 << 30, "wal_autocheckpoint": 0, "synchronous": 1}


@contextmanager
def _writing(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, references kept by the code (as the writer does), counts kept fresh."""
    if conn.in_transaction:
        conn.execute("COMMIT")
    wal = conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    pragmas = {"foreign_keys": 0, **(_WRITING_PRAGMAS if wal else {})}
    saved = {name: conn.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas}
    for name, value in pragmas.items():  # foreign_keys: only outside a transaction has it any effect
        conn.execute(f"PRAGMA {name} = {int(value)}")
    try:
        with write_transaction(conn):
            yield
            _store_entity_count(conn)
    finally:
        for name, value in saved.items():
            conn.execute(f"PRAGMA {name} = {int(value)}")


def _store_entity_count(conn: sqlite3.Connection) -> None:
    conn.execute("UPDATE corpus_counts SET n = (SELECT count(*) FROM entities) WHERE name = 'entities'")


def record(
    conn: sqlite3.Connection, action: str, args: Args, *, at: str | None = None, strict: bool = True
) -> tuple[Correction, Outcome]:
    """Add a correction to the log and apply it. Raises CorrectionError (nothing changed) when its
    target is not in the store; with ``strict`` false it is kept, not applied (``applied`` false)."""
    if action not in ACTIONS:
        raise CorrectionError(f"unknown correction {action!r} (one of {', '.join(ACTIONS)})")
    at = at or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    with _writing(conn):
        cursor = conn.execute(
            "INSERT INTO corrections (action, args, at, applied) VALUES (?, ?, ?, 1)",
            (action, json.dumps(args, ensure_ascii=False, sort_keys=True), at),
        )
        correction_id = cursor.lastrowid
        assert correction_id is not None
        with journaling(conn) as as_correction:
            as_correction(correction_id)
            outcome = ACTIONS[action](conn, args)
        if not outcome.applied:
            if strict:
                raise CorrectionError(outcome.message)
            conn.execute("UPDATE corrections SET applied = 0 WHERE id = ?", (correction_id,))
    return Correction(correction_id, action, args, at, outcome.applied), outcome


def reapply(conn: sqlite3.Connection) -> list[tuple[Correction, Outcome]]:
    """Apply the whole log again, in order (after an ingest); each one's ``applied`` updated."""
    log = list_corrections(conn)
    if not log:
        return []
    out = []
    with _writing(conn), journaling(conn) as as_correction:
        for c in log:
            as_correction(c.id)
            outcome = ACTIONS[c.action](conn, c.args)
            if outcome.applied != c.applied:
                conn.execute("UPDATE corrections SET applied = ? WHERE id = ?", (int(outcome.applied), c.id))
            out.append((Correction(c.id, c.action, c.args, c.at, outcome.applied), outcome))
    return out


def undo(conn: sqlite3.Connection, correction_id: int | None = None) -> tuple[Correction, list[Outcome]]:
    """Undo one correction (default: the last) exactly, and take it out of the log.

    The corrections after it are undone first and applied again after it is gone."""
    log = list_corrections(conn)
    if not log and correction_id is None:
        raise CorrectionError("there are no corrections to undo")
    chosen = log[-1] if correction_id is None else next((c for c in log if c.id == correction_id), None)
    if chosen is None:
        raise CorrectionError(f"there is no correction {correction_id} (storyline corrections lists them)")
    later = [c for c in log if c.id > chosen.id]
    outcomes = []
    with _writing(conn):
        touched = undo_entries(conn, chosen.id)
        conn.execute("DELETE FROM corrections WHERE id = ?", (chosen.id,))
        recount(conn, {i for i in touched if _exists(conn, i)})
        with journaling(conn) as as_correction:
            for c in later:
                as_correction(c.id)
                outcome = ACTIONS[c.action](conn, c.args)
                conn.execute("UPDATE corrections SET applied = ? WHERE id = ?", (int(outcome.applied), c.id))
                outcomes.append(outcome)
    return chosen, outcomes


def _exists(conn: sqlite3.Connection, entity_id: int) -> bool:
    return conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is not None
