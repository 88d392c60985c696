"""Rules for ordering and anaphoric phrases with no date of their own: "months after", "the next day"."""

from __future__ import annotations

import re

from db.extract.dates.context import Context
from db.extract.dates.numbers import COUNT_STARTS, NUM, VAGUE, VAGUE_STARTS
from db.extract.dates.rules import Result, rule
from db.text.types import DocDate


@rule(
    "ou",
    rf"""(?<![\w-])(?i:(?:(?P<ou_n>{NUM}|{VAGUE})\s+)?(?P<ou_u>days?|weeks?|months?|years?|decades?)\s+
      (?P<ou_r>after|before|later|earlier|prior(?:\s+to)?))(?![\w-])""",
    # (not the singular "month" and "decade", as the grammar always had it: a bare "month after"
    # is rejected anyway, and a match starting there would swallow the "later" of "later this year")
    starts=(
        *COUNT_STARTS,
        *VAGUE_STARTS,
        "couple",
        "days",
        "weeks",
        "months",
        "years",
        "decades",
        "day",
        "week",
        "year",
    ),
    # (alone in a document dated 2023-09-13 these are bound by it: see relations.bound_by_anchor)
    examples=(("months after", "2023-09-13"), ("three years later", None), ("two weeks before", "2023-09-13")),
)
def offset(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    u = m["ou_u"].lower()
    if not m["ou_n"] and not u.endswith("s"):
        return None  # "year after year", "day before"
    r = m["ou_r"].lower()
    rel = "after" if r in ("after", "later") else "before"
    return m.start(), m.end(), None, None, rel


@rule(
    "anaph",
    r"""(?<![\w-])(?i:the\s+(?:previous|following|next|prior)\s+(?:day|week|month|year)|the\s+day\s+(?:before|after))
      (?![\w-])""",
    starts=("the",),
    examples=(("the previous day", None), ("the following week", None), ("the day after", None)),
)
def anaphor(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    return m.start(), m.end(), None, None, "on"
