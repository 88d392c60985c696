"""Pure parsing: raw bytes -> a document with metadata, title, lines and sentences.

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
import re
from dataclasses import dataclass, field

from db.extract.dates import parse_doc_date
from db.extract.types import DocDate, Sentence

MAX_TITLE_CHARS = 160
MAX_TITLE_WORDS = 25
MAX_HEADER_CHARS = 2_000  # a longer line is never a "key: value" header
# Extraction is bounded so that no input can make ingest hang or balloon: only
# the first MAX_EXTRACT_LINE_CHARS characters of a line, and the first
# MAX_EXTRACT_CHARS characters of a document, are searched for entities,
# claims and dates (every line is still stored and shown in full), and a
# sentence longer than MAX_SENTENCE_CHARS is cut at spaces into pieces.
MAX_EXTRACT_LINE_CHARS = 20_000
MAX_EXTRACT_CHARS = 2_000_000
MAX_SENTENCE_CHARS = 2_000


class UnreadableFile(Exception):
    """The bytes are not text Storyline can read (binary, undecodable)."""


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
    sentences: list[Sentence] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # limits applied, told to the user

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both 1-based, of a character offset into ``text``."""
        index = bisect.bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1


# --- decoding -----------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes; returns (text, encoding name). Raises UnreadableFile."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError:
            return data[3:].decode("utf-8", errors="replace"), "utf-8-sig (invalid bytes replaced)"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise UnreadableFile("invalid UTF-16 text") from None
    if b"\x00" in data[:8192] or data.count(b"\x00") > len(data) // 1000:
        raise UnreadableFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        bad_at = exc.start
    # Valid multi-byte UTF-8 before the bad byte: UTF-8 text with a stray byte
    # (each invalid byte becomes U+FFFD). Otherwise the file is most likely
    # cp1252 / Latin-1 text.
    if bad_at > 0 and _has_utf8_sequences(data[:bad_at]):
        return data.decode("utf-8", errors="replace"), "utf-8 (invalid bytes replaced)"
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _has_utf8_sequences(data: bytes) -> bool:
    return not data.isascii()


# --- metadata headers ---------------------------------------------------------

_HEADER_KEYS = ("date", "title", "source", "url")
_HEADER_COLON = re.compile(r"^(\s*)(date|title|source|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
# "date 2023-09 Article text ..." (no colon): the value is a numeric date, and
# the article may go on on the same line.
_HEADER_BARE_DATE = re.compile(r"^(\s*)date\s+(\d{4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?)(?=\s|$)\s*", re.IGNORECASE)


def _read_header(line: str) -> tuple[str, str, int] | None:
    """(key, value, column where article text resumes or -1) for a header line."""
    m = _HEADER_BARE_DATE.match(line)
    if m:
        rest = m.end()
        return "date", m.group(2), (rest if rest < len(line) else -1)
    if len(line) > MAX_HEADER_CHARS:
        return None
    m = _HEADER_COLON.match(line)
    if m:
        return m.group(2).lower(), m.group(3), -1
    return None


# --- boilerplate --------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"""^\s*(?:
        (?:previous|next|prev|older|newer)\s+(?:post|article|story|page|entry)\b
      | share\s+(?:this|on|via)\b | share\s*$
      | (?:read|see)\s+(?:more|also|next)\b
      | (?:sign\s+up|subscribe)\b.{0,80}\b(?:newsletter|updates|inbox)\b
      | (?:get|join)\s+(?:our|the)\s+(?:free\s+)?newsletter\b
      | (?:we|this\s+(?:site|website))\s+uses?\s+cookies\b | .{0,40}\bcookie\s+(?:policy|settings|notice|preferences)\b
      | (?:accept|manage)\s+(?:all\s+)?cookies\b
      | follow\s+us\s+on\b | click\s+here\b | advertisement\s*$ | sponsored\s+content\b
      | related\s+(?:articles|stories|posts|coverage|topics)\b
      | (?:copyright\s+)?©.{0,80}$ | all\s+rights\s+reserved\b
      | (?:tags|filed\s+under|categories)\s*:
      | skip\s+to\s+(?:main\s+)?content\b | back\s+to\s+top\b | print\s+this\s+(?:page|article)\b
      | (?:comments?|leave\s+a\s+(?:comment|reply))\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)


def is_boilerplate(line: str) -> bool:
    """Site furniture (navigation, sharing, newsletter and cookie notices)."""
    if len(line) > 400:
        return False
    return bool(_BOILERPLATE.match(line))


# --- title --------------------------------------------------------------------

_FINAL_PUNCT = tuple(".!?;:,")


def _looks_like_title(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_TITLE_CHARS or len(s.split()) > MAX_TITLE_WORDS:
        return False
    return not s.endswith(_FINAL_PUNCT)


# --- the parser ---------------------------------------------------------------


def parse_bytes(data: bytes) -> ParsedDocument:
    text, encoding = decode(data)
    return parse_text(text, encoding)


def parse_text(raw: str, encoding: str = "utf-8") -> ParsedDocument:
    raw_lines = raw.split("\n")
    texts = [line[:-1] if line.endswith("\r") else line for line in raw_lines]
    if len(texts) > 1 and texts[-1] == "":
        texts.pop()  # a final newline does not start a line
    masked = list(texts)
    meta: dict[str, str] = {}
    body_start = 0  # index of the first line that is article text

    # Headers: leading lines (blank lines between allowed) of the known keys.
    i = 0
    while i < len(texts):
        if not texts[i].strip():
            i += 1
            continue
        header = _read_header(texts[i])
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

    notes = _limit_extraction(masked)
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


def _limit_extraction(masked: list[str]) -> list[str]:
    """Blank (in place) what extraction must not see; the notes saying so."""
    notes: list[str] = []
    budget = MAX_EXTRACT_CHARS
    long_lines: list[int] = []
    for n, line in enumerate(masked):
        if budget <= 0:
            if any(rest.strip() for rest in masked[n:]):
                notes.append(
                    f"only the first {MAX_EXTRACT_CHARS:,} characters were searched for entities, claims"
                    f" and dates (not line {n + 1} onwards)"
                )
            for rest in range(n, len(masked)):
                masked[rest] = " " * len(masked[rest])
            break
        size = len(line)
        keep = min(size, MAX_EXTRACT_LINE_CHARS, budget)
        if size > MAX_EXTRACT_LINE_CHARS:
            long_lines.append(n + 1)
        if keep < size:
            masked[n] = line[:keep] + " " * (size - keep)
        budget -= keep
    if long_lines:
        shown = ", ".join(map(str, long_lines[:5])) + (", …" if len(long_lines) > 5 else "")
        notes.insert(
            0,
            f"only the first {MAX_EXTRACT_LINE_CHARS:,} characters of a line were searched for"
            f" entities, claims and dates (longer: line {shown})",
        )
    return notes


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
    from db.extract.tokenize import split_sentences

    sentences: list[Sentence] = []
    for start, line in zip(starts, lines):
        if not line.strip():
            continue
        if len(line) > MAX_EXTRACT_LINE_CHARS:
            line = line[:MAX_EXTRACT_LINE_CHARS]  # the rest is blank (see _limit_extraction)
        for s, e in split_sentences(line):
            for a, b in _pieces(line, s, e):
                sentences.append(Sentence(start + a, start + b, line[a:b]))
    return sentences
