"""Read-only queries returning frozen dataclasses, for the UI and the JSON CLI.

Each dataclass's public fields (those not starting with ``id`` or ending in
``_id``) are exactly the fields of the JSON contract; ``as_json`` drops the rest.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# --- rows ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentRow:
    id: int
    doc: str
    title: str | None
    date: str | None
    precision: str | None
    lines: int
    encoding: str


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    documents: int


@dataclass(frozen=True, slots=True)
class MentionRow:
    entity_id: int
    document_id: int
    entity: str
    type: str
    doc: str
    line: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: int
    document_id: int
    doc: str
    line: int
    column: int
    text: str
    speaker: str | None
    cue: str | None
    entities: tuple[str, ...]
    date: str | None


@dataclass(frozen=True, slots=True)
class TimelineRow:
    id: int
    document_id: int
    date: str | None
    precision: str | None
    relation: str | None
    expression: str
    doc: str
    line: int
    column: int
    text: str
    entities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LineRow:
    number: int
    text: str
    boilerplate: bool


@dataclass(frozen=True, slots=True)
class LineHit:
    document_id: int
    doc: str
    line: int
    text: str


JSON_FIELDS = {
    DocumentRow: ("doc", "title", "date", "precision", "lines", "encoding"),
    EntityRow: ("name", "type", "aliases", "mentions", "documents"),
    MentionRow: ("entity", "type", "doc", "line", "column", "text"),
    ClaimRow: ("doc", "line", "column", "text", "speaker", "cue", "entities", "date"),
    TimelineRow: (
        "date",
        "precision",
        "relation",
        "expression",
        "doc",
        "line",
        "column",
        "text",
        "entities",
    ),
}


def as_json(row: object) -> dict[str, object]:
    """The row as its public JSON object (tuples become lists)."""
    out: dict[str, object] = {}
    for name in JSON_FIELDS[type(row)]:
        value = getattr(row, name)
        out[name] = list(value) if isinstance(value, tuple) else value
    return out


# --- documents and lines -------------------------------------------------------------


def documents(conn: sqlite3.Connection) -> list[DocumentRow]:
    return [
        DocumentRow(*row)
        for row in conn.execute(
            "SELECT id, doc, title, date, precision, line_count, encoding FROM documents ORDER BY doc"
        )
    ]


def document(conn: sqlite3.Connection, document_id: int) -> DocumentRow | None:
    row = conn.execute(
        "SELECT id, doc, title, date, precision, line_count, encoding FROM documents WHERE id = ?",
        (document_id,),
    ).fetchone()
    return DocumentRow(*row) if row else None


def find_document(conn: sqlite3.Connection, name: str) -> DocumentRow | None:
    """A document by its `doc` path, by a path suffix, or by file name."""
    row = conn.execute(
        "SELECT id, doc, title, date, precision, line_count, encoding FROM documents WHERE doc = ?",
        (name,),
    ).fetchone()
    if row:
        return DocumentRow(*row)
    name = name.lstrip("./")
    rows = conn.execute(
        "SELECT id, doc, title, date, precision, line_count, encoding FROM documents"
        " WHERE doc = ? OR doc LIKE ? ESCAPE '\\' ORDER BY doc LIMIT 2",
        (name, "%/" + like_escape(name)),
    ).fetchall()
    return DocumentRow(*rows[0]) if len(rows) == 1 else None


def lines(conn: sqlite3.Connection, document_id: int, start: int = 1, end: int | None = None) -> list[LineRow]:
    end = end if end is not None else 2**62
    return [
        LineRow(n, t, bool(b))
        for n, t, b in conn.execute(
            "SELECT number, text, boilerplate FROM lines WHERE document_id = ? AND number BETWEEN ? AND ?"
            " ORDER BY number",
            (document_id, start, end),
        )
    ]


def search_lines(conn: sqlite3.Connection, text: str, limit: int = 500) -> list[LineHit]:
    """Full-text search over document lines; any typed text is searched literally."""
    query = fts_literal(text)
    if not query:
        return []
    return [
        LineHit(*row)
        for row in conn.execute(
            "SELECT l.document_id, d.doc, l.number, l.text FROM lines_fts"
            " JOIN lines l ON l.id = lines_fts.rowid JOIN documents d ON d.id = l.document_id"
            " WHERE lines_fts MATCH ? ORDER BY lines_fts.rowid LIMIT ?",
            (query, limit),
        )
    ]


# --- entities ------------------------------------------------------------------

_ENTITY_COLUMNS = "e.id, e.name, e.type, e.mentions, e.documents"


def _entity_rows(conn: sqlite3.Connection, rows: Sequence[tuple]) -> list[EntityRow]:
    if not rows:
        return []
    ids = [r[0] for r in rows]
    aliases: dict[int, list[str]] = {i: [] for i in ids}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for entity_id, name in conn.execute(
            f"SELECT entity_id, name FROM aliases WHERE entity_id IN ({marks}) ORDER BY name", chunk
        ):
            aliases[entity_id].append(name)
    return [EntityRow(i, name, etype, tuple(a for a in aliases[i] if a != name), m, d) for i, name, etype, m, d in rows]


def entities(
    conn: sqlite3.Connection,
    *,
    search: str | None = None,
    type: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[EntityRow]:
    """Entities by mentions (most first); ``search`` matches names and aliases by prefix."""
    where, params = [], []
    if type:
        where.append("e.type = ?")
        params.append(type.upper())
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
    sql += " ORDER BY e.mentions DESC, e.name"
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
    found = entities(conn, search=text, limit=limit)
    if len(found) >= limit or not text.strip():
        return found
    seen = {e.id for e in found}
    letters = [c for c in text.lower() if not c.isspace()]
    if not letters:
        return found
    pattern = "%" + "%".join(like_escape(c) for c in letters) + "%"
    # names and ids from the rank index alone: no entity row is read until it matches
    ids = [
        r[0]
        for r in conn.execute(
            "SELECT id FROM (SELECT id, name FROM entities INDEXED BY entities_rank ORDER BY mentions DESC, name LIMIT ?)"
            " WHERE name LIKE ? ESCAPE '\\' LIMIT ?",
            (FUZZY_SCAN, pattern, limit + len(seen)),
        )
    ]
    extra = [i for i in ids if i not in seen][: limit - len(found)]
    return found + _entities_by_id(conn, extra)


# --- mentions, claims, timeline ----------------------------------------------------------


def mentions(conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None) -> list[MentionRow]:
    sql = (
        'SELECT m.entity_id, m.document_id, e.name, e.type, d.doc, m.line, m."column", '
        + _span_text("m")
        + " FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " JOIN documents d ON d.id = m.document_id" + _line_join("m")
    )
    params: list[object] = []
    if entity_ids is not None:
        if not entity_ids:
            return []
        sql += f" WHERE m.entity_id IN ({','.join('?' * len(entity_ids))})"
        params = list(entity_ids)
    sql += ' ORDER BY d.doc, m.line, m."column"'
    return [MentionRow(*row) for row in conn.execute(sql, params)]


def _names(conn: sqlite3.Connection, link_table: str, key: str, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in ids}
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for item_id, name in conn.execute(
            f"SELECT l.{key}, e.name FROM {link_table} l JOIN entities e ON e.id = l.entity_id"
            f" WHERE l.{key} IN ({marks}) ORDER BY e.mentions DESC, e.name",
            chunk,
        ):
            out[item_id].append(name)
    return out


def claims(conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None) -> list[ClaimRow]:
    sql = (
        'SELECT c.id, c.document_id, d.doc, c.line, c."column", ' + _span_text("c") + ", s.name, c.cue, c.date"
        " FROM claims c JOIN documents d ON d.id = c.document_id"
        + _line_join("c")
        + " LEFT JOIN entities s ON s.id = c.speaker_id"
    )
    params: list[object] = []
    if entity_ids is not None:
        if not entity_ids:
            return []
        marks = ",".join("?" * len(entity_ids))
        # linked or speaking: both are in the entities' own timelines
        sql += f" WHERE c.id IN (SELECT item_id FROM timeline_entities WHERE entity_id IN ({marks}) AND kind = 1)"
        params = list(entity_ids)
    sql += ' ORDER BY c.sort_key, d.doc, c.line, c."column"'
    rows = conn.execute(sql, params).fetchall()
    names = _names(conn, "claim_entities", "claim_id", [r[0] for r in rows])
    return [ClaimRow(*r[:8], tuple(names[r[0]]), r[8]) for r in rows]


def timeline(conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None) -> list[TimelineRow]:
    sql = (
        'SELECT v.id, v.document_id, v.date, v.precision, v.relation, v.expression, d.doc, v.line, v."column", '
        + _span_text("v")
        + " FROM events v JOIN documents d ON d.id = v.document_id"
        + _line_join("v")
    )
    params: list[object] = []
    if entity_ids is not None:
        if not entity_ids:
            return []
        sql += (
            f" WHERE v.id IN (SELECT item_id FROM timeline_entities WHERE entity_id IN"
            f" ({','.join('?' * len(entity_ids))}) AND kind = 0)"
        )
        params = list(entity_ids)
    sql += " ORDER BY v.sort_key, d.doc, v.line, v.expression_column"
    rows = conn.execute(sql, params).fetchall()
    names = _names(conn, "event_entities", "event_id", [r[0] for r in rows])
    return [TimelineRow(*r, tuple(names[r[0]])) for r in rows]


# --- helpers -------------------------------------------------------------------------------


def _line_join(alias: str) -> str:
    """Join the line a mention, claim or event sits on (as ``l``)."""
    return f" JOIN lines l ON l.document_id = {alias}.document_id AND l.number = {alias}.line"


def _span_text(alias: str) -> str:
    """A span's text: never stored twice, always the line's own characters."""
    return f'substr(l.text, {alias}."column", {alias}.length)'


# Words as FTS5's unicode61 tokenizer cuts them (runs of letters and digits), so
# each quoted word is one token: the line index keeps no positions (no phrases).
FTS_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)


def fts_literal(text: str, *, prefix: bool = False) -> str:
    """An FTS5 query matching ``text`` literally: each word quoted, none as syntax."""
    words = FTS_TOKEN.findall(text)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def like_escape(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
