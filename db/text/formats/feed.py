"""RSS and Atom feeds (feedparser): each entry a document.

An entry's full content when the feed carries it (``content:encoded``, Atom
``content``), else its summary, flagged as such; its link, date and author; the
feed's title as the source. The feed is parsed whole in the reading process
(feeds are small); each entry is converted to text in a worker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from db.text.docdate import parse_doc_date
from db.text.formats.html import fragment_text
from db.text.formats.types import Entry, FormatError, NotThisFormat, Options, Record, clean_value, open_regular
from db.text.types import DocDate

MAX_FEED_BYTES = 200 * 1024 * 1024
SUMMARY_NOTE = "the feed carries only a summary of this entry, not its full text"


def entries(path: str, options: Options) -> Iterator[Entry]:
    import feedparser

    with open_regular(path) as fh:
        data = fh.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise FormatError(f"feed too large (over {MAX_FEED_BYTES // 2**20} MB)")
    parsed = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and not parsed.entries:
        if path.lower().endswith(".xml"):
            raise NotThisFormat("not an RSS or Atom feed")
        problem = parsed.get("bozo_exception")
        raise FormatError("not an RSS or Atom feed" + (f" ({problem})" if problem else ""))
    if not parsed.entries:
        raise FormatError("the feed has no entries")
    source = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, 1):
        yield Entry(number, json.dumps(_fields(entry, source), ensure_ascii=False).encode("utf-8"))


def _fields(entry: Any, source: str | None) -> dict[str, Any]:
    content = entry.get("content") or []
    full = next((c.get("value") for c in content if c.get("value")), None)
    date = entry.get("published") or entry.get("updated") or entry.get("created")
    parsed_date = entry.get("published_parsed") or entry.get("updated_parsed")
    return {
        "title": entry.get("title"),
        "link": entry.get("link"),
        "date": date,
        "date_utc": list(parsed_date[:3]) if parsed_date else None,
        "author": entry.get("author"),
        "content": full if full is not None else entry.get("summary") or "",
        "summary_only": full is None,
        "source": source,
    }


def convert(entry: Entry, options: Options) -> Record:
    fields = json.loads(entry.payload)
    text = fragment_text(fields["content"] or "")
    if not text.strip():
        raise FormatError("the entry has no text")
    date: DocDate | None = parse_doc_date(fields["date"]) if fields.get("date") else None
    if date is None and fields.get("date_utc"):
        y, m, d = fields["date_utc"]
        date = DocDate(y, m, d)
    return Record(
        text=text,
        format="feed",
        title=clean_value(fields.get("title")),
        date=date,
        url=clean_value(fields.get("link")),
        author=clean_value(fields.get("author")),
        source=clean_value(fields.get("source")),
        notes=(SUMMARY_NOTE,) if fields.get("summary_only") else (),
    )
