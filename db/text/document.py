"""Parsing: raw bytes -> a document with metadata, title, lines and sentences.

Line numbers and columns are those of the original file: lines are split on
"\\n" (a trailing "\\r" is dropped, so CRLF files count like ``grep -n``),
columns are 1-based and counted in characters, and a UTF-8 BOM is not a
character of the text.

``ParsedDocument.text`` is the decoded text joined with "\\n", with metadata
headers and boilerplate lines blanked to spaces: extractors see only article
text, yet every offset into it maps straight back to (line, column).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from db.text.boilerplate import is_boilerplate
from db.text.decode import UnreadableFile, decode
from db.text.docdate import parse_doc_date
from db.text.formats.types import Record
from db.text.headers import read_header
from db.text.limits import limit_extraction, too_many_lines
from db.text.sentences import split_document_sentences
from db.text.types import DocDate, Sentence

MAX_TITLE_CHARS = 160
MAX_TITLE_WORDS = 25


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    text: str
    boilerplate: bool = False


@dataclass(slots=True)
class ParsedDocument:
    text: str  # masked text for extraction (see module docstring)
    lines: list[Line]
    encoding: str
    title: str | None = None
    date: DocDate | None = None
    source: str | None = None
    url: str | None = None
    author: str | None = None
    format: str = "text"  # the reader that made the text (db/text/formats): "html", "json", "pdf", ...
    sentences: list[Sentence] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # limits applied, told to the user

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a character offset into ``text``."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


_FINAL_PUNCT = tuple(".!?;:,")


def _looks_like_title(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_TITLE_CHARS or len(s.split()) > MAX_TITLE_WORDS:
        return False
    return not s.endswith(_FINAL_PUNCT)


def parse_bytes(data: bytes) -> ParsedDocument:
    text, encoding = decode(data)
    return parse_text(text, encoding)


def parse_record(record: Record) -> ParsedDocument:
    """A converted format's text, parsed like a text file's but with no headers read from it:
    title, date, URL, author and source are the record's own. A NUL character a reader let through
    (a JSON "\\u0000", a PDF's text) becomes U+FFFD, so SQLite's text functions do not stop at it;
    raises UnreadableFile for too many lines."""
    text = record.text
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "\ufffd")
    doc = parse_text(text, record.encoding, headers=False)
    if nuls:
        doc.notes.append(f"{nuls:,} NUL character{'s' if nuls > 1 else ''} replaced by U+FFFD")
    doc.title = record.title or doc.title
    doc.date = record.date
    doc.url = record.url
    doc.source = record.source
    doc.author = record.author
    doc.format = record.format
    doc.notes.extend(record.notes)
    return doc


def parse_text(raw: str, encoding: str = "utf-8", *, headers: bool = True) -> ParsedDocument:
    """Raises UnreadableFile for a text of more lines than a document may have."""
    problem = too_many_lines(raw)
    if problem:
        raise UnreadableFile(problem)
    raw_lines = raw.split("\n")
    texts = [line[:-1] if line.endswith("\r") else line for line in raw_lines]
    if len(texts) > 1 and texts[-1] == "":
        texts.pop()  # a final newline does not start a line
    masked = list(texts)
    meta: dict[str, str] = {}
    body_start = 0  # index of the first line that is article text

    # Headers: leading lines (blank lines between allowed) of the known keys.
    i = 0 if headers else len(texts)
    while i < len(texts):
        if not texts[i].strip():
            i += 1
            continue
        header = read_header(texts[i])
        if header is None:
            break
        key, value, resume = header
        if key in meta:
            break
        meta[key] = value
        if resume >= 0:
            masked[i] = " " * resume + texts[i][resume:]
            body_start = i
            break
        masked[i] = " " * len(texts[i])
        i += 1
        body_start = i

    lines: list[Line] = []
    for n, line in enumerate(texts):
        flag = n >= body_start and is_boilerplate(line)
        if flag:
            masked[n] = " " * len(line)
        lines.append(Line(n + 1, line, flag))

    title = meta.get("title") or None
    if title is None:
        first = next((n for n in range(body_start, len(texts)) if masked[n].strip()), None)
        if (
            first is not None
            and first + 1 < len(texts)
            and not texts[first + 1].strip()
            and not texts[first][: len(texts[first]) - len(texts[first].lstrip())].strip()
            and _looks_like_title(masked[first])
            and first + 2 < len(texts)
        ):
            title = masked[first].strip()

    notes = limit_extraction(masked)
    doc_date = parse_doc_date(meta["date"]) if meta.get("date") else None
    joined = "\n".join(masked)
    starts = [0]
    for line in masked[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    doc = ParsedDocument(
        text=joined,
        lines=lines,
        encoding=encoding,
        title=title,
        date=doc_date,
        source=meta.get("source") or None,
        url=meta.get("url") or None,
        line_starts=starts,
        notes=notes,
    )
    doc.sentences = split_document_sentences(joined, starts, masked)
    return doc
