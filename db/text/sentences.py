"""A parsed document's sentences: one line at a time, never across a line break.

A sentence longer than MAX_SENTENCE_CHARS is cut at spaces into pieces, and only
the first MAX_EXTRACT_LINE_CHARS characters of a line are split (the rest is
blanked for extraction, see db/text/document.py).
"""

from __future__ import annotations

from db.text.limits import MAX_EXTRACT_LINE_CHARS, MAX_SENTENCE_CHARS
from db.text.tokenize import split_sentences
from db.text.types import Sentence


def _pieces(line: str, s: int, e: int) -> list[tuple[int, int]]:
    """(s, e) cut at spaces into pieces of at most MAX_SENTENCE_CHARS, each stripped."""
    if e - s <= MAX_SENTENCE_CHARS:
        return [(s, e)]
    out: list[tuple[int, int]] = []
    while e - s > MAX_SENTENCE_CHARS:
        cut = line.rfind(" ", s + 1, s + MAX_SENTENCE_CHARS)
        if cut <= s:
            cut = s + MAX_SENTENCE_CHARS  # no space at all: a hard cut
        end = cut
        while end > s and line[end - 1].isspace():
            end -= 1
        if end > s:
            out.append((s, end))
        s = cut
        while s < e and line[s].isspace():
            s += 1
    if s < e:
        out.append((s, e))
    return out


def split_document_sentences(text: str, starts: list[int], lines: list[str]) -> list[Sentence]:
    sentences: list[Sentence] = []
    for start, line in zip(starts, lines, strict=True):
        if not line.strip():
            continue
        if len(line) > MAX_EXTRACT_LINE_CHARS:
            line = line[:MAX_EXTRACT_LINE_CHARS]  # the rest is blank (see limits.limit_extraction)
        for s, e in split_sentences(line):
            for a, b in _pieces(line, s, e):
                sentences.append(Sentence(start + a, start + b, line[a:b]))
    return sentences
