"""Wire copies and corroboration, read: how many documents and independent groups carry a statement,
what folded into an item, and the documents of a group.

A claim's ``statement`` key (``db/text/fingerprint.py``) is shared by the reports of the same
statement; its *sources* are the distinct groups of near-duplicates among the documents
carrying it (a document that is no copy is its own group), so twelve copies of one wire
story are one source.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from db.read.sql import chunks


@dataclass(frozen=True, slots=True)
class Carrier:
    """A document carrying a statement or a folded copy of an item: where, and whether it is a copy."""

    document_id: int
    doc: str
    title: str | None
    date: str | None
    line: int
    column: int
    copy_of: str | None  # the group's original when this document is a copy
    same_group: bool  # a copy of the item's own document (or its original), not an independent source


def corroboration(conn: sqlite3.Connection, statements: Sequence[int]) -> dict[int, tuple[int, int]]:
    """{statement: (sources, documents)} for the given statement keys."""
    out: dict[int, tuple[int, int]] = {}
    for chunk in chunks(sorted(set(statements)), 500):
        for statement, sources, documents in conn.execute(
            "SELECT c.statement, count(DISTINCT coalesce(d.copy_of, d.id)), count(DISTINCT c.document_id)"
            " FROM claims c JOIN documents d ON d.id = c.document_id"
            f" WHERE c.statement IN ({','.join('?' * len(chunk))})"
            " GROUP BY c.statement",
            chunk,
        ):
            out[statement] = (sources, documents)
    return out


def folded_counts(conn: sqlite3.Connection, kind: int, ids: Sequence[int]) -> dict[int, int]:
    """{item id: documents whose items folded into it} for events (kind 0) or claims (kind 1)."""
    table = "events" if kind == 0 else "claims"
    out: dict[int, int] = {}
    for chunk in chunks(sorted(set(ids)), 500):
        for item_id, n in conn.execute(
            f"SELECT folded_into, count(DISTINCT document_id) FROM {table}"
            f" WHERE folded_into IN ({','.join('?' * len(chunk))}) GROUP BY folded_into",
            chunk,
        ):
            out[item_id] = n
    return out


def statement_of(conn: sqlite3.Connection, claim_id: int) -> int | None:
    row = conn.execute("SELECT statement FROM claims WHERE id = ?", (claim_id,)).fetchone()
    return row[0] if row else None


def carriers(conn: sqlite3.Connection, kind: int, item_id: int, limit: int = 500) -> list[Carrier]:
    """Every document carrying an item: its folded copies, and for a claim every report of its
    statement; the item's own document first, then by date."""
    table = "events" if kind == 0 else "claims"
    own = conn.execute(f"SELECT document_id FROM {table} WHERE id = ?", (item_id,)).fetchone()
    if own is None:
        return []
    group = conn.execute("SELECT coalesce(copy_of, id) FROM documents WHERE id = ?", (own[0],)).fetchone()[0]
    where = "(x.id = :item OR x.folded_into = :item)"
    params: dict[str, object] = {"item": item_id, "limit": limit, "own": own[0], "group": group}
    if kind == 1 and (statement := statement_of(conn, item_id)) is not None:
        where = "x.statement = :statement"
        params["statement"] = statement
    rows = conn.execute(
        f'SELECT d.id, d.doc, d.title, d.date, min(x.line), x."column", r.doc, coalesce(d.copy_of, d.id) = :group'
        f" FROM {table} x JOIN documents d ON d.id = x.document_id LEFT JOIN documents r ON r.id = d.copy_of"
        f" WHERE {where} GROUP BY d.id"
        " ORDER BY d.id != :own, d.date IS NULL, d.date, d.doc LIMIT :limit",
        params,
    ).fetchall()
    return [Carrier(r[0], r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])) for r in rows]
