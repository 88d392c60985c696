"""Who appears with whom: the entities named on the same lines as an entity.

A sentence never crosses a line, so two entities on one line may share a sentence; a line counts once
however many sentences it holds (as the co-occurrence network of ``export`` counts them).
"""

from __future__ import annotations

import sqlite3

from db.read.rows import CooccurRow

_TOGETHER = """
WITH here AS (SELECT DISTINCT document_id, line FROM mentions WHERE entity_id = :entity),
pairs AS (
    SELECT DISTINCT m.document_id, m.line, m.entity_id FROM here h
    JOIN mentions m ON m.document_id = h.document_id AND m.line = h.line
    WHERE m.entity_id != :entity
)
SELECT e.id, e.name, e.type, count(*) AS together, count(DISTINCT p.document_id) AS docs
FROM pairs p JOIN entities e ON e.id = p.entity_id
GROUP BY p.entity_id ORDER BY together DESC, docs DESC, e.mentions DESC, e.name, e.id
LIMIT :limit
"""


def cooccurring(conn: sqlite3.Connection, entity_id: int, limit: int = -1) -> list[CooccurRow]:
    """The entities sharing lines with ``entity_id``, most lines first (``limit`` -1: all)."""
    return [CooccurRow(*r) for r in conn.execute(_TOGETHER, {"entity": entity_id, "limit": limit})]


def items_naming_both(conn: sqlite3.Connection, a: int, b: int) -> int:
    """How many timeline items are in the timelines of both entities."""
    return conn.execute(
        "SELECT count(*) FROM timeline_entities x JOIN timeline_entities y ON y.entity_id = :b"
        " AND y.sort_key = x.sort_key AND y.document_id = x.document_id AND y.line = x.line"
        ' AND y."column" = x."column" AND y.kind = x.kind AND y.item_id = x.item_id WHERE x.entity_id = :a',
        {"a": a, "b": b},
    ).fetchone()[0]
