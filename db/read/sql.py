"""SQL fragments shared by the read queries, and typed text matched literally (FTS5, LIKE)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence


def line_join(alias: str) -> str:
    """Join the line a mention, claim or event sits on (as ``l``)."""
    return f" JOIN lines l ON l.document_id = {alias}.document_id AND l.number = {alias}.line"


def span_text(alias: str) -> str:
    """A span's text: never stored twice, always the line's own characters."""
    return f'substr(l.text, {alias}."column", {alias}.length)'


# Words as FTS5's unicode61 tokenizer cuts them (runs of letters and digits), so
# each quoted word is one token: the line index keeps no positions (no phrases).
FTS_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# The longest search text a query is built from: longer matches nothing a person typed for (and would
# pass SQLite's 50,000-byte LIKE pattern limit: "LIKE or GLOB pattern too complex").
MAX_SEARCH_CHARS = 1_000


def too_long(text: str | None) -> bool:
    """Whether ``text`` is beyond what a search is built from (such a search finds nothing)."""
    return text is not None and len(text) > MAX_SEARCH_CHARS


def fts_literal(text: str, *, prefix: bool = False) -> str:
    """An FTS5 query matching ``text`` literally: each word quoted, none as syntax."""
    words = FTS_TOKEN.findall(text)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    if prefix:
        quoted[-1] += "*"
    return " ".join(quoted)


def like_escape(text: str) -> str:
    """``text`` matched literally inside a LIKE pattern (with ESCAPE '\\')."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def chunks(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
