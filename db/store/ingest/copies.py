"""Near-duplicate documents (wire copies), grouped as they are written, and their items folded.

A document's LSH band keys (``db.text.fingerprint``) are stored in ``copy_bands``;
a new document's candidates are the documents sharing a key with it, and a candidate
is a copy when the exact Jaccard similarity of their shingles reaches the threshold.
A group's *root* is its earliest document (by date, undated last, then by name); every
other member's ``copy_of`` is the root. An event or claim of a member that says what one
of the root's says (``fingerprint.item_key``; for claims their statement key) is
*folded*: its ``folded_into`` is the root's item and it leaves the timeline tables, so
the explorer shows one row per statement. When the root changes (an earlier copy
arrives, the root is deleted) the group is folded again around the new root.

Only documents that share a band are ever compared, a few at most per document: the
cost stays linear in the corpus.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from db.text import fingerprint
from db.text.document import ParsedDocument

MAX_CANDIDATES = 12  # documents verified per new document (those sharing the most bands)
SHINGLES_KEPT = 512  # documents whose shingles the writer keeps (copies arrive close together)


class Shingles:
    """The shingles of documents the writer stored or compared lately, by id (bounded).

    Computing them again from the stored lines was a third of the near-duplicate check's time.
    A document's text only changes by deleting it (``drop``); all of it goes when another
    process may have written (``clear``).
    """

    def __init__(self) -> None:
        self._by_id: dict[int, set[int]] = {}

    def clear(self) -> None:
        self._by_id.clear()

    def drop(self, doc_id: int) -> None:
        self._by_id.pop(doc_id, None)

    def keep(self, doc_id: int, found: set[int]) -> set[int]:
        if len(self._by_id) >= SHINGLES_KEPT:
            self._by_id.pop(next(iter(self._by_id)))  # the oldest first
        self._by_id[doc_id] = found
        return found

    def has(self, doc_id: int) -> bool:
        return doc_id in self._by_id

    def of(self, conn: sqlite3.Connection, doc_id: int) -> set[int]:
        found = self._by_id.get(doc_id)
        return found if found is not None else self.keep(doc_id, _stored_shingles(conn, doc_id))


def signature(document: ParsedDocument) -> list[int]:
    """The band keys of a parsed document (computed in the worker, from the lines that will be stored)."""
    return fingerprint.bands(fingerprint.shingles(line.text for line in document.lines if not line.boilerplate))


def _stored_shingles(conn: sqlite3.Connection, doc_id: int) -> set[int]:
    rows = conn.execute(
        "SELECT text FROM lines WHERE document_id = ? AND boilerplate = 0 ORDER BY number", (doc_id,)
    ).fetchall()
    return fingerprint.shingles(r[0] for r in rows)


def place(
    conn: sqlite3.Connection,
    doc_id: int,
    keys: list[int],
    cache: Shingles | None = None,
    lines: Iterable[str] | None = None,
    before_reading: Callable[[], None] | None = None,
) -> None:
    """Store a new document's bands and put it in the group of the documents it copies, if any.

    ``lines``: the texts of its lines that are not boilerplate, as stored (else read back);
    ``cache``: the writer's shingles of documents seen lately; ``before_reading``: called before any
    stored line is read (the writer's lines still to insert go in)."""
    if not keys:
        return
    marks = ",".join("?" * len(keys))
    candidates = [
        r[0]
        for r in conn.execute(
            f"SELECT document_id FROM copy_bands WHERE band IN ({marks}) AND document_id != ?"
            " GROUP BY document_id ORDER BY count(*) DESC, document_id LIMIT ?",
            (*keys, doc_id, MAX_CANDIDATES),
        )
    ]
    conn.executemany("INSERT OR IGNORE INTO copy_bands (band, document_id) VALUES (?,?)", [(k, doc_id) for k in keys])
    if not candidates:
        return
    cache = cache if cache is not None else Shingles()
    ready = before_reading or (lambda: None)
    if lines is not None:
        mine = cache.keep(doc_id, fingerprint.shingles(lines))
    else:
        ready()
        mine = cache.of(conn, doc_id)
    roots: set[int] = set()
    for candidate in candidates:
        root = _root(conn, candidate)
        if root in roots:
            continue
        if not cache.has(candidate):
            ready()
        if fingerprint.jaccard(mine, cache.of(conn, candidate)) >= fingerprint.COPY_JACCARD:
            roots.add(root)
    if roots:
        ready()
        _merge(conn, doc_id, roots)


def _root(conn: sqlite3.Connection, doc_id: int) -> int:
    row = conn.execute("SELECT coalesce(copy_of, id) FROM documents WHERE id = ?", (doc_id,)).fetchone()
    return row[0] if row else doc_id


def _earliest(conn: sqlite3.Connection, ids: Iterable[int]) -> int:
    ids = list(ids)
    return conn.execute(
        f"SELECT id FROM documents WHERE id IN ({','.join('?' * len(ids))})"
        " ORDER BY date IS NULL, date, doc, id LIMIT 1",
        ids,
    ).fetchone()[0]


def _members(conn: sqlite3.Connection, root: int) -> list[int]:
    return [r[0] for r in conn.execute("SELECT id FROM documents WHERE copy_of = ? ORDER BY id", (root,))]


def _merge(conn: sqlite3.Connection, doc_id: int, roots: set[int]) -> None:
    """One group of ``doc_id`` and the groups of ``roots``, rooted at the earliest, folded around it."""
    new_root = _earliest(conn, {doc_id, *roots})
    moved = [doc_id] if doc_id != new_root else []
    for root in roots:
        if root != new_root:
            moved.extend([root, *_members(conn, root)])
    conn.executemany("UPDATE documents SET copy_of = ? WHERE id = ?", [(new_root, m) for m in moved])
    for member in moved:
        fold(conn, member, new_root)


def leave(conn: sqlite3.Connection, doc_id: int, keys: list[int]) -> None:
    """A document about to be deleted: its bands go, and a group it was the root of gets a new root."""
    if keys:
        conn.executemany("DELETE FROM copy_bands WHERE band = ? AND document_id = ?", [(k, doc_id) for k in keys])
    members = _members(conn, doc_id)
    if not members:
        return
    new_root = _earliest(conn, members)
    conn.execute("UPDATE documents SET copy_of = NULL WHERE id = ?", (new_root,))
    conn.executemany("UPDATE documents SET copy_of = ? WHERE id = ?", [(new_root, m) for m in members if m != new_root])
    fold(conn, new_root, None)
    for member in members:
        if member != new_root:
            fold(conn, member, new_root)


def stored_keys(conn: sqlite3.Connection, doc_id: int) -> list[int]:
    """A stored document's band keys, computed again from its stored text (as the worker did)."""
    return fingerprint.bands(_stored_shingles(conn, doc_id))


# --- folding ---------------------------------------------------------------------------


def _item_keys(conn: sqlite3.Connection, table: str, doc_id: int) -> list[tuple[int, int]]:
    """(id, item key) of a document's events or claims (an attributed claim: its statement key)."""
    extra = "v.relation, NULL" if table == "events" else "NULL, v.statement"
    return [
        (item_id, statement if statement is not None else fingerprint.item_key(text, date, relation))
        for item_id, text, date, relation, statement in conn.execute(
            f'SELECT v.id, substr(l.text, v."column", v.length), v.date, {extra} FROM {table} v'
            " JOIN lines l ON l.document_id = v.document_id AND l.number = v.line"
            " WHERE v.document_id = ? ORDER BY v.id",
            (doc_id,),
        )
    ]


def fold(conn: sqlite3.Connection, doc_id: int, root: int | None) -> None:
    """Fold a member's items into the root's (None: unfold them all), and put its timeline rows in step."""
    for table in ("events", "claims"):
        conn.execute(
            f"UPDATE {table} SET folded_into = NULL WHERE document_id = ? AND folded_into IS NOT NULL", (doc_id,)
        )
        if root is None:
            continue
        originals: dict[int, int] = {}
        for item_id, key in _item_keys(conn, table, root):
            originals.setdefault(key, item_id)
        conn.executemany(
            f"UPDATE {table} SET folded_into = ? WHERE id = ?",
            [(originals[key], item_id) for item_id, key in _item_keys(conn, table, doc_id) if key in originals],
        )
    resync_timeline(conn, doc_id)


def resync_timeline(conn: sqlite3.Connection, doc_id: int) -> None:
    """A document's rows in both timeline tables: exactly its items that are not folded."""
    from db.store.ingest.rows import delete_timeline_rows
    from db.store.timelines import fill_document_timelines

    delete_timeline_rows(conn, doc_id)
    fill_document_timelines(conn, doc_id)
