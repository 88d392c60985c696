"""What a correction changed, row by row, so that undoing it restores exactly the rows before.

While a correction is applied, temporary triggers on the derived tables write each row's
image before and after (JSON arrays, in table order) into ``correction_undo``, tagged with
the correction's id and the document the row belongs to. Undo replays those entries
newest first. A document re-ingested or removed since takes its entries with it
(``rows.delete_document``), so an undo never brings back rows of a document that is gone;
an entity deleted by a correction and created again by a later ingest under another id is
restored onto that id (``_Replay.remap``).

A merge's bulk statements, which move tens of thousands of rows from the merged entities to the
one they join, are journaled set-wise instead (``moving``): one INSERT…SELECT of the rows' compact
images before the statement (what the row was; the row after is the same with the entity it joined),
the row triggers silent while it runs, and one statement per table to undo them
(``_Replay.undo_moves``). Per row, the triggers and a Python replay cost a large merge seconds.
A mention that moves with its type untouched (its entity of the target's type) is journaled as
``mentions:entity`` (its key and entity, read from the entity index alone: no row read per mention);
a link's document is read from the merge's collected items (``temp.fold_items``), not its claim or event.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
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


# Set-wise entries (``moving``): their ``tbl`` is the table's name and ">", ``new`` the entity the rows
# moved to, ``old`` a compact JSON array of the row before: its key, the entity it named and, for a link
# table, whether the row to that entity was there already (then the move only deleted the row).
MOVED = ">"
_MOVES = {
    "mentions": ('json_array(x.line, x."column", x.entity_id, x.mention_type)', "x.document_id"),
    # a mention that moves with its type untouched: its key and entity, all in the entity index (no row read)
    "mentions:entity": ('json_array(x.line, x."column", x.entity_id)', "x.document_id"),
    "claims": ("json_array(x.id, x.speaker_id)", "x.document_id"),
    "claim_entities": (
        "json_array(x.claim_id, x.entity_id,"
        " EXISTS (SELECT 1 FROM claim_entities y WHERE y.claim_id = x.claim_id AND y.entity_id = {into}))",
        "(SELECT f.document_id FROM temp.fold_items f WHERE f.kind = 1 AND f.id = x.claim_id)",
    ),
    "event_entities": (
        "json_array(x.event_id, x.entity_id,"
        " EXISTS (SELECT 1 FROM event_entities y WHERE y.event_id = x.event_id AND y.entity_id = {into}))",
        "(SELECT f.document_id FROM temp.fold_items f WHERE f.kind = 0 AND f.id = x.event_id)",
    ),
    "timeline_entities": (
        'json_array(x.sort_key, x.line, x."column", x.kind, x.item_id, x.entity_id, EXISTS (SELECT 1'
        " FROM timeline_entities y WHERE y.entity_id = {into} AND y.sort_key = x.sort_key"
        ' AND y.document_id = x.document_id AND y.line = x.line AND y."column" = x."column"'
        " AND y.kind = x.kind AND y.item_id = x.item_id))",
        "x.document_id",
    ),
}


@contextmanager
def moving(conn: sqlite3.Connection, tbl: str, where: str, params: Sequence[object], into: int) -> Iterator[None]:
    """Journal set-wise the rows of ``tbl`` (as ``x``) matching ``where`` that the block moves to the entity
    ``into``: claims their speaker, the other tables their entity (a link table's row deleted where the
    row to ``into`` is there already). Row triggers are silent inside; outside ``journaling``, nothing is kept."""
    current = conn.execute("SELECT id FROM temp.journal_correction").fetchone() if _journaling(conn) else None
    if current is None:
        yield
        return
    image, doc = _MOVES[tbl]
    into = int(into)
    table = tbl.partition(":")[0]  # "mentions:entity": a second kind of entry for one table
    conn.execute(
        "INSERT INTO correction_undo (correction_id, tbl, old, new, document_id)"
        f" SELECT ?, '{tbl}{MOVED}', {image.format(into=into)}, {into}, {doc} FROM {table} x WHERE {where}",
        (current[0], *params),
    )
    conn.execute("DELETE FROM temp.journal_correction")
    try:
        yield
    finally:
        conn.execute("INSERT INTO temp.journal_correction (id) VALUES (?)", (current[0],))


def _journaling(conn: sqlite3.Connection) -> bool:
    return (
        conn.execute("SELECT 1 FROM temp.sqlite_master WHERE type = 'table' AND name = 'journal_correction'").fetchone()
        is not None
    )


# Undoing a run of set-wise entries: ``j`` is the run (document ``d``, image ``o``, entity moved to ``i``),
# ``{m}`` maps an entity id through the entities restored under another id (temp.undo_remap).
_RUN = (
    "SELECT u.document_id AS d, u.old AS o, CAST(u.new AS INTEGER) AS i FROM correction_undo u"
    " WHERE u.seq BETWEEN ? AND ? AND u.correction_id = ? AND u.tbl = ?"
)


def _m(expr: str) -> str:
    return f"coalesce((SELECT r.new FROM temp.undo_remap r WHERE r.old = {expr}), {expr})"


def _o(i: int) -> str:
    return f"json_extract(j.o, '$[{i}]')"


def _link_undo(tbl: str, columns: str, row: list[str], entity: int, existed: int) -> list[str]:
    """A link table's moved rows back, and the rows the move made gone: ``row`` the key's columns as read
    from the run, with ``{e}`` for the entity (the image's ``entity``-th value before, ``j.i`` after)."""
    before = ", ".join(row).format(e=_m(_o(entity)))
    after = ", ".join(row).format(e=_m("j.i"))
    return [
        f"DELETE FROM {tbl} WHERE ({columns}) IN (SELECT {after} FROM ({_RUN}) j WHERE NOT {_o(existed)})",
        f"INSERT OR IGNORE INTO {tbl} ({columns}) SELECT {before} FROM ({_RUN}) j",
    ]


_UNDO_MOVES: dict[str, list[str]] = {
    "mentions": [
        f"UPDATE mentions SET entity_id = {_m(_o(2))}, mention_type = {_o(3)} FROM ({_RUN}) j"
        f' WHERE mentions.document_id = j.d AND mentions.line = {_o(0)} AND mentions."column" = {_o(1)}'
        f" AND mentions.entity_id = {_m('j.i')}"
    ],
    "mentions:entity": [
        f"UPDATE mentions SET entity_id = {_m(_o(2))} FROM ({_RUN}) j"
        f' WHERE mentions.document_id = j.d AND mentions.line = {_o(0)} AND mentions."column" = {_o(1)}'
        f" AND mentions.entity_id = {_m('j.i')}"
    ],
    "claims": [
        f"UPDATE claims SET speaker_id = {_m(_o(1))} FROM ({_RUN}) j"
        f" WHERE claims.id = {_o(0)} AND claims.speaker_id = {_m('j.i')}"
    ],
    "claim_entities": _link_undo("claim_entities", "claim_id, entity_id", [_o(0), "{e}"], 1, 2),
    "event_entities": _link_undo("event_entities", "event_id, entity_id", [_o(0), "{e}"], 1, 2),
    "timeline_entities": _link_undo(
        "timeline_entities",
        'entity_id, sort_key, document_id, line, "column", kind, item_id',
        ["{e}", _o(0), "j.d", _o(1), _o(2), _o(3), _o(4)],
        5,
        6,
    ),
}
# the entity each image names, for the recount after an undo
_MOVED_ENTITY = {
    "mentions": 2,
    "mentions:entity": 2,
    "claims": 1,
    "claim_entities": 1,
    "event_entities": 1,
    "timeline_entities": 5,
}


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
                moved = c.execute(f"UPDATE OR IGNORE {tbl} SET {sets} WHERE {where}", [*before.values(), *params])
                if moved.rowcount == 0 and tbl == "aliases":  # the entity it came from, made again by an
                    c.execute(f"DELETE FROM {tbl} WHERE {where}", params)  # ingest, has the name already
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

    def undo_moves(self, tbl: str, lo: int, hi: int, correction_id: int) -> None:
        """Undo the set-wise entries ``lo``..``hi`` of one table and correction (``moving``) in a statement or two."""
        c = self.conn
        name = tbl.removesuffix(MOVED)
        c.execute("CREATE TEMP TABLE IF NOT EXISTS undo_remap (old INTEGER PRIMARY KEY, new INTEGER)")
        c.execute("DELETE FROM temp.undo_remap")
        c.executemany("INSERT INTO temp.undo_remap (old, new) VALUES (?, ?)", self.remap.items())
        run = (lo, hi, correction_id, tbl)
        named = c.execute(
            f"SELECT DISTINCT {_m(_o(_MOVED_ENTITY[name]))} FROM ({_RUN}) j"
            f" UNION SELECT DISTINCT {_m('j.i')} FROM ({_RUN}) j",
            run * 2,
        ).fetchall()
        self.entities.update(e for (e,) in named if isinstance(e, int))
        for sql in _UNDO_MOVES[name]:
            c.execute(sql, run)

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
    entries = conn.execute(
        "SELECT seq, correction_id, tbl, CASE WHEN tbl LIKE '%>' THEN NULL ELSE old END,"
        " CASE WHEN tbl LIKE '%>' THEN NULL ELSE new END"
        " FROM correction_undo WHERE correction_id >= ? ORDER BY seq DESC",
        (first_id,),
    ).fetchall()
    i = 0
    while i < len(entries):
        seq, correction_id, tbl, old, new = entries[i]
        if not tbl.endswith(MOVED):
            replay.undo(tbl, old, new)
            i += 1
            continue
        j = i  # a run: the set-wise entries of one statement (one table, one correction), undone at once
        while j + 1 < len(entries) and entries[j + 1][1:3] == (correction_id, tbl):
            j += 1
        replay.undo_moves(tbl, entries[j][0], seq, correction_id)
        i = j + 1
    conn.execute("DELETE FROM correction_undo WHERE correction_id >= ?", (first_id,))
    conn.execute("DROP TABLE IF EXISTS temp.undo_remap")
    return replay.entities
