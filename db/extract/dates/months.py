"""Rules for a month with a year or a relative word, a month alone, and the end of the year or month."""

from __future__ import annotations

import re

from db.extract.dates.arithmetic import at_anchor, year_for_month
from db.extract.dates.context import SET_BEFORE, Context
from db.extract.dates.fragments import MOD, MOD_STARTS, MON_ALONE, MON_ANY, SP, YEAR
from db.extract.dates.numbers import SPELLED_YEAR, spelled_year
from db.extract.dates.rules import Result, dated, rule
from db.extract.dates.vocabulary import phrases, words
from db.text.calendar import iso, month_number
from db.text.types import DocDate

_MONTH_CONTEXT_BEFORE = re.compile(
    r"(?i)(?<![\w])(?:" + phrases(words("month-context")) + r")\s+(?:the\s+)?(?:month\s+of\s+)?$"
)
_CAPWORD_AFTER = re.compile(r"\s+[A-Z][a-z]")


@rule(
    "my",
    rf"(?i:{MOD})?(?P<my_m>{MON_ANY})(?![A-Za-z]),?{SP}(?:of\s+)?(?:(?P<my_y>{YEAR})|(?P<my_ys>{SPELLED_YEAR}))",
    starts=MOD_STARTS,
    examples=(("Sept. 2022", "2022-09"), ("early July 1997", "1997-07"), ("May of nineteen ninety", "1990-05")),
)
def month_year(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    mo = month_number(m["my_m"])
    if mo is None:
        return None
    y = int(m["my_y"]) if m["my_y"] else spelled_year(m["my_ys"] or "")
    if y is None:
        return None
    return dated(m, iso(y, mo))


@rule(
    "yend",
    r"(?i:(?:the\s+)?end\s+of\s+(?:the|this)\s+(?P<yend_u>year|month)|year[-\s]end|year['’]s\s+end)(?![\w-])",
    starts=("the", "end", "year"),
    examples=(("the end of the year", "2023"), ("end of this month", "2023-09"), ("year-end", "2023")),
)
def period_end(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    if m["yend_u"] and m["yend_u"].lower() == "month":
        v, p = at_anchor(anchor, "month")
    else:
        v, p = at_anchor(anchor, "year")
    return m.start(), m.end(), v, p, "on"


_YEAR_OFFSET = {"this": 0, "last": -1, "next": 1}


@rule(
    "mrel",
    rf"(?i:{MOD})?(?P<mrel_m>{MON_ALONE})(?![A-Za-z]),?\s+(?P<mrel_w>(?i:this|last|next))\s+(?i:year)(?![\w-])",
    starts=MOD_STARTS,
    examples=(("June last year", "2022-06"), ("late March next year", "2024-03")),
)
def month_of_relative_year(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    mo = month_number(m["mrel_m"])
    if mo is None:
        return None
    if anchor is None:
        return m.start(), m.end(), None, None, "on"
    off = _YEAR_OFFSET.get(m["mrel_w"].lower())  # None: a look-alike such as "laſt" (long s)
    if off is None:
        return None
    return dated(m, iso(anchor.year + off, mo), strict=False)


@rule(
    "relmon",
    rf"(?i:{MOD})?(?P<relmon_w>(?i:last|this|next|past))\s+(?P<relmon_m>{MON_ALONE})(?![A-Za-z])",
    starts=(*MOD_STARTS, "last", "this", "next", "past"),
    examples=(("last November", "2022-11"), ("next March", "2024-03"), ("this December", "2023-12")),
)
def relative_month(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    mo = month_number(m["relmon_m"])
    if mo is None:
        return None
    if anchor is None:
        return m.start(), m.end(), None, None, "on"
    w = m["relmon_w"].lower()
    y = year_for_month(mo, None, anchor, 0, "last" if w == "past" else w)
    return dated(m, iso(y, mo), strict=False)


@rule(
    "mon",
    rf"(?P<mon_mod>(?i:{MOD}))?(?P<mon_m>{MON_ALONE})(?![A-Za-z])",
    starts=MOD_STARTS,
    examples=(("August", "2023-08"), ("early December", "2023-12"), ("Feb.", "2023-02")),
)
def month(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    s, e = m.start(), m.end()
    tok = m["mon_m"]
    if SET_BEFORE.search(ctx.before(s)):
        return None
    if not m["mon_mod"]:
        before = ctx.before(s)
        ctx_word = _MONTH_CONTEXT_BEFORE.search(before) is not None
        if tok in ("May", "MAY") and not ctx_word:
            return None
        if not ctx_word and _CAPWORD_AFTER.match(ctx.text, e, ctx.end):
            return None  # a given name: "April Smith"
        if tok in ("March", "MARCH") and not ctx_word:
            # "March" as a noun/verb ("the March on ...")
            nxt = ctx.after(e, 12).lower()
            if nxt.startswith((" on ", " to ", " for ", " against ", " through ")):
                return None
    mo = month_number(tok)
    if mo is None:
        return None
    if anchor is None:
        return s, e, None, None, "on"
    y = year_for_month(mo, None, anchor, ctx.tense(s, e))
    v, p = iso(y, mo)
    return s, e, v, p, "on"
