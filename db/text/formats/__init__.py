"""Format readers: which files Storyline reads, and how each kind becomes records of text.

One small module per format behind one interface. A **single** format turns a file's
bytes into one ``Record`` (``read``, in a worker); a **container** is split into
``Entry`` objects by streaming the file (``entries``, cheap, in the reading process:
bounded memory however large the file), and each entry becomes a ``Record`` in a worker
(``convert``). Text files (``.txt``, ``.md``) have no reader: their bytes are parsed
as they are, headers and all (``db.text.document.parse_bytes``).

=========  ===================================  =========  ======================================
format     suffixes                             kind       reader
=========  ===================================  =========  ======================================
text       .txt .md                             single     (the bytes themselves)
html       .html .htm (+ .gz)                   single     html.py (trafilatura, htmldate)
feed       .rss .atom .xml (a feed)             container  feed.py (feedparser)
json       .json                                either     jsondump.py (an object, or an array)
json       .jsonl .ndjson (+ .gz)               container  jsondump.py (one record a line)
warc       .warc .warc.gz                       container  warc.py (warcio)
email      .eml / .mbox                         single /   mail.py (the standard library)
                                                container
pdf        .pdf                                 single     pdf.py (pypdf)
=========  ===================================  =========  ======================================
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from db.text.formats.types import (
    MAX_RECORD_BYTES,
    NO_OPTIONS,
    Broken,
    Entry,
    FormatError,
    NotThisFormat,
    Options,
    Record,
    Skipped,
)

TEXT_SUFFIXES = (".txt", ".md")

# The readers' libraries log what they find wrong with a page; each problem that matters
# reaches the user as a failure with its reason instead, so their warnings stay quiet.
for _library in (
    "trafilatura",
    "htmldate",
    "courlan",
    "justext",
    "pypdf",
    "feedparser",
    "warcio",
    "charset_normalizer",
):
    logging.getLogger(_library).setLevel(logging.CRITICAL)


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    read: Callable[[bytes], Record] | None = None  # a single format
    entries: Callable[[str, Options], Iterator[Entry | Skipped | Broken]] | None = None  # a container
    convert: Callable[[Entry, Options], Record] | None = None

    @property
    def container(self) -> bool:
        return self.entries is not None


def _lazy(module: str, name: str) -> Callable:
    """A module's function, imported on first call (the libraries load only when their format is met)."""

    def call(*args: object) -> object:
        import importlib

        return getattr(importlib.import_module(f"db.text.formats.{module}"), name)(*args)

    call.__name__ = f"{module}.{name}"
    return call


FORMATS = (
    Format("html", (".html", ".htm", ".html.gz", ".htm.gz", ".xhtml"), read=_lazy("html", "read_html")),
    Format("feed", (".rss", ".atom", ".xml"), entries=_lazy("feed", "entries"), convert=_lazy("feed", "convert")),
    Format("json", (".json",), entries=_lazy("jsondump", "documents"), convert=_lazy("jsondump", "convert")),
    Format(
        "json",
        (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"),
        entries=_lazy("jsondump", "lines"),
        convert=_lazy("jsondump", "convert"),
    ),
    Format("warc", (".warc", ".warc.gz"), entries=_lazy("warc", "entries"), convert=_lazy("warc", "convert")),
    Format("email", (".eml",), read=_lazy("mail", "read_message")),
    Format("email", (".mbox",), entries=_lazy("mail", "entries"), convert=_lazy("mail", "convert")),
    Format("pdf", (".pdf",), read=_lazy("pdf", "read_pdf")),
)
_BY_SUFFIX = sorted(((s, f) for f in FORMATS for s in f.suffixes), key=lambda sf: -len(sf[0]))


def format_of(path: str) -> Format | None:
    """The reader of a file by its name; None for a text file (or a file Storyline does not read)."""
    lowered = path.lower()
    return next((f for suffix, f in _BY_SUFFIX if lowered.endswith(suffix)), None)


def readable(path: str) -> bool:
    """Whether Storyline reads a file of this name (text, or one of the formats)."""
    lowered = path.lower()
    return lowered.endswith(TEXT_SUFFIXES) or format_of(path) is not None


def record_path(path: str, number: int | None) -> str:
    """A record's identity: ``PATH#N`` (1-based), or the file's own path when it is the only document."""
    return path if number is None else f"{path}#{number}"


def container_path(path: str) -> str:
    """The file a document's path names: ``a.jsonl`` for ``a.jsonl#3``."""
    head, sep, tail = path.rpartition("#")
    if sep and tail.isdigit() and (f := format_of(head)) is not None and f.container:
        return head
    return path


__all__ = [
    "FORMATS",
    "MAX_RECORD_BYTES",
    "NO_OPTIONS",
    "TEXT_SUFFIXES",
    "Broken",
    "Entry",
    "Format",
    "FormatError",
    "NotThisFormat",
    "Options",
    "Record",
    "Skipped",
    "container_path",
    "format_of",
    "readable",
    "record_path",
]
