"""Citations: the words cited (a claim, an event's sentence, the sentence around a mention or a match), where
they are (doc:line:column), who said them, and the document's title and date. Pure functions, no widgets.

The column is that of the first character quoted, so the file at doc:line:column reads exactly the quote
(before the quote's inner double quotes become single ones, and its white space one space).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from db import read
from db.read import CLAIM, CLIP

if TYPE_CHECKING:
    from app.selection import Selection
    from db.read import Document, Item, Reader

LIMIT = 300  # characters quoted at most; a longer span is cut at words around its start

# a sentence ends at . ! ? (perhaps closed by a quote or bracket) before white space
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+")


def sentence_around(line: str, start: int, end: int) -> tuple[int, int]:
    """The 0-based [start, end) of the sentence(s) of ``line`` holding line[start:end]."""
    begin = 0
    for found in _SENTENCE_END.finditer(line, 0, start):
        begin = found.end()
    after = _SENTENCE_END.search(line, max(end, begin))
    finish = after.start() + len(after.group().rstrip()) if after else len(line)
    return begin, max(finish, end)


def clip_words(line: str, start: int, end: int, limit: int = LIMIT) -> tuple[int, int, bool, bool]:
    """[start, end) cut to at most ``limit`` characters at word boundaries, keeping its start:
    (start, end, cut before, cut after)."""
    while start < end and line[start].isspace():
        start += 1
    while end > start and line[end - 1].isspace():
        end -= 1
    if end - start <= limit:
        return start, end, False, False
    cut = start + limit
    space = line.rfind(" ", start, cut)
    return start, (space if space > start + limit // 2 else cut), False, True


def quote_of(line: str, column: int, length: int, *, sentence: bool, limit: int = LIMIT) -> tuple[str, int]:
    """The words to quote from ``line`` and their 1-based column.

    A span (``column`` 1-based, ``length`` > 0) is quoted as it is, or with its sentence when
    ``sentence`` (a mention, a search match: the name alone says nothing); no span: the line."""
    before = False
    if length > 0 and column >= 1:
        start, end = column - 1, min(len(line), column - 1 + length)
        if sentence:
            wide_start, wide_end = sentence_around(line, start, end)
            if wide_end - wide_start <= limit:
                start, end = wide_start, wide_end
            else:  # the sentence is too long: from the span's word on
                start, end = max(wide_start, line.rfind(" ", wide_start, start) + 1), wide_end
                before = start > wide_start
    else:
        start, end = 0, len(line)
    start, end, _, after = clip_words(line, start, end, limit)
    text = " ".join(line[start:end].split())
    return ("…" if before else "") + text + ("…" if after else ""), start + 1


def nested(text: str) -> str:
    """Quotes inside a quote become single quotes, so the citation's own quotes stay unambiguous."""
    return text.replace('"', "'").replace("\u201c", "\u2018").replace("\u201d", "\u2019")


def citation(
    doc: str,
    line: int,
    column: int,
    quote: str,
    *,
    speaker: str | None = None,
    title: str | None = None,
    date: str | None = None,
    url: str | None = None,
    page: int | None = None,
) -> str:
    """'doc:line:column — Speaker: “quote” — Title (date) <url>', parts left out where unknown."""
    where = f"{doc}:{line}:{column}" + (f" (p. {page})" if page else "")
    said = f"{speaker}: " if speaker else ""
    source = (f"{title} " if title else "") + f"({date or 'undated'})"
    return f"{where} — {said}\u201c{nested(quote)}\u201d — {source}" + (f" <{url}>" if url else "")


def cite_place(
    reader: Reader, doc: Document, line: int, selection: Selection, item: Item | None, limit: int = LIMIT
) -> str:
    """The citation of what is chosen at ``doc``:``line``: the chosen timeline item (a claim with its
    speaker), else the sentence around the chosen span (a mention, a match), else the line."""
    on_line = selection.doc == doc.id and selection.line == line and selection.length > 0
    column, length = (selection.column, selection.length) if on_line else (0, 0)
    clip = max(CLIP, column + length + limit + 1)
    text = reader(read.line_text, doc.id, line, clip) or ""
    chosen = item if on_line and item is not None and item.line == line else None
    quote, at = quote_of(text, column, length, sentence=chosen is None, limit=limit)
    page = reader(read.page_of, doc.id, line) if doc.format == "pdf" else None
    speaker = chosen.speaker if chosen is not None and (chosen.kind == CLAIM or chosen.claim) else None
    return citation(doc.doc, line, at, quote, speaker=speaker, title=doc.title, date=doc.date, url=doc.url, page=page)
