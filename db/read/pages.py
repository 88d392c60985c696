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
from dataclasses import replace

from db.read.copies import with_copies
from db.read.filters import NONE, Filters, count_clauses, counted, rows_clauses, timeline_clauses
from db.read.rows import CLAIM, EVENT, KIND, Item
from db.store.counts import stored_counts

# The order of the timeline: every function below sorts and compares by these.
_KEY = 'sort_key, document_id, line, "column", kind, item_id'


_KEY_DESC = 'sort_key DESC, document_id DESC, line DESC, "column" DESC, kind DESC, item_id DESC'

# A timeline row's key columns, from a table ``t``.
_ROW = 't.sort_key, t.document_id, t.line, t."column", t.kind, t.item_id'


# An entity's items: its own clustered table, with the same key columns and
# order as `timeline`, so any page of it is an index walk. Filters narrow either
# (db/read/filters.py); a date range on the event axis is a range of the key.
# The whole timeline's rows carry their class and reported date (schema v11): a kind filter walks the key
# skipping the other classes, the reported axis walks the `timeline_reported` index, which also holds a
# document's rows together (after its date).
def _sources(
    entity_id: int | None, filters: Filters | None = None, *, whole: bool = False
) -> tuple[list[str], dict[str, object]]:
    """The subqueries whose rows, merged in key order, are the (filtered) timeline: one, or on the whole
    timeline's reported axis two. ``whole``: the caller reads all of them (a count, a histogram, a
    position), not a page in order."""
    params: dict[str, object] = {}
    reported = filters is not None and filters.by == "reported"
    if whole and entity_id is not None and filters is not None and filters.with_entity is not None and not reported:
        return [_both(entity_id, filters, params)], params
    if entity_id is None:
        where = rows_clauses(filters, params) if filters is not None else []
        if not where and not reported:
            return ["timeline"], {}
        if not reported:
            return [f"(SELECT {_ROW} FROM timeline t WHERE {' AND '.join(where)})"], params
        # The reported index leaves out what is undated on both axes (schema.sql): those rows are read from the
        # table's own "~" range, in the same order, and the two arms merge (outer queries select the whole key
        # so that SQLite merges them instead of sorting). Nothing undated passes "dated" or an end date.
        arms = [
            f"SELECT t.reported AS sort_key, {_ROW[12:]} FROM timeline t WHERE (t.sort_key < '~' OR t.reported < '~')"
        ]
        assert filters is not None
        if not filters.dated and filters.end is None:
            arms.append(f"SELECT {_ROW} FROM timeline t WHERE t.sort_key >= '~' AND t.reported = '~'")
        return ["(" + " AND ".join([arm, *where]) + ")" for arm in arms], params
    where = timeline_clauses(filters, params) if filters is not None else []
    where.insert(0, "t.entity_id = :entity")
    params["entity"] = entity_id
    if reported:
        # an entity's items when they were said: its document's date leads the key (an item's own date then
        # orders within it); no index has this order, so every page sorts the entity's (filtered) rows
        return [
            "(SELECT coalesce(d.date, '~') AS sort_key, t.document_id, t.line, t.\"column\", t.kind, t.item_id"
            " FROM timeline_entities t JOIN documents d ON d.id = t.document_id"
            f" WHERE {' AND '.join(where)})"
        ], params
    return [f"(SELECT t.* FROM timeline_entities t WHERE {' AND '.join(where)})"], params


def _source(
    entity_id: int | None, filters: Filters | None = None, *, whole: bool = False
) -> tuple[str, dict[str, object]]:
    """The (filtered) timeline as one subquery (its arms merged by UNION ALL)."""
    arms, params = _sources(entity_id, filters, whole=whole)
    if len(arms) == 1:
        return arms[0], params
    return "(" + " UNION ALL ".join(arm[1:-1] for arm in arms) + ")", params


def _count(arms: list[str], where: str = "") -> str:
    """SQL counting the rows of ``arms`` (that meet ``where``): a sum of one count per arm, each a walk of
    its own index (a count over their UNION ALL passes every row through a co-routine: twice as slow)."""
    return " + ".join(f"(SELECT count(*) FROM {arm}{f' WHERE {where}' if where else ''})" for arm in arms)


def _both(entity_id: int, filters: Filters, params: dict[str, object]) -> str:
    """An entity's (filtered) rows that are in ``filters.with_entity``'s timeline too, read set-wise: both
    entities' runs of timeline_entities are in the timeline's order, so SQLite intersects them in one merge
    of the two index ranges (a pass over each), where the row-at-a-time EXISTS looked each of the first
    entity's rows up in the second's (a b-tree search per row: 2-3x slower for two large entities).

    ``LIMIT -1`` keeps the ORDER BY: without it SQLite drops the order of a subquery whose rows are
    then grouped or sorted, and intersects through a temporary b-tree instead (slower than the EXISTS).
    tests/db/test_query_plans.py checks the merge."""
    where = timeline_clauses(filters.but(with_entity=None), params)
    params["entity"], params["f_with"] = entity_id, filters.with_entity
    near = [c for c in where if c.startswith("t.sort_key")]  # the date range bounds both runs
    both = f"SELECT {_KEY} FROM timeline_entities t WHERE t.entity_id = :entity" + "".join(f" AND {c}" for c in where)
    other = f"SELECT {_KEY} FROM timeline_entities t WHERE t.entity_id = :f_with" + "".join(f" AND {c}" for c in near)
    return f"({both} INTERSECT {other} ORDER BY {_KEY} LIMIT -1)"


def _counts(filters: Filters, params: dict[str, object], *extra: str) -> str:
    """The SQL summing the stored per-date counts of the whole timeline narrowed by a ``counted`` ``filters``."""
    where = count_clauses(filters, params) + list(extra)
    return f"SELECT coalesce(sum(n), 0) FROM timeline_counts WHERE {' AND '.join(where)}"


def on_axis(item: Item, filters: Filters | None) -> Item:
    """``item`` with the sort key of the timeline's axis: its document's date when ``by`` is reported, else
    its own (the stored key is the date, or "~" when undated)."""
    key = (item.reported if filters is not None and filters.by == "reported" else item.date) or "~"
    return item if key == item.sort_key else replace(item, sort_key=key)


def timeline_count(conn: sqlite3.Connection, entity_id: int | None = None, filters: Filters | None = None) -> int:
    if entity_id is None and filters is not None and counted(filters) and not filters.but(by="event").empty:
        params: dict[str, object] = {}
        return conn.execute(_counts(filters, params), params).fetchone()[0]
    if filters is not None and not filters.but(by="event").empty:
        arms, params = _sources(entity_id, filters, whole=True)
        return conn.execute(f"SELECT {_count(arms)}", params).fetchone()[0]
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
    filters: Filters | None = None,
) -> list[Item]:
    """Rows ``offset .. offset+limit`` of the timeline; the far end is read backwards."""
    source, params = _source(entity_id, filters)
    if total is None:
        total = timeline_count(conn, entity_id, filters)
    offset = max(0, offset)
    limit = max(0, min(limit, total - offset))
    if limit == 0:
        return []
    if offset > total // 2:
        back = total - offset - limit
        refs = conn.execute(
            f"SELECT {_KEY} FROM {source} ORDER BY {_KEY_DESC} LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": back},
        ).fetchall()
        refs.reverse()
    else:
        refs = conn.execute(
            f"SELECT {_KEY} FROM {source} ORDER BY {_KEY} LIMIT :limit OFFSET :offset",
            {**params, "limit": limit, "offset": offset},
        ).fetchall()
    return _items(conn, refs, filters)


def timeline_rows(
    conn: sqlite3.Connection,
    offset: int,
    limit: int,
    hint: tuple[int, Item] | None = None,
    *,
    entity_id: int | None = None,
    total: int | None = None,
    filters: Filters | None = None,
) -> list[Item]:
    """Rows ``offset .. offset+limit``, read by key from ``hint`` (a known (index, item)) when it
    is next to or inside the page, else by offset."""
    if hint is not None:
        index, known = hint
        if index == offset - 1:
            return timeline_near(conn, known.key, limit, entity_id=entity_id, filters=filters)
        if index == offset + limit:
            return timeline_near(conn, known.key, limit, entity_id=entity_id, backward=True, filters=filters)
        if offset <= index < offset + limit:
            head = timeline_near(
                conn,
                known.key,
                index - offset + 1,
                entity_id=entity_id,
                backward=True,
                inclusive=True,
                filters=filters,
            )
            return head + timeline_near(
                conn, known.key, offset + limit - index - 1, entity_id=entity_id, filters=filters
            )
    return timeline_page(conn, offset, limit, entity_id=entity_id, total=total, filters=filters)


def timeline_near(
    conn: sqlite3.Connection,
    key: tuple,
    limit: int,
    *,
    entity_id: int | None = None,
    backward: bool = False,
    inclusive: bool = False,
    filters: Filters | None = None,
) -> list[Item]:
    """Up to ``limit`` rows right after (or before) the row with ``key``, in timeline order."""
    if limit <= 0:
        return []
    source, params = _source(entity_id, filters)
    op = ("<=" if inclusive else "<") if backward else (">=" if inclusive else ">")
    # after an undated row on the reported axis nothing but undated rows: said on the key's own columns, which
    # the reported order's undated arm (the table's "~" range) seeks to (a document's rows are found by its own)
    merged = entity_id is None and filters is not None and filters.by == "reported" and filters.document_id is None
    after = (
        f'sort_key = :k0 AND (document_id, line, "column", kind, item_id) {op} (:k1, :k2, :k3, :k4, :k5)'
        if merged and key[0] == "~" and not backward
        else f"({_KEY}) {op} (:k0, :k1, :k2, :k3, :k4, :k5)"
    )
    refs = conn.execute(
        f"SELECT {_KEY} FROM {source} WHERE {after} ORDER BY {_KEY_DESC if backward else _KEY} LIMIT :limit",
        {**params, **{f"k{i}": v for i, v in enumerate(key)}, "limit": limit},
    ).fetchall()
    if backward:
        refs.reverse()
    return _items(conn, refs, filters)


def timeline_position(
    conn: sqlite3.Connection, item: Item, entity_id: int | None = None, filters: Filters | None = None
) -> int:
    """The index of ``item`` in the (filtered) timeline: for the whole timeline, the stored counts of the
    dates before its own and a walk of its own date's rows."""
    arms, params = _sources(entity_id, filters, whole=True)
    keys = {f"k{i}": v for i, v in enumerate(item.key)}
    if entity_id is None and (filters is None or counted(filters)):
        before = _counts(filters or NONE, params, "key < :k0")
        own = _count(
            arms, 'sort_key = :k0 AND (document_id, line, "column", kind, item_id) < (:k1, :k2, :k3, :k4, :k5)'
        )
        return conn.execute(f"SELECT ({before}) + {own}", {**params, **keys}).fetchone()[0]
    return conn.execute(
        f"SELECT {_count(arms, f'({_KEY}) < (:k0, :k1, :k2, :k3, :k4, :k5)')}", {**params, **keys}
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
    " d.date, d.title"
    " FROM events v JOIN documents d ON d.id = v.document_id"
    " JOIN lines l ON l.document_id = v.document_id AND l.number = v.line"
    " LEFT JOIN claims c ON c.id = v.claim_id LEFT JOIN entities s ON s.id = c.speaker_id"
    " WHERE v.id IN ({ids})"
)


_CLAIM_ROWS = (
    'SELECT c.id, c.document_id, d.doc, c.line, c."column", c.length, c.date, c.precision, NULL,'
    f' NULL, substr(l.text, c."column", min(c.length, {GIST})), s.name, c.sort_key, c.cue, NULL, d.date, d.title'
    " FROM claims c JOIN documents d ON d.id = c.document_id"
    " JOIN lines l ON l.document_id = c.document_id AND l.number = c.line"
    " LEFT JOIN entities s ON s.id = c.speaker_id WHERE c.id IN ({ids})"
)


def _items(conn: sqlite3.Connection, rows: Sequence[Sequence], filters: Filters | None = None) -> list[Item]:
    """Timeline items for rows ending in (kind, id) (a whole key, or the pair), in the order given (keyed on
    the axis of ``filters``)."""
    refs = [(r[-2], r[-1]) for r in rows]
    found: dict[tuple[int, int], Item] = {}
    for kind, sql in ((0, _EVENT_ROWS), (1, _CLAIM_ROWS)):
        ids = [i for k, i in refs if k == kind]
        if not ids:
            continue
        name = EVENT if kind == 0 else CLAIM
        for row in conn.execute(sql.format(ids=",".join("?" * len(ids))), ids):
            # built whole (the row's columns, copies 0 and sources 1 as with_copies then sets them, the document's
            # date and title): a dataclasses.replace per row cost as much as the rest of the page
            fields: tuple = (name, *row[:-2], 0, 1, row[-2], row[-1])
            item = Item(*fields)
            found[(kind, row[0])] = on_axis(item, filters)
    return with_copies(conn, [found[(k, i)] for k, i in refs if (k, i) in found])


def timeline_seek(
    conn: sqlite3.Connection, start: str, entity_id: int | None = None, filters: Filters | None = None
) -> tuple[int, Item] | None:
    """The first row dated at or after ``start`` (an ISO date at any precision) and its index; else the
    last dated row (or None when nothing is dated)."""
    source, params = _source(entity_id, filters)
    refs = conn.execute(
        f"SELECT {_KEY} FROM {source} WHERE sort_key >= :start AND sort_key < '~' ORDER BY {_KEY} LIMIT 1",
        {**params, "start": start},
    ).fetchall()
    if not refs:
        refs = conn.execute(
            f"SELECT {_KEY} FROM {source} WHERE sort_key < '~' ORDER BY {_KEY_DESC} LIMIT 1", params
        ).fetchall()
    found = _items(conn, refs, filters)
    if not found:
        return None
    return timeline_position(conn, found[0], entity_id, filters), found[0]


def timeline_histogram(
    conn: sqlite3.Connection, width: int, entity_id: int | None = None, filters: Filters | None = None
) -> list[tuple[str, int]]:
    """Dated items per period, in order: (period, count), the period ``width`` characters of the date
    (4 years, 7 months, 10 days). Undated items are not counted. The whole timeline's are read from
    the stored per-date counts."""
    if entity_id is None and (filters is None or counted(filters)):
        params: dict[str, object] = {"width": width}
        where = [*count_clauses(filters or NONE, params), "key < '~'", "length(key) >= :width"]
        return conn.execute(
            f"SELECT substr(key, 1, :width) AS period, sum(n) FROM timeline_counts WHERE {' AND '.join(where)}"
            " GROUP BY period HAVING sum(n) > 0 ORDER BY period",
            params,
        ).fetchall()
    source, params = _source(entity_id, filters, whole=True)
    return conn.execute(
        f"SELECT substr(sort_key, 1, :width) AS period, count(*) FROM {source}"
        " WHERE sort_key < '~' AND length(sort_key) >= :width GROUP BY period ORDER BY period",
        {**params, "width": width},
    ).fetchall()


def item_speaker(conn: sqlite3.Connection, item: Item) -> tuple[int, str] | None:
    """(id, name) of who speaks an item's claim (its own, or the one its event holds), if anyone."""
    claim = item.id if item.kind == CLAIM else item.claim
    if claim is None:
        return None
    row = conn.execute(
        "SELECT e.id, e.name FROM claims c JOIN entities e ON e.id = c.speaker_id WHERE c.id = ?", (claim,)
    ).fetchone()
    return (row[0], row[1]) if row else None
