"""Each correction applied to the store as it is now, found by stable identities.

An action reads its arguments (``args``: entity ``{"type", "key", "name"}``, document path and
line text), finds its targets, changes the derived rows and says what it did. Each is
idempotent: applied again after an ingest it changes only what the ingest brought back
(a merged entity created again, a re-ingested document's claim). ``applied`` is False when
its target is not in the store; it applies when the target comes back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from db.store.corrections.journal import moving
from db.store.seen import refresh_seen
from db.store.timelines import fill_document_timelines

# db.store.ingest (the writer) is imported only by the corrections that rewrite a document's timeline rows
# (split, speaker): importing it loads the extraction pipeline, most of a second a `storyline merge` needs not

Args = dict[str, Any]


class CorrectionError(ValueError):
    """A correction that cannot be made as asked (nothing is changed); the message says why."""


@dataclass(frozen=True, slots=True)
class Outcome:
    applied: bool
    message: str


def find_entity(conn: sqlite3.Connection, ident: Args | None) -> int | None:
    """The id of the entity with this identity (type and key) now, or None."""
    if not ident:
        return None
    row = conn.execute("SELECT id FROM entities WHERE type = ? AND key = ?", (ident["type"], ident["key"])).fetchone()
    return row[0] if row else None


def identity(conn: sqlite3.Connection, entity_id: int) -> Args:
    """An entity's stable identity: its type and key (and its name, to show)."""
    row = conn.execute("SELECT type, key, name FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        raise CorrectionError(f"no entity {entity_id}")
    return {"type": row[0], "key": row[1], "name": row[2]}


def _name(conn: sqlite3.Connection, entity_id: int) -> str:
    return conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()[0]


def _mentions(conn: sqlite3.Connection, entity_id: int) -> int:
    row = conn.execute("SELECT mentions FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return row[0] if row else 0


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _marks(ids: list[int]) -> str:
    return ",".join("?" * len(ids))


def recount(conn: sqlite3.Connection, entity_ids: set[int]) -> None:
    """Recount entities from their mentions; delete those left with none (and their aliases)."""
    for entity_id in entity_ids:
        conn.execute(
            "UPDATE entities SET mentions = (SELECT count(*) FROM mentions WHERE entity_id = ?),"
            " documents = (SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = ?) WHERE id = ?",
            (entity_id, entity_id, entity_id),
        )
        if conn.execute("SELECT 1 FROM entities WHERE id = ? AND mentions = 0", (entity_id,)).fetchone():
            conn.execute("DELETE FROM aliases WHERE entity_id = ?", (entity_id,))
            conn.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
    refresh_seen(conn, entity_ids)


def _collect_items(conn: sqlite3.Connection, entities: list[int]) -> None:
    """Fill ``temp.fold_items`` with every claim (kind 1) and event (kind 0) naming ``entities`` as a link or
    a speaker, with its document, found through indexes (the link tables and claims' speakers have none by
    entity): by entity in the one table indexed that way; a copy's folded items (no timeline rows) through
    the entities' documents that are copies (``temp.fold_copies``); then the claim each of those events holds
    (no row of its own). The document rides along so that journaling a link needs no lookup of its item."""
    c = conn
    marks = _marks(entities)
    c.execute(
        "CREATE TEMP TABLE IF NOT EXISTS fold_items (kind INTEGER, id INTEGER, document_id INTEGER,"
        " PRIMARY KEY (kind, id)) WITHOUT ROWID"
    )
    c.execute("DELETE FROM temp.fold_items")
    c.execute(
        "INSERT OR IGNORE INTO temp.fold_items SELECT kind, item_id, document_id FROM timeline_entities"
        f" WHERE entity_id IN ({marks})",
        entities,
    )
    # the documents that are copies: each document of theirs read once (not once per mention, nor per table)
    c.execute("CREATE TEMP TABLE IF NOT EXISTS fold_copies (id INTEGER PRIMARY KEY)")
    c.execute("DELETE FROM temp.fold_copies")
    c.execute(
        "INSERT OR IGNORE INTO temp.fold_copies SELECT d.id FROM documents d WHERE d.id IN"
        f" (SELECT m.document_id FROM mentions m WHERE m.entity_id IN ({marks})) AND d.copy_of IS NOT NULL",
        entities,
    )
    for kind, table in ((0, "events"), (1, "claims")):
        c.execute(
            f"INSERT OR IGNORE INTO temp.fold_items SELECT {kind}, x.id, x.document_id FROM {table} x"
            " WHERE x.folded_into IS NOT NULL AND x.document_id IN (SELECT id FROM temp.fold_copies)"
        )
    # last: a folded event holds its claim too (a claim with no timeline row of its own)
    c.execute(
        "INSERT OR IGNORE INTO temp.fold_items SELECT 1, v.claim_id, v.document_id FROM events v"
        " WHERE v.id IN (SELECT id FROM temp.fold_items WHERE kind = 0) AND v.claim_id IS NOT NULL"
    )


def _fold(conn: sqlite3.Connection, into: int, losers: list[int]) -> None:
    """Fold ``losers`` into ``into`` as the writer folds entities (``EntityBook._absorb``), in set-wise SQL:
    mentions (each keeping the type it reads as), claims as subject and as speaker, links, timelines, aliases.

    Each bulk statement is journaled set-wise (``journal.moving``), and each row is found once: a mention of
    a loser of the target's type moves with its type untouched (journaled from the entity index alone), one
    of another type gets the type it reads as; a link to the target that is there already is replaced by the
    moved one (the same row) rather than the move ignored and the loser's row deleted in a second pass."""
    c = conn
    marks = _marks(losers)
    into_type = c.execute("SELECT type FROM entities WHERE id = ?", (into,)).fetchone()[0]
    types = dict(c.execute(f"SELECT id, type FROM entities WHERE id IN ({marks})", losers).fetchall())
    _collect_items(c, losers)
    same = [i for i in losers if types[i] == into_type]
    other = [i for i in losers if types[i] != into_type]
    if same:  # a mention reads as its own type, else its entity's: the same before and after
        where = f"x.entity_id IN ({_marks(same)})"
        with moving(c, "mentions:entity", where, same, into):
            c.execute(f"UPDATE mentions AS x SET entity_id = ? WHERE {where}", (into, *same))
    if other:  # each keeps the type it reads as: its own, else its old entity's; NULL when that is the target's
        where = f"x.entity_id IN ({_marks(other)})"
        with moving(c, "mentions", where, other, into):
            c.execute(
                "UPDATE mentions AS x SET entity_id = ?, mention_type = nullif(coalesce(mention_type,"
                f" (SELECT type FROM entities WHERE id = x.entity_id)), ?) WHERE {where}",
                (into, into_type, *other),
            )
    # the claims they speak, found once among the items (claims have no index by speaker)
    c.execute("CREATE TEMP TABLE IF NOT EXISTS fold_spoken (id INTEGER PRIMARY KEY)")
    c.execute("DELETE FROM temp.fold_spoken")
    c.execute(
        "INSERT INTO temp.fold_spoken SELECT x.id FROM claims x"
        f" WHERE x.id IN (SELECT id FROM temp.fold_items WHERE kind = 1) AND x.speaker_id IN ({marks})",
        losers,
    )
    spoken = "x.id IN (SELECT id FROM temp.fold_spoken)"
    with moving(c, "claims", spoken, (), into):
        c.execute(f"UPDATE claims AS x SET speaker_id = ? WHERE {spoken}", (into,))
    for table, column, kind in (("claim_entities", "claim_id", 1), ("event_entities", "event_id", 0)):
        items = f"x.{column} IN (SELECT id FROM temp.fold_items WHERE kind = {kind}) AND x.entity_id IN ({marks})"
        with moving(c, table, items, losers, into):
            c.execute(f"UPDATE OR REPLACE {table} AS x SET entity_id = ? WHERE {items}", (into, *losers))
    with moving(c, "timeline_entities", f"x.entity_id IN ({marks})", losers, into):
        c.execute(
            f"UPDATE OR REPLACE timeline_entities AS x SET entity_id = ? WHERE x.entity_id IN ({marks})",
            (into, *losers),
        )
    c.execute(f"UPDATE OR IGNORE aliases SET entity_id = ? WHERE entity_id IN ({marks})", (into, *losers))
    c.execute(f"DELETE FROM aliases WHERE entity_id IN ({marks})", losers)
    _count_folded(c, into, losers)
    c.execute(f"DELETE FROM entities WHERE id IN ({marks})", losers)


def _count_folded(conn: sqlite3.Connection, into: int, losers: list[int]) -> None:
    """The counts of ``into`` once ``losers``' mentions are its own (before their rows go): its mentions and
    documents counted through the entity index, its first and last dates the widest of theirs (each is the
    earliest or latest date of a document naming it: of the union, the earliest or latest of all), with no
    read of a document per mention as a full recount makes."""
    ids = [into, *losers]
    marks = _marks(ids)
    conn.execute(
        "UPDATE entities SET mentions = (SELECT count(*) FROM mentions WHERE entity_id = :e),"
        " documents = (SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = :e) WHERE id = :e",
        {"e": into},
    )
    conn.execute(
        f"UPDATE entities SET (first_seen, last_seen) = (SELECT min(first_seen), max(last_seen) FROM entities"
        f" WHERE id IN ({marks})) WHERE id = ?",
        (*ids, into),
    )
    if conn.execute("SELECT 1 FROM entities WHERE id = ? AND mentions = 0", (into,)).fetchone():
        recount(conn, {into})  # nothing names it: it goes, as a recount has it


def merge(conn: sqlite3.Connection, args: Args) -> Outcome:
    into = find_entity(conn, args["into"])
    if into is None:
        return Outcome(False, f"{args['into']['name']} is not in the store")
    losers = sorted({i for s in args["sources"] if (i := find_entity(conn, s)) is not None and i != into})
    name = _name(conn, into)
    if not losers:
        return Outcome(True, f"nothing left to merge into {name}")
    _fold(conn, into, losers)
    n = len(losers) + 1
    return Outcome(True, f"merged {n} entities into {name}, {_plural(_mentions(conn, into), 'mention')}")


def rename(conn: sqlite3.Connection, args: Args) -> Outcome:
    entity = find_entity(conn, args["entity"])
    if entity is None:
        return Outcome(False, f"{args['entity']['name']} is not in the store")
    old = _name(conn, entity)
    new = args["name"]
    conn.execute("UPDATE entities SET name = ? WHERE id = ? AND name IS NOT ?", (new, entity, new))
    conn.execute("INSERT OR IGNORE INTO aliases (entity_id, name) VALUES (?, ?)", (entity, new))
    return Outcome(True, f"renamed {old} to {new}")


def retype(conn: sqlite3.Connection, args: Args) -> Outcome:
    ident, etype = args["entity"], args["type"]
    entity = find_entity(conn, ident)
    existing = find_entity(conn, {"type": etype, "key": ident["key"]})
    if entity is None:
        return Outcome(existing is not None, f"{ident['name']} is not in the store as {ident['type']}")
    name = _name(conn, entity)
    if existing is not None and existing != entity:  # that entity is there already under the type: one entity
        _fold(conn, existing, [entity])
        return Outcome(True, f"retyped {name} as {etype}, merged into {_name(conn, existing)}")
    conn.execute("UPDATE entities SET type = ? WHERE id = ?", (etype, entity))
    conn.execute("UPDATE mentions SET mention_type = NULL WHERE entity_id = ? AND mention_type = ?", (entity, etype))
    return Outcome(True, f"retyped {name} as {etype}")


def drop(conn: sqlite3.Connection, args: Args) -> Outcome:
    entity = find_entity(conn, args["entity"])
    if entity is None:
        return Outcome(False, f"{args['entity']['name']} is not in the store")
    name, n = _name(conn, entity), _mentions(conn, entity)
    # Every row that names it goes: its timeline rows are exactly those of its links and claims, which
    # are found through them (the link tables and claims' speakers have no index by entity: a scan each)
    _collect_items(conn, [entity])
    conn.execute(
        "UPDATE claims SET speaker_id = NULL WHERE id IN (SELECT id FROM temp.fold_items WHERE kind = 1)"
        " AND speaker_id = ?",
        (entity,),
    )
    for table, column, kind in (("claim_entities", "claim_id", 1), ("event_entities", "event_id", 0)):
        conn.execute(
            f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM temp.fold_items WHERE kind = {kind})"
            " AND entity_id = ?",
            (entity,),
        )
    conn.execute("DELETE FROM timeline_entities WHERE entity_id = ?", (entity,))
    conn.execute("DELETE FROM mentions WHERE entity_id = ?", (entity,))
    conn.execute("DELETE FROM aliases WHERE entity_id = ?", (entity,))
    conn.execute("DELETE FROM entities WHERE id = ?", (entity,))
    return Outcome(True, f"dropped {name} ({_plural(n, 'mention')})")


def _spans(rows: list[tuple[int, int, int]]) -> Callable[[int, int, int], bool]:
    """Whether any of the (line, column, length) mentions lies in a span."""

    def inside(line: int, column: int, length: int) -> bool:
        return any(ln == line and column <= c and c + n <= column + length for ln, c, n in rows)

    return inside


def split(conn: sqlite3.Connection, args: Args) -> Outcome:
    entity = find_entity(conn, args["entity"])
    alias, etype, key = args["alias"], args["type"], args["key"]
    if entity is None:
        split_out = find_entity(conn, {"type": etype, "key": key}) is not None
        return Outcome(split_out, f"{args['entity']['name']} is not in the store")
    moving = conn.execute(
        'SELECT m.document_id, m.line, m."column", m.length FROM mentions m'
        " JOIN lines l ON l.document_id = m.document_id AND l.number = m.line"
        ' WHERE m.entity_id = ? AND substr(l.text, m."column", m.length) = ?',
        (entity, alias),
    ).fetchall()
    has_alias = conn.execute("SELECT 1 FROM aliases WHERE entity_id = ? AND name = ?", (entity, alias)).fetchone()
    target = find_entity(conn, {"type": etype, "key": key})
    if not moving and not has_alias:
        return Outcome(target is not None, f"{_name(conn, entity)} has no mention {alias!r}")
    if target is None:
        target = conn.execute("INSERT INTO entities (name, type, key) VALUES (?, ?, ?)", (alias, etype, key)).lastrowid
        assert target is not None
    conn.execute("INSERT OR IGNORE INTO aliases (entity_id, name) VALUES (?, ?)", (target, alias))
    conn.execute("DELETE FROM aliases WHERE entity_id = ? AND name = ?", (entity, alias))
    name = _name(conn, entity)
    by_doc: dict[int, list[tuple[int, int, int]]] = {}
    for doc, line, column, length in moving:
        by_doc.setdefault(doc, []).append((line, column, length))
    for doc, moved in by_doc.items():
        _split_document(conn, doc, entity, target, etype, moved)
    recount(conn, {entity, target})
    return Outcome(True, f"split {alias} out of {name}: {_plural(len(moving), 'mention')}")


def _split_document(
    conn: sqlite3.Connection, doc: int, entity: int, target: int, etype: str, moved: list[tuple[int, int, int]]
) -> None:
    """Move one document's mentions of ``alias`` and the links they carry to ``target``."""
    from db.store.ingest.rows import delete_timeline_rows

    delete_timeline_rows(conn, doc)  # refilled from the links below
    conn.executemany(
        "UPDATE OR IGNORE mentions SET entity_id = ?, mention_type = CASE WHEN mention_type = ? THEN NULL"
        ' ELSE mention_type END WHERE document_id = ? AND line = ? AND "column" = ? AND entity_id = ?',
        [(target, etype, doc, line, column, entity) for line, column, _ in moved],
    )
    conn.executemany(
        'DELETE FROM mentions WHERE document_id = ? AND line = ? AND "column" = ? AND entity_id = ?',
        [(doc, line, column, entity) for line, column, _ in moved],
    )
    remaining = conn.execute(
        'SELECT line, "column", length FROM mentions WHERE document_id = ? AND entity_id = ?', (doc, entity)
    ).fetchall()
    in_moved, in_remaining = _spans(moved), _spans(remaining)
    for table, items, column in (("claim_entities", "claims", "claim_id"), ("event_entities", "events", "event_id")):
        for item, line, col, length in conn.execute(
            f'SELECT i.id, i.line, i."column", i.length FROM {items} i JOIN {table} x ON x.{column} = i.id'
            f" WHERE i.document_id = ? AND x.entity_id = ?",
            (doc, entity),
        ).fetchall():
            if in_moved(line, col, length):
                conn.execute(f"INSERT OR IGNORE INTO {table} ({column}, entity_id) VALUES (?, ?)", (item, target))
                if not in_remaining(line, col, length):
                    conn.execute(f"DELETE FROM {table} WHERE {column} = ? AND entity_id = ?", (item, entity))
    # a claim's speaker: the alias when its line names the speaker only by it
    moved_lines = {line for line, _, _ in moved}
    remaining_lines = {line for line, _, _ in remaining}
    conn.executemany(
        "UPDATE claims SET speaker_id = ? WHERE document_id = ? AND line = ? AND speaker_id = ?",
        [(target, doc, line, entity) for line in moved_lines - remaining_lines],
    )
    fill_document_timelines(conn, doc)


def locate_claim(conn: sqlite3.Connection, args: Args) -> tuple[int, int, int] | None:
    """(document id, claim id, old speaker) of the claim at ``args`` (path or doc, line by its text, column)."""
    row = conn.execute("SELECT id FROM documents WHERE path = ?", (args["path"],)).fetchone()
    if row is None:
        row = conn.execute("SELECT id FROM documents WHERE doc = ?", (args["doc"],)).fetchone()
    if row is None:
        return None
    doc = row[0]
    line = args["line"]
    text = conn.execute("SELECT text FROM lines WHERE document_id = ? AND number = ?", (doc, line)).fetchone()
    if text is None or text[0] != args["text"]:  # the file changed: the line with that text, nearest first
        found = conn.execute(
            "SELECT number FROM lines WHERE document_id = ? AND text = ? ORDER BY abs(number - ?) LIMIT 1",
            (doc, args["text"], line),
        ).fetchone()
        if found is None:
            return None
        line = found[0]
    claims = conn.execute(
        'SELECT id, "column", length, speaker_id FROM claims WHERE document_id = ? AND line = ? ORDER BY "column", id',
        (doc, line),
    ).fetchall()
    column = args.get("column")
    if column is not None:
        claims = [c for c in claims if c[1] == column] or [c for c in claims if c[1] <= column < c[1] + c[2]]
    if not claims:
        return None
    return doc, claims[0][0], claims[0][3]


def speaker(conn: sqlite3.Connection, args: Args) -> Outcome:
    where = f"{args['doc']}:{args['line']}" + (f":{args['column']}" if args.get("column") is not None else "")
    found = locate_claim(conn, args)
    if found is None:
        return Outcome(False, f"no claim at {where}")
    doc, claim, old = found
    new = find_entity(conn, args["speaker"])
    if args["speaker"] is not None and new is None:
        return Outcome(False, f"{args['speaker']['name']} is not in the store")
    if new != old:
        from db.store.ingest.rows import delete_timeline_rows

        delete_timeline_rows(conn, doc)
        conn.execute("UPDATE claims SET speaker_id = ? WHERE id = ?", (new, claim))
        fill_document_timelines(conn, doc)
    if new is None:
        return Outcome(True, f"cleared the speaker of the claim at {where}")
    return Outcome(True, f"the claim at {where} is now {_name(conn, new)}'s")


ACTIONS: dict[str, Callable[[sqlite3.Connection, Args], Outcome]] = {
    "merge": merge,
    "rename": rename,
    "retype": retype,
    "split": split,
    "drop": drop,
    "speaker": speaker,
}
