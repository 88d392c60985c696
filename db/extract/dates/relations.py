"""Folding ordering words into date mentions: "since 2019", "two weeks after March 3"."""

from __future__ import annotations

import re

from db.extract.dates.arithmetic import at_anchor, shift_months, shift_years
from db.extract.dates.context import Context
from db.extract.dates.numbers import number
from db.extract.dates.vocabulary import phrases, table, words
from db.extract.types import DateMention
from db.text.types import DocDate

# relation words right before a date = the relation they give it: "since" -> "after"
_RELATION = table("relations")
_REL_BEFORE = re.compile(r"(?i)(?<![\w-])(" + phrases(tuple(_RELATION)) + r")\s+(?:(?:on|in)\s+)?$")
_GAP = re.compile(r"\s+(?:the\s+)?")
# "up from 4 pence a year earlier": a figure compared with one "a year earlier" is the year before the
# sentence's own date (an earlier date in the sentence, else the document's)
_EARLIER = re.compile(r"(?i)(?P<n>.+?)\s+(?P<u>years?|months?)\s+earlier")
_COMPARED = re.compile(r"(?i)(?<![\w-])(?:" + phrases(words("comparison-cues")) + r")(?![\w-])")
_COMPARED_WIDTH = 120  # characters before the phrase searched for a comparison (the clause, ~20 words)


def bound_by_anchor(found: list[DateMention], anchor: DocDate | None, ctx: Context) -> list[DateMention]:
    """An ordering phrase followed by an event, not a date, read against the document's date.

    "The deal comes months after X announced plans": what follows "after" happened before the
    sentence's event, which news places at the document's date (present tense) or before it (past
    tense), so it is before the document's date: relation "before", bound the anchor at its
    precision. "... comes days before the vote" (present or future tense): the vote is after
    it. In a sentence of the other tense nothing is bound (the date stays None, the relation as
    the phrase says); "later" and "earlier" relate to the narrative, not the document."""
    out = []
    for m in found:
        word = m.text.lower().split()[-1] if m.text else ""
        if m.date is None and m.relation in ("before", "after") and word in ("after", "before", "to"):
            tense = ctx.tense(m.start, m.end)
            flip = "before" if m.relation == "after" else "after"
            if (m.relation == "after" and tense <= 0) or (m.relation == "before" and tense >= 0):
                value, precision = at_anchor(anchor)
                m = DateMention(m.start, m.end, m.text, value, precision, flip)
        out.append(m)
    return out


def attach_relations(text: str, lo: int, found: list[DateMention]) -> list[DateMention]:
    """``found`` (one sentence's mentions, in order, the sentence starting at ``lo``) with ordering
    words folded in: a relation word before a date joins it, an undated "two weeks after" the date
    that follows it."""
    out: list[DateMention] = []
    for mention in found:
        prev = out[-1] if out else None
        # "two weeks after" + "March 3"
        if (
            prev is not None
            and prev.date is None
            and prev.relation in ("before", "after")
            and mention.relation == "on"
            and mention.date is not None
            and prev.text.lower().rstrip().endswith(("after", "before", "prior to"))
            and _GAP.fullmatch(text, prev.end, mention.start)
        ):
            out[-1] = DateMention(
                prev.start, mention.end, text[prev.start : mention.end], mention.date, mention.precision, prev.relation
            )
            continue
        if mention.relation == "on" and mention.date is not None:
            window = text[max(lo, mention.start - 24) : mention.start]
            rm = _REL_BEFORE.search(window)
            if rm:
                word = " ".join(rm.group(1).lower().split())
                relation = _RELATION.get(word)  # None: a look-alike such as "ſince" (long s)
                s = mention.start - len(window) + rm.start()
                possessive = text.startswith(("'s", "’s"), mention.end)  # "by Friday's storm"
                overlaps = prev is not None and prev.end > s
                if relation is not None and not (word == "by" and possessive) and not overlaps:
                    mention = DateMention(
                        s, mention.end, text[s : mention.end], mention.date, mention.precision, relation
                    )
        out.append(mention)
    return out


def compared_offsets(found: list[DateMention], anchor: DocDate | None, ctx: Context) -> list[DateMention]:
    """ "N years/months earlier" in a comparison ("up 15% from 4 pence a year earlier", "higher than
    a month earlier") dated: the sentence's latest date before it (else the document's) shifted back,
    at the unit's precision. Outside a comparison the phrase relates to the narrative and stays undated."""
    out: list[DateMention] = []
    for m in found:
        hit = _EARLIER.fullmatch(m.text) if m.date is None and m.relation == "before" else None
        n = number(hit["n"]) if hit else None
        if hit is not None and n is not None and n <= 100:
            lo = max(ctx.start, m.start - _COMPARED_WIDTH, out[-1].end if out else 0)
            clause = ctx.text[lo : m.start]
            cut = max(clause.rfind(";"), clause.rfind(":"))
            if _COMPARED.search(clause, cut + 1):
                base = next((p for p in reversed(out) if p.date is not None and p.relation == "on"), None)
                since = _as_anchor(base) if base is not None else anchor
                years = hit["u"].lower().startswith("year")
                value, precision = shift_years(since, -n) if years else shift_months(since, -n)
                if value is not None:
                    m = DateMention(m.start, m.end, m.text, value, precision, "on")
        out.append(m)
    return out


def _as_anchor(mention: DateMention) -> DocDate | None:
    """A dated mention as the date a later phrase counts from."""
    parts = (mention.date or "").split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else None
    except ValueError:
        return None
    return DocDate(year, month, None)
