"""Documents, their lines and the corpus's counts.

Imported through db.read.rows, which loads a module when one of its rows is first used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    id: int
    doc: str  # the path as reached from the ingest argument
    path: str  # resolved absolute path: the identity
    title: str | None
    date: str | None
    precision: str | None
    lines: int
    encoding: str
    url: str | None = None
    author: str | None = None
    source: str | None = None
    format: str = "text"  # the reader that made the stored text (db/text/formats)
    copy_of: str | None = None  # the `doc` of the earliest document of its group of near-duplicates
    copy_of_id: int | None = None

    @property
    def converted(self) -> bool:
        """Whether the stored text was extracted from another format (so the file itself is not that text)."""
        return self.format != "text"


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """A row of the documents view: the document, its size and what was found in it."""

    document: Document
    size: int
    events: int
    claims: int


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A line clipped for display: ``text`` is the line from ``start`` (0-based)."""

    number: int
    text: str
    boilerplate: bool
    length: int
    start: int = 0


@dataclass(frozen=True, slots=True)
class LineHit:
    document_id: int
    doc: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    entities: int
    events: int
    claims: int
