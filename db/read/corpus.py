"""Documents and their lines: the list, one document, its lines (clipped for display), the corpus."""

from __future__ import annotations

import sqlite3

from db.read.rows import Counts, Document, DocumentEntry, SourceLine
from db.read.sql import like_escape, too_long
from db.store.counts import stored_counts

CLIP = 4000  # characters of one line fetched for display
_COLUMNS = (
    "id, doc, path, title, date, precision, line_count, encoding, url, author, source, format,"
    " (SELECT r.doc FROM documents r WHERE r.id = documents.copy_of), copy_of"
)


def counts(conn: sqlite3.Connection) -> Counts:
    stored = stored_counts(conn)
    if stored is not None:
        return Counts(stored["documents"], stored["entities"], stored["events"], stored["claims"])
    row = conn.execute(
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM entities),"
        " (SELECT count(*) FROM events), (SELECT count(*) FROM claims)"
    ).fetchone()
    return Counts(*row)


def corpus_root(conn: sqlite3.Connection) -> str:
    """The innermost folder every document's path starts with, with its "/" ("seeds/"), else ""."""
    # two scalar subqueries: each is one seek in documents_doc (min and max in one SELECT scan the index)
    row = conn.execute("SELECT (SELECT min(doc) FROM documents), (SELECT max(doc) FROM documents)").fetchone()
    if not row or row[0] is None:
        return ""
    first, last = (p.split("/")[:-1] for p in row)  # min and max bound every path's folders
    shared = []
    for a, b in zip(first, last, strict=False):  # the paths may differ in depth
        if a != b:
            break
        shared.append(a)
    return "/".join(shared) + "/" if shared else ""


def corpus_name(conn: sqlite3.Connection, fallback: str) -> str:
    """The name of the folder all documents share ("seeds", "bbc"), else ``fallback``."""
    parts = corpus_root(conn).split("/")
    return next((p for p in reversed(parts) if p not in ("", ".", "..")), fallback)


def documents(conn: sqlite3.Connection) -> list[Document]:
    return [Document(*row) for row in conn.execute(f"SELECT {_COLUMNS} FROM documents ORDER BY doc")]


def document(conn: sqlite3.Connection, document_id: int) -> Document | None:
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE id = ?",
        (document_id,),
    ).fetchone()
    return Document(*row) if row else None


def find_document(conn: sqlite3.Connection, name: str) -> Document | None:
    """A document by its `doc` path, by a path suffix, or by file name: the one whose path ends so
    exactly (case counts: A.txt and a.txt are two files), else the one that does in another case;
    None when none or several do. A name longer than any path (or than SQLite's LIKE allows) is None."""
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        return None
    row = conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE doc = ?",
        (name,),
    ).fetchone()
    if row:
        return Document(*row)
    name = name.lstrip("./")
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM documents WHERE doc = ? OR doc LIKE ? ESCAPE '\\' ORDER BY doc LIMIT 100",
        (name, "%/" + like_escape(name)),
    ).fetchall()
    docs = [Document(*r) for r in rows]
    exact = [d for d in docs if d.doc == name or d.doc.endswith("/" + name)]  # LIKE ignores ASCII case
    if len(exact) == 1:
        return exact[0]
    return docs[0] if not exact and len(docs) == 1 else None


# Longer than any path a file system takes (PATH_MAX is 4096), far below SQLite's 50,000-byte LIKE limit.
MAX_NAME_BYTES = 8192


def lines(conn: sqlite3.Connection, document_id: int, start: int = 1, end: int | None = None) -> list[SourceLine]:
    """Lines ``start..end`` of a document, whole (for printing; the explorer reads ``source_lines``)."""
    end = end if end is not None else 2**62
    return [
        SourceLine(n, t, bool(b), len(t))
        for n, t, b in conn.execute(
            "SELECT number, text, boilerplate FROM lines WHERE document_id = ? AND number BETWEEN ? AND ?"
            " ORDER BY number",
            (document_id, start, end),
        )
    ]


def documents_named(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[Document]:
    """Documents whose path or title contains ``text`` (any case)."""
    if too_long(text):
        return []
    like = "%" + like_escape(text) + "%"
    return [
        Document(*r)
        for r in conn.execute(
            f"SELECT {_COLUMNS} FROM documents"
            " WHERE doc LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' ORDER BY doc LIMIT ?",
            (like, like, limit),
        )
    ]


def source_lines(
    conn: sqlite3.Connection,
    document_id: int,
    start: int,
    end: int,
    *,
    clip: int = CLIP,
    focus: tuple[int, int] | None = None,
) -> list[SourceLine]:
    """Lines ``start..end`` of a document, each at most ``clip`` characters.

    A huge line is never read whole. ``focus`` (line, 1-based column) shows the
    clipped window of that line around the column instead of its beginning.
    """
    rows = conn.execute(
        "SELECT number, substr(text, 1, ?), boilerplate, length(text) FROM lines"
        " WHERE document_id = ? AND number BETWEEN ? AND ? ORDER BY number",
        (clip, document_id, start, end),
    ).fetchall()
    out = [SourceLine(n, t, bool(b), length) for n, t, b, length in rows]
    if focus is not None:
        for i, line in enumerate(out):
            lead = min(200, clip // 4)  # characters shown before the focus column
            if line.number == focus[0] and line.length > clip and focus[1] > clip - lead:
                begin = max(0, focus[1] - 1 - lead)
                text = conn.execute(
                    "SELECT substr(text, ?, ?) FROM lines WHERE document_id = ? AND number = ?",
                    (begin + 1, clip, document_id, line.number),
                ).fetchone()[0]
                out[i] = SourceLine(line.number, text, line.boilerplate, line.length, begin)
    return out


def line_text(conn: sqlite3.Connection, document_id: int, line: int, clip: int = CLIP) -> str | None:
    row = conn.execute(
        "SELECT substr(text, 1, ?) FROM lines WHERE document_id = ? AND number = ?",
        (clip, document_id, line),
    ).fetchone()
    return row[0] if row else None


PAGE_BREAK = "\f"  # a PDF's page break: a line holding only a form feed (db/text/formats/pdf.py)


def page_of(conn: sqlite3.Connection, document_id: int, line: int) -> int:
    """The page of a line of a PDF: one more than the page breaks above it."""
    return (
        1
        + conn.execute(
            "SELECT count(*) FROM lines WHERE document_id = ? AND number < ? AND text = ?",
            (document_id, line, PAGE_BREAK),
        ).fetchone()[0]
    )


def document_at(conn: sqlite3.Connection, path: str) -> Document | None:
    """A document by its identity, the resolved path (a re-ingested file keeps it under a new id)."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM documents WHERE path = ?", (path,)).fetchone()
    return Document(*row) if row else None


def find_text(conn: sqlite3.Connection, document_id: int, text: str, line: int, column: int) -> tuple[int, int] | None:
    """Where ``text`` is in the document: (line, 1-based column) at ``line`` and ``column`` when it is still
    there, else its occurrence on the nearest line (the first on that line), else None."""
    if not text:
        return None
    same = conn.execute(
        "SELECT substr(text, ?, ?) FROM lines WHERE document_id = ? AND number = ?",
        (column, len(text), document_id, line),
    ).fetchone()
    if same and same[0] == text:
        return line, column
    row = conn.execute(
        "SELECT number, instr(text, ?) FROM lines WHERE document_id = ? AND instr(text, ?) > 0"
        " ORDER BY abs(number - ?), number LIMIT 1",
        (text, document_id, text, line),
    ).fetchone()
    return (row[0], row[1]) if row else None


# The documents view (issue 17): every document, sorted and filtered as the user types.
DOCUMENT_SORTS = {
    "date": "coalesce(date, '~'), doc",
    "title": "coalesce(title, '~') COLLATE NOCASE, doc",
    "source": "coalesce(source, '~') COLLATE NOCASE, doc",
    "size": "size DESC, doc",
    "path": "doc",
}


def _documents_where(text: str) -> tuple[str, tuple[object, ...]]:
    if not text:
        return "", ()
    like = "%" + like_escape(text) + "%"
    return " WHERE doc LIKE ? ESCAPE '\\' OR title LIKE ? ESCAPE '\\' OR source LIKE ? ESCAPE '\\'", (like,) * 3


def documents_count(conn: sqlite3.Connection, text: str = "") -> int:
    where, params = _documents_where(text)
    return conn.execute(f"SELECT count(*) FROM documents{where}", params).fetchone()[0]


def documents_page(
    conn: sqlite3.Connection, text: str = "", sort: str = "date", offset: int = 0, limit: int = 100
) -> list[DocumentEntry]:
    """Documents whose path, title or source contains ``text`` (any case), sorted by ``sort``
    (one of DOCUMENT_SORTS), rows ``offset .. offset+limit``."""
    where, params = _documents_where(text)
    rows = conn.execute(
        f"SELECT {_COLUMNS}, size, (SELECT count(*) FROM events v WHERE v.document_id = documents.id),"
        " (SELECT count(*) FROM claims c WHERE c.document_id = documents.id)"
        f" FROM documents{where} ORDER BY {DOCUMENT_SORTS[sort]} LIMIT ? OFFSET ?",
        (*params, limit, offset),
    ).fetchall()
    return [DocumentEntry(Document(*r[:-3]), *r[-3:]) for r in rows]
