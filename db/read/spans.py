"""Mentions: every mention with its text (the CLI), those on some lines (the source pane), and
walking one entity's mentions in document order (``n`` / ``N``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from db.read.rows import MentionRow, MentionSpan
from db.read.sql import line_join, span_text


def mentions(
    conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None, *, limit: int | None = None
) -> list[MentionRow]:
    return list(iter_mentions(conn, entity_ids, limit=limit))


def iter_mentions(
    conn: sqlite3.Connection, entity_ids: Sequence[int] | None = None, *, limit: int | None = None
) -> Iterator[MentionRow]:
    """The mentions (of ``entity_ids``, or all) in document order, read as they are consumed: the first
    rows of 67k come before the last is read."""
    sql = (
        'SELECT m.entity_id, m.document_id, e.name, coalesce(m.mention_type, e.type), d.doc, m.line, m."column", '
        + span_text("m")
        + " FROM mentions m JOIN entities e ON e.id = m.entity_id"
        " JOIN documents d ON d.id = m.document_id" + line_join("m")
    )
    params: list[object] = []
    if entity_ids is not None:
        if not entity_ids:
            return
        sql += f" WHERE m.entity_id IN ({','.join('?' * len(entity_ids))})"
        params = list(entity_ids)
    sql += ' ORDER BY d.doc, m.line, m."column"'
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    for row in conn.execute(sql, params):
        yield MentionRow(*row)


def mentions_between(conn: sqlite3.Connection, document_id: int, start: int, end: int) -> list[MentionSpan]:
    return [
        MentionSpan(*r)
        for r in conn.execute(
            'SELECT entity_id, document_id, line, "column", length FROM mentions'
            ' WHERE document_id = ? AND line BETWEEN ? AND ? ORDER BY line, "column"',
            (document_id, start, end),
        )
    ]


_MKEY = '(document_id, line, "column")'


def mention_count(conn: sqlite3.Connection, entity_id: int) -> int:
    """The entity's kept count (ingest keeps it in step), not a walk of its mentions."""
    row = conn.execute("SELECT mentions FROM entities WHERE id = ?", (entity_id,)).fetchone()
    return row[0] if row else 0


def mention_step(
    conn: sqlite3.Connection, entity_id: int, at: tuple[int, int, int] | None, *, backward: bool = False
) -> MentionSpan | None:
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
            return MentionSpan(*row)
    row = conn.execute(sql_all, (entity_id,)).fetchone()
    return MentionSpan(*row) if row else None


def mention_index(conn: sqlite3.Connection, mention: MentionSpan) -> int:
    """0-based position of a mention among its entity's mentions."""
    return conn.execute(
        f"SELECT count(*) FROM mentions WHERE entity_id = ? AND {_MKEY} < (?,?,?)",
        (mention.entity_id, mention.document_id, mention.line, mention.column),
    ).fetchone()[0]
