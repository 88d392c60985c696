"""Rules for weeks, months and years relative to the document's date: "last month", "two years ago"."""

from __future__ import annotations

import re

from db.extract.dates.arithmetic import shift_days, shift_months, shift_years
from db.extract.dates.context import Context, title_not_at_start
from db.extract.dates.numbers import COUNT_STARTS, NUM, VAGUE, VAGUE_STARTS, number
from db.extract.dates.rules import Result, rule
from db.extract.dates.vocabulary import entries
from db.text.types import DocDate

_OFFSET = {"last": -1, "this": 0, "next": 1, "the current": 0, "the coming": 1}


@rule(
    "ru",
    r"""(?<![\w-])(?<![Tt]he\s)(?<![Tt]hat\s)(?i:
      (?P<ru_mod>(?:earlier|later|early|late|mid)\s*-?\s*|the\s+(?:end|beginning|start|middle|close|rest|remainder)\s+of\s+)?
      (?P<ru_w>last|this|next|the\s+current|the\s+coming)\s+(?:fiscal\s+|calendar\s+)?(?P<ru_u>week|month|year|weekend)(?![\w-]))""",
    starts=("earlier", "later", "early", "late", "mid", "the", "last", "this", "next"),
    examples=(
        ("last week", "2023-09"),
        ("next month", "2023-10"),
        ("earlier this month", "2023-09"),
        ("early next year", "2024"),
        ("the end of last year", "2022"),
        ("the coming weekend", "2023-09"),
    ),
)
def relative_unit(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    if title_not_at_start(m, ctx):
        return None  # a programme: ABC's "This Week"
    off = _OFFSET.get(" ".join(m["ru_w"].lower().split()))  # None: a look-alike such as "laſt" (long s)
    if off is None:
        return None
    u = m["ru_u"].lower()
    if u in ("week", "weekend"):
        v, p = shift_days(anchor, 7 * off, "month")
    elif u == "month":
        v, p = shift_months(anchor, off)
    else:
        v, p = shift_years(anchor, off)
    return m.start(), m.end(), v, p, "on"


@rule(
    "yago",
    r"""(?<![\w-])(?i:year-(?:earlier|ago|before))(?![\w-])""",
    starts=("year",),
    examples=(("year-earlier", "2022"), ("year-ago", "2022")),
)
def year_earlier(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    """ "year-earlier profit", "the year-ago quarter": the year before the document's."""
    return m.start(), m.end(), *shift_years(anchor, -1), "on"


_AGO_MODIFIERS = entries("ago-modifiers")  # "nearly", "more than", ...
_AGO_MODIFIER = "|".join(hedge.replace(" ", r"\s+") for hedge in _AGO_MODIFIERS)


@rule(
    "ago",
    rf"""(?<![\w-])(?i:(?:(?:{_AGO_MODIFIER})\s+)?
      (?P<ago_n>{NUM}|{VAGUE})\s+(?P<ago_u>days?|weeks?|months?|years?|decades?)(?:\s+or\s+so)?\s+ago)(?![\w-])""",
    starts=(*(hedge.split()[0] for hedge in _AGO_MODIFIERS), *COUNT_STARTS, *VAGUE_STARTS, "couple"),
    examples=(
        ("two years ago", "2021"),
        ("three days ago", "2023-09-10"),
        ("a week ago", "2023-09"),
        ("nearly four months ago", "2023-05"),
        ("a couple of days ago", "2023-09-11"),
        ("a few years ago", None),
        ("three decades ago", None),
    ),
)
def ago(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    n = number(m["ago_n"])
    u = m["ago_u"].lower().rstrip("s")
    if n is None or n > 10000:
        return m.start(), m.end(), None, None, "before"
    if u == "day":
        v, p = shift_days(anchor, -n)
    elif u == "week":
        v, p = shift_days(anchor, -7 * n, "month")
    elif u == "month":
        v, p = shift_months(anchor, -n)
    elif u == "year":
        v, p = shift_years(anchor, -n)
    else:
        return m.start(), m.end(), None, None, "before"
    return m.start(), m.end(), v, p, "on"
