"""What the main screen reads from the database, and the typed messages that carry it back.

Each loader is a plain function ``(conn, *args) -> message``, run by
``MainScreen.load`` in a thread worker (exclusive within its group, so a
newer request replaces an older one); the message it returns is posted to the
screen, which shows it. A loader returns None when there is nothing to show
(an entity or document gone since it was listed).

Everything a loader needs is passed in (the filter's entity, the type
filter): loaders never read the screen's state from their thread.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from textual.message import Message

from app.widgets.source import Loader
from app.widgets.virtual_list import Fetch
from db import read
from db.read import PAGE, Counts, Document, EntityRow, Filters, Item, LineHit, MentionSpan, Reader, SourceLine

# --- the messages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """What the source shows when ``r`` is pressed, to be found again after a re-ingest."""

    path: str  # the document's identity (its id changes when its file is re-ingested)
    cursor: int
    line: int  # the highlighted span, if any (text "" when none)
    column: int
    text: str
    item: bool  # the span is the chosen timeline item


@dataclass
class Reopened:
    """The document being read, re-read: the span found again by its text (or None), the chosen item on
    it, and a note when something could not be found."""

    document: Document | None
    cursor: int
    span: tuple[int, int, int] | None  # line, column, length
    item: Item | None
    note: str | None


@dataclass
class Overview(Message):
    """The corpus at a glance: masthead counts and the sizes of both lists."""

    name: str
    root: str  # the folder every document's path starts with ("seeds/"), or ""
    counts: Counts
    timeline_total: int
    entity_total: int
    place: tuple[int, Item] | None  # where the kept item now sits in the timeline
    reopened: Reopened | None = None
    whole: int = 0  # the whole timeline's size, unfiltered
    # read with the rest when asked (the first screen): the lists' first rows come with it, not in two more
    # workers and repaints (the histogram strip has its own worker: it takes longer than the rest together)
    timeline_first: list[Item] | None = None  # the timeline's first rows (those on screen)
    entities_first: list[EntityRow] | None = None  # the entity list's


@dataclass
class EntitiesCounted(Message):
    type: str | None
    total: int


@dataclass
class ItemLinked(Message):
    item: Item
    document: Document | None
    entities: list[tuple[int, str]]


@dataclass
class EntityLinked(Message):
    entity: EntityRow
    timeline_total: int
    position: int | None  # in the entity list, when asked to place it there
    mention: MentionSpan | None
    index: int
    count: int
    document: Document | None
    timeline_first: list[Item]  # the first page of its timeline, read with the rest: one repaint
    histogram: HistogramRead | None = None  # its histogram strip, read with the rest (None: the strip is hidden)


@dataclass
class MentionStepped(Message):
    entity_id: int
    mention: MentionSpan | None
    index: int
    count: int
    document: Document | None


@dataclass
class LineLinked(Message):
    document_id: int
    line: int
    items: list[Item]
    entities: list[tuple[int, str]]
    place: tuple[int, Item] | None  # the first of ``items`` on the (filtered) timeline
    shown: int  # how many of ``items`` the (filtered) timeline shows


@dataclass
class EntitiesPlaced(Message):
    """Where the ◆ entities sit in the entity list (its type filter and order): read after the panes
    are drawn, in a worker of its own, since it costs a count over the entity list."""

    ids: list[int]
    type: str | None
    order: str
    positions: list[int | None]


@dataclass
class HitOpened(Message):
    hit: LineHit
    document: Document | None
    column: int
    length: int
    walk: bool  # a step of the text search's walk (else a line opened from elsewhere)


@dataclass
class DocumentOpened(Message):
    document: Document


# --- the loaders -------------------------------------------------------------------------


def overview(
    conn: sqlite3.Connection,
    fallback_name: str,
    entity_id: int | None,
    entity_type: str | None,
    keep: Item | None,
    filters: Filters | None = None,
    reading: Reading | None = None,
    rows: int = 0,
    order: str = "mentions",
) -> Overview:
    """The corpus's counts and both lists' sizes; with ``rows``, the first ``rows`` of both lists too (the
    entities sorted by ``order``)."""
    reopened = reopen(conn, reading) if reading is not None else None
    if reopened is not None and reopened.item is not None and keep is not None and reading and reading.item:
        keep = reopened.item  # the kept row was the chosen item: keep it by its new id
    place = _place(conn, keep, entity_id, filters)
    total = read.timeline_count(conn, entity_id, filters)
    entity_total = read.entity_count(conn, entity_type)
    timeline_first = entities_first = None
    if rows > 0:
        rows = min(rows, PAGE)
        timeline_first = read.timeline_page(conn, 0, rows, entity_id=entity_id, total=total, filters=filters)
        entities_first = read.entities(conn, type=entity_type, limit=min(rows, entity_total), offset=0, order=order)
    return Overview(
        read.corpus_name(conn, fallback_name),
        read.corpus_root(conn),
        read.counts(conn),
        total,
        entity_total,
        place,
        reopened,
        read.timeline_count(conn),
        timeline_first,
        entities_first,
    )


def reopen(conn: sqlite3.Connection, reading: Reading) -> Reopened:
    """Find the document being read by its path and its highlighted span by its text, near where it was."""
    document = read.document_at(conn, reading.path)
    if document is None:
        return Reopened(None, 1, None, None, "the document being read is no longer in the database")
    cursor = max(1, min(reading.cursor, document.lines))
    if not reading.text:
        return Reopened(document, cursor, None, None, None)
    found = read.find_text(conn, document.id, reading.text, reading.line, reading.column)
    if found is None:
        what = "chosen item" if reading.item else "highlighted text"
        return Reopened(document, cursor, None, None, f"the {what} is no longer in the document: selection cleared")
    line, column = found
    cursor = max(1, min(reading.cursor + line - reading.line, document.lines))
    item = None
    if reading.item:
        item = next((i for i in read.items_on_line(conn, document.id, line) if i.column == column), None)
    return Reopened(document, cursor, (line, column, len(reading.text)), item, None)


def entities_counted(conn: sqlite3.Connection, entity_type: str | None) -> EntitiesCounted:
    return EntitiesCounted(entity_type, read.entity_count(conn, entity_type))


def item_linked(conn: sqlite3.Connection, item: Item) -> ItemLinked:
    names = read.entity_names(conn, read.item_entities(conn, item.kind, item.id))
    return ItemLinked(item, read.document(conn, item.document_id), names)


def entities_placed(
    conn: sqlite3.Connection, ids: list[int], entity_type: str | None, order: str = "mentions"
) -> EntitiesPlaced:
    return EntitiesPlaced(ids, entity_type, order, read.entity_positions(conn, ids, entity_type, order))


def entity_linked(
    conn: sqlite3.Connection,
    entity_id: int,
    entity_type: str | None,
    place: bool,
    filters: Filters | None = None,
    order: str = "mentions",
    chart: bool = False,
    zoom: int | None = None,
    rows: int = PAGE,
) -> EntityLinked | None:
    """The entity, its first mention, its timeline's size and first ``rows`` (the rows on screen; the
    pane reads the rest of its page when it needs them) and (``chart``) its histogram strip at ``zoom``:
    everything its select shows, in one worker and one message, so one repaint."""
    entity = read.entity(conn, entity_id)
    if entity is None:
        return None
    position = read.entity_position(conn, entity_id, entity_type, order) if place else None
    stepped = mention_stepped(conn, entity_id, None, backward=False)
    total = read.timeline_count(conn, entity_id, filters)
    first = read.timeline_page(conn, 0, max(1, min(rows, PAGE)), entity_id=entity_id, total=total, filters=filters)
    strip = histogram(conn, entity_id, filters or Filters(), zoom, total) if chart else None
    return EntityLinked(
        entity, total, position, stepped.mention, stepped.index, stepped.count, stepped.document, first, strip
    )


def mention_stepped(
    conn: sqlite3.Connection, entity_id: int, at: MentionSpan | None, backward: bool, times: int = 1
) -> MentionStepped:
    mention = at
    for _ in range(max(1, times)):
        key = (mention.document_id, mention.line, mention.column) if mention else None
        mention = read.mention_step(conn, entity_id, key, backward=backward)
        if mention is None:
            break
    index = read.mention_index(conn, mention) if mention else 0
    document = read.document(conn, mention.document_id) if mention else None
    return MentionStepped(entity_id, mention, index, read.mention_count(conn, entity_id), document)


def line_linked(
    conn: sqlite3.Connection,
    doc_id: int,
    line: int,
    entity_id: int | None,
    filters: Filters | None = None,
) -> LineLinked:
    items = read.items_on_line(conn, doc_id, line)
    names = read.entity_names(conn, read.entities_on_line(conn, doc_id, line))
    place, shown = None, 0
    for item in items:
        if place is None:
            place = _place(conn, item, entity_id, filters)
            shown += place is not None
        elif _shown(conn, item, entity_id, filters):
            shown += 1
    return LineLinked(doc_id, line, items, names, place, shown)


def _shown(conn: sqlite3.Connection, item: Item, entity_id: int | None, filters: Filters | None) -> bool:
    """Whether the (filtered) timeline shows ``item``."""
    if entity_id is None and (filters is None or filters.empty):
        return True
    item = read.on_axis(item, filters)
    shown = read.timeline_near(conn, item.key, 1, entity_id=entity_id, inclusive=True, filters=filters)
    return bool(shown) and shown[0].ref == item.ref


def _place(
    conn: sqlite3.Connection, item: Item | None, entity_id: int | None, filters: Filters | None
) -> tuple[int, Item] | None:
    """Where ``item`` sits in the (filtered) timeline, when it is in it."""
    if item is None:
        return None
    if not _shown(conn, item, entity_id, filters):
        return None
    item = read.on_axis(item, filters)
    return read.timeline_position(conn, item, entity_id, filters), item


@dataclass
class ClaimPlaced(Message):
    item: Item
    place: tuple[int, Item] | None  # where it is in the (filtered) timeline, when it is there


def claim_placed(
    conn: sqlite3.Connection, claim_id: int, entity_id: int | None, filters: Filters | None = None
) -> ClaimPlaced | None:
    item = read.item(conn, read.CLAIM, claim_id)
    if item is None:
        return None
    return ClaimPlaced(item, _place(conn, item, entity_id, filters))


def hit_opened(conn: sqlite3.Connection, hit: LineHit, query: str, walk: bool = True) -> HitOpened:
    column, length = first_word(hit.text, query)
    return HitOpened(hit, read.document(conn, hit.document_id), column, length, walk)


@dataclass
class MoreHits(Message):
    query: str
    hits: list[LineHit]  # the page after the hits walked so far
    more: bool


def more_hits(conn: sqlite3.Connection, query: str, hits: list[LineHit]) -> MoreHits:
    last = hits[-1]
    found = read.search_lines(conn, query, read.HITS, after=(last.document_id, last.line))
    return MoreHits(query, found, len(found) >= read.HITS)


def document_opened(conn: sqlite3.Connection, doc_id: int) -> DocumentOpened | None:
    document = read.document(conn, doc_id)
    return DocumentOpened(document) if document is not None else None


def first_word(text: str, query: str) -> tuple[int, int]:
    """(1-based column, length) of the first word of the line the search matched, else (1, 0)."""
    found = read.matched_words(text, query)
    return (found[0][0] + 1, found[0][1] - found[0][0]) if found else (1, 0)


# --- what the panes fetch for themselves (in their own workers) -----------------------------


def timeline_fetch(reader: Reader, entity_id: int | None, total: int, filters: Filters | None = None) -> Fetch:
    """How the timeline pane reads its pages: the whole timeline, or one entity's, narrowed by ``filters``."""

    def fetch(offset: int, limit: int, hint: tuple[int, Item] | None) -> list[Item]:
        return reader(read.timeline_rows, offset, limit, hint, entity_id=entity_id, total=total, filters=filters)

    return fetch


def entity_fetch(reader: Reader, entity_type: str | None, order: str = "mentions") -> Fetch:
    """How the entity pane reads its pages, for a type filter and a sort column."""

    def fetch(offset: int, limit: int, hint: tuple[int, EntityRow] | None) -> list[EntityRow]:
        return reader(read.entities, type=entity_type, limit=limit, offset=offset, order=order)

    return fetch


def source_loader(reader: Reader) -> Loader:
    """How the source pane reads the lines on screen and the mentions on them."""

    def load(
        doc_id: int, start: int, end: int, focus: tuple[int, int] | None
    ) -> tuple[list[SourceLine], list[MentionSpan]]:
        with reader.conn() as conn:
            return (
                read.source_lines(conn, doc_id, start, end, focus=focus),
                read.mentions_between(conn, doc_id, start, end),
            )

    return load


# --- filters, the histogram, going to a date (issue 17) --------------------------------------


@dataclass
class TimelineNarrowed(Message):
    """The timeline under new filters: its size, the whole timeline's, where the kept item went."""

    filters: Filters
    entity_id: int | None
    total: int
    whole: int
    place: tuple[int, Item] | None


# Counts of filtered timelines already read, so that going back to a view (history) costs a page, not a
# count (a kind or speaker filter counts by walking the timeline). Forgotten on refresh (r), which is
# also when the explorer first sees what another process wrote.
_COUNTS: dict[tuple[str, int | None, Filters], int] = {}  # by (database file, entity, filters)
_MOST_COUNTS = 256


def forget_counts() -> None:
    _COUNTS.clear()


def filtered_count(conn: sqlite3.Connection, entity_id: int | None, filters: Filters) -> int:
    key = (conn.execute("PRAGMA database_list").fetchone()[2], entity_id, filters)
    if key not in _COUNTS:
        if len(_COUNTS) >= _MOST_COUNTS:
            _COUNTS.clear()
        _COUNTS[key] = read.timeline_count(conn, entity_id, filters)
    return _COUNTS[key]


def timeline_narrowed(
    conn: sqlite3.Connection, entity_id: int | None, filters: Filters, keep: Item | None
) -> TimelineNarrowed:
    total = filtered_count(conn, entity_id, filters)
    return TimelineNarrowed(
        filters, entity_id, total, read.timeline_count(conn), _place(conn, keep, entity_id, filters)
    )


@dataclass
class HistogramRead(Message):
    width: int  # characters of the date per period: 4, 7 or 10
    bars: list[tuple[str, int]]
    undated: int
    entity_id: int | None = None  # what it was read for: a strip read for an earlier view is not shown
    filters: Filters | None = None


def histogram(
    conn: sqlite3.Connection,
    entity_id: int | None,
    filters: Filters,
    width: int | None,
    total: int | None = None,
) -> HistogramRead:
    """Items per period; ``width`` None: years, or months or days when the dated items span few of them.
    ``total``: the timeline's size under these filters, when already read."""
    if width is None:
        width = 4
        bars = read.timeline_histogram(conn, 4, entity_id, filters)
        while width < 10 and len(bars) <= 2:
            finer = read.timeline_histogram(conn, width + 3, entity_id, filters)
            if len(finer) <= len(bars):  # no finer view: items at a coarser precision would drop out
                break
            width, bars = width + 3, finer
    else:
        bars = read.timeline_histogram(conn, width, entity_id, filters)
    if total is None:
        total = read.timeline_count(conn, entity_id, filters)
    dated = read.timeline_count(conn, entity_id, filters.but(dated=True))
    return HistogramRead(width, _with_gaps(bars, width), total - dated, entity_id, filters)


def _with_gaps(bars: list[tuple[str, int]], width: int, most: int = 5000) -> list[tuple[str, int]]:
    """Years and months with nothing in them as empty bars, so the strip's spacing is time's."""
    if len(bars) < 2 or width not in (4, 7):
        return bars

    def index(period: str) -> int:
        return int(period[:4]) * 12 + (int(period[5:7]) - 1 if width == 7 else 0)

    step = 1 if width == 7 else 12
    first, last = index(bars[0][0]), index(bars[-1][0])
    if (last - first) // step > most:
        return bars
    counts = dict(bars)
    out = []
    for i in range(first, last + 1, step):
        period = f"{i // 12:04d}" if width == 4 else f"{i // 12:04d}-{i % 12 + 1:02d}"
        out.append((period, counts.get(period, 0)))
    return out


@dataclass
class DateSought(Message):
    start: str
    place: tuple[int, Item] | None


def date_sought(conn: sqlite3.Connection, start: str, entity_id: int | None, filters: Filters) -> DateSought:
    return DateSought(start, read.timeline_seek(conn, start, entity_id, filters))


@dataclass
class SpeakerFound(Message):
    speaker_id: int | None
    name: str | None


def speaker_of(conn: sqlite3.Connection, item: Item) -> SpeakerFound:
    """The speaker of an item's claim (its own, or the one its event holds)."""
    found = read.item_speaker(conn, item)
    return SpeakerFound(*(found or (None, None)))
