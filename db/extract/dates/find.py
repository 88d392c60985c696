"""``find_dates``: the date mentions of one sentence, resolved against the document's date."""

from __future__ import annotations

from db.extract.dates.context import Context
from db.extract.dates.grammar import HANDLERS, QUICK, QUICK_LOWER, RX
from db.extract.dates.relations import attach_relations, bound_by_anchor, compared_offsets
from db.extract.lowered import same_lower
from db.extract.types import DateMention
from db.text.calendar import valid
from db.text.types import DocDate


def find_dates(text: str, anchor: DocDate | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date expressions in ``text[start:end]``, offsets absolute into ``text``.

    Total: any text, any bounds (clamped to the text) and any anchor (one that
    is no real date, such as 2023-02-30, counts as undated) give a list.
    """
    if not text:
        return []
    n = len(text)
    start = max(0, min(start, n))
    end = n if end is None else max(start, min(end, n))
    if end - start < 3 or not _quick(text, start, end):
        return []
    if anchor is not None and not valid(anchor.year, anchor.month, anchor.day if anchor.month else None):
        anchor = None
    ctx = Context(text, start, end)
    out: list[DateMention] = []
    for m in RX.finditer(text, start, end):
        kind = m.lastgroup
        if kind is None:
            continue
        res = HANDLERS[kind](m, anchor, ctx)
        if res is None:
            continue
        s, e, value, prec, rel = res
        out.append(DateMention(s, e, text[s:e], value, prec, rel))
    if out:
        out = compared_offsets(bound_by_anchor(attach_relations(text, start, out), anchor, ctx), anchor, ctx)
    return out


class _Lowered:
    """The lower case of the last text ``_quick`` read, or None where QUICK_LOWER may not read it:
    the pipeline asks for one sentence at a time of the same document text."""

    text: str | None = None
    lower: str | None = None


def _quick(text: str, start: int, end: int) -> bool:
    """Whether QUICK finds something in ``text[start:end]`` (read on the lower case where that is the same)."""
    memo = _Lowered
    if memo.text is not text:
        memo.text = text
        memo.lower = same_lower(text)
    low = memo.lower
    if low is None:
        return QUICK.search(text, start, end) is not None
    return QUICK_LOWER.search(low, start, end) is not None
