"""The rows the read layer returns: frozen dataclasses, for the explorer and the JSON CLI alike.

They are defined in three modules (rows_entities, rows_text, rows_items), each imported when one of its
rows is first asked for here: creating a dataclass costs about a millisecond, and `storyline entities`
needs one of the thirteen.

A row's JSON object (the CLI contract) is the fields JSON_FIELDS names for its
type, in that order; ``as_json`` drops the rest (ids, positions the contract does
not promise).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from operator import attrgetter
from typing import TYPE_CHECKING, Any

EVENT, CLAIM = "event", "claim"
KIND = {EVENT: 0, CLAIM: 1}  # as stored in the timeline tables

if TYPE_CHECKING:
    from db.read.rows_entities import CooccurRow, EntityRow
    from db.read.rows_items import ClaimRow, Item, MarkRow, MentionRow, MentionSpan, TimelineRow
    from db.read.rows_text import Counts, Document, DocumentEntry, LineHit, SourceLine

_WHERE = {
    "EntityRow": "rows_entities",
    "CooccurRow": "rows_entities",
    "Document": "rows_text",
    "DocumentEntry": "rows_text",
    "SourceLine": "rows_text",
    "LineHit": "rows_text",
    "Counts": "rows_text",
    "Item": "rows_items",
    "TimelineRow": "rows_items",
    "ClaimRow": "rows_items",
    "MentionRow": "rows_items",
    "MentionSpan": "rows_items",
    "MarkRow": "rows_items",
}


__all__ = [
    "CLAIM",
    "EVENT",
    "JSON_FIELDS",
    "KIND",
    "as_json",
    "EntityRow",
    "CooccurRow",
    "Document",
    "DocumentEntry",
    "SourceLine",
    "LineHit",
    "Counts",
    "Item",
    "TimelineRow",
    "ClaimRow",
    "MentionRow",
    "MentionSpan",
    "MarkRow",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"db.read.{module}"), name)
    globals()[name] = value
    return value


# by the row type's name: the types themselves are imported only when used
JSON_FIELDS: dict[str, tuple[str, ...]] = {
    "Document": (
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
    "EntityRow": ("name", "type", "aliases", "mentions", "documents", "entity_id"),
    "MentionRow": ("entity", "type", "doc", "line", "column", "text", "entity_id"),
    "ClaimRow": (
        *("doc", "line", "column", "text", "speaker", "cue", "entities", "date", "sources", "documents"),
        *("speaker_id", "entity_ids"),
        *("reported", "reported_precision"),  # issue 17: when it was said, beside when it happened
    ),
    "TimelineRow": (
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
    "MarkRow": ("id", "doc", "line", "column", "text", "note", "tags", "at", "moved", "kind", "lost"),
    "CooccurRow": ("name", "type", "together", "documents"),
}


# per row type: its fields, and one call that reads them all
_GETTERS: dict[type, tuple[tuple[str, ...], Callable[[object], tuple]]] = {}


def as_json(row: object) -> dict[str, object]:
    """The row as its public JSON object (tuples become lists)."""
    kind = type(row)
    got = _GETTERS.get(kind)
    if got is None:
        names = JSON_FIELDS[kind.__name__]
        one = attrgetter(names[0])
        got = _GETTERS[kind] = (names, attrgetter(*names) if len(names) > 1 else lambda r: (one(r),))
    names, read = got
    return {name: list(v) if isinstance(v, tuple) else v for name, v in zip(names, read(row), strict=True)}
