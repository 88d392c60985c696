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
from functools import cache
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

    if not data.strip():
        raise FormatError("empty file")
    # Decoded once, here: trafilatura's loader would decode UTF-8 bytes the same way, and the
    # encoding recorded needs to know whether they were UTF-8 (a second 170 KB decode a page).
    try:
        text: str | None = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError:
        text, encoding = None, "html (charset detected)"  # trafilatura detects the charset
    tree = _parse(data, text)
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


# What trafilatura's loader removes from a page's text before parsing it (``INVALID_XML_CHARS``),
# as UTF-8 bytes: the C0 controls but tab and line ends are single bytes, U+FFFE and U+FFFF three.
_INVALID_XML_PATTERN = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\ufffe\\uffff]"
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")
_LEADING_BYTES, _LEADING_TEXT = re.compile(rb"\s*"), re.compile(r"\s*")


def _parse(data: bytes, text: str | None) -> Any:
    """The page's tree, as trafilatura's ``load_html`` gives it for ``text`` (the bytes, decoded; None
    when they are not UTF-8), or None when it is not HTML.

    libxml2 reads UTF-8 bytes as they are, while a str is handed to it re-encoded: parsing the bytes
    themselves, with trafilatura's own parser (UTF-8 declared, so a page's ``<meta charset>`` is
    overruled as before), costs half. It gives the same tree when the loader would not have
    changed the text first: no character XML forbids, no doctype or ``<html/>`` it repairs, nothing
    but ASCII spaces before the first tag. Any other page, and a page that is not UTF-8, goes
    through ``load_html`` as it did."""
    from trafilatura.utils import HTML_PARSER, INVALID_XML_CHARS, is_dubious_html, load_html

    if text is None or INVALID_XML_CHARS.pattern != _INVALID_XML_PATTERN or not _plain(data, text):
        return load_html(text if text is not None else data)
    import lxml.html

    try:
        tree = lxml.html.fromstring(data, parser=_parser(HTML_PARSER))
    except Exception:  # as load_html: its own second try, or its error
        return load_html(text)
    if tree is None or len(tree) < 1:
        return load_html(text)
    if is_dubious_html(text[:50].lower()) and len(tree) < 2:
        return None  # load_html's rejection: not (well-formed) HTML
    return tree


@cache
def _parser(loader: Any) -> Any:
    """trafilatura's parser (``loader``: its options), with lxml's element classes chosen in C.

    lxml.html gives a form, an input, a select... its own Python class, asking a Python function for
    every element object made: 2,300 calls a page, 5% of the reader's time. Here every element is an
    ``HtmlElement`` (what trafilatura, htmldate and this reader use of them: ``text_content``,
    ``drop_tree``, tags, attributes and text), chosen without a call into Python."""
    import lxml.html
    from lxml import etree

    parser = loader.copy()
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    return parser


def _plain(data: bytes, text: str) -> bool:
    """Whether trafilatura's ``repair_faulty_html`` would leave ``text`` as it is, and the bytes and
    the text start alike (lxml looks for ``<html`` after leading spaces, a str's or the bytes')."""
    from trafilatura.utils import DOCTYPE_TAG

    # (bytes.translate and ``in`` run at memory speed, a regular expression over 170 KB does not)
    if len(data.translate(None, _CONTROL_BYTES)) != len(data) or any(c in data for c in _NONCHARACTERS):
        return False
    if _LEADING_BYTES.match(data).end() != _LEADING_TEXT.match(text).end():  # type: ignore[union-attr]
        return False  # a space that is not ASCII before the first tag
    if "doctype" in text[:50].lower():
        end = text.find("\n")
        if end < 0 or DOCTYPE_TAG.search(text, 0, end):
            return False  # the repair rewrites the first line (and ends the text with a line break)
    # a self-closing <html/> in the first lines is rewritten
    return not any("<html" in line and line.endswith("/>") for line in text[:4096].splitlines()[:4])


def _mostly_links(tree: Any, body: str) -> bool:
    """Whether what was found is the page's links (headlines, navigation) rather than an article:
    most of its words are in lines that are the text of a link."""
    links = {" ".join(a.text_content().split()) for a in tree.iter("a")}
    lines = [" ".join(line.split()) for line in body.splitlines() if line.strip()]
    total = sum(len(line.split()) for line in lines)
    linked = sum(len(line.split()) for line in lines if line in links)
    return linked >= LINK_SHARE * total


def _metadata(tree: Any, url: str | None) -> dict[str, Any]:
    """The page's metadata; the tree's last use (the author search, when it runs, prunes it)."""
    import htmldate
    from trafilatura.metadata import examine_meta, extract_meta_json, extract_title, extract_url

    meta = examine_meta(tree)
    with contextlib.suppress(Exception):  # malformed JSON-LD: the meta tags still count
        meta = extract_meta_json(tree, meta)
    title = meta.title or extract_title(tree)
    page_url = url or meta.url or extract_url(tree)
    source = meta.sitename or meta.hostname
    date = None
    try:
        found = htmldate.find_date(tree, extensive_search=False, original_date=True, url=page_url)
    except Exception:  # htmldate on a hostile page: no date rather than no document
        found = None
    if found:
        date = parse_doc_date(found)
    author = meta.author or _search_author(tree)
    return {
        "title": clean_value(title),
        "url": clean_value(page_url),
        "author": clean_value(author),
        "source": clean_value(source),
        "date": date,
    }


def _search_author(tree: Any) -> str | None:
    """trafilatura's author search (``extract_author``: the page without its comment, date and figure
    sections, then its byline expressions), on the tree itself: ``extract_author`` prunes a copy, a
    millisecond a page, and nothing reads the tree after this."""
    from trafilatura import metadata

    try:
        prune, discard = metadata.prune_unwanted_nodes, metadata.AUTHOR_DISCARD_XPATHS
        first, bylines, normalize = metadata.extract_metainfo, metadata.AUTHOR_XPATHS, metadata.normalize_authors
    except AttributeError:  # another trafilatura: its own function, as it is
        return metadata.extract_author(tree)
    author = first(prune(tree, discard), bylines, len_limit=120)
    return normalize(None, author) if author else author


def _paragraphs(text: str) -> str:
    """One paragraph per line, a blank line between paragraphs."""
    lines = [" ".join(line.split()) for line in text.splitlines()]  # split() takes no-break spaces too
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
