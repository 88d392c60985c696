"""Claims and events as the CLI lists them: every row with its text and the names it links."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from db.read.rows import ClaimRow, TimelineRow
from db.read.sql import chunks, line_join, span_text


def _names(conn: sqlite3.Connection, link_table: str, key: str, ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {i: [] for i in ids}
    for chunk in chunks(ids, 500):
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
        'SELECT c.id, c.document_id, d.doc, c.line, c."column", ' + span_text("c") + ", s.name, c.cue, c.date"
        " FROM claims c JOIN documents d ON d.id = c.document_id"
        + line_join("c")
        + " LEFT JOIN entities s ON s.id = c.speaker_id"
    )
    params: list[object] = []
    if entity_ids is not None:
        if not entity_ids:
            return []
        marks = ",".join("?" * len(entity_ids))
        # linked or speaking: both are in the entities' own timelines, under the claim or, for a claim
        # an event holds, under the event (whose row also has the event's own entities: checked)
        sql += (
            f" WHERE c.id IN (SELECT item_id FROM timeline_entities WHERE entity_id IN ({marks}) AND kind = 1)"
            " OR (c.id IN (SELECT v.claim_id FROM timeline_entities t JOIN events v ON v.id = t.item_id"
            f" WHERE t.entity_id IN ({marks}) AND t.kind = 0 AND v.claim_id IS NOT NULL)"
            f" AND (c.speaker_id IN ({marks}) OR EXISTS (SELECT 1 FROM claim_entities ce WHERE ce.claim_id = c.id"
            f" AND ce.entity_id IN ({marks}))))"
        )
        params = [*entity_ids] * 4
    sql += ' ORDER BY c.sort_key, d.doc, c.line, c."column"'
    rows = conn.execute(sql, params).fetchall()
    names = _names(conn, "claim_entities", "claim_id", [r[0] for r in rows])
    return [
        ClaimRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], entities=tuple(names[r[0]]), date=r[8]) for r in rows
    ]


def timeline(conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None) -> list[TimelineRow]:
    sql = (
        'SELECT v.id, v.document_id, v.date, v.precision, v.relation, v.expression, d.doc, v.line, v."column", '
        + span_text("v")
        + " FROM events v JOIN documents d ON d.id = v.document_id"
        + line_join("v")
    )
    params: list[object] = []
    if entity_ids is not None:
        if not entity_ids:
            return []
        marks = ",".join("?" * len(entity_ids))
        # (the row of an event that holds a claim names the claim's entities too: only the event's count here)
        sql += (
            f" WHERE v.id IN (SELECT item_id FROM timeline_entities WHERE entity_id IN ({marks}) AND kind = 0)"
            f" AND EXISTS (SELECT 1 FROM event_entities ee WHERE ee.event_id = v.id AND ee.entity_id IN ({marks}))"
        )
        params = [*entity_ids] * 2
    sql += " ORDER BY v.sort_key, d.doc, v.line, v.expression_column"
    rows = conn.execute(sql, params).fetchall()
    names = _names(conn, "event_entities", "event_id", [r[0] for r in rows])
    return [
        TimelineRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], entities=tuple(names[r[0]]))
        for r in rows
    ]
