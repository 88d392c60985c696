"""Text search over every line (FTS5): what the explorer's ctrl+f runs.

Typed text is always searched literally: it is cut into words the way the index
cuts them and each word is quoted, so nothing typed is FTS syntax.
"""

from __future__ import annotations

import sqlite3

from db.read.corpus import CLIP
from db.read.rows import LineHit
from db.read.sql import fts_literal


def search_lines(conn: sqlite3.Connection, text: str, limit: int = 500, clip: int = CLIP) -> list[LineHit]:
    """Lines holding every word of ``text`` (any case), in document order, each clipped to ``clip``
    characters (a hit may be a huge line)."""
    query = fts_literal(text)
    if not query:
        return []
    return [
        LineHit(*row)
        for row in conn.execute(
            "SELECT l.document_id, d.doc, l.number, substr(l.text, 1, ?) FROM lines_fts"
            " JOIN lines l ON l.id = lines_fts.rowid JOIN documents d ON d.id = l.document_id"
            " WHERE lines_fts MATCH ? ORDER BY lines_fts.rowid LIMIT ?",
            (clip, query, limit),
        )
    ]
