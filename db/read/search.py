"""Text search over every line (FTS5): what the explorer's ctrl+f runs.

A query is words (every one must be on the line, any case), ``"quoted phrases"`` (the words in that
order, next to each other), ``prefix*`` words, and at most one ``/regular expression/`` checked on the
lines the rest finds (a regex needs a word to narrow by). The index keeps no word positions, so it
finds the lines holding every word and each candidate's text is checked for the phrases and the regex.
Everything typed outside that syntax is searched literally: each word is quoted, nothing is FTS syntax.
Hits come in pages after a known hit (``after``), so a walk reaches every one.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field

from db.read.corpus import CLIP
from db.read.rows import LineHit
from db.read.sql import FTS_TOKEN, too_long

HITS = 500  # lines a page of text search holds (the explorer reads the next page when it gets there)
_BATCH = 2000  # candidate lines read at a time while phrases or a regex reject some

_PART = re.compile(r'"([^"]*)"?|/((?:[^/\\]|\\.)+)/|(\S+)')


class BadQuery(ValueError):
    """A search that cannot run: a regex that does not compile, or one with no word to narrow by."""


@dataclass(frozen=True)
class Query:
    words: tuple[str, ...] = ()  # each on the line
    prefixes: tuple[str, ...] = ()  # a word on the line starting so
    phrases: tuple[tuple[str, ...], ...] = ()  # word runs, in order
    regex: re.Pattern[str] | None = None
    _checks: tuple[re.Pattern[str], ...] = field(default=(), compare=False)

    @property
    def fts(self) -> str:
        quoted = ['"' + w.replace('"', '""') + '"' for w in self.words + tuple(w for p in self.phrases for w in p)]
        quoted += ['"' + w.replace('"', '""') + '"*' for w in self.prefixes]
        return " ".join(quoted)

    def holds(self, text: str) -> bool:
        """Whether a candidate line (holding every word) has the phrases and the regex too."""
        return all(check.search(text) for check in self._checks)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The 0-based [start, end) of what the search matched in ``text``, in order: its words and
        prefixes (whole words, as the index compares them), its phrases and its regex's matches."""
        wanted = {_fold(w) for w in self.words}
        starts = tuple(_fold(p) for p in self.prefixes)
        found = [
            (m.start(), m.end())
            for m in FTS_TOKEN.finditer(text)
            if _fold(m.group()) in wanted or (starts and _fold(m.group()).startswith(starts))
        ]
        for check in self._checks:
            found += [(m.start(), m.end()) for m in check.finditer(text) if m.end() > m.start()]
        found.sort()
        merged: list[tuple[int, int]] = []
        for start, end in found:
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
            else:
                merged.append((start, end))
        return merged


def parse_query(text: str) -> Query:
    """``text`` as a Query (BadQuery when its regex does not compile or nothing narrows it)."""
    words: list[str] = []
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []
    regex = None
    for m in _PART.finditer(text):
        phrase, pattern, bare = m.groups()
        if pattern is not None:
            try:
                regex = re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise BadQuery(f"/{pattern}/ is not a regular expression: {exc}") from None
        elif phrase is not None:
            run = tuple(FTS_TOKEN.findall(phrase))
            if len(run) > 1:
                phrases.append(run)
            else:
                words += run
        else:
            tokens = FTS_TOKEN.findall(bare)
            if tokens and bare.endswith("*") and len(tokens) == 1:
                prefixes.append(tokens[0])
            elif len(tokens) > 1 and not bare.startswith('"'):
                phrases.append(tuple(tokens))  # "e-mail", "U.S.": one word to the reader, a run to the index
            else:
                words += tokens
    checks = [_phrase(run) for run in phrases] + ([regex] if regex is not None else [])
    query = Query(tuple(words), tuple(prefixes), tuple(phrases), regex, tuple(checks))
    if regex is not None and not query.fts:
        raise BadQuery("a /regex/ is checked on the lines the words find: add a word (e.g. minister /said.*war/)")
    return query


def _phrase(run: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in run) + r"(?![^\W_])", re.IGNORECASE)


def search_lines(
    conn: sqlite3.Connection,
    text: str,
    limit: int = HITS,
    clip: int = CLIP,
    after: tuple[int, int] | None = None,
) -> list[LineHit]:
    """Up to ``limit`` lines matching ``text`` (see the module), in document order, after the line
    ``after`` (document_id, line) when given; each clipped to ``clip`` characters around its first
    match (a hit may be a huge line). BadQuery for a query that cannot run."""
    if too_long(text):
        return []
    query = parse_query(text)
    fts = query.fts
    if not fts:
        return []
    start = 0
    if after is not None:
        row = conn.execute("SELECT id FROM lines WHERE document_id = ? AND number = ?", after).fetchone()
        start = row[0] if row else 0
    checked = bool(query._checks)
    out: list[LineHit] = []
    while len(out) < limit:
        batch = conn.execute(
            "SELECT l.id, l.document_id, d.doc, l.number, l.text FROM lines_fts"
            " JOIN lines l ON l.id = lines_fts.rowid JOIN documents d ON d.id = l.document_id"
            " WHERE lines_fts MATCH ? AND lines_fts.rowid > ? ORDER BY lines_fts.rowid LIMIT ?",
            (fts, start, _BATCH if checked else limit - len(out)),
        ).fetchall()
        for _, doc_id, doc, number, line in batch:
            if checked and not query.holds(line):
                continue
            out.append(LineHit(doc_id, doc, number, _clip(line, query, clip)))
            if len(out) == limit:
                break
        if not checked or len(batch) < _BATCH:
            break
        start = batch[-1][0]
    return out


def _clip(line: str, query: Query, clip: int) -> str:
    return line[:clip]


def _fold(word: str) -> str:
    """A word as the index compares it: any case, without diacritics (FTS5 unicode61)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.casefold()) if not unicodedata.combining(c))


def matched_words(text: str, query: str) -> list[tuple[int, int]]:
    """The 0-based [start, end) of what the search for ``query`` matched in ``text``: whole words, the
    way the index cuts and compares them ("india" is not in "Indian"), prefixes, phrases, the regex."""
    try:
        return parse_query(query).spans(text)
    except BadQuery:
        return []
