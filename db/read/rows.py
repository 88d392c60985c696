"""The rows the read layer returns: frozen dataclasses, for the explorer and the JSON CLI alike.

A row's JSON object (the CLI contract) is the fields JSON_FIELDS names for its
type, in that order; ``as_json`` drops the rest (ids, positions the contract does
not promise).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

EVENT, CLAIM = "event", "claim"
KIND = {EVENT: 0, CLAIM: 1}  # as stored in the timeline tables


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
class EntityRow:
    id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    documents: int
    first_seen: str | None = None  # the earliest and latest date of a document naming it (None: none dated)
    last_seen: str | None = None

    @property
    def entity_id(self) -> int:
        return self.id


@dataclass(frozen=True, slots=True)
class MentionRow:
    entity_id: int
    document_id: int
    entity: str
    type: str
    doc: str
    line: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: int
    document_id: int
    doc: str
    line: int
    column: int
    text: str
    speaker: str | None
    cue: str | None
    entities: tuple[str, ...]
    date: str | None
    sources: int = 1  # independent groups of documents carrying the same statement (copies count once)
    documents: int = 1  # documents carrying it
    speaker_id: int | None = None
    entity_ids: tuple[int, ...] = ()  # beside ``entities``, in the same order
    precision: str | None = None  # of ``date``
    reported: str | None = None  # the document's date (when it was said), ISO at its precision
    reported_precision: str | None = None


@dataclass(frozen=True, slots=True)
class TimelineRow:
    id: int
    document_id: int
    date: str | None
    precision: str | None
    relation: str | None
    expression: str
    doc: str
    line: int
    column: int
    text: str
    entities: tuple[str, ...]
    entity_ids: tuple[int, ...] = ()  # beside ``entities``, in the same order
    reported: str | None = None  # the document's date (when it was said), ISO at its precision
    reported_precision: str | None = None


@dataclass(frozen=True, slots=True)
class CooccurRow:
    """An entity named on the same lines as another: on how many lines, in how many documents."""

    id: int
    name: str
    type: str
    together: int
    documents: int


@dataclass(frozen=True, slots=True)
class LineHit:
    document_id: int
    doc: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Item:
    """One timeline row: an event (a dated sentence), a claim (attributed, or a bare fact), or an event
    that holds the claim of its sentence (``claim`` set: one row for the sentence, both marks)."""

    kind: str
    id: int
    document_id: int
    doc: str
    line: int
    column: int
    length: int
    date: str | None
    precision: str | None
    relation: str | None
    expression: str | None
    text: str
    speaker: str | None
    sort_key: str
    cue: str | None = None  # a claim's cue ("said", "according to"); None for events and facts
    claim: int | None = None  # of an event: the claim of its sentence, one item with it (speaker and cue are its)
    copies: int = 0  # other documents whose same item folded into this one (wire copies)
    sources: int = 1  # a claim: independent groups of documents carrying its statement
    reported: str | None = None  # its document's date: when it was said (issue 17)
    title: str | None = None  # its document's title

    @property
    def key(self) -> tuple[str, int, int, int, int, int]:
        return (self.sort_key, self.document_id, self.line, self.column, KIND[self.kind], self.id)

    @property
    def ref(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True, slots=True)
class SourceLine:
    """A line clipped for display: ``text`` is the line from ``start`` (0-based)."""

    number: int
    text: str
    boilerplate: bool
    length: int
    start: int = 0


@dataclass(frozen=True, slots=True)
class MentionSpan:
    """Where a mention is (for walking and marking them), without its text."""

    entity_id: int
    document_id: int
    line: int
    column: int
    length: int


@dataclass(frozen=True, slots=True)
class MarkRow:
    """A mark (db/store/marks.py) as it stands: ``lost`` when its text does not slice its document at
    (line, column) now (the text is gone from the document, or the document is); ``document_id``
    None while the document is not in the store."""

    id: int
    doc: str
    line: int
    column: int
    text: str
    note: str | None
    tags: tuple[str, ...]
    at: str
    moved: bool
    kind: str
    lost: bool
    document_id: int | None = None


@dataclass(frozen=True, slots=True)
class Counts:
    documents: int
    entities: int
    events: int
    claims: int


JSON_FIELDS = {
    Document: (
        "doc",
        "title",
        "date",
        "precision",
        "lines",
        "encoding",
        "url",
        "author",
        "source",
        "format",
        "copy_of",
    ),
    # entity_id, speaker_id, entity_ids (issue 16): a name can belong to several entities; the ids tell them apart
    EntityRow: ("name", "type", "aliases", "mentions", "documents", "entity_id"),
    MentionRow: ("entity", "type", "doc", "line", "column", "text", "entity_id"),
    ClaimRow: (
        *("doc", "line", "column", "text", "speaker", "cue", "entities", "date", "sources", "documents"),
        *("speaker_id", "entity_ids"),
        *("reported", "reported_precision"),  # issue 17: when it was said, beside when it happened
    ),
    TimelineRow: (
        "date",
        "precision",
        "relation",
        "expression",
        "doc",
        "line",
        "column",
        "text",
        "entities",
        "entity_ids",
        *("reported", "reported_precision"),  # issue 17
    ),
    # issue 15; kind and lost beside the contract's fields
    MarkRow: ("id", "doc", "line", "column", "text", "note", "tags", "at", "moved", "kind", "lost"),
    CooccurRow: ("name", "type", "together", "documents"),
}


# per row type: its fields, and one call that reads them all
_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[object], tuple]]] = {}


def as_json(row: object) -> dict[str, object]:
    """The row as its public JSON object (tuples become lists)."""
    kind = type(row)
    got = _GETTERS.get(kind)
    if got is None:
        names = JSON_FIELDS[kind]
        one = attrgetter(names[0])
        got = _GETTERS[kind] = (names, attrgetter(*names) if len(names) > 1 else lambda r: (one(r),))
    names, read = got
    return {name: list(v) if isinstance(v, tuple) else v for name, v in zip(names, read(row), strict=True)}
