"""Read-only, UI-oriented queries: pages, positions and what sits on a line.

Plain functions over an ``sqlite3.Connection`` returning frozen dataclasses;
no UI imports. Every list the explorer shows can be long, so each comes as a
count plus pages fetched by offset (from whichever end is nearer), and every
jump (an item, an entity, a mention) can ask for its position in its list.

The timeline mixes events and claims in one order:
``(sort_key, document_id, line, column, kind, id)`` where kind 0 is an event
and 1 a claim; ``sort_key`` is the ISO date or "~", so undated items sort last.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from db.queries import LineHit, fts_literal, like_escape
from db.schema import stored_counts

T = TypeVar("T")

EVENT, CLAIM = "event", "claim"
_KIND = {EVENT: 0, CLAIM: 1}
CLIP = 4000  # characters of one line fetched for display


@dataclass(frozen=True, slots=True)
class Item:
    """One timeline row: an event (a dated sentence) or a claim (attributed, or a bare fact)."""

    kind: str
    id: int
    document_id: int
    doc: str
    line: int
    column: int
    length: int
    date: str | None
    precision: str | None
    relation: str | None
    expression: str | None
    text: str
    speaker: str | None
    sort_key: str
    cue: str | None = None  # a claim's cue ("said", "according to"); None for events and facts

    @property
    def key(self) -> tuple[str, int, int, int, int, int]:
        return (self.sort_key, self.document_id, self.line, self.column, _KIND[self.kind], self.id)

    @property
    def ref(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    doc: str
    path: str
    title: str | None
    date: str | None
    precision: str | None
    line_count: int


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A line clipped for display: ``text`` is the line from ``start`` (0-based)."""

    number: int
    text: str
    boilerplate: bool
    length: int
    start: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    entity_id: int
    document_id: int
    line: int
    column: int
    length: int


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    entities: int
    events: int
    claims: int


# --- corpus --------------------------------------------------------------------------


def counts(conn: sqlite3.Connection) -> Counts:
    stored = stored_counts(conn)
    if stored is not None:
        return Counts(stored["documents"], stored["entities"], stored["events"], stored["claims"])
    row = conn.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entities),"
        " (SELECT count(*) FROM events), (SELECT count(*) FROM claims)"
    ).fetchone()
    return Counts(*row)


def corpus_root(conn: sqlite3.Connection) -> str:
    """The innermost folder every document's path starts with, with its "/" ("seeds/"), else ""."""
    row = conn.execute("SELECT min(doc), max(doc) FROM documents").fetchone()
    if not row or row[0] is None:
        return ""
    first, last = (p.split("/")[:-1] for p in row)  # min and max bound every path's folders
    shared = []
    for a, b in zip(first, last):
        if a != b:
            break
        shared.append(a)
    return "/".join(shared) + "/" if shared else ""


def corpus_name(conn: sqlite3.Connection, fallback: str) -> str:
    """The name of the folder all documents share ("seeds", "bbc"), else ``fallback``."""
    parts = corpus_root(conn).split("/")
    return next((p for p in reversed(parts) if p not in ("", ".", "..")), fallback)


def document(conn: sqlite3.Connection, document_id: int) -> Document | None:
    row = conn.execute(
        "SELECT id, doc, path, title, date, precision, line_count FROM documents WHERE id = ?",
        (document_id,),
    ).fetchone()
    return Document(*row) if row else None


def documents_named(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[Document]:
    """Documents whose path or title contains ``text`` (any case)."""
    like = "%" + like_escape(text) + "%"
    return [
        Document(*r)
        for r in conn.execute(
            "SELECT id, doc, path, title, date, precision, line_count FROM documents"
            " WHERE doc LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' ORDER BY doc LIMIT ?",
            (like, like, limit),
        )
    ]


def source_lines(
    conn: sqlite3.Connection,
    document_id: int,
    start: int,
    end: int,
    *,
    clip: int = CLIP,
    focus: tuple[int, int] | None = None,
) -> list[SourceLine]:
    """Lines ``start..end`` of a document, each at most ``clip`` characters.

    A huge line is never read whole. ``focus`` (line, 1-based column) shows the
    clipped window of that line around the column instead of its beginning.
    """
    rows = conn.execute(
        "SELECT number, substr(text, 1, ?), boilerplate, length(text) FROM lines"
        " WHERE document_id = ? AND number BETWEEN ? AND ? ORDER BY number",
        (clip, document_id, start, end),
    ).fetchall()
    out = [SourceLine(n, t, bool(b), length) for n, t, b, length in rows]
    if focus is not None:
        for i, line in enumerate(out):
            lead = min(200, clip // 4)  # characters shown before the focus column
            if line.number == focus[0] and line.length > clip and focus[1] > clip - lead:
                begin = max(0, focus[1] - 1 - lead)
                text = conn.execute(
                    "SELECT substr(text, ?, ?) FROM lines WHERE document_id = ? AND number = ?",
                    (begin + 1, clip, document_id, line.number),
                ).fetchone()[0]
                out[i] = SourceLine(line.number, text, line.boilerplate, line.length, begin)
    return out


def line_text(conn: sqlite3.Connection, document_id: int, line: int, clip: int = CLIP) -> str | None:
    row = conn.execute(
        "SELECT substr(text, 1, ?) FROM lines WHERE document_id = ? AND number = ?",
        (clip, document_id, line),
    ).fetchone()
    return row[0] if row else None


def search_lines(conn: sqlite3.Connection, text: str, limit: int = 500, clip: int = CLIP) -> list[LineHit]:
    """``queries.search_lines`` with each hit's text clipped to ``clip`` characters (a hit may be a huge line)."""
    query = fts_literal(text)
    if not query:
        return []
    return [
        LineHit(*row)
        for row in conn.execute(
            "SELECT l.document_id, d.doc, l.number, substr(l.text, 1, ?) FROM lines_fts"
            " JOIN lines l ON l.id = lines_fts.rowid JOIN documents d ON d.id = l.document_id"
            " WHERE lines_fts MATCH ? ORDER BY lines_fts.rowid LIMIT ?",
            (clip, query, limit),
        )
    ]


def mentions_between(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> list[Mention]:
    return [
        Mention(*r)
        for r in conn.execute(
            'SELECT entity_id, document_id, line, "column", length FROM mentions'
            ' WHERE document_id = ? AND line BETWEEN ? AND ? ORDER BY line, "column"',
            (document_id, start, end),
        )
    ]


# --- the timeline -------------------------------------------------------------------------

# The order of the timeline: every function below sorts and compares by these.
_KEY = 'sort_key, document_id, line, "column", kind, item_id'
_KEY_DESC = 'sort_key DESC, document_id DESC, line DESC, "column" DESC, kind DESC, item_id DESC'

# An entity's items: its own clustered table, with the same key columns and
# order as `timeline`, so any page of it is an index walk.
_ENTITY_ITEMS = "(SELECT * FROM timeline_entities WHERE entity_id = :entity)"


def _source(entity_id: int | None) -> tuple[str, dict[str, object]]:
    if entity_id is None:
        return "timeline", {}
    return _ENTITY_ITEMS, {"entity": entity_id}


def timeline_count(conn: sqlite3.Connection, entity_id: int | None = None) -> int:
    if entity_id is not None:
        return conn.execute("SELECT count(*) FROM timeline_entities WHERE entity_id = ?", (entity_id,)).fetchone()[0]
    stored = stored_counts(conn)
    if stored is not None:
        return stored["timeline"]
    return conn.execute("SELECT count(*) FROM timeline").fetchone()[0]


def timeline_page(
    conn: sqlite3.Connection,
    offset: int,
    limit: int,
    *,
    entity_id: int | None = None,
    total: int | None = None,
) -> list[Item]:
    """Rows ``offset .. offset+limit`` of the timeline; the far end is read backwards."""
    source, params = _source(entity_id)
    if total is None:
        total = timeline_count(conn, entity_id)
    offset = max(0, offset)
    limit = max(0, min(limit, total - offset))
    if limit == 0:
        return []
    if offset > total // 2:
        back = total - offset - limit
        refs = conn.execute(
            f"SELECT kind, item_id FROM {source} ORDER BY {_KEY_DESC} LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": back},
        ).fetchall()
        refs.reverse()
    else:
        refs = conn.execute(
            f"SELECT kind, item_id FROM {source} ORDER BY {_KEY} LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
    return _items(conn, refs)


def timeline_rows(
    conn: sqlite3.Connection,
    offset: int,
    limit: int,
    hint: tuple[int, Item] | None = None,
    *,
    entity_id: int | None = None,
    total: int | None = None,
) -> list[Item]:
    """Rows ``offset .. offset+limit``, read by key from ``hint`` (a known (index, item)) when it
    is next to or inside the page, else by offset."""
    if hint is not None:
        index, known = hint
        if index == offset - 1:
            return timeline_near(conn, known.key, limit, entity_id=entity_id)
        if index == offset + limit:
            return timeline_near(conn, known.key, limit, entity_id=entity_id, backward=True)
        if offset <= index < offset + limit:
            head = timeline_near(
                conn, known.key, index - offset + 1, entity_id=entity_id, backward=True, inclusive=True
            )
            return head + timeline_near(conn, known.key, offset + limit - index - 1, entity_id=entity_id)
    return timeline_page(conn, offset, limit, entity_id=entity_id, total=total)


def timeline_near(
    conn: sqlite3.Connection,
    key: tuple,
    limit: int,
    *,
    entity_id: int | None = None,
    backward: bool = False,
    inclusive: bool = False,
) -> list[Item]:
    """Up to ``limit`` rows right after (or before) the row with ``key``, in timeline order."""
    if limit <= 0:
        return []
    source, params = _source(entity_id)
    op = ("<=" if inclusive else "<") if backward else (">=" if inclusive else ">")
    refs = conn.execute(
        f"SELECT kind, item_id FROM {source} WHERE ({_KEY}) {op} (:k0, :k1, :k2, :k3, :k4, :k5)"
        f" ORDER BY {_KEY_DESC if backward else _KEY} LIMIT :limit",
        {**params, **{f"k{i}": v for i, v in enumerate(key)}, "limit": limit},
    ).fetchall()
    if backward:
        refs.reverse()
    return _items(conn, refs)


def timeline_position(conn: sqlite3.Connection, item: Item, entity_id: int | None = None) -> int:
    """The index of ``item`` in the (filtered) timeline."""
    source, params = _source(entity_id)
    return conn.execute(
        f"SELECT count(*) FROM {source} WHERE ({_KEY}) < (:k0, :k1, :k2, :k3, :k4, :k5)",
        {**params, **{f"k{i}": v for i, v in enumerate(item.key)}},
    ).fetchone()[0]


def items_on_line(conn: sqlite3.Connection, document_id: int, line: int) -> list[Item]:
    refs = conn.execute(
        f'SELECT kind, item_id FROM (SELECT sort_key, document_id, line, "column", 0 AS kind, id AS item_id'
        " FROM events WHERE document_id = :doc AND line = :line"
        ' UNION ALL SELECT sort_key, document_id, line, "column", 1, id FROM claims'
        f" WHERE document_id = :doc AND line = :line) ORDER BY {_KEY}",
        {"doc": document_id, "line": line},
    ).fetchall()
    return _items(conn, refs)


def item(conn: sqlite3.Connection, kind: str, item_id: int) -> Item | None:
    found = _items(conn, [(_KIND[kind], item_id)])
    return found[0] if found else None


def item_entities(conn: sqlite3.Connection, kind: str, item_id: int) -> list[int]:
    """Entities an item mentions (and a claim's speaker), most mentioned first."""
    if kind == EVENT:
        sql = "SELECT entity_id FROM event_entities WHERE event_id = ?"
        params: tuple = (item_id,)
    else:
        sql = (
            "SELECT entity_id FROM claim_entities WHERE claim_id = ?"
            " UNION SELECT speaker_id FROM claims WHERE id = ? AND speaker_id IS NOT NULL"
        )
        params = (item_id, item_id)
    return [
        r[0]
        for r in conn.execute(
            f"SELECT e.id FROM entities e WHERE e.id IN ({sql}) ORDER BY e.mentions DESC, e.name", params
        )
    ]


GIST = 400  # characters of an item's text fetched for its one-line gist

_EVENT_ROWS = (
    'SELECT v.id, v.document_id, d.doc, v.line, v."column", v.length, v.date, v.precision, v.relation,'
    f' v.expression, substr(l.text, v."column", min(v.length, {GIST})), NULL, v.sort_key, NULL'
    " FROM events v JOIN documents d ON d.id = v.document_id"
    " JOIN lines l ON l.document_id = v.document_id AND l.number = v.line WHERE v.id IN ({ids})"
)
_CLAIM_ROWS = (
    'SELECT c.id, c.document_id, d.doc, c.line, c."column", c.length, c.date, c.precision, NULL,'
    f' NULL, substr(l.text, c."column", min(c.length, {GIST})), s.name, c.sort_key, c.cue'
    " FROM claims c JOIN documents d ON d.id = c.document_id"
    " JOIN lines l ON l.document_id = c.document_id AND l.number = c.line"
    " LEFT JOIN entities s ON s.id = c.speaker_id WHERE c.id IN ({ids})"
)


def _items(conn: sqlite3.Connection, refs: Sequence[tuple[int, int]]) -> list[Item]:
    """Timeline items for (kind, id) pairs, in the order given."""
    found: dict[tuple[int, int], Item] = {}
    for kind, sql in ((0, _EVENT_ROWS), (1, _CLAIM_ROWS)):
        ids = [i for k, i in refs if k == kind]
        if not ids:
            continue
        for row in conn.execute(sql.format(ids=",".join("?" * len(ids))), ids):
            found[(kind, row[0])] = Item(EVENT if kind == 0 else CLAIM, *row)
    return [found[(k, i)] for k, i in refs if (k, i) in found]


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


# --- entities ---------------------------------------------------------------------------


def entity_count(conn: sqlite3.Connection, type: str | None = None) -> int:
    if type:
        return conn.execute("SELECT count(*) FROM entities WHERE type = ?", (type,)).fetchone()[0]
    stored = stored_counts(conn)
    if stored is not None:
        return stored["entities"]
    return conn.execute("SELECT count(*) FROM entities").fetchone()[0]


def entity_position(conn: sqlite3.Connection, entity_id: int, type: str | None = None) -> int | None:
    """The index of an entity in the ranked list (mentions desc, name), or None if filtered out."""
    row = conn.execute("SELECT mentions, name, type FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None or (type and row[2] != type):
        return None
    m, name, _ = row
    sql = "SELECT count(*) FROM entities WHERE (mentions > ? OR (mentions = ? AND name < ?))"
    params: list[object] = [m, m, name]
    if type:
        sql += " AND type = ?"
        params.append(type)
    return conn.execute(sql, params).fetchone()[0]


def entity_names(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(id, name) for ``ids``, in the order given."""
    if not ids:
        return []
    names = dict(conn.execute(f"SELECT id, name FROM entities WHERE id IN ({','.join('?' * len(ids))})", list(ids)))
    return [(i, names[i]) for i in ids if i in names]


def entity_types(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT DISTINCT type FROM entities ORDER BY type")]


# --- walking an entity's mentions ---------------------------------------------------------

_MKEY = '(document_id, line, "column")'


def mention_count(conn: sqlite3.Connection, entity_id: int) -> int:
    """The entity's kept count (ingest keeps it in step), not a walk of its mentions."""
    row = conn.execute("SELECT mentions FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return row[0] if row else 0


def mention_step(
    conn: sqlite3.Connection, entity_id: int, at: tuple[int, int, int] | None, *, backward: bool = False
) -> Mention | None:
    """The next (or previous) mention after position ``at``, wrapping around; the first if ``at`` is None."""
    cols = 'entity_id, document_id, line, "column", length'
    order = "DESC" if backward else ""
    sql_all = (
        f"SELECT {cols} FROM mentions WHERE entity_id = ?"
        f' ORDER BY document_id {order}, line {order}, "column" {order} LIMIT 1'
    )
    if at is not None:
        op = "<" if backward else ">"
        row = conn.execute(
            f"SELECT {cols} FROM mentions WHERE entity_id = ? AND {_MKEY} {op} (?,?,?)"
            f' ORDER BY document_id {order}, line {order}, "column" {order} LIMIT 1',
            (entity_id, *at),
        ).fetchone()
        if row:
            return Mention(*row)
    row = conn.execute(sql_all, (entity_id,)).fetchone()
    return Mention(*row) if row else None


def mention_index(conn: sqlite3.Connection, mention: Mention) -> int:
    """0-based position of a mention among its entity's mentions."""
    return conn.execute(
        f"SELECT count(*) FROM mentions WHERE entity_id = ? AND {_MKEY} < (?,?,?)",
        (mention.entity_id, mention.document_id, mention.line, mention.column),
    ).fetchone()[0]


# --- connections ------------------------------------------------------------------------


class Reader:
    """A pool of read-only connections: one per concurrent thread, reused."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @contextmanager
    def conn(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            with self._lock:
                self._idle.append(conn)

    def __call__(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """``fn(conn, *args, **kwargs)`` on a pooled connection."""
        with self.conn() as conn:
            return fn(conn, *args, **kwargs)

    def close(self) -> None:
        with self._lock:
            for conn in self._idle:
                conn.close()
            self._idle.clear()
