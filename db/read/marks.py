"""The marks an analyst kept (written by db/store/marks.py), as they stand now."""

from __future__ import annotations

import json
import sqlite3

from db.read import rows as row_types

_SQL = """
SELECT m.id, coalesce(d.doc, m.doc), m.line, m."column", m.text, m.note, m.tags, m.at, m.moved, m.kind,
    l.text IS NULL OR substr(l.text, m."column", length(m.text)) IS NOT m.text, d.id
FROM marks m
LEFT JOIN documents d ON d.path = m.path
LEFT JOIN lines l ON l.document_id = d.id AND l.number = m.line
"""


def marks(conn: sqlite3.Connection, tag: str | None = None, mark_id: int | None = None) -> list[row_types.MarkRow]:
    """Every mark in the order they were made; with ``tag``, those carrying it (any case); with
    ``mark_id``, that one."""
    where, args = ("WHERE m.id = ?", (mark_id,)) if mark_id is not None else ("", ())
    rows = [
        row_types.MarkRow(
            i, doc, line, col, text, note, tuple(json.loads(tags)), at, bool(moved), kind, bool(lost), doc_id
        )
        for i, doc, line, col, text, note, tags, at, moved, kind, lost, doc_id in conn.execute(
            f"{_SQL} {where} ORDER BY m.id", args
        )
    ]
    if tag is not None:
        wanted = tag.strip().casefold()
        rows = [r for r in rows if any(t.casefold() == wanted for t in r.tags)]
    return rows


def marked_lines(conn: sqlite3.Connection) -> frozenset[tuple[int, int]]:
    """(document id, line) of every mark whose text still slices its document there: the lines the
    explorer shows as marked (a mark whose text is gone sits on no line)."""
    return frozenset(
        (doc_id, line)
        for doc_id, line in conn.execute(
            "SELECT d.id, m.line FROM marks m JOIN documents d ON d.path = m.path"
            " JOIN lines l ON l.document_id = d.id AND l.number = m.line"
            ' WHERE substr(l.text, m."column", length(m.text)) IS m.text'
        )
    )
