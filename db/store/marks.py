"""Marks: the lines, claims, events and mentions an analyst keeps, each with a note and tags.

A mark is anchored by stable identities, never by row ids (a document written again gets new
ones): its document's path, its position (line, 1-based column) and the text it marked, kept in
the mark itself. So a mark is never lost: when ingest writes its document again, ``follow`` (run
by the writer in the same transaction) checks each of the document's marks:

- its text is still at its place: nothing changes;
- its text is elsewhere in the document: the mark moves to the occurrence nearest its old place
  (fewest lines away, then fewest columns) and ``moved`` is set;
- its text is nowhere in the document: the mark stays where it was, with its own text, and
  ``moved`` is set; the read layer reports it ``lost`` (its text does not slice the document) until
  a later version of the document has the text again, when ``follow`` finds it.

A document that is pruned keeps its marks the same way (lost until the file comes back).
Every write here is one short transaction that waits for the write lock like ingest does.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

from db.store.connection import write_transaction

KINDS = ("line", "claim", "event", "entity", "text")


class BadMark(ValueError):
    """A mark that cannot be made or found (no such line, column or mark): the message says why."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Tags as stored: stripped, empty ones dropped, each once, in the order given."""
    out: list[str] = []
    for tag in tags:
        tag = " ".join(tag.split())
        if tag and tag not in out:
            out.append(tag)
    return out


def span_at(
    conn: sqlite3.Connection, document_id: int, line: int, column: int | None = None, length: int | None = None
) -> tuple[int, str, str]:
    """What a mark at (line, column) of the document holds: (column, text, kind).

    No column: the whole line. A column where a claim, an event or a mention starts: that span
    (in that order of preference), unless ``length`` says how many characters; another column:
    ``length`` characters from it, else the rest of the line. Raises BadMark for a line or a
    column the document does not have, or nothing to mark (an empty line).
    """
    row = conn.execute(
        "SELECT d.doc, d.line_count, l.text FROM documents d"
        " LEFT JOIN lines l ON l.document_id = d.id AND l.number = ? WHERE d.id = ?",
        (line, document_id),
    ).fetchone()
    if row is None:
        raise BadMark("no such document")
    doc, count, text = row
    if text is None:
        raise BadMark(f"{doc} has lines 1 to {count}; there is no line {line}")
    if column is None:
        if not text.strip():
            raise BadMark(f"line {line} of {doc} is empty: nothing to mark")
        return 1, text, "line"
    if not 1 <= column <= len(text):
        raise BadMark(f"line {line} of {doc} has columns 1 to {len(text)}; there is no column {column}")
    found: list[tuple[str, int]] = [
        (name, n)
        for name, table in (("claim", "claims"), ("event", "events"), ("entity", "mentions"))
        for (n,) in conn.execute(
            f'SELECT length FROM {table} WHERE document_id = ? AND line = ? AND "column" = ? ORDER BY length DESC',
            (document_id, line, column),
        )
    ]
    if length is not None:
        if length < 1 or column - 1 + length > len(text):
            raise BadMark(f"line {line} of {doc} has {len(text) - column + 1} characters from column {column}")
        kind, span = next(((k, n) for k, n in found if n == length), ("text", length))
    else:
        kind, span = found[0] if found else ("text", len(text) - column + 1)
    marked = text[column - 1 : column - 1 + span]
    if not marked.strip():
        raise BadMark(f"nothing but blanks at line {line}, column {column} of {doc}: nothing to mark")
    return column, marked, kind if kind != "text" or column > 1 or span < len(text) else "line"


def _write(conn: sqlite3.Connection, sql: str, args: Sequence[object]) -> sqlite3.Cursor:
    """One statement in its own write transaction (waiting for the lock); errors explained."""
    with write_transaction(conn):
        return conn.execute(sql, args)


def add(
    conn: sqlite3.Connection,
    document_id: int,
    line: int,
    column: int | None = None,
    *,
    length: int | None = None,
    note: str | None = None,
    tags: Iterable[str] = (),
) -> int:
    """Mark (line, column) of a document (what ``span_at`` says sits there); the mark's id."""
    column, text, kind = span_at(conn, document_id, line, column, length)
    path, doc = conn.execute("SELECT path, doc FROM documents WHERE id = ?", (document_id,)).fetchone()
    note = note if note and note.strip() else None
    cur = _write(
        conn,
        'INSERT INTO marks (path, doc, line, "column", text, kind, note, tags, at) VALUES (?,?,?,?,?,?,?,?,?)',
        (path, doc, line, column, text, kind, note, json.dumps(clean_tags(tags), ensure_ascii=False), _now()),
    )
    assert cur.lastrowid is not None
    return cur.lastrowid


def remove(conn: sqlite3.Connection, mark_id: int) -> None:
    """Delete a mark; BadMark when there is none with that id."""
    if _write(conn, "DELETE FROM marks WHERE id = ?", (mark_id,)).rowcount == 0:
        raise BadMark(f"no mark {mark_id} (see: storyline marks)")


def set_note(conn: sqlite3.Connection, mark_id: int, note: str | None) -> None:
    """Replace a mark's note (empty: none); BadMark when there is no such mark."""
    note = note if note and note.strip() else None
    if _write(conn, "UPDATE marks SET note = ? WHERE id = ?", (note, mark_id)).rowcount == 0:
        raise BadMark(f"no mark {mark_id} (see: storyline marks)")


def _nearest(found: list[tuple[int, int]], line: int, column: int) -> tuple[int, int] | None:
    return min(found, key=lambda p: (abs(p[0] - line), abs(p[1] - column), p), default=None)


def follow(conn: sqlite3.Connection, path: str, document_id: int) -> int:
    """Re-anchor the marks of the document at ``path``, just written as ``document_id`` (inside the
    writer's transaction); how many moved or lost their text."""
    marks = conn.execute('SELECT id, line, "column", text FROM marks WHERE path = ?', (path,)).fetchall()
    if not marks:
        return 0
    # the `doc` shown while the document is gone: as this ingest named it
    conn.execute("UPDATE marks SET doc = (SELECT doc FROM documents WHERE id = ?) WHERE path = ?", (document_id, path))
    changed = 0
    for mark_id, line, column, text in marks:
        here = conn.execute(
            "SELECT substr(text, ?, ?) = ? FROM lines WHERE document_id = ? AND number = ?",
            (column, len(text), text, document_id, line),
        ).fetchone()
        if here is not None and here[0]:
            continue
        found: list[tuple[int, int]] = []
        for number, line_text in conn.execute(
            "SELECT number, text FROM lines WHERE document_id = ? AND instr(text, ?) > 0", (document_id, text)
        ):
            start = line_text.find(text)
            while start >= 0:
                found.append((number, start + 1))
                start = line_text.find(text, start + 1)
        place = _nearest(found, line, column)
        if place is None:
            conn.execute("UPDATE marks SET moved = 1 WHERE id = ?", (mark_id,))
        else:
            conn.execute('UPDATE marks SET line = ?, "column" = ?, moved = 1 WHERE id = ?', (*place, mark_id))
        changed += 1
    return changed


def restore(
    conn: sqlite3.Connection,
    doc: str,
    line: int,
    column: int,
    text: str,
    *,
    kind: str = "text",
    note: str | None = None,
    tags: Iterable[str] = (),
    at: str | None = None,
) -> tuple[int | None, bool]:
    """Add a mark kept elsewhere (a `storyline marks --json` entry) to this store: at its place when its
    text is there, else at the nearest place the document has the text (``moved``), else where it was,
    with its text and ``moved`` (lost until the text comes back). (its id, whether it moved); id None when
    the same mark (same document, place and text) is here already. BadMark for a document not here."""
    row = conn.execute("SELECT id, path, doc FROM documents WHERE doc = ? OR path = ?", (doc, doc)).fetchone()
    if row is None:
        raise BadMark(f"no document {doc!r} here (see: storyline documents)")
    document_id, path, shown = row
    if not text:
        raise BadMark(f"the mark at {doc}:{line}:{column} has no text")
    found: list[tuple[int, int]] = []
    for number, line_text in conn.execute(
        "SELECT number, text FROM lines WHERE document_id = ? AND instr(text, ?) > 0", (document_id, text)
    ):
        start = line_text.find(text)
        while start >= 0:
            found.append((number, start + 1))
            start = line_text.find(text, start + 1)
    place = (line, column) if (line, column) in found else _nearest(found, line, column)
    moved = place != (line, column)
    line, column = place or (line, column)
    same = conn.execute(
        'SELECT 1 FROM marks WHERE path = ? AND line = ? AND "column" = ? AND text = ?', (path, line, column, text)
    ).fetchone()
    if same is not None:
        return None, moved
    note = note if note and note.strip() else None
    kind = kind if kind in KINDS else "text"
    cur = _write(
        conn,
        'INSERT INTO marks (path, doc, line, "column", text, kind, note, tags, at, moved) VALUES (?,?,?,?,?,?,?,?,?,?)',
        (
            path,
            shown,
            line,
            column,
            text,
            kind,
            note,
            json.dumps(clean_tags(tags), ensure_ascii=False),
            at or _now(),
            int(moved),
        ),
    )
    return cur.lastrowid, moved
