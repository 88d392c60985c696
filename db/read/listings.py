"""Claims and events as the CLI lists them: every row with its text and the names it links."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from db.read.copies import corroboration
from db.read.filters import NONE, Filters, claim_clauses, event_clauses
from db.read.rows import ClaimRow, TimelineRow
from db.read.sql import chunks, line_join, span_text


def _names(conn: sqlite3.Connection, link_table: str, key: str, ids: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Each item's linked entities as (id, name), most mentioned first."""
    out: dict[int, list[tuple[int, str]]] = {i: [] for i in ids}
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        for item_id, entity_id, name in conn.execute(
            f"SELECT l.{key}, e.id, e.name FROM {link_table} l JOIN entities e ON e.id = l.entity_id"
            f" WHERE l.{key} IN ({marks}) ORDER BY e.mentions DESC, e.name",
            chunk,
        ):
            out[item_id].append((entity_id, name))
    return out


def _in_timelines(marks: str, kind: int) -> str:
    """The items of ``kind`` in the timelines of the entities ``marks`` name."""
    return f"SELECT item_id FROM timeline_entities WHERE entity_id IN ({marks}) AND kind = {kind}"


def _held_in_timelines(marks: str) -> str:
    """The claims held by events in the timelines of the entities ``marks`` name."""
    return (
        "SELECT v.claim_id FROM timeline_entities t JOIN events v ON v.id = t.item_id"
        f" WHERE t.entity_id IN ({marks}) AND t.kind = 0 AND v.claim_id IS NOT NULL"
    )


def _entity_marks(entity_ids: Sequence[int], params: dict[str, object]) -> str:
    names = [f"e{i}" for i in range(len(entity_ids))]
    params.update(zip(names, entity_ids, strict=True))
    return ",".join(":" + n for n in names)


def _claims_of(marks: str) -> str:
    """Claims naming or spoken by one of the entities ``marks`` name.

    Found through the entities' timelines: a claim's own row, or, for a claim an event holds, the
    event's row (which names both's entities: the claim's own links are checked), or the row of the
    original a copy's claim is folded into."""
    own, held = _in_timelines(marks, 1), _held_in_timelines(marks)
    return (
        f"(c.id IN ({own}) OR c.folded_into IN ({own})"
        f" OR ((c.id IN ({held}) OR c.folded_into IN ({held}))"
        f" AND (c.speaker_id IN ({marks})"
        f" OR EXISTS (SELECT 1 FROM claim_entities ce WHERE ce.claim_id = c.id AND ce.entity_id IN ({marks})))))"
    )


def _events_of(marks: str) -> str:
    """Events naming one of the entities ``marks`` name: in their timelines, or folded into one that is;
    an event's row also names the entities of the claim it holds, so its own links are checked."""
    own = _in_timelines(marks, 0)
    return (
        f"(v.id IN ({own}) OR v.folded_into IN ({own}))"
        f" AND EXISTS (SELECT 1 FROM event_entities ee WHERE ee.event_id = v.id AND ee.entity_id IN ({marks}))"
    )


def claims(
    conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None, filters: Filters = NONE
) -> list[ClaimRow]:
    """Claims and facts (of the entities, when given), narrowed by ``filters`` and in the order of its axis."""
    sql = (
        'SELECT c.id, c.document_id, d.doc, c.line, c."column", ' + span_text("c") + ", s.name, c.cue, c.date,"
        " c.statement, c.speaker_id, c.precision, d.date, d.precision"
        " FROM claims c JOIN documents d ON d.id = c.document_id"
        + line_join("c")
        + " LEFT JOIN entities s ON s.id = c.speaker_id"
    )
    params: dict[str, object] = {}
    where = claim_clauses(filters, params)
    if entity_ids is not None:
        if not entity_ids:
            return []
        where.append(_claims_of(_entity_marks(entity_ids, params)))
    if where:
        sql += " WHERE " + " AND ".join(where)
    first = "coalesce(d.date, '~'), " if filters.by == "reported" else ""
    sql += f' ORDER BY {first}c.sort_key, d.doc, c.line, c."column"'
    rows = conn.execute(sql, params).fetchall()
    names = _names(conn, "claim_entities", "claim_id", [r[0] for r in rows])
    counted = corroboration(conn, [r[9] for r in rows if r[9] is not None])
    return [
        ClaimRow(
            *(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(n for _, n in names[r[0]]), r[8]),
            *counted.get(r[9], (1, 1)),
            speaker_id=r[10] if r[6] is not None else None,
            entity_ids=tuple(i for i, _ in names[r[0]]),
            precision=r[11],
            reported=r[12],
            reported_precision=r[13],
        )
        for r in rows
    ]


def timeline(
    conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None, filters: Filters = NONE
) -> list[TimelineRow]:
    """Events (of the entities, when given), narrowed by ``filters`` and in the order of its axis."""
    sql = (
        'SELECT v.id, v.document_id, v.date, v.precision, v.relation, v.expression, d.doc, v.line, v."column", '
        + span_text("v")
        + ", d.date, d.precision FROM events v JOIN documents d ON d.id = v.document_id"
        + line_join("v")
    )
    params: dict[str, object] = {}
    where = event_clauses(filters, params)
    if entity_ids is not None:
        if not entity_ids:
            return []
        where.append(_events_of(_entity_marks(entity_ids, params)))
    if where:
        sql += " WHERE " + " AND ".join(where)
    first = "coalesce(d.date, '~'), " if filters.by == "reported" else ""
    sql += f" ORDER BY {first}v.sort_key, d.doc, v.line, v.expression_column"
    rows = conn.execute(sql, params).fetchall()
    names = _names(conn, "event_entities", "event_id", [r[0] for r in rows])
    return [
        TimelineRow(
            *(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9]),
            entities=tuple(n for _, n in names[r[0]]),
            entity_ids=tuple(i for i, _ in names[r[0]]),
            reported=r[10],
            reported_precision=r[11],
        )
        for r in rows
    ]
