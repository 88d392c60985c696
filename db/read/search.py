"""Text search over every line (FTS5): what the explorer's ctrl+f runs.

Typed text is always searched literally: it is cut into words the way the index
cuts them and each word is quoted, so nothing typed is FTS syntax.
"""

from __future__ import annotations

import sqlite3
import unicodedata

from db.read.corpus import CLIP
from db.read.rows import LineHit
from db.read.sql import FTS_TOKEN, fts_literal, too_long

HITS = 500  # lines a text search returns at most (the explorer says when it was cut there)


def search_lines(conn: sqlite3.Connection, text: str, limit: int = HITS, clip: int = CLIP) -> list[LineHit]:
    """Lines holding every word of ``text`` (any case), in document order, each clipped to ``clip``
    characters (a hit may be a huge line)."""
    if too_long(text):
        return []
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


def _fold(word: str) -> str:
    """A word as the index compares it: any case, without diacritics (FTS5 unicode61)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def matched_words(text: str, query: str) -> list[tuple[int, int]]:
    """The 0-based [start, end) of each word of ``text`` the search for ``query`` matched: whole words, the
    way the index cuts and compares them ("india" is not in "Indian")."""
    wanted = {_fold(w) for w in FTS_TOKEN.findall(query)}
    return [(m.start(), m.end()) for m in FTS_TOKEN.finditer(text) if _fold(m.group()) in wanted]
