"""What a correction changed, row by row, so that undoing it restores exactly the rows before.

While a correction is applied, temporary triggers on the derived tables write each row's
image before and after (JSON arrays, in table order) into ``correction_undo``, tagged with
the correction's id and the document the row belongs to. Undo replays those entries
newest first. A document re-ingested or removed since takes its entries with it
(``rows.delete_document``), so an undo never brings back rows of a document that is gone;
an entity deleted by a correction and created again by a later ingest under another id is
restored onto that id (``_Replay.remap``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# The tables a correction may change, the columns naming an entity, and how a row names its document.
_DOCUMENT = {
    "entities": "NULL",
    "aliases": "NULL",
    "mentions": "{r}.document_id",
    "claims": "{r}.document_id",
    "claim_entities": "(SELECT document_id FROM claims WHERE id = {r}.claim_id)",
    "event_entities": "(SELECT document_id FROM events WHERE id = {r}.event_id)",
    "timeline": "{r}.document_id",
    "timeline_entities": "{r}.document_id",
}
ENTITY_COLUMNS = {
    "entities": "id",
    "aliases": "entity_id",
    "mentions": "entity_id",
    "claims": "speaker_id",
    "claim_entities": "entity_id",
    "event_entities": "entity_id",
    "timeline_entities": "entity_id",
}


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]  # the primary key's columns


def _tables(conn: sqlite3.Connection) -> dict[str, _Table]:
    out = {}
    for name in _DOCUMENT:
        info = conn.execute(f"PRAGMA table_info({name})").fetchall()
        columns = tuple(r[1] for r in info)
        key = tuple(r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        out[name] = _Table(name, columns, key or ("rowid",))
    return out


def _image(table: _Table, row: str) -> str:
    return "json_array(" + ", ".join(f'{row}."{c}"' for c in table.columns) + ")"


@contextmanager
def journaling(conn: sqlite3.Connection) -> Iterator[Callable[[int], None]]:
    """Record every change to the derived tables made inside the block, as the correction the
    yielded function was last given (``as_correction(id)``); nothing is recorded before the first call."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS journal_correction (id INTEGER)")
    conn.execute("DELETE FROM temp.journal_correction")
    names = []
    for table in _tables(conn).values():
        doc = _DOCUMENT[table.name]
        for op, old, new, r in (
            ("INSERT", "NULL", _image(table, "NEW"), "NEW"),
            ("UPDATE", _image(table, "OLD"), _image(table, "NEW"), "NEW"),
            ("DELETE", _image(table, "OLD"), "NULL", "OLD"),
        ):
            name = f"journal_{table.name}_{op.lower()}"
            conn.execute(
                f"CREATE TEMP TRIGGER {name} AFTER {op} ON main.{table.name}"
                " WHEN EXISTS (SELECT 1 FROM journal_correction) BEGIN"
                " INSERT INTO correction_undo (correction_id, tbl, old, new, document_id)"
                f" SELECT id, '{table.name}', {old}, {new}, {doc.format(r=r)} FROM journal_correction; END"
            )
            names.append(name)

    def as_correction(correction_id: int) -> None:
        conn.execute("DELETE FROM temp.journal_correction")
        conn.execute("INSERT INTO temp.journal_correction (id) VALUES (?)", (correction_id,))

    try:
        yield as_correction
    finally:
        for name in names:
            conn.execute(f"DROP TRIGGER IF EXISTS temp.{name}")
        conn.execute("DELETE FROM temp.journal_correction")


class _Replay:
    """Undoes journal entries, newest first, onto the store as it is now."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.tables = _tables(conn)
        self.remap: dict[int, int] = {}  # an entity restored under another id: old -> now
        self.entities: set[int] = set()  # every entity the undone entries named (ids as they are now)

    def _mapped(self, table: _Table, values: list[object]) -> dict[str, object]:
        row = dict(zip(table.columns, values, strict=True))
        column = ENTITY_COLUMNS.get(table.name)
        value = row.get(column) if column else None
        if column and isinstance(value, int):
            entity = self.remap.get(value, value)
            row[column] = entity
            self.entities.add(entity)
        return row

    def _where(self, table: _Table, row: dict[str, object]) -> tuple[str, list[object]]:
        return " AND ".join(f'"{k}" IS ?' for k in table.key), [row[k] for k in table.key]

    def undo(self, tbl: str, old: str | None, new: str | None) -> None:
        table = self.tables[tbl]
        c = self.conn
        before = self._mapped(table, json.loads(old)) if old else None
        after = self._mapped(table, json.loads(new)) if new else None
        if after is not None:
            where, params = self._where(table, after)
            if before is not None:  # an update: back to the row before
                sets = ", ".join(f'"{k}" = ?' for k in table.columns)
                c.execute(f"UPDATE OR IGNORE {tbl} SET {sets} WHERE {where}", [*before.values(), *params])
                return
            c.execute(f"DELETE FROM {tbl} WHERE {where}", params)  # an insert: gone again
            return
        if before is None:
            return
        if tbl == "entities":
            self._restore_entity(before)
            return
        columns = ", ".join(f'"{k}"' for k in table.columns)
        marks = ", ".join("?" * len(table.columns))
        inserted = c.execute(f"INSERT OR IGNORE INTO {tbl} ({columns}) VALUES ({marks})", list(before.values()))
        if inserted.rowcount == 0 and tbl == "aliases":  # its id was taken meanwhile: any id will do
            c.execute(
                "INSERT OR IGNORE INTO aliases (entity_id, name) VALUES (?, ?)", (before["entity_id"], before["name"])
            )

    def _restore_entity(self, row: dict[str, object]) -> None:
        c = self.conn
        old_id = row["id"]
        assert isinstance(old_id, int)
        same = c.execute("SELECT id FROM entities WHERE type = ? AND key = ?", (row["type"], row["key"])).fetchone()
        if same is not None:  # created again since (a later ingest): that one is it
            self._map(old_id, same[0])
            return
        taken = c.execute("SELECT 1 FROM entities WHERE id = ?", (old_id,)).fetchone()
        if taken:
            new_id = c.execute(
                "INSERT INTO entities (name, type, key, mentions, documents) VALUES (?, ?, ?, ?, ?)",
                (row["name"], row["type"], row["key"], row["mentions"], row["documents"]),
            ).lastrowid
            assert new_id is not None
            self._map(old_id, new_id)
            return
        c.execute(
            "INSERT INTO entities (id, name, type, key, mentions, documents) VALUES (?, ?, ?, ?, ?, ?)",
            (old_id, row["name"], row["type"], row["key"], row["mentions"], row["documents"]),
        )

    def _map(self, old_id: int, new_id: int) -> None:
        self.remap[old_id] = new_id
        self.entities.discard(old_id)
        self.entities.add(new_id)


def undo_entries(conn: sqlite3.Connection, first_id: int) -> set[int]:
    """Undo every journal entry of corrections ``first_id`` and later, newest first, and delete them.

    Returns the entities they named (as they are now), for recounting."""
    replay = _Replay(conn)
    for tbl, old, new in conn.execute(
        "SELECT tbl, old, new FROM correction_undo WHERE correction_id >= ? ORDER BY seq DESC", (first_id,)
    ).fetchall():
        replay.undo(tbl, old, new)
    conn.execute("DELETE FROM correction_undo WHERE correction_id >= ?", (first_id,))
    return replay.entities
