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
from dataclasses import dataclass, replace

from db.read.rows import CLAIM, KIND, Item
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
    groups: dict[int, set[int]] = {}
    documents: dict[int, set[int]] = {}
    for chunk in chunks(sorted(set(statements)), 500):
        # the rows, counted here: an index walk per statement, no sort
        for statement, document_id, group in conn.execute(
            "SELECT c.statement, c.document_id, coalesce(d.copy_of, d.id)"
            " FROM claims c JOIN documents d ON d.id = c.document_id"
            f" WHERE c.statement IN ({','.join('?' * len(chunk))})",
            chunk,
        ):
            groups.setdefault(statement, set()).add(group)
            documents.setdefault(statement, set()).add(document_id)
    return {s: (len(groups[s]), len(documents[s])) for s in groups}


def folded_counts(conn: sqlite3.Connection, kind: int, ids: Sequence[int]) -> dict[int, int]:
    """{item id: documents whose items folded into it} for events (kind 0) or claims (kind 1)."""
    table = "events" if kind == 0 else "claims"
    found: dict[int, set[int]] = {}
    for chunk in chunks(sorted(set(ids)), 500):
        for item_id, document_id in conn.execute(
            f"SELECT folded_into, document_id FROM {table} WHERE folded_into IN ({','.join('?' * len(chunk))})", chunk
        ):
            found.setdefault(item_id, set()).add(document_id)
    return {item_id: len(docs) for item_id, docs in found.items()}


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


def with_copies(conn: sqlite3.Connection, items: list[Item]) -> list[Item]:
    """Timeline items with how many copies folded into each and, for claims, their independent sources."""
    if not items:
        return items
    folded = {kind: folded_counts(conn, kind, [i.id for i in items if KIND[i.kind] == kind]) for kind in (0, 1)}
    # a claim's own statement, or that of the claim an event holds (one row with it)
    claim_of = {(i.kind, i.id): i.id if i.kind == CLAIM else i.claim for i in items}
    statements = _statements(conn, [c for c in claim_of.values() if c is not None])
    counted = corroboration(conn, [s for s in statements.values() if s is not None])
    out = []
    for item in items:
        copies = folded[KIND[item.kind]].get(item.id, 0)
        claim = claim_of[(item.kind, item.id)]
        sources = counted.get(statements.get(claim) or 0, (1, 1))[0] if claim is not None else 1
        out.append(replace(item, copies=copies, sources=sources) if copies or sources != 1 else item)
    return out


def _statements(conn: sqlite3.Connection, claim_ids: list[int]) -> dict[int, int | None]:
    out: dict[int, int | None] = {}
    for chunk in chunks(claim_ids, 500):
        out.update(conn.execute(f"SELECT id, statement FROM claims WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    return out


@dataclass(frozen=True, slots=True)
class Statement:
    """A statement reported by several independent groups, and the claim the timeline shows for it."""

    claim_id: int
    text: str
    speaker: str | None
    sources: int
    documents: int


def corroborated(conn: sqlite3.Connection, min_sources: int = 2, limit: int = 200) -> list[Statement]:
    """Statements carried by at least ``min_sources`` independent groups, the most corroborated first."""
    rows = conn.execute(
        "SELECT c.statement, count(DISTINCT coalesce(d.copy_of, d.id)) AS sources, count(DISTINCT c.document_id),"
        " min(CASE WHEN c.folded_into IS NULL THEN c.id END)"
        " FROM claims c JOIN documents d ON d.id = c.document_id WHERE c.statement IS NOT NULL"
        " GROUP BY c.statement HAVING sources >= ? ORDER BY sources DESC, 3 DESC LIMIT ?",
        (min_sources, limit),
    ).fetchall()
    out = []
    for _, sources, documents, claim_id in rows:
        found = conn.execute(
            'SELECT substr(l.text, c."column", min(c.length, 400)), s.name FROM claims c'
            " JOIN lines l ON l.document_id = c.document_id AND l.number = c.line"
            " LEFT JOIN entities s ON s.id = c.speaker_id WHERE c.id = ?",
            (claim_id,),
        ).fetchone()
        if found:
            out.append(Statement(claim_id, found[0], found[1], sources, documents))
    return out
