"""Web archives (WARC, also gzip-compressed; warcio): each HTML response record an article.

Records are streamed. A record's number is its place in the file (the ``warcinfo``
record is #1), so ``crawl.warc.gz#7`` names the seventh record; request, metadata and
non-HTML responses (images, scripts, style sheets) are no documents and are counted.
The article is read by the HTML reader with the record's target URI as its URL; its
date is the page's publication date, else the record's capture date.
"""

from __future__ import annotations

from collections.abc import Iterator

from db.text.docdate import parse_doc_date
from db.text.formats.html import read_html
from db.text.formats.types import MAX_RECORD_BYTES, Broken, Entry, FormatError, Options, Record, Skipped, open_regular

HTML_TYPES = ("text/html", "application/xhtml+xml")


def entries(path: str, options: Options) -> Iterator[Entry | Skipped | Broken]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    with open_regular(path) as fh:
        try:
            for record in ArchiveIterator(fh):
                number += 1
                if record.rec_type not in ("response", "resource"):
                    yield Skipped(number, f"a {record.rec_type} record")
                    continue
                content_type = _content_type(record)
                if not content_type.startswith(HTML_TYPES):
                    yield Skipped(number, f"not an HTML page ({content_type or 'no content type'})")
                    continue
                status = record.http_headers.get_statuscode() if record.http_headers else "200"
                if status and not status.startswith("2"):
                    yield Skipped(number, f"HTTP status {status}")
                    continue
                payload = record.content_stream().read(MAX_RECORD_BYTES + 1)
                if len(payload) > MAX_RECORD_BYTES:
                    yield Broken(number, f"record larger than {MAX_RECORD_BYTES // 2**20} MB")
                    continue
                if getattr(record.raw_stream, "limit", 0) > 0:  # the file ends before the record does
                    yield Broken(
                        number, "truncated record (the file ends inside it); the rest of the file was not read"
                    )
                    return
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                date = record.rec_headers.get_header("WARC-Date") or ""
                yield Entry(number, payload, (("url", uri), ("date", date)))
        except ArchiveLoadFailed as exc:
            if number == 0:
                raise FormatError(f"not a WARC file ({_first_line(exc)})") from None
            yield Broken(number + 1, f"unreadable record ({_first_line(exc)}); the rest of the file was not read")
        except (OSError, EOFError, ValueError) as exc:  # a truncated gzip member, a cut record
            yield Broken(number + 1, f"truncated or corrupt ({exc}); the rest of the file was not read")


def _content_type(record: object) -> str:
    headers = getattr(record, "http_headers", None)
    value = headers.get_header("Content-Type") if headers else None
    if not value:
        value = record.rec_headers.get_header("Content-Type")  # type: ignore[attr-defined]
    return (value or "").split(";")[0].strip().lower()


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:200]


def convert(entry: Entry, options: Options) -> Record:
    page = read_html(entry.payload, url=entry.get("url") or None, fmt="warc")
    if page.date is None and entry.get("date"):
        page = _with_date(page, entry.get("date") or "")
    return page


def _with_date(page: Record, value: str) -> Record:
    from dataclasses import replace

    return replace(page, date=parse_doc_date(value))
