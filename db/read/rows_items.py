"""The timeline's items, and the claims, events, mentions and marks the CLI lists.

Imported through db.read.rows, which loads a module when one of its rows is first used."""

from __future__ import annotations

from dataclasses import dataclass

from db.read.rows import KIND


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
