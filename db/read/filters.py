"""Narrowing the timeline and the claims: a date range on either time axis, a kind, a speaker, a document.

Every item has two dates: the **event** date (the date its sentence speaks of, where the text gives one)
and the **reported** date (its document's publication date). ``Filters.by`` picks the axis that orders
the rows and that ``start``, ``end`` and ``dated`` read. Bounds are ISO dates at any precision
(``2004``, ``2004-11``, ``2004-11-02``) and inclusive at their precision: ``end="2004"`` keeps every date
of 2004. A kind is ``event`` (a dated sentence), ``claim`` (an attributed statement: a speaker or a
cue) or ``fact`` (an unattributed statement); an event that holds its sentence's claim is both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

KINDS = ("event", "claim", "fact")
AXES = ("event", "reported")

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


class BadDate(ValueError):
    """A date argument that is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) or names no real day."""


def parse_date(text: str) -> str:
    """``text`` as a normalised ISO date at its own precision (``2004-3`` -> ``2004-03``), or BadDate."""
    from db.text.calendar import valid  # its lexicon costs every command's start; only dates need it

    m = _ISO.fullmatch(text.strip())
    if not m:
        raise BadDate(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2004-11)")
    y, mo, d = (int(g) if g else None for g in m.groups())
    assert y is not None
    if not valid(y, mo, d):
        raise BadDate(f"{text!r} is not a real date")
    return "-".join([f"{y:04d}", *([f"{mo:02d}"] if mo else []), *([f"{d:02d}"] if d else [])])


def precision_of(iso: str) -> str:
    return {4: "year", 7: "month"}.get(len(iso), "day")


@dataclass(frozen=True, slots=True)
class Filters:
    start: str | None = None  # ISO, inclusive
    end: str | None = None  # ISO, inclusive at its precision
    kind: str | None = None  # one of KINDS
    speaker_ids: tuple[int, ...] | None = None  # claims spoken by one of these
    document_id: int | None = None
    dated: bool = False  # only items with a date on the axis
    by: str = "event"  # the axis: "event" or "reported"
    with_entity: int | None = None  # the timeline only: items in this entity's timeline too

    def __post_init__(self) -> None:
        if self.kind is not None and self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if self.by not in AXES:
            raise ValueError(f"by must be one of {', '.join(AXES)}")

    @property
    def empty(self) -> bool:
        return self == Filters(by=self.by)

    def but(self, **changes: object) -> Filters:
        return replace(self, **changes)  # type: ignore[arg-type]


NONE = Filters()


def end_bound(iso: str) -> str:
    """The smallest string above every date that ``iso`` covers ("~" sorts after digits and "-")."""
    return iso + "~"


def date_clauses(axis: str, f: Filters, params: dict[str, object]) -> list[str]:
    """WHERE clauses for the date range and "dated" on the SQL expression ``axis``."""
    out = []
    if f.start is not None:
        out.append(f"{axis} >= :f_start")
        params["f_start"] = f.start
    if f.end is not None:
        out.append(f"{axis} < :f_end")
        params["f_end"] = end_bound(f.end)
    if f.dated:
        out.append(f"{axis} IS NOT NULL")
    return out


_ATTRIBUTED = "(c.speaker_id IS NOT NULL OR c.cue IS NOT NULL)"


def event_clauses(f: Filters, params: dict[str, object]) -> list[str]:
    """WHERE clauses over ``events v JOIN documents d`` for ``f``."""
    out = date_clauses("v.date" if f.by == "event" else "d.date", f, params)
    if f.document_id is not None:
        out.append("v.document_id = :f_doc")
        params["f_doc"] = f.document_id
    held = "EXISTS (SELECT 1 FROM claims c WHERE c.id = v.claim_id AND {})"
    if f.kind == "claim":
        out.append(held.format(_ATTRIBUTED))
    elif f.kind == "fact":
        out.append(held.format("NOT " + _ATTRIBUTED))
    if f.speaker_ids is not None:
        out.append(held.format(f"c.speaker_id IN ({_marks(f.speaker_ids, params)})"))
    return out


def claim_clauses(f: Filters, params: dict[str, object]) -> list[str]:
    """WHERE clauses over ``claims c JOIN documents d`` for ``f``."""
    out = date_clauses("c.date" if f.by == "event" else "d.date", f, params)
    if f.document_id is not None:
        out.append("c.document_id = :f_doc")
        params["f_doc"] = f.document_id
    if f.kind == "claim":
        out.append(_ATTRIBUTED)
    elif f.kind == "fact":
        out.append("NOT " + _ATTRIBUTED)
    elif f.kind == "event":
        out.append("c.id IN (SELECT claim_id FROM events WHERE claim_id IS NOT NULL)")
    if f.speaker_ids is not None:
        out.append(f"c.speaker_id IN ({_marks(f.speaker_ids, params)})")
    return out


def _marks(ids: tuple[int, ...], params: dict[str, object]) -> str:
    names = [f"f_s{i}" for i in range(len(ids))]
    params.update(zip(names, ids, strict=True))
    return ",".join(":" + n for n in names) or "NULL"


def timeline_clauses(f: Filters, params: dict[str, object]) -> list[str]:
    """WHERE clauses over a timeline table ``t`` (``timeline`` or ``timeline_entities``) for ``f``.

    On the event axis the date range is a range of the clustered key (``sort_key``); on the reported
    axis it reads the item's document's date."""
    if f.by == "event":
        out = []
        if f.start is not None:
            out.append("t.sort_key >= :f_start")
            params["f_start"] = f.start
        if f.end is not None:
            out.append("t.sort_key < :f_end")
            params["f_end"] = end_bound(f.end)
        if f.dated:
            out.append("t.sort_key < '~'")
    else:
        dates = date_clauses("d.date", f, params)
        out = (
            [f"EXISTS (SELECT 1 FROM documents d WHERE d.id = t.document_id AND {' AND '.join(dates)})"]
            if dates
            else []
        )
    if f.kind == "event":
        out.append("t.kind = 0")
    elif f.kind is not None:
        out.append(_claim_of_row(_ATTRIBUTED if f.kind == "claim" else "NOT " + _ATTRIBUTED))
    return out + _row_clauses(f, params)


# The kind filter on the whole timeline: its class column (schema.sql).
SAID = {"claim": 1, "fact": 2}


def rows_clauses(f: Filters, params: dict[str, object]) -> list[str]:
    """WHERE clauses over the whole ``timeline t`` for ``f``: the date range and "dated" on the axis's own
    column (``sort_key`` or ``reported``), the kind on the row's class."""
    out = date_clauses("t.sort_key" if f.by == "event" else "t.reported", f, params)
    if f.dated:
        out[-1] = out[-1].replace("IS NOT NULL", "< '~'")
    if f.kind == "event":
        out.append("t.kind = 0")
    elif f.kind is not None:
        out.append(f"t.said = {SAID[f.kind]}")
    if f.document_id is not None:
        # a document's undated rows are a range of the table's key ("~", the document); its dated ones are in
        # the reported index, after its date
        out.append(
            "((t.sort_key = '~' AND t.document_id = :f_doc) OR (t.sort_key < '~' AND t.document_id = :f_doc"
            " AND t.reported = (SELECT coalesce(d.date, '~') FROM documents d WHERE d.id = :f_doc)))"
        )
    return out + _row_clauses(f, params)


def _row_clauses(f: Filters, params: dict[str, object]) -> list[str]:
    """The clauses both timelines share, over a row ``t``: its document, its speaker, another entity's."""
    out = []
    if f.document_id is not None:
        out.append("t.document_id = :f_doc")
        params["f_doc"] = f.document_id
    if f.speaker_ids is not None:
        out.append(_claim_of_row(f"c.speaker_id IN ({_marks(f.speaker_ids, params)})"))
    if f.with_entity is not None:
        # a row at a time: what a walk that stops at a page wants (a whole count: pages.py intersects the sets)
        out.append(
            "EXISTS (SELECT 1 FROM timeline_entities w WHERE w.entity_id = :f_with AND w.sort_key = t.sort_key"
            ' AND w.document_id = t.document_id AND w.line = t.line AND w."column" = t."column"'
            " AND w.kind = t.kind AND w.item_id = t.item_id)"
        )
        params["f_with"] = f.with_entity
    return out


def counted(f: Filters) -> bool:
    """Whether ``f`` narrows only by what timeline_counts counts (a date range, "dated", a kind)."""
    return f.document_id is None and f.speaker_ids is None and f.with_entity is None


def count_clauses(f: Filters, params: dict[str, object]) -> list[str]:
    """WHERE clauses over ``timeline_counts`` for a ``counted`` ``f`` (its axis included)."""
    out = ["axis = :f_axis", *date_clauses("key", f, params)]
    params["f_axis"] = 0 if f.by == "event" else 1
    if f.dated:
        out[-1] = "key < '~'"
    if f.kind == "event":
        out.append("kind = 0")
    elif f.kind is not None:
        out.append(f"said = {SAID[f.kind]}")
    return out


def _claim_of_row(condition: str) -> str:
    """A timeline row whose claim (its own, or the one its event holds) meets ``condition`` (over ``c``)."""
    return (
        f"((t.kind = 1 AND EXISTS (SELECT 1 FROM claims c WHERE c.id = t.item_id AND {condition}))"
        " OR (t.kind = 0 AND EXISTS (SELECT 1 FROM events v JOIN claims c ON c.id = v.claim_id"
        f" WHERE v.id = t.item_id AND {condition})))"
    )
