"""Entities: the ranked list, name search (prefix, then fuzzy), one entity, positions and names.

Name search has two shapes, chosen per query by counting its FTS matches up to
MANY_MATCHES: a query matching fewer is collected and sorted by mentions; one
matching more (a one- or two-letter prefix) walks entities from the most
mentioned and stops when the page is full, since its matches are dense there.
The fuzzy fallback (letters in order) reads only names from the rank index,
for the FUZZY_SCAN most mentioned entities, so every keystroke costs about the
same on any corpus; of its matches it keeps those whose letters stand close
together (FUZZY_GAP), in rank order.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence

from db.extract.types import ENTITY_TYPES
from db.read.rows import EntityRow
from db.read.sql import FTS_TOKEN, fts_literal, like_escape, too_long
from db.store.counts import stored_counts
from db.store.seen import UNDATED_FIRST

_ENTITY_COLUMNS = "e.id, e.name, e.type, e.mentions, e.documents, e.first_seen, e.last_seen"


def _entity_rows(conn: sqlite3.Connection, rows: Sequence[tuple]) -> list[EntityRow]:
    if not rows:
        return []
    own = {r[0]: r[1] for r in rows}  # an entity's own name is among its aliases: not listed as one
    aliases: dict[int, list[str]] = {i: [] for i in own}
    # the ids as one JSON array: one statement for thousands of entities (a search for "Jo"), not one a 500
    for entity_id, name in conn.execute(
        "SELECT entity_id, name FROM aliases WHERE entity_id IN (SELECT value FROM json_each(?)) ORDER BY name",
        (json.dumps(list(own)),),
    ):
        if name != own[entity_id]:
            aliases[entity_id].append(name)
    return [
        EntityRow(i, name, etype, tuple(aliases[i]), m, d, first, last)
        if first != UNDATED_FIRST  # else neither date: db/store/seen.py
        else EntityRow(i, name, etype, tuple(aliases[i]), m, d)
        for i, name, etype, m, d, first, last in rows
    ]


# The entity pane's sort columns: each an order of (column, descending) ending in a unique one, with
# an index that has it (schema.sql): mentions and documents most first, name A to Z, type then mentions.
ORDERS: dict[str, tuple[tuple[str, bool], ...]] = {
    "mentions": (("e.mentions", True), ("e.name", False), ("e.id", False)),
    "documents": (("e.documents", True), ("e.name", False), ("e.id", False)),
    "name": (("e.name COLLATE NOCASE", False), ("e.id", False)),
    "type": (("e.type", False), ("e.mentions", True), ("e.name", False), ("e.id", False)),
    # when first and last in the news: the dates of the documents naming it (db/store/seen.py), undated last
    # (ties in the order they were first stored: an index of the date alone, half the size with the name)
    "first_seen": (("e.first_seen", False), ("e.id", False)),
    "last_seen": (("e.last_seen", True), ("e.id", False)),
}


def _order_by(order: str) -> str:
    return ", ".join(f"{c} DESC" if desc else c for c, desc in ORDERS[order])


def entities(
    conn: sqlite3.Connection,
    *,
    search: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
    order: str = "mentions",
) -> list[EntityRow]:
    """Entities by mentions (most first), or by another of ORDERS; ``search`` matches names and aliases by
    prefix (and then ranks by mentions)."""
    where: list[str] = []
    params: list[object] = []
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
    if too_long(search):
        return []
    if search is not None and search.strip():
        query = fts_literal(search, prefix=True)
        if not query:
            return []
        if limit is not None and offset == 0 and _matches_many(conn, query):
            return _walk_search(conn, search.strip(), query, type, limit)
        where.append(
            "e.id IN (SELECT a.entity_id FROM aliases_fts JOIN aliases a ON a.id = aliases_fts.rowid"
            " WHERE aliases_fts MATCH ?)"
        )
        params.append(query)
    sql = f"SELECT {_ENTITY_COLUMNS} FROM entities e"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY " + (_order_by(order) if not where or where == ["e.type = ?"] else "e.mentions DESC, e.name")
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return _entity_rows(conn, conn.execute(sql, params).fetchall())


# Beyond this many matching aliases, collecting and sorting every match costs
# more than walking entities from the most mentioned until the page is full.
MANY_MATCHES = 2_000


def _matches_many(conn: sqlite3.Connection, query: str) -> bool:
    """Whether the FTS query matches MANY_MATCHES aliases or more (counts no further)."""
    return (
        conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM aliases_fts WHERE aliases_fts MATCH ? LIMIT ?)", (query, MANY_MATCHES)
        ).fetchone()[0]
        >= MANY_MATCHES
    )


def _walk_search(conn: sqlite3.Connection, text: str, query: str, type: str | None, limit: int) -> list[EntityRow]:
    """The top ``limit`` entities with a name or alias matching a query that matches very many.

    Walks entities from the most mentioned and stops at ``limit``: a short
    prefix matches a large share of all names, and the matches are dense
    among the prominent entities, so the walk ends early. A one-word query
    checks word starts in alias names with LIKE (the index holds them); a
    longer one checks the aliases against the FTS matches, collected once.
    """
    words = FTS_TOKEN.findall(text)
    if len(words) == 1:
        start = like_escape(words[0])
        where = (
            "EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = e.id"
            " AND (a.name LIKE ? ESCAPE '\\' OR a.name LIKE ? ESCAPE '\\'))"
        )
        params: list[object] = [start + "%", "% " + start + "%"]
    else:
        where = (
            "EXISTS (SELECT 1 FROM aliases a WHERE a.entity_id = e.id"
            " AND a.id IN (SELECT rowid FROM aliases_fts WHERE aliases_fts MATCH ?))"
        )
        params = [query]
    if type:
        where += " AND e.type = ?"
        params.append(type.upper())
    ids = [
        r[0]
        for r in conn.execute(
            f"SELECT e.id FROM entities e INDEXED BY entities_rank WHERE {where}"
            " ORDER BY e.mentions DESC, e.name LIMIT ?",
            [*params, limit],
        )
    ]
    return _entities_by_id(conn, ids)


def _entities_by_id(conn: sqlite3.Connection, ids: Sequence[int]) -> list[EntityRow]:
    """The entities ``ids``, in that order."""
    if not ids:
        return []
    marks = ",".join("?" * len(ids))
    rows = {r[0]: r for r in conn.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities e WHERE e.id IN ({marks})", ids)}
    return _entity_rows(conn, [rows[i] for i in ids if i in rows])


def entity(conn: sqlite3.Connection, entity_id: int) -> EntityRow | None:
    rows = conn.execute(f"SELECT {_ENTITY_COLUMNS} FROM entities e WHERE e.id = ?", (entity_id,)).fetchall()
    found = _entity_rows(conn, rows)
    return found[0] if found else None


def entity_ids_named(conn: sqlite3.Connection, name: str) -> list[int]:
    """Entities whose name, or else one of whose aliases, is ``name`` (any case)."""
    ids = [
        r[0]
        for r in conn.execute(  # a name is among its entity's aliases: found by their index
            "SELECT DISTINCT e.id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.name = :name COLLATE NOCASE AND e.name = :name COLLATE NOCASE ORDER BY e.mentions DESC",
            {"name": name},
        )
    ]
    if ids:
        return ids
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.name = ? COLLATE NOCASE ORDER BY e.mentions DESC",
            (name,),
        )
    ]


FUZZY_SCAN = 20_000  # fuzzy matching looks at this many of the most mentioned entities


def fuzzy_entities(conn: sqlite3.Connection, text: str, limit: int = 50) -> list[EntityRow]:
    """Prefix matches first, then names holding the typed letters in order.

    The fuzzy part reads only the FUZZY_SCAN most mentioned entities, so a
    keystroke costs the same on any corpus; prominent entities are the ones
    a half-remembered name is most likely to mean.
    """
    if too_long(text):
        return []
    found = entities(conn, search=text, limit=limit)
    if len(found) >= limit or not text.strip():
        return found
    seen = {e.id for e in found}
    letters = [c for c in text.lower() if not c.isspace()]
    if not letters:
        return found
    pattern = "%" + "%".join(like_escape(c) for c in letters) + "%"
    # names and ids from the rank index alone: no entity row is read until it matches
    rows = conn.execute(
        "SELECT id, name FROM (SELECT id, name FROM entities INDEXED BY entities_rank"
        " ORDER BY mentions DESC, name LIMIT ?) WHERE name LIKE ? ESCAPE '\\' LIMIT ?",
        (FUZZY_SCAN, pattern, FUZZY_CANDIDATES * (limit + len(seen))),
    ).fetchall()
    # the letters close together: "blar" is Tony Blair, not "British National Party" (b…l…a…r
    # strewn over three words); in rank order
    gap = FUZZY_GAP * len(letters)
    extra = [i for i, name in rows if i not in seen and _spread(name.lower(), letters) <= gap]
    return found + _entities_by_id(conn, extra[: limit - len(found)])


FUZZY_CANDIDATES = 4  # letter-order matches read per place on the page, to keep the close ones of
FUZZY_GAP = 1  # at most this many characters between the typed letters, per letter typed


def _spread(name: str, letters: list[str]) -> int:
    """How many characters of ``name`` lie between its letters ``letters`` (in order) at their closest."""
    best = len(name)
    first = letters[0]
    start = name.find(first)
    while start >= 0:
        at = start
        for c in letters[1:]:
            at = name.find(c, at + 1)
            if at < 0:
                return best
        best = min(best, at - start + 1 - len(letters))
        start = name.find(first, start + 1)
    return best


def entities_on_line(conn: sqlite3.Connection, document_id: int, line: int) -> list[int]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT e.id FROM entities e WHERE e.id IN"
            " (SELECT entity_id FROM mentions WHERE document_id = ? AND line = ?)"
            " ORDER BY e.mentions DESC, e.name",
            (document_id, line),
        )
    ]


def entity_count(conn: sqlite3.Connection, type: str | None = None) -> int:
    if type:
        return conn.execute("SELECT count(*) FROM entities WHERE type = ?", (type,)).fetchone()[0]
    stored = stored_counts(conn)
    if stored is not None:
        return stored["entities"]
    return conn.execute("SELECT count(*) FROM entities").fetchone()[0]


def entity_position(
    conn: sqlite3.Connection, entity_id: int, type: str | None = None, order: str = "mentions"
) -> int | None:
    """The index of an entity in the list sorted by ``order`` (ORDERS), or None if filtered out."""
    columns = ORDERS[order]
    row = conn.execute(
        f"SELECT e.type, {', '.join(c for c, _ in columns)} FROM entities e WHERE e.id = ?", (entity_id,)
    ).fetchone()
    if row is None or (type and row[0] != type):
        return None
    before, params = _before(columns, row[1:])
    sql = f"SELECT count(*) FROM entities e WHERE {before}"
    if type:
        sql += " AND e.type = ?"
        params.append(type)
    return conn.execute(sql, params).fetchone()[0]


def _before(columns: Sequence[tuple[str, bool]], values: Sequence[object]) -> tuple[str, list[object]]:
    """SQL (and its parameters) for "sorts before the entity with these ``values``" in ``columns``' order."""
    params: list[object] = []
    before = "0"
    for (column, desc), value in reversed(list(zip(columns, values, strict=True))):
        op = ">" if desc else "<"
        before = f"({column} {op} ? OR ({column} = ? AND {before}))"
        params[:0] = [value, value]
    return before, params


_WALKED = 32  # up to this many entities are placed by counts between neighbours; more, by one ranked pass


def entity_positions(
    conn: sqlite3.Connection, ids: Sequence[int], type: str | None = None, order: str = "mentions"
) -> list[int | None]:
    """``entity_position`` of each of ``ids`` (None: not of ``type``), in one walk of the order.

    A few: sorted by ``order``, the first one's position is a count of the entities before it, and each
    next one's the previous position plus the entities between the two (a range of the order's index).
    Many (a line may name thousands): one ranked pass over the list. Either way never a full count for
    each of them."""
    if not ids:
        return []
    columns = ORDERS[order]
    keys = ", ".join(c for c, _ in columns)
    by = ", ".join(f"{c}{' DESC' if desc else ''}" for c, desc in columns)
    typed = " AND e.type = ?" if type else ""
    kind = [type] if type else []
    rows = conn.execute(
        f"SELECT e.id, {keys} FROM entities e WHERE e.id IN (SELECT value FROM json_each(?)){typed} ORDER BY {by}",
        [json.dumps(list(dict.fromkeys(ids))), *kind],
    ).fetchall()
    found: dict[int, int] = {}
    if len(rows) > _WALKED:  # many: one ordered pass over the whole list beats a count for each
        typed_where = " WHERE e.type = ?" if type else ""
        ranked = conn.execute(
            f"SELECT id, n FROM (SELECT e.id, row_number() OVER (ORDER BY {by}) - 1 AS n FROM entities e"
            f"{typed_where}) WHERE id IN (SELECT value FROM json_each(?))",
            [*kind, json.dumps([row[0] for row in rows])],
        )
        found.update(ranked)
        return [found.get(i) for i in ids]
    previous: tuple[object, ...] | None = None
    position = 0
    first, desc = columns[0]
    for row in rows:
        values = tuple(row[1:])
        before, params = _before(columns, values)
        sql = f"SELECT count(*) FROM entities e WHERE {before}{typed}"
        if previous is None:
            position = conn.execute(sql, [*params, *kind]).fetchone()[0]
        else:  # the entities from the previous one up to this one: a range of the order's index
            since, since_params = _before(columns, previous)
            low, high = (values[0], previous[0]) if desc else (previous[0], values[0])
            position += conn.execute(
                f"{sql} AND {first} BETWEEN ? AND ? AND NOT {since}", [*params, *kind, low, high, *since_params]
            ).fetchone()[0]
        found[row[0]] = position
        previous = values
    return [found.get(i) for i in ids]


def entity_names(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, name) for ``ids``, in the order given."""
    if not ids:
        return []
    names = dict(conn.execute(f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(ids))})", list(ids)))
    return [(i, names[i]) for i in ids if i in names]


class NameNotFound(LookupError):
    """No entity has this name or alias."""

    def __init__(self, text: str) -> None:
        super().__init__(f"no entity named {text!r}")
        self.text = text


class AmbiguousName(LookupError):
    """Several entities go by this name and none clearly leads: ``candidates`` in rank order."""

    def __init__(self, text: str, candidates: Sequence[EntityRow]) -> None:
        super().__init__(f"{text!r} names {len(candidates)} entities")
        self.text = text
        self.candidates = tuple(candidates)


LEAD = 2  # the top candidate wins outright with at least this many times the runner-up's mentions


def split_typed_name(text: str) -> tuple[str | None, str]:
    """``TYPE:NAME`` as (TYPE, NAME) when TYPE is an entity type (any case), else (None, text)."""
    head, sep, tail = text.partition(":")
    if sep and head.strip().upper() in ENTITY_TYPES and tail.strip():
        return head.strip().upper(), tail.strip()
    return None, text.strip()


def name_candidates(conn: sqlite3.Connection, text: str) -> list[EntityRow]:
    """Entities whose name or an alias is ``text`` (any case; ``TYPE:NAME`` keeps one type), most mentioned first.

    Ranked as the entity search ranks them, by mentions: a bare surname that is
    a well-known person's alias comes before a rarely seen entity of that name."""
    etype, name = split_typed_name(text)
    if not name:
        return []
    sql = (
        "SELECT DISTINCT a.entity_id FROM aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE a.name = ? COLLATE NOCASE"
    )
    params: list[object] = [name]
    if etype:
        sql += " AND e.type = ?"
        params.append(etype)
    sql += " ORDER BY e.mentions DESC, e.name"
    return _entities_by_id(conn, [r[0] for r in conn.execute(sql, params)])


def resolve_name(conn: sqlite3.Connection, text: str) -> tuple[EntityRow, tuple[EntityRow, ...]]:
    """The one entity ``text`` (``NAME`` or ``TYPE:NAME``) means, and the others that also go by it.

    The most mentioned candidate wins when it has at least LEAD times the
    mentions of the next; otherwise the name is ambiguous. Raises
    NameNotFound or AmbiguousName (which lists the candidates)."""
    found = name_candidates(conn, text)
    if not found:
        raise NameNotFound(text)
    if len(found) > 1 and found[0].mentions < LEAD * found[1].mentions:
        raise AmbiguousName(text, found)
    return found[0], tuple(found[1:])
