"""JSON and JSON Lines dumps (a crawler's output): one document per record.

``.jsonl`` / ``.ndjson`` (also gzip-compressed) are read line by line, a record's
number being its line; a ``.json`` file is one document when it holds an object, and
one per element when it holds an array, read element by element. Either way the file
is streamed: memory stays bounded however large the dump.

Fields: news-please's names first (``title``, ``maintext``, ``date_publish``, ``url``,
``authors``, ``source_domain``), then common fallbacks; ``--map text=FIELD,date=FIELD``
names others (a dotted name reaches into nested objects). A record with no text but an
``html`` field is read as an HTML page.
"""

from __future__ import annotations

import codecs
import gzip
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

from db.text.docdate import parse_doc_date
from db.text.formats.html import read_html
from db.text.formats.types import (
    MAX_RECORD_BYTES,
    Broken,
    Entry,
    FormatError,
    Options,
    Record,
    clean_value,
    open_regular,
)
from db.text.types import DocDate

FIELDS: dict[str, tuple[str, ...]] = {
    "text": ("maintext", "text", "content", "body", "article", "articleBody", "full_text"),
    "title": ("title", "headline"),
    "date": ("date_publish", "published", "date", "datePublished", "published_at", "pubDate", "publish_date"),
    "url": ("url", "link", "canonical_url", "uri"),
    "author": ("authors", "author", "byline", "creator"),
    "source": ("source_domain", "source", "site_name", "publisher", "sitename", "domain"),
    "html": ("html", "raw_html", "content_html"),
}
MAP_KEYS = tuple(FIELDS)
_CHUNK = 1 << 20


def parse_map(spec: str) -> tuple[tuple[str, str], ...]:
    """``text=body,date=meta.published`` as pairs; ValueError with a message for the user."""
    pairs = []
    for part in filter(None, (p.strip() for p in spec.split(","))):
        key, sep, field = part.partition("=")
        key, field = key.strip().lower(), field.strip()
        if not sep or not field:
            raise ValueError(f"{part!r} is not KEY=FIELD")
        if key not in FIELDS:
            raise ValueError(f"unknown key {key!r} (known: {', '.join(MAP_KEYS)})")
        pairs.append((key, field))
    return tuple(pairs)


def _open(path: str) -> IO[bytes]:
    fh = open_regular(path)
    if fh.read(2) == b"\x1f\x8b":
        fh.seek(0)
        unzipped = gzip.GzipFile(fileobj=fh, mode="rb")
        unzipped.myfileobj = fh  # type: ignore[assignment]  # closed with it, as when GzipFile opens a path
        return unzipped  # type: ignore[return-value]  # a binary stream, as IO[bytes] needs
    fh.seek(0)
    return fh


def lines(path: str, options: Options) -> Iterator[Entry | Broken]:
    """The records of a JSON Lines file, by line number (blank lines are no records)."""
    with _open(path) as fh:
        number = 0
        while True:
            line = fh.readline(MAX_RECORD_BYTES + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_RECORD_BYTES and not line.endswith(b"\n"):
                while (rest := fh.readline(_CHUNK)) and not rest.endswith(b"\n"):
                    pass
                yield Broken(number, f"record larger than {MAX_RECORD_BYTES // 2**20} MB")
                continue
            if number == 1 and line.startswith(codecs.BOM_UTF8):
                line = line[3:]
            if line.strip():
                yield Entry(number, line.strip(), options.field_map)


def documents(path: str, options: Options) -> Iterator[Entry | Broken]:
    """A ``.json`` file: one document (an object) or one per element of an array, streamed."""
    with _open(path) as fh:
        decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
        buffer = ""
        while not buffer.strip():
            chunk = fh.read(_CHUNK)
            if not chunk:
                raise FormatError("empty JSON file")
            buffer += decoder.decode(chunk)
        buffer = buffer.lstrip()
        if buffer[0] == "{":
            rest = fh.read(MAX_RECORD_BYTES + 1)
            data = buffer.encode("utf-8") + rest
            if len(data) > MAX_RECORD_BYTES:
                raise FormatError(f"a JSON object larger than {MAX_RECORD_BYTES // 2**20} MB")
            yield Entry(None, data, options.field_map)
            return
        if buffer[0] != "[":
            raise FormatError("not a JSON object or array")
        yield from _elements(fh, decoder, buffer[1:], options)


def _elements(
    fh: IO[bytes], decoder: codecs.IncrementalDecoder, buffer: str, options: Options
) -> Iterator[Entry | Broken]:
    raw = json.JSONDecoder()
    number, at, eof = 0, 0, False
    while True:
        while at < len(buffer) and buffer[at] in " \t\r\n,":
            at += 1
        if at < len(buffer) and buffer[at] == "]":
            return
        try:
            _, end = raw.raw_decode(buffer, at)
        except json.JSONDecodeError as exc:
            if eof or len(buffer) - at > MAX_RECORD_BYTES:
                reason = "the file ends inside it" if eof else f"larger than {MAX_RECORD_BYTES // 2**20} MB"
                if eof and exc.pos < len(buffer):
                    reason = f"not valid JSON ({exc.msg})"
                yield Broken(number + 1, f"{reason}; the rest of the file was not read")
                return
            chunk = fh.read(_CHUNK)
            eof = not chunk
            buffer = buffer[at:] + decoder.decode(chunk, final=eof)
            at = 0
            continue
        number += 1
        yield Entry(number, buffer[at:end].encode("utf-8"), options.field_map)
        at = end
        if at > _CHUNK:
            buffer, at = buffer[at:], 0


def convert(entry: Entry, options: Options) -> Record:
    try:
        record = json.loads(entry.payload)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not valid JSON ({exc.msg if isinstance(exc, json.JSONDecodeError) else exc})") from None
    if not isinstance(record, dict):
        raise FormatError(f"a JSON {type(record).__name__}, not an object")
    mapped = options.fields()
    get = lambda key: _value(record, key, mapped)  # noqa: E731
    text = _text(get("text"))
    html = get("html")
    url = clean_value(_text(get("url")))
    if not text and isinstance(html, str) and html.strip():
        page = read_html(html.encode("utf-8"), url=url, fmt="json")
        return _merge(page, record, mapped, url)
    if not text:
        tried = mapped.get("text") or ", ".join(FIELDS["text"])
        raise FormatError(f"no text (looked for {tried}; name the field with --map text=FIELD)")
    return Record(
        text=text,
        format="json",
        title=clean_value(_text(get("title"))),
        date=_date(get("date")),
        url=url,
        author=clean_value(_names(get("author"))),
        source=clean_value(_names(get("source"))),
    )


def _merge(page: Record, record: dict[str, Any], mapped: dict[str, str], url: str | None) -> Record:
    """A record's own fields over what its HTML says."""
    get = lambda key: _value(record, key, mapped)  # noqa: E731
    return Record(
        text=page.text,
        format="json",
        title=clean_value(_text(get("title"))) or page.title,
        date=_date(get("date")) or page.date,
        url=url or page.url,
        author=clean_value(_names(get("author"))) or page.author,
        source=clean_value(_names(get("source"))) or page.source,
        encoding=page.encoding,
    )


def _value(record: dict[str, Any], key: str, mapped: dict[str, str]) -> Any:
    if key in mapped:
        value: Any = record
        for part in mapped[key].split("."):
            if not isinstance(value, dict) or part not in value:
                return None
            value = value[part]
        return value
    return next((record[name] for name in FIELDS[key] if record.get(name) not in (None, "", [])), None)


def _text(value: Any) -> str:
    if isinstance(value, str):
        return "\n\n".join(p.strip() for p in value.replace("\r\n", "\n").split("\n") if p.strip())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "\n\n".join(v.strip() for v in value if v.strip())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _names(value: Any) -> str | None:
    """An author or source: a string, a list of them, or objects with a ``name``."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        names = [_names(v) for v in value]
        return "; ".join(n for n in names if n) or None
    return value if isinstance(value, str) else None


def _date(value: Any) -> DocDate | None:
    if isinstance(value, str):
        return parse_doc_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
        seconds = value / 1000 if value > 10**11 else value  # milliseconds since the epoch
        try:
            when = datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):
            return None
        return DocDate(when.year, when.month, when.day)
    return None
