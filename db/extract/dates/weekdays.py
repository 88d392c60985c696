"""Rules for days relative to the document's date: weekdays ("last Friday") and "yesterday", "today", ..."""

from __future__ import annotations

import re

from db.extract.dates.arithmetic import anchor_date, at_anchor, shift_days
from db.extract.dates.context import SET_BEFORE, Context, title_not_at_start
from db.extract.dates.fragments import MON_ALONE, WD
from db.extract.dates.rules import Result, dated, rule
from db.extract.dates.vocabulary import phrases, words
from db.text.calendar import WEEKDAY_NUMBER
from db.text.types import DocDate

_PLURAL_PART_AFTER = re.compile(r"\s+(?:mornings|afternoons|evenings|nights)\b")
_HOLIDAY_BEFORE = re.compile(r"(?:" + phrases(words("holiday-prefixes")) + r")\s+$")
_NEWSPAPER_AFTER = re.compile(r"\s+(?:" + phrases(words("newspapers-after-weekday")) + r")\b")
_GENERIC_AFTER = re.compile(r"(?:'|’)s\s+(?:" + phrases(words("generic-after-today")) + r")\b")
_OF_BEFORE = re.compile(r"(?i)\bof\s+$")
# a capitalised word right after a weekday that is no month or time makes the two a name ...
_NAME_AFTER = re.compile(r"\s+(?!" + MON_ALONE + r"\b)(?!(?:The|A|An|GMT|BST|ET|EST|PT)\b)[A-Z][a-z]")
# ... unless a preposition before it makes the weekday a date ("on Monday Smith said")
_DATE_BEFORE = re.compile(r"(?i)(?<![\w-])(?:" + phrases(words("weekday-date-before")) + r")\s+$")


@rule(
    "relwd",
    rf"""(?P<relwd_w>(?i:last|this|next|coming|past|(?:the\s+)?previous)\s+)?(?P<relwd_d>{WD})(?![A-Za-z])
      (?:\s+(?i:morning|afternoon|evening|night|noon|midday)(?![\w-]))?""",
    starts=("last", "this", "next", "coming", "past", "previous", "the"),
    examples=(
        ("Monday", "2023-09-11"),
        ("Wednesday", "2023-09-13"),
        ("last Friday", "2023-09-08"),
        ("next Monday", "2023-09-18"),
        ("this Friday", "2023-09-15"),
        ("Friday night", "2023-09-08"),
        ("the previous Tuesday", None),
    ),
)
def weekday(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    s, e = m.start(), m.end()
    w = " ".join((m["relwd_w"] or "").lower().split())
    if _PLURAL_PART_AFTER.match(ctx.text, e, ctx.end):
        return None  # "Tuesday nights": a set
    if w == "the previous":
        return s, e, None, None, "on"  # relative to the narrative, not the document
    if not w:
        if SET_BEFORE.search(ctx.before(s)) or _HOLIDAY_BEFORE.search(ctx.before(s)):
            return None
        if _NEWSPAPER_AFTER.match(ctx.text, m.end("relwd_d"), ctx.end):
            return None
        if _NAME_AFTER.match(ctx.text, m.end("relwd_d"), ctx.end) and not _DATE_BEFORE.search(ctx.before(s)):
            return None  # "Monday Night Football", "the Sunday Herald": part of a name
    if anchor is None:
        return s, e, None, None, "on"
    if not (anchor.month and anchor.day):
        v, p = at_anchor(anchor)
        return s, e, v, p, "on"
    base = anchor_date(anchor)
    if base is None:
        return s, e, None, None, "on"
    wd = WEEKDAY_NUMBER[m["relwd_d"][:3].lower()]
    back = (base.weekday() - wd) % 7
    ahead = (wd - base.weekday()) % 7
    if w in ("last", "past") or w.endswith("previous"):
        shift = -(back or 7)
    elif w == "next":
        shift = ahead or 7
    elif w in ("this", "coming") or back and ctx.tense(s, e) > 0:
        shift = ahead
    else:
        shift = -back
    v, p = shift_days(anchor, shift)
    return s, e, v, p, "on"


_DAY_SHIFT = {"yesterday": -1, "tomorrow": 1, "last night": -1}


@rule(
    "rel1",
    r"""(?i:(?:(?:early|late)\s+)?(?P<rel1_w>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))
      (?:\s+(?:morning|afternoon|evening|night))?)(?![\w-])""",
    starts=("early", "late", "yesterday", "today", "tomorrow", "tonight", "last", "this"),
    examples=(
        ("yesterday", "2023-09-12"),
        ("today", "2023-09-13"),
        ("tomorrow morning", "2023-09-14"),
        ("last night", "2023-09-12"),
        ("this afternoon", "2023-09-13"),
    ),
)
def day(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    w = " ".join(m["rel1_w"].lower().split())
    if title_not_at_start(m, ctx):
        return None
    if w in ("today", "tomorrow"):
        if _OF_BEFORE.search(ctx.before(m.start(), 6)):
            return None  # "the people of tomorrow", "the youth of today"
        if _GENERIC_AFTER.match(ctx.text, m.end(), ctx.end):
            return None  # "today's world"
    return dated(m, shift_days(anchor, _DAY_SHIFT.get(w, 0)), strict=False)
