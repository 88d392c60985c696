"""HTML pages: the article body without navigation, ads and comments, with its metadata.

The body is trafilatura's (``bare_extraction`` in its fast mode, comments left out): it
leads the public article-extraction benchmarks among Python libraries. Metadata comes
from trafilatura's readers of meta tags and JSON-LD (title, author, canonical URL, site
name), with its author search only when the tags name nobody; the publication date is
htmldate's (meta tags, structured data, the URL, then the page's own date elements),
without its slow free-text scan. Paragraphs are stored one per line with a blank line
between them, like a text article.

``fragment_text`` turns a piece of HTML that is all content (a feed entry, an e-mail
part) into paragraphs, without looking for an article in it.
"""

from __future__ import annotations

import contextlib
import re
import zlib
from typing import Any

from db.text.docdate import parse_doc_date
from db.text.formats.types import FormatError, Record, clean_value

MAX_HTML_BYTES = 200 * 1024 * 1024  # decompressed
LINK_SHARE = 0.8  # a page whose extracted words are mostly link texts is an index, not an article

# Block elements: each starts a paragraph in ``fragment_text``.
_BLOCKS = frozenset(
    {
        *("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"),
        *("table", "tr", "section", "article", "header", "footer", "figure", "figcaption", "dd", "dt"),
        *("dl", "hr", "address", "aside", "main", "nav"),
    }
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def gunzip(data: bytes, limit: int = MAX_HTML_BYTES) -> bytes:
    """Gzip-compressed bytes, decompressed (at most ``limit`` bytes; a bomb is refused)."""
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = d.decompress(data, limit + 1)
    except zlib.error as exc:
        raise FormatError(f"not a valid gzip file ({exc})") from None
    if len(out) > limit:
        raise FormatError(f"decompresses to more than {limit // 2**20} MB")
    if not d.eof:
        raise FormatError("truncated gzip file")
    return out


def read_html(data: bytes, *, url: str | None = None, fmt: str = "html") -> Record:
    """The article of an HTML page (gzip-compressed or not). Raises FormatError."""
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data)
    import trafilatura
    from trafilatura.utils import load_html

    if not data.strip():
        raise FormatError("empty file")
    # Decoded once, here: trafilatura's loader would decode UTF-8 bytes the same way, and the
    # encoding recorded needs to know whether they were UTF-8 (a second 170 KB decode a page).
    try:
        page: bytes | str = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        page, encoding = data, "html (charset detected)"  # trafilatura detects the charset
    tree = load_html(page)
    if tree is None:
        raise FormatError("not an HTML page")
    found = trafilatura.bare_extraction(tree, fast=True, include_comments=False, with_metadata=False, url=url)
    body = getattr(found, "text", None) or ""  # None when trafilatura finds nothing
    if not body.strip() or _mostly_links(tree, body):
        raise FormatError("no article text found (an index or navigation page?)")
    meta = _metadata(tree, url)
    return Record(
        text=_paragraphs(body),
        format=fmt,
        title=meta.get("title"),
        date=meta.get("date"),
        url=meta.get("url"),
        author=meta.get("author"),
        source=meta.get("source"),
        encoding=encoding,
    )


def _mostly_links(tree: Any, body: str) -> bool:
    """Whether what was found is the page's links (headlines, navigation) rather than an article:
    most of its words are in lines that are the text of a link."""
    links = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    lines = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
    total = sum(len(line.split()) for line in lines)
    linked = sum(len(line.split()) for line in lines if line in links)
    return linked >= LINK_SHARE * total


def _metadata(tree: Any, url: str | None) -> dict[str, Any]:
    import htmldate
    from trafilatura.metadata import examine_meta, extract_author, extract_meta_json, extract_title, extract_url

    meta = examine_meta(tree)
    with contextlib.suppress(Exception):  # malformed JSON-LD: the meta tags still count
        meta = extract_meta_json(tree, meta)
    title = meta.title or extract_title(tree)
    page_url = url or meta.url or extract_url(tree)
    author = meta.author or extract_author(tree)
    source = meta.sitename or meta.hostname
    date = None
    try:
        found = htmldate.find_date(tree, extensive_search=False, original_date=True, url=page_url)
    except Exception:  # htmldate on a hostile page: no date rather than no document
        found = None
    if found:
        date = parse_doc_date(found)
    return {
        "title": clean_value(title),
        "url": clean_value(page_url),
        "author": clean_value(author),
        "source": clean_value(source),
        "date": date,
    }


def _paragraphs(text: str) -> str:
    """One paragraph per line, a blank line between paragraphs."""
    lines = [" ".join(_SPACES.sub(" ", line).split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def fragment_text(html: str) -> str:
    """The text of an HTML fragment that is all content: one paragraph per block, blank lines between."""
    if "<" not in html:
        return _paragraphs(html)
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return _paragraphs(html)
    for bad in root.xpath(".//script|.//style|.//noscript|.//template"):
        bad.drop_tree()
    parts: list[str] = []

    def walk(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag.lower() in _BLOCKS
        if block:
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    return _paragraphs("".join(parts))
