"""The read layer: plain functions over an ``sqlite3.Connection`` returning frozen rows.

Import it as ``from db import read`` and call ``read.timeline_page(conn, ...)``. Where each thing lives:

- ``rows``: every row type (``Document``, ``EntityRow``, ``Item``, ...) and ``as_json``, the CLI contract;
- ``corpus``: documents, their lines (clipped for display), the corpus counts, root and name, a PDF line's page;
- ``copies``: near-duplicate groups and corroboration (what folded into an item, who else reports a statement);
- ``names``: entities: the ranked list, name search (prefix, then fuzzy), positions, names;
- ``pages``: the explorer's timeline, in pages, by key or by position;
- ``listings``: claims and events as the CLI lists them; ``filters``: what narrows them (and the explorer's timeline);
- ``marks``: the marks an analyst kept, with whether each still slices its document;
- ``together``: who appears with whom (entities on the same lines);
- ``spans``: mentions: all with their text, those on some lines, one entity's walked in order;
- ``search``: the one text search (FTS5, typed text always literal);
- ``pool``: read-only connections for the explorer's threads;
- ``sql``: shared SQL fragments and literal matching.

Reads never import sqlite-utils: the explorer starts faster.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from db.read.copies import Carrier, Statement, carriers, corroborated, corroboration, folded_counts
    from db.read.corpus import (
        CLIP,
        DOCUMENT_SORTS,
        corpus_name,
        corpus_root,
        counts,
        document,
        document_at,
        documents,
        documents_count,
        documents_named,
        documents_page,
        find_document,
        find_text,
        line_text,
        lines,
        page_of,
        source_lines,
    )
    from db.read.filters import AXES, KINDS, BadDate, Filters, parse_date
    from db.read.listings import claims, timeline
    from db.read.marks import marked_lines, marks
    from db.read.names import (
        FUZZY_SCAN,
        MANY_MATCHES,
        ORDERS,
        AmbiguousName,
        NameNotFound,
        entities,
        entities_on_line,
        entity,
        entity_count,
        entity_ids_named,
        entity_names,
        entity_position,
        entity_positions,
        fuzzy_entities,
        name_candidates,
        resolve_name,
        split_typed_name,
    )
    from db.read.pages import (
        GIST,
        item,
        item_entities,
        item_speaker,
        items_on_line,
        on_axis,
        timeline_count,
        timeline_histogram,
        timeline_near,
        timeline_page,
        timeline_position,
        timeline_rows,
        timeline_seek,
    )
    from db.read.pool import Reader
    from db.read.rows import (
        CLAIM,
        EVENT,
        JSON_FIELDS,
        KIND,
        ClaimRow,
        CooccurRow,
        Counts,
        Document,
        DocumentEntry,
        EntityRow,
        Item,
        LineHit,
        MarkRow,
        MentionRow,
        MentionSpan,
        SourceLine,
        TimelineRow,
        as_json,
    )
    from db.read.search import HITS, BadQuery, matched_words, parse_query, search_lines
    from db.read.spans import iter_mentions, mention_count, mention_index, mention_step, mentions, mentions_between
    from db.read.sql import FTS_TOKEN, fts_literal, like_escape
    from db.read.together import cooccurring, items_naming_both

# Every name above and the module that defines it, imported when the name is first used (``from db.read
# import X`` too): `storyline entities` then loads the names' module and its rows, not the timeline's, the
# copies', the search's (tests/db/test_read_lazy.py keeps this table and the imports above the same).
_WHERE: dict[str, str] = {
    "Carrier": "copies",
    "Statement": "copies",
    "carriers": "copies",
    "corroborated": "copies",
    "corroboration": "copies",
    "folded_counts": "copies",
    "CLIP": "corpus",
    "DOCUMENT_SORTS": "corpus",
    "corpus_name": "corpus",
    "corpus_root": "corpus",
    "counts": "corpus",
    "document": "corpus",
    "document_at": "corpus",
    "documents": "corpus",
    "documents_count": "corpus",
    "documents_named": "corpus",
    "documents_page": "corpus",
    "find_document": "corpus",
    "find_text": "corpus",
    "line_text": "corpus",
    "lines": "corpus",
    "page_of": "corpus",
    "source_lines": "corpus",
    "AXES": "filters",
    "KINDS": "filters",
    "BadDate": "filters",
    "Filters": "filters",
    "parse_date": "filters",
    "claims": "listings",
    "timeline": "listings",
    "marked_lines": "marks",
    "marks": "marks",
    "FUZZY_SCAN": "names",
    "MANY_MATCHES": "names",
    "ORDERS": "names",
    "AmbiguousName": "names",
    "NameNotFound": "names",
    "entities": "names",
    "entities_on_line": "names",
    "entity": "names",
    "entity_count": "names",
    "entity_ids_named": "names",
    "entity_names": "names",
    "entity_position": "names",
    "entity_positions": "names",
    "fuzzy_entities": "names",
    "name_candidates": "names",
    "resolve_name": "names",
    "split_typed_name": "names",
    "GIST": "pages",
    "item": "pages",
    "item_entities": "pages",
    "item_speaker": "pages",
    "items_on_line": "pages",
    "on_axis": "pages",
    "timeline_count": "pages",
    "timeline_histogram": "pages",
    "timeline_near": "pages",
    "timeline_page": "pages",
    "timeline_position": "pages",
    "timeline_rows": "pages",
    "timeline_seek": "pages",
    "Reader": "pool",
    "CLAIM": "rows",
    "EVENT": "rows",
    "JSON_FIELDS": "rows",
    "KIND": "rows",
    "ClaimRow": "rows",
    "CooccurRow": "rows",
    "Counts": "rows",
    "Document": "rows",
    "DocumentEntry": "rows",
    "EntityRow": "rows",
    "Item": "rows",
    "LineHit": "rows",
    "MarkRow": "rows",
    "MentionRow": "rows",
    "MentionSpan": "rows",
    "SourceLine": "rows",
    "TimelineRow": "rows",
    "as_json": "rows",
    "HITS": "search",
    "BadQuery": "search",
    "matched_words": "search",
    "parse_query": "search",
    "search_lines": "search",
    "iter_mentions": "spans",
    "mention_count": "spans",
    "mention_index": "spans",
    "mention_step": "spans",
    "mentions": "spans",
    "mentions_between": "spans",
    "FTS_TOKEN": "sql",
    "fts_literal": "sql",
    "like_escape": "sql",
    "cooccurring": "together",
    "items_naming_both": "together",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    loaded = importlib.import_module(f"{__name__}.{module}")
    defined = vars(loaded)
    for each, where in _WHERE.items():  # all of its names at hand (a submodule's own name is then rebound)
        if where == module and each in defined:  # (not those it too imports when first used: the rows)
            globals()[each] = defined[each]
    value = globals()[name] = getattr(loaded, name)
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})


# ``marks`` is a function of the module ``marks``: imported now, so that the module, once loaded by
# anyone, never stands where the function should (a loaded submodule is set on its package)
from db.read.marks import marks  # noqa: E402

PAGE = 100  # rows a list fetches at a time (the explorer's lists, a selected entity's first page)

__all__ = [
    "DOCUMENT_SORTS",
    "DocumentEntry",
    "documents_count",
    "documents_page",
    "AXES",
    "BadDate",
    "CooccurRow",
    "Filters",
    "KINDS",
    "cooccurring",
    "items_naming_both",
    "parse_date",
    "AmbiguousName",
    "CLAIM",
    "Carrier",
    "CLIP",
    "ClaimRow",
    "Counts",
    "Document",
    "EVENT",
    "EntityRow",
    "FTS_TOKEN",
    "FUZZY_SCAN",
    "GIST",
    "HITS",
    "BadQuery",
    "Item",
    "JSON_FIELDS",
    "KIND",
    "LineHit",
    "MarkRow",
    "MANY_MATCHES",
    "ORDERS",
    "MentionRow",
    "MentionSpan",
    "NameNotFound",
    "PAGE",
    "Reader",
    "SourceLine",
    "Statement",
    "TimelineRow",
    "as_json",
    "carriers",
    "corroborated",
    "corroboration",
    "folded_counts",
    "claims",
    "corpus_name",
    "corpus_root",
    "counts",
    "document",
    "document_at",
    "documents",
    "documents_named",
    "entities",
    "entities_on_line",
    "entity",
    "entity_count",
    "entity_ids_named",
    "entity_names",
    "entity_position",
    "entity_positions",
    "find_document",
    "find_text",
    "fts_literal",
    "fuzzy_entities",
    "item",
    "iter_mentions",
    "item_entities",
    "item_speaker",
    "on_axis",
    "items_on_line",
    "like_escape",
    "line_text",
    "lines",
    "marked_lines",
    "marks",
    "matched_words",
    "mention_count",
    "mention_index",
    "mention_step",
    "mentions",
    "mentions_between",
    "name_candidates",
    "page_of",
    "resolve_name",
    "search_lines",
    "parse_query",
    "source_lines",
    "split_typed_name",
    "timeline",
    "timeline_count",
    "timeline_histogram",
    "timeline_seek",
    "timeline_near",
    "timeline_page",
    "timeline_position",
    "timeline_rows",
]
