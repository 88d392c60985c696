"""The explorer's timeline: events and claims in one order, read in pages, by key or by position.

The order is ``(sort_key, document_id, line, column, kind, id)`` where kind 0 is
an event and 1 a claim; ``sort_key`` is the ISO date or "~", so undated items
sort last. Both timeline tables are clustered in that order (``timeline`` for
all, ``timeline_entities`` per entity), so any page is an index walk; the far
end of a list is read backwards.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from db.read.copies import with_copies
from db.read.rows import CLAIM, EVENT, KIND, Item
from db.store.counts import stored_counts

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
        " WHERE document_id = :doc AND line = :line AND id NOT IN (SELECT claim_id FROM events"
        f" WHERE document_id = :doc AND line = :line AND claim_id IS NOT NULL)) ORDER BY {_KEY}",
        {"doc": document_id, "line": line},
    ).fetchall()
    return _items(conn, refs)


def item(conn: sqlite3.Connection, kind: str, item_id: int) -> Item | None:
    found = _items(conn, [(KIND[kind], item_id)])
    return found[0] if found else None


def item_entities(conn: sqlite3.Connection, kind: str, item_id: int) -> list[int]:
    """Entities an item mentions (and a claim's speaker), most mentioned first."""
    if kind == EVENT:  # and the claim it holds
        sql = (
            "SELECT entity_id FROM event_entities WHERE event_id = ?"
            " UNION SELECT ce.entity_id FROM events v JOIN claim_entities ce ON ce.claim_id = v.claim_id WHERE v.id = ?"
            " UNION SELECT c.speaker_id FROM events v JOIN claims c ON c.id = v.claim_id"
            " WHERE v.id = ? AND c.speaker_id IS NOT NULL"
        )
        params: tuple = (item_id, item_id, item_id)
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
    f' v.expression, substr(l.text, v."column", min(v.length, {GIST})), s.name, v.sort_key, c.cue, v.claim_id,'
    " d.title FROM events v JOIN documents d ON d.id = v.document_id"
    " JOIN lines l ON l.document_id = v.document_id AND l.number = v.line"
    " LEFT JOIN claims c ON c.id = v.claim_id LEFT JOIN entities s ON s.id = c.speaker_id"
    " WHERE v.id IN ({ids})"
)


_CLAIM_ROWS = (
    'SELECT c.id, c.document_id, d.doc, c.line, c."column", c.length, c.date, c.precision, NULL,'
    f' NULL, substr(l.text, c."column", min(c.length, {GIST})), s.name, c.sort_key, c.cue, NULL, d.title'
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
            found[(kind, row[0])] = Item(EVENT if kind == 0 else CLAIM, *row[:-1], title=row[-1])  # type: ignore[misc]  # the row is the fields before title
    return with_copies(conn, [found[(k, i)] for k, i in refs if (k, i) in found])
