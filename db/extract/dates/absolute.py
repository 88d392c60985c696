"""Rules for dates written out: ISO and numeric dates, a month with a day, quarters, holidays."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable
from datetime import date, timedelta

from db.extract.dates.arithmetic import year_for_month
from db.extract.dates.context import Context
from db.extract.dates.fragments import DAY, MON_ANY, SP, WD, YEAR
from db.extract.dates.rules import Result, dated, rule
from db.extract.dates.vocabulary import phrases, table, words
from db.text.calendar import WEEKDAY_NUMBER, iso, month_number, valid
from db.text.patterns import alternation
from db.text.types import DocDate


@rule(
    "iso",
    r"""(?<![\w/.:\-])(?P<iso_y>\d{4})-(?P<iso_m>0[1-9]|1[0-2])
      (?:-(?P<iso_d>0[1-9]|[12]\d|3[01])
         (?:[T\s]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)?
      (?![\w/]|-\d|[.:]\d)""",
    examples=(("2023-09-13", "2023-09-13"), ("2019-06", "2019-06"), ("2023-09-13T10:00:00Z", "2023-09-13")),
)
def iso_date(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    y, mo = int(m["iso_y"]), int(m["iso_m"])
    d = int(m["iso_d"]) if m["iso_d"] else None
    return dated(m, iso(y, mo, d))


@rule(
    "ymd",
    r"(?<![\w/.:\-])(?P<ymd_y>\d{4})/(?P<ymd_m>\d{1,2})/(?P<ymd_d>\d{1,2})(?![\w/]|[.:]\d)",
    examples=(("2023/09/13", "2023-09-13"),),
)
def ymd(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    return dated(m, iso(int(m["ymd_y"]), int(m["ymd_m"]), int(m["ymd_d"])))


@rule(
    "num",
    r"(?<![\w/.:\-])(?P<num_a>\d{1,2})[/.](?P<num_b>\d{1,2})[/.](?P<num_y>\d{4})(?![\w/]|[.:]\d)",
    examples=(("13/09/2023", "2023-09-13"), ("09/13/2023", "2023-09-13"), ("3.3.2021", "2021-03-03")),
)
def numeric(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    a, b, y = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
    # only unambiguous day/month orders
    if a > 12 and b <= 12:
        v, p = iso(y, b, a)
    elif b > 12 and a <= 12 or a == b:
        v, p = iso(y, a, b)
    else:
        return None
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


def _month_day(
    m: re.Match[str], mon: str, day: str, year: str | None, which: str, anchor: DocDate | None, ctx: Context
) -> Result | None:
    mo = month_number(mon)
    d = int(re.sub(r"\D", "", day) or 0)
    if mo is None:
        return None
    if year:
        return dated(m, iso(int(year), mo, d))
    if not 1 <= d <= 31:
        return None
    if anchor is None:
        if not valid(2000, mo, d):  # impossible in any year
            return None
        return m.start(), m.end(), None, None, "on"
    y = year_for_month(mo, d, anchor, ctx.tense(m.start(), m.end()), which)
    v, p = iso(y, mo, d)
    if v is None and mo == 2 and d == 29:
        return m.start(), m.end(), None, None, "on"
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


@rule(
    "mdy",
    rf"""(?:(?P<mdy_w>(?i:last|this|next))\s+|(?:{WD}),?\s+)?(?P<mdy_m>{MON_ANY})(?![A-Za-z])\s*(?P<mdy_d>{DAY})
      (?:,?{SP}(?P<mdy_y>{YEAR}))?""",
    starts=("last", "this", "next"),
    examples=(
        ("Sept. 30, 1998", "1998-09-30"),
        ("Monday, Oct. 26, 1998", "1998-10-26"),
        ("Sept. 4", "2023-09-04"),
        ("next Jan. 2", "2024-01-02"),
    ),
)
def mdy(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    return _month_day(m, m["mdy_m"], m["mdy_d"], m["mdy_y"], (m["mdy_w"] or "").lower(), anchor, ctx)


@rule(
    "dmy",
    rf"""(?:(?:{WD}),?\s+(?:the\s+)?)?(?<![\d,.$€£])(?P<dmy_d>{DAY})(?:\s+of)?\s+(?P<dmy_m>{MON_ANY})(?![A-Za-z])
      (?:,?{SP}(?P<dmy_y>{YEAR}))?""",
    examples=(("13 September 2023", "2023-09-13"), ("4th of July", "2023-07-04"), ("13 Sep", "2023-09-13")),
)
def dmy(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    return _month_day(m, m["dmy_m"], m["dmy_d"], m["dmy_y"], "", anchor, ctx)


_HOLIDAYS = table("holidays")  # name -> when (see holidays.txt)
HOLIDAY_WORDS = tuple(
    sorted({name.split()[0].split("'")[0] for name in _HOLIDAYS})
)  # the words a holiday's name starts with


def holiday_day(when: str, year: int) -> tuple[int, int] | None:
    """(month, day) of a holiday in ``year``: "12-25", "11 thu 4" (4th Thursday), "5 mon -1" (the last
    Monday), "easter -2" (two days before Easter Sunday). None for a form it does not know."""
    parts = when.split()
    try:
        if len(parts) == 1:
            month, day = (int(n) for n in parts[0].split("-"))
            return month, day
        if parts[0] == "easter" and len(parts) == 2:
            from dateutil.easter import easter

            found = easter(year) + timedelta(days=int(parts[1]))
            return (found.month, found.day) if found.year == year else None
        month, weekday, nth = int(parts[0]), WEEKDAY_NUMBER[parts[1][:3]], int(parts[2])
    except (ValueError, KeyError, IndexError):
        return None
    if not (1 <= month <= 12 and 1 <= abs(nth) <= 5 and 1 <= year <= 9999):
        return None
    if nth > 0:
        first = date(year, month, 1)
        return month, 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    last = date(year, month, monthrange(year, month)[1])
    return month, last.day - (last.weekday() - weekday) % 7 + 7 * (nth + 1)


def _holiday_pattern(names: Iterable[str]) -> str:
    """The holidays' names as written: each word capitalised ("Good Friday"), either apostrophe."""
    forms = [" ".join(w[:1].upper() + w[1:] for w in name.split()) for name in names]
    return alternation(forms).replace(r"\ ", r"\s+").replace("'", "['’]")


@rule(
    "hol",
    r"(?P<hol_n>" + _holiday_pattern(_HOLIDAYS) + r")(?![\w-])",
    starts=HOLIDAY_WORDS,
    examples=(
        ("Christmas Day", "2023-12-25"),
        ("New Year’s Eve", "2023-12-31"),
        ("Thanksgiving Day", "2023-11-23"),
        ("Good Friday", "2023-04-07"),
        ("Easter Monday", "2023-04-10"),
    ),
)
def holiday(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    name = " ".join(m["hol_n"].lower().replace("’", "'").split())
    when = _HOLIDAYS.get(name)
    if when is None:
        return None
    if " " not in name and (not _holiday_context(m, ctx) or _NAME_AFTER.match(ctx.text, m.end(), ctx.end)):
        return None  # "a Christmas tree", "Easter Island": part of a name, not a date
    if anchor is None:
        return m.start(), m.end(), None, None, "on"
    near = holiday_day(when, anchor.year)
    if near is None:
        return None
    y = year_for_month(*near, anchor, ctx.tense(m.start(), m.end()))
    day = holiday_day(when, y) if y != anchor.year else near
    return dated(m, iso(y, *day), strict=False) if day else None


_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
_HOLIDAY_BEFORE = re.compile(r"(?i)(?<![\w-])(?:" + phrases(words("holiday-context-before")) + r")\s+(?:the\s+)?$")
_HOLIDAY_AFTER = re.compile(r"\s+(?:(?i:" + phrases(words("holiday-context-after")) + r")\b|\d{4}\b)")
_CLAUSE_END = re.compile(r"\s*(?:[.,;:!?)\"”’]|$)")


def _holiday_context(m: re.Match[str], ctx: Context) -> bool:
    """Whether a bare holiday name stands as a date: after "over", "since", "this"..., before a
    season word or a year, or ending its clause ("... sales fell over Christmas.")."""
    if _HOLIDAY_BEFORE.search(ctx.before(m.start(), 30)):
        return True
    after = ctx.text[m.end() : ctx.end]
    return bool(_HOLIDAY_AFTER.match(after)) or (bool(_CLAUSE_END.match(after)) and ctx.before(m.start(), 30) != "")


@rule(
    "q",
    rf"(?P<q_n>Q[1-4])\s*(?P<q_y>{YEAR})",
    examples=(("Q3 2023", "2023"),),
)
def quarter(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    return dated(m, iso(int(m["q_y"])))
