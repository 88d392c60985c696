"""Date recognition and resolution for the timeline.

(A document's own date, from its metadata, is read by db/text/docdate.py.)

``find_dates(text, anchor, start, end)``
    Date expressions in ``text[start:end]`` (one sentence), with absolute
    offsets into ``text``, resolved against the document's date ``anchor``.

Span conventions (``text[m.start:m.end] == m.text``):

* A plain date's span is the date words only: "in 2019" -> "2019",
  "on Wednesday" -> "Wednesday". Modifiers that belong to the date are kept
  ("early December", "mid-2020", "the end of 1990", "Monday, Oct. 26",
  "nearly four years ago", "Friday night"); they do not change the value
  (there is no sub-month precision in the schema).
* An ordering phrase's span includes its relation word: "since 2019"
  (after 2019), "before 2020", "until 2024", "by 2025", "after March"
  (all with the bound as ``date``), "two weeks after March 3" (after
  March 3) and, when no date follows, just "months after" / "days before" /
  "three years later" with ``date`` None.

Resolution rules (never a date that the text and anchor do not give: no
clock, no current year):

* Explicit dates keep their own precision. A month or day-of-month without a
  year takes its year from the anchor, except when it lies more than three
  months from the anchor and the clause's tense (or, with no tense cue,
  nearness: up to five months ahead) points to the neighbouring year: a
  past-tense "in December" in a February document is last December, "payable
  Jan. 2" in a November one is next January. "last November" is the most
  recent November before the anchor's month, "next March" the next one.
* Relative expressions are resolved at the precision the anchor allows:
  a weekday is the most recent such day on or before the anchor (the coming
  one when the sentence is in the future tense) in a day-dated document,
  the anchor's month in a month-dated one, the anchor's year in a
  year-dated one and None in an undated one. "yesterday" / "N days ago"
  likewise. Week expressions ("last week", "a week ago", "next week") have
  no week precision in the schema: they give the month of the shifted day
  at precision "month". "last month" / "N months ago" give a month,
  "last year" / "N years ago" a year.
* A bare four-digit number is a year only in a date-ish context: after a
  preposition or modifier ("in 2019", "since 2019", "fiscal 2019",
  "mid-2019", "post-1959"), in parentheses, as a possessive ("2019's"), or
  as a 1900-2099 modifier that is not followed by a counted noun or unit
  ("the 2019 election" yes; "2019 shares", "2000 people", "$2019",
  "18,000", "1945 GMT", "Windows 2000" no).
* Decades ("the 1990s"), durations ("for three years", "P3M"), sets
  ("every week", "Mondays"), clock times and anaphora that only a
  narrative can resolve ("that year") are not reported. "the previous day",
  "the next day", "the following week", ... are reported with date None.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from db.extract.types import DateMention
from db.text.types import DocDate

__all__ = ["find_dates"]

# --------------------------------------------------------------------------
# vocabulary

_MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_NUM = {name[:3].lower(): i + 1 for i, name in enumerate(_MONTH_NAMES)}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_NUM = {name[:3].lower(): i for i, name in enumerate(_WEEKDAYS)}

_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
}


def _alts(words: list[str]) -> str:
    """An alternation of ``words``, longest first, factored by first letter.

    The regex engine tries the branches of an alternation one by one, so
    "J(?:anuary|une|uly)" rejects a position on one test where the flat
    list takes one per word. Only words sharing a first letter (either case)
    can match at one position, and those keep their longest-first order, so
    every match is the one the flat list would find.
    """
    ordered = sorted(set(words), key=len, reverse=True)
    groups: dict[str, list[str]] = {}
    for w in ordered:
        groups.setdefault(w[:1].lower(), []).append(w)
    out = []
    for group in groups.values():
        first = group[0][:1]
        if len(group) > 1 and all(w[:1] == first for w in group):
            out.append(re.escape(first) + "(?:" + "|".join(re.escape(w[1:]) for w in group) + ")")
        else:
            out.extend(re.escape(w) for w in group)
    return "|".join(out)


def _cased(word: str) -> list[str]:
    return [word, word.upper()]


_abbrevs = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"]
# any month token, abbreviations with or without a dot (used next to a day or year)
_MON_ANY = _alts(
    [w for n in _MONTH_NAMES for w in _cased(n)]
    + [w for a in _abbrevs for w in _cased(a) + [x + "." for x in _cased(a)]]
)
# a month standing alone: full names and dotted abbreviations only ("Jan" is a name)
_MON_ALONE = _alts([w for n in _MONTH_NAMES for w in _cased(n)] + [x + "." for a in _abbrevs for x in _cased(a)])
_WD = _alts([w for n in _WEEKDAYS for w in _cased(n)])
_NUM = r"(?:\d{1,3}|a\s+couple(?:\s+of)?|couple\s+of|" + _alts([w for w in _NUMBER_WORDS if " " not in w]) + r")"
_VAGUE = r"(?:a\s+few|few|several|some|many|a\s+number\s+of|a\s+matter\s+of)"

_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_WORD_VALUE = (
    {w: i + 1 for i, w in enumerate(_UNITS)}
    | {w: i + 10 for i, w in enumerate(_TEENS)}
    | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
)
_TWO_DIGITS = rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]+(?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)})"
# "nineteen ninety-six", "the year two thousand", "two thousand and one"
_SPELLED_YEAR = (
    rf"(?i:(?:nineteen|eighteen)[\s-]+(?:{_TWO_DIGITS}|hundred)(?![\w-])"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_TWO_DIGITS}|{'|'.join(_UNITS)}))?(?![\w-]))"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%])(?!\s*(?:%|percent\b|per\s+cent\b))(?![.,:]\d)"
_YEAR = r"\d{4}(?!\d)(?![.,]\d)(?!\s*%)(?!\s*(?:GMT|BST|UTC|CET|EST|EDT|PST|PDT|hrs|hours|local\s+time)\b)"
_SP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # spaces, at most one line break
_MOD = r"(?:(?:early|mid|late|earlier|later)\s*-\s*|(?:early|mid|late|the\s+(?:end|beginning|start|middle|close|turn)\s+of)\s+)"

# --------------------------------------------------------------------------
# the grammar: one alternation, leftmost match wins, specific forms first

_PATTERN = rf"""
  (?P<iso>(?<![\w/.:\-])(?P<iso_y>\d{{4}})-(?P<iso_m>0[1-9]|1[0-2])
      (?:-(?P<iso_d>0[1-9]|[12]\d|3[01])
         (?:[T\s]\d\d:\d\d(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?)?
      (?![\w/]|-\d|[.:]\d))
| (?P<ymd>(?<![\w/.:\-])(?P<ymd_y>\d{{4}})/(?P<ymd_m>\d{{1,2}})/(?P<ymd_d>\d{{1,2}})(?![\w/]|[.:]\d))
| (?P<num>(?<![\w/.:\-])(?P<num_a>\d{{1,2}})[/.](?P<num_b>\d{{1,2}})[/.](?P<num_y>\d{{4}})(?![\w/]|[.:]\d))
| (?P<mdy>(?:(?P<mdy_w>(?i:last|this|next))\s+|(?:{_WD}),?\s+)?(?P<mdy_m>{_MON_ANY})(?![A-Za-z])\s*(?P<mdy_d>{_DAY})
      (?:,?{_SP}(?P<mdy_y>{_YEAR}))?)
| (?P<dmy>(?:(?:{_WD}),?\s+(?:the\s+)?)?(?<![\d,.$€£])(?P<dmy_d>{_DAY})(?:\s+of)?\s+(?P<dmy_m>{_MON_ANY})(?![A-Za-z])
      (?:,?{_SP}(?P<dmy_y>{_YEAR}))?)
| (?P<my>(?i:{_MOD})?(?P<my_m>{_MON_ANY})(?![A-Za-z]),?{_SP}(?:of\s+)?(?:(?P<my_y>{_YEAR})|(?P<my_ys>{_SPELLED_YEAR})))
| (?P<spell>(?:(?i:the\s+year)\s+)?(?P<spell_y>{_SPELLED_YEAR}))
| (?P<yend>(?i:(?:the\s+)?end\s+of\s+(?:the|this)\s+(?P<yend_u>year|month)|year[-\s]end|year['’]s\s+end)(?![\w-]))
| (?P<hol>(?P<hol_n>Christmas(?:\s+(?:Day|Eve))?|New\s+Year['’]s\s+(?:Day|Eve))(?![\w-]))
| (?P<mrel>(?i:{_MOD})?(?P<mrel_m>{_MON_ALONE})(?![A-Za-z]),?\s+(?P<mrel_w>(?i:this|last|next))\s+(?i:year)(?![\w-]))
| (?P<q>(?P<q_n>Q[1-4])\s*(?P<q_y>{_YEAR}))
| (?P<relmon>(?i:{_MOD})?(?P<relmon_w>(?i:last|this|next|past))\s+(?P<relmon_m>{_MON_ALONE})(?![A-Za-z]))
| (?P<relwd>(?P<relwd_w>(?i:last|this|next|coming|past|(?:the\s+)?previous)\s+)?(?P<relwd_d>{_WD})(?![A-Za-z])
      (?:\s+(?i:morning|afternoon|evening|night|noon|midday)(?![\w-]))?)
| (?P<rel1>(?i:(?:(?:early|late)\s+)?(?P<rel1_w>yesterday|today|tomorrow|tonight|last\s+night|this\s+(?:morning|afternoon|evening))
      (?:\s+(?:morning|afternoon|evening|night))?)(?![\w-]))
| (?P<ru>(?<![\w-])(?<![Tt]he\s)(?<![Tt]hat\s)(?i:(?P<ru_mod>(?:earlier|later|early|late|mid)\s*-?\s*|the\s+(?:end|beginning|start|middle|close|rest|remainder)\s+of\s+)?
      (?P<ru_w>last|this|next|the\s+current|the\s+coming)\s+(?:fiscal\s+|calendar\s+)?(?P<ru_u>week|month|year|weekend)(?![\w-])))
| (?P<ago>(?<![\w-])(?i:(?:(?:about|nearly|almost|some|roughly|around|approximately|just|only|barely|more\s+than|less\s+than|over|under)\s+)?
      (?P<ago_n>{_NUM}|{_VAGUE})\s+(?P<ago_u>days?|weeks?|months?|years?|decades?)(?:\s+or\s+so)?\s+ago)(?![\w-]))
| (?P<ou>(?<![\w-])(?i:(?:(?P<ou_n>{_NUM}|{_VAGUE})\s+)?(?P<ou_u>days?|weeks?|months?|years?|decades?)\s+
      (?P<ou_r>after|before|later|earlier|prior(?:\s+to)?))(?![\w-]))
| (?P<anaph>(?<![\w-])(?i:the\s+(?P<an_w>previous|following|next|prior)\s+(?:day|week|month|year)|the\s+day\s+(?:before|after))(?![\w-]))
| (?P<ymod>(?<![\w$€£#])(?i:{_MOD})(?P<ymod_y>{_YEAR})(?![\w-]|'s))
| (?P<mon>(?P<mon_mod>(?i:{_MOD}))?(?P<mon_m>{_MON_ALONE})(?![A-Za-z]))
| (?P<yr>(?:(?<![\w-])(?i:post|pre)-|(?<![\w$€£#/.,\-])(?<![\w][.,]))(?P<yr_y>1[89]\d\d|20\d\d)(?![\w%]|[.,]\d|/\d|\s*%|-\d\d?-\d))
"""

# Every form starts at a word start with one of these words: checking that
# first keeps the alternation from being tried at every position (4x faster).
_FIRST_WORDS = [
    "early",
    "mid",
    "late",
    "earlier",
    "later",
    "the",
    "last",
    "this",
    "next",
    "coming",
    "past",
    "previous",
    "yesterday",
    "today",
    "tomorrow",
    "tonight",
    "about",
    "nearly",
    "almost",
    "some",
    "roughly",
    "around",
    "approximately",
    "just",
    "only",
    "barely",
    "more",
    "less",
    "over",
    "under",
    "a",
    "an",
    "few",
    "several",
    "many",
    "couple",
    "days",
    "weeks",
    "months",
    "years",
    "decades",
    "day",
    "week",
    "months",
    "year",
    "end",
    "christmas",
    "new",
    "post",
    "pre",
    "eighteen",
    "nineteen",
    "two",
] + [w for w in _NUMBER_WORDS if " " not in w]
_FIRST = (
    r"(?<![A-Za-z0-9])(?=\d|Q[1-4]|(?:"
    + _MON_ANY
    + "|"
    + _WD
    + r")(?![a-z])|(?i:"
    + _alts(_FIRST_WORDS)
    + r")(?![a-z]))"
)
_RX = re.compile(_FIRST + "(?:" + _PATTERN + ")", re.VERBOSE)

# quick rejection: a sentence without any of these cannot hold a date
_QUICK_WORDS = [
    "day",
    "week",
    "month",
    "year",
    "decade",
    "night",
    "tomorrow",
    "morning",
    "afternoon",
    "evening",
    "teen",
    "thousand",
    "christmas",
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
]
# (the leading class only skips, on one test, positions no branch can start at)
_QUICK = re.compile(
    r"(?=[\d" + "".join(sorted({w[0] for w in _QUICK_WORDS})) + r"])(?:\d|" + _alts(_QUICK_WORDS) + ")",
    re.IGNORECASE,
)

# relation words right before a date: "since 2019", "by 2025", "after March"
_REL_BEFORE = re.compile(
    r"(?i)(?<![\w-])(since|after|following|before|until|till|til|by|prior\s+to|ahead\s+of|as\s+of)\s+(?:(?:on|in)\s+)?$"
)
_REL_MAP = {
    "since": "after",
    "after": "after",
    "following": "after",
    "before": "before",
    "until": "before",
    "till": "before",
    "til": "before",
    "by": "before",
    "prior to": "before",
    "ahead of": "before",
}

# tense around a relative expression: local prepositions first, else the
# nearest tense cue in the clause (future: "will", "is to", ...; past: "said",
# "was", "-ed" verbs, ...)
_LOCAL_FUTURE = re.compile(
    r"(?i)(?<![\w-])(?:payable|effective|as\s+(?:soon|early|late)\s+as|until|till|by|due(?:\s+on|\s+in)?|starting|beginning|"
    r"scheduled\s+for|slated\s+for|set\s+for|planned\s+for|expected\s+(?:on|in|by)|no\s+later\s+than|next|upcoming|coming)"
    r"\s+(?:(?:on|in)\s+)?(?:the\s+)?$"
)
_LOCAL_PAST = re.compile(
    r"(?i)(?<![\w-])(?:since|ended|ending|closed|last|earlier|ago|previous(?:ly)?|as\s+of|was|were|had\s+been)\s+(?:(?:on|in)\s+)?(?:the\s+)?$"
)
_CUE = re.compile(
    r"(?<![\w'’-])(?:(?P<f>(?i:will|won't|wo|shall|is\s+to|are\s+to|is\s+due|are\s+due|scheduled|plans?\s+to|planning\s+to|"
    r"expected\s+to|expects?\s+to|set\s+to|going\s+to|intends?\s+to|hopes?\s+to|aims?\s+to|would|could|might|should)|['’]ll)"
    r"|(?P<p>(?i:said|says|told|was|were|had|did|ago|began|rose|fell|met|took|went|came|gave|made|won|lost|sold|bought|left|held|"
    r"saw|got|sent|spent|paid|hit|ran|became|struck|led|brought|found|kept|wrote|spoke|chose|flew|grew|threw|shot|fought|"
    r"caught|sought|built|heard|stood|broke|fled|killed|died|quit|cut)|(?<!be\s)(?<!been\s)(?<!being\s)[a-z]{2,}ed))(?![\w'’-])"
)
_NOT_PAST_ED = {
    "scheduled",
    "expected",
    "proposed",
    "planned",
    "need",
    "feed",
    "seed",
    "speed",
    "bed",
    "red",
    "shed",
    "hundred",
    "united",
    "based",
    "related",
    "limited",
    "detailed",
    "interested",
    "concerned",
    "advanced",
    "alleged",
    "indeed",
    "embed",
    "breed",
    "proceed",
    "succeed",
    "exceed",
    "agreed",
    "freed",
    "weed",
    "greed",
    "owned",
    "listed",
    "priced",
    "skilled",
    "armed",
    "biased",
    "talented",
    "aged",
}


# words that make a bare 4-digit number a year
_YEAR_STRONG_BEFORE = re.compile(
    r"(?i)(?<![\w-])(?:in|since|until|till|during|fiscal|circa|c\.|year|before|after|through|throughout|spring|summer|autumn|fall|winter|"
    r"end|beginning|start|middle|around|of|from|to|by|between|and|or|than|for|on|as|season|class|vintage)\s+(?:of\s+)?(?:the\s+)?$"
)
_YEAR_WEAK = {"of", "from", "to", "by", "between", "and", "or", "than", "for", "on", "as", "around"}
_YEAR_RANGE_BEFORE = re.compile(r"(?:1[89]|20)\d\d\s*(?:-|–|—|to|and|or|through|/)\s*$")
_COUNT_AFTER = re.compile(
    r"\s*(?:(?:[a-z]+-)?[a-z]*[a-rt-z]s|people|men|women|children|staff|personnel|feet|foot|sq|km|mi|metres|meters|miles|tons|tonnes|"
    r"points?|percent|per\s+cent|million|billion|thousand|hundred|dollars?|euros?|pounds?|yen|yuan|rupees?|kg|lb|m|ft|hp|mph|cc|mw|gw|kw|a\.m\.|p\.m\.|am|pm|hours?|hrs?|GMT|BST|UTC|CET|EST|EDT|PST|PDT|local\s+time)(?![\w])"
)
_PLURAL_OK = {"was", "has", "is", "as", "its", "this", "his", "hers", "us", "thus", "plus", "gas"}
_DECADE_AFTER = re.compile(r"(?:'|’)?s(?![\w])")
_HOLIDAY_BEFORE = re.compile(
    r"(?:Good|Black|Super|Ash|Cyber|Bloody|Easter|Palm|Holy|Maundy|Shrove|Giving|Clean|Great|Mail\s+on)\s+$"
)
_NEWSPAPER_AFTER = re.compile(
    r"\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Tribune|Independent|Mail|People|Sport|Star|Business|Night\s+Live|Morning\s+Herald)\b"
)
_SET_BEFORE = re.compile(r"(?i)(?<![\w])(?:every|each|most|all|per|on\s+alternate)\s+(?:other\s+)?$")
_MONTH_CONTEXT_BEFORE = re.compile(
    r"(?i)(?<![\w])(?:in|since|until|till|by|before|after|during|through|from|of|to|and|or|last|this|next|early|mid|late|end|beginning|start|middle|between|for|on)\s+(?:the\s+)?(?:month\s+of\s+)?$"
)
_CAPWORD_AFTER = re.compile(r"\s+[A-Z][a-z]")


# --------------------------------------------------------------------------
# calendar helpers (total: they return None rather than raise)


def _valid(y: int, m: int | None = None, d: int | None = None) -> bool:
    if not 1 <= y <= 9999:
        return False
    if m is None:
        return d is None
    if not 1 <= m <= 12:
        return False
    if d is None:
        return True
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _fmt(y: int, m: int | None = None, d: int | None = None) -> tuple[str | None, str | None]:
    if not _valid(y, m, d):
        return None, None
    if d is not None and m is not None:
        return f"{y:04d}-{m:02d}-{d:02d}", "day"
    if m is not None:
        return f"{y:04d}-{m:02d}", "month"
    return f"{y:04d}", "year"


_NONE: tuple[str | None, str | None] = (None, None)


def _anchor_date(anchor: DocDate) -> date | None:
    try:
        return date(anchor.year, anchor.month or 1, anchor.day or 1)
    except (ValueError, TypeError):
        return None


def _at_anchor(anchor: DocDate | None, cap: str = "day") -> tuple[str | None, str | None]:
    """The anchor itself, no finer than ``cap``."""
    if anchor is None:
        return _NONE
    m = anchor.month if cap in ("day", "month") else None
    d = anchor.day if cap == "day" and m else None
    return _fmt(anchor.year, m, d)


def _shift_days(anchor: DocDate | None, days: int, cap: str = "day") -> tuple[str | None, str | None]:
    if anchor is None:
        return _NONE
    if not (anchor.month and anchor.day):
        return _at_anchor(anchor, cap)
    base = _anchor_date(anchor)
    if base is None:
        return _NONE
    try:
        d = base + timedelta(days=days)
    except OverflowError:
        return _NONE
    if cap == "day":
        return _fmt(d.year, d.month, d.day)
    if cap == "month":
        return _fmt(d.year, d.month)
    return _fmt(d.year)


def _shift_months(anchor: DocDate | None, months: int) -> tuple[str | None, str | None]:
    if anchor is None:
        return _NONE
    if not anchor.month:
        return _fmt(anchor.year)
    idx = anchor.year * 12 + anchor.month - 1 + months
    return _fmt(idx // 12, idx % 12 + 1)


def _shift_years(anchor: DocDate | None, years: int) -> tuple[str | None, str | None]:
    if anchor is None:
        return _NONE
    return _fmt(anchor.year + years)


def _month_num(token: str) -> int | None:
    return _MONTH_NUM.get(token.rstrip(".").lower()[:3])


def _day_num(token: str) -> int:
    return int(re.sub(r"\D", "", token) or 0)


def _number(token: str) -> int | None:
    t = " ".join(token.lower().split())
    if t.isdigit():
        return int(t)
    return _NUMBER_WORDS.get(t)


# --------------------------------------------------------------------------
# finding dates


def find_dates(text: str, anchor: DocDate | None, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date expressions in ``text[start:end]``, offsets absolute into ``text``."""
    try:
        return _find_dates(text, anchor, start, end)
    except Exception:  # pragma: no cover - never let one sentence break a run
        return []


def _find_dates(text: str, anchor: DocDate | None, start: int, end: int | None) -> list[DateMention]:
    if not text:
        return []
    n = len(text)
    start = max(0, min(start, n))
    end = n if end is None else max(start, min(end, n))
    if end - start < 3 or not _QUICK.search(text, start, end):
        return []
    if anchor is not None and not _valid(anchor.year, anchor.month, anchor.day if anchor.month else None):
        anchor = None
    ctx = _Ctx(text, start, end)
    out: list[DateMention] = []
    for m in _RX.finditer(text, start, end):
        kind = m.lastgroup
        if kind is None:
            continue
        res = _HANDLERS[kind](m, anchor, ctx)
        if res is None:
            continue
        s, e, value, prec, rel = res
        out.append(DateMention(s, e, text[s:e], value, prec, rel))
    if out:
        out = _attach_relations(text, start, out)
    return out


class _Ctx:
    __slots__ = ("text", "start", "end", "_tense")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end
        self._tense: dict[int, int] = {}

    def before(self, pos: int, width: int = 40) -> str:
        return self.text[max(self.start, pos - width) : pos]

    def after(self, pos: int, width: int = 40) -> str:
        return self.text[pos : min(self.end, pos + width)]

    def tense(self, s: int, e: int) -> int:
        """+1 if the clause around text[s:e] looks future, -1 if past, else 0."""
        if s in self._tense:
            return self._tense[s]
        t = 0
        local = self.text[max(self.start, s - 30) : s]
        if self.text.startswith(("'s", "’s"), e):  # "Friday's vote" has happened
            t = -1
        elif _LOCAL_FUTURE.search(local):
            t = 1
        elif _LOCAL_PAST.search(local):
            t = -1
        else:
            lo = max(self.start, s - 70)
            hi = min(self.end, e + 50)
            left = self.text[lo:s]
            cut = max(left.rfind(";"), left.rfind(":"))
            if cut >= 0:
                lo += cut + 1
            right = self.text[e:hi]
            for ch in ";:":
                k = right.find(ch)
                if k >= 0:
                    hi = e + k
            best = 10**9
            for cm in _CUE.finditer(self.text, lo, hi):
                if cm.start() < e and cm.end() > s:
                    continue
                if cm["p"] and cm["p"].endswith("ed") and cm["p"].lower() in _NOT_PAST_ED:
                    continue
                dist = s - cm.end() if cm.end() <= s else cm.start() - e
                if dist < best:
                    best = dist
                    t = 1 if cm["f"] else -1
        self._tense[s] = t
        return t


_Result = tuple[int, int, str | None, str | None, str]


_NEAR = 3  # months around the anchor where the anchor's year always wins
_AHEAD = 5  # with no tense cue, how far ahead of the anchor a month may be


def _year_for_month(month: int, day: int | None, anchor: DocDate, tense: int, which: str = "") -> int:
    """The year of a month (and day) written without one.

    The candidate in anchor.year-1 .. anchor.year+1 nearest to the anchor;
    a past-tense clause ("last" too) takes the latest one on or before the
    anchor, a future-tense one ("next" too) the earliest one on or after it.
    """
    y = anchor.year
    if not anchor.month:
        return y - 1 if which == "last" else y + 1 if which == "next" else y
    # positions in days-ish units; a missing anchor day counts as mid-month
    ad = anchor.day or 15
    here = anchor.month * 31 + ad
    when = month * 31 + (day if day is not None else (ad if month == anchor.month else 15))
    if which == "this":
        return y
    if which == "last":  # the latest one strictly before the anchor('s month)
        return y if (when < here if day is not None else month < anchor.month) else y - 1
    if which == "next":  # the earliest one strictly after it
        return y if (when > here if day is not None else month > anchor.month) else y + 1
    diff = when - here  # > 0: later in the anchor's year
    # within about three months of the anchor: that year, whatever the tense
    # (tense cues are noisy: "was extended to Nov. 16", "payable Dec. 7");
    # further away the tense decides, else the nearest occurrence
    if diff > _NEAR * 31 and (tense < 0 or tense == 0 and diff > _AHEAD * 31):
        return y - 1
    if diff < -_NEAR * 31 and (tense > 0 or tense == 0 and diff < -(12 - _AHEAD) * 31):
        return y + 1
    return y


def _h_iso(m: re.Match, anchor, ctx) -> _Result | None:
    y, mo = int(m["iso_y"]), int(m["iso_m"])
    d = int(m["iso_d"]) if m["iso_d"] else None
    v, p = _fmt(y, mo, d)
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


def _h_ymd(m: re.Match, anchor, ctx) -> _Result | None:
    v, p = _fmt(int(m["ymd_y"]), int(m["ymd_m"]), int(m["ymd_d"]))
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


def _h_num(m: re.Match, anchor, ctx) -> _Result | None:
    a, b, y = int(m["num_a"]), int(m["num_b"]), int(m["num_y"])
    # only unambiguous day/month orders
    if a > 12 and b <= 12:
        v, p = _fmt(y, b, a)
    elif b > 12 and a <= 12 or a == b:
        v, p = _fmt(y, a, b)
    else:
        return None
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


def _month_day(m: re.Match, mon: str, day: str, year: str | None, which: str, anchor, ctx) -> _Result | None:
    mo = _month_num(mon)
    d = _day_num(day)
    if mo is None:
        return None
    if year:
        v, p = _fmt(int(year), mo, d)
        if v is None:
            return None
        return m.start(), m.end(), v, p, "on"
    if not 1 <= d <= 31:
        return None
    if anchor is None:
        if not _valid(2000, mo, d):  # impossible in any year
            return None
        return m.start(), m.end(), None, None, "on"
    y = _year_for_month(mo, d, anchor, ctx.tense(m.start(), m.end()), which)
    v, p = _fmt(y, mo, d)
    if v is None and mo == 2 and d == 29:
        return m.start(), m.end(), None, None, "on"
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


def _h_mdy(m: re.Match, anchor, ctx) -> _Result | None:
    return _month_day(m, m["mdy_m"], m["mdy_d"], m["mdy_y"], (m["mdy_w"] or "").lower(), anchor, ctx)


def _h_dmy(m: re.Match, anchor, ctx) -> _Result | None:
    return _month_day(m, m["dmy_m"], m["dmy_d"], m["dmy_y"], "", anchor, ctx)


def _h_my(m: re.Match, anchor, ctx) -> _Result | None:
    mo = _month_num(m["my_m"])
    if mo is None:
        return None
    y = int(m["my_y"]) if m["my_y"] else _spelled_year(m["my_ys"] or "")
    if y is None:
        return None
    v, p = _fmt(y, mo)
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


def _spelled_year(words: str) -> int | None:
    ws = [w for w in re.split(r"[\s-]+", words.lower()) if w and w != "and"]
    if not ws:
        return None
    if ws[:2] == ["two", "thousand"]:
        return 2000 + sum(_WORD_VALUE.get(w, 0) for w in ws[2:])
    if ws[0] in ("nineteen", "eighteen"):
        century = 1900 if ws[0] == "nineteen" else 1800
        if ws[1:] == ["hundred"]:
            return century
        return century + sum(_WORD_VALUE.get(w, 0) for w in ws[1:])
    return None


def _h_spell(m: re.Match, anchor, ctx) -> _Result | None:
    y = _spelled_year(m["spell_y"])
    if y is None:
        return None
    # "nineteen ninety-six" is a year; "two thousand" needs a context word
    words = m["spell_y"].lower()
    if (
        words.startswith("two")
        and not m.group(0).lower().startswith("the year")
        and not _YEAR_STRONG_BEFORE.search(ctx.before(m.start()))
    ):
        if not _is_sentence_start(ctx.text, ctx.start, m.start()):
            return None
        if _count_after(ctx.text[m.end() : min(ctx.end, m.end() + 30)]):
            return None
    v, p = _fmt(y)
    return m.start(), m.end(), v, p, "on"


def _h_yend(m: re.Match, anchor, ctx) -> _Result | None:
    if m["yend_u"] and m["yend_u"].lower() == "month":
        v, p = _at_anchor(anchor, "month")
    else:
        v, p = _at_anchor(anchor, "year")
    return m.start(), m.end(), v, p, "on"


_HOLIDAYS = {
    "christmas": (12, 25),
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "new year's day": (1, 1),
    "new year's eve": (12, 31),
}


def _h_hol(m: re.Match, anchor, ctx) -> _Result | None:
    name = " ".join(m["hol_n"].lower().replace("’", "'").split())
    mo, d = _HOLIDAYS.get(name, (None, None))
    if mo is None:
        return None
    if anchor is None:
        return m.start(), m.end(), None, None, "on"
    y = _year_for_month(mo, d, anchor, ctx.tense(m.start(), m.end()))
    v, p = _fmt(y, mo, d)
    return m.start(), m.end(), v, p, "on"


def _h_mrel(m: re.Match, anchor, ctx) -> _Result | None:
    mo = _month_num(m["mrel_m"])
    if mo is None:
        return None
    if anchor is None:
        return m.start(), m.end(), None, None, "on"
    off = {"this": 0, "last": -1, "next": 1}[m["mrel_w"].lower()]
    v, p = _fmt(anchor.year + off, mo)
    return m.start(), m.end(), v, p, "on"


def _h_q(m: re.Match, anchor, ctx) -> _Result | None:
    v, p = _fmt(int(m["q_y"]))
    if v is None:
        return None
    return m.start(), m.end(), v, p, "on"


def _h_relmon(m: re.Match, anchor, ctx) -> _Result | None:
    mo = _month_num(m["relmon_m"])
    if mo is None:
        return None
    if anchor is None:
        return m.start(), m.end(), None, None, "on"
    w = m["relmon_w"].lower()
    y = _year_for_month(mo, None, anchor, 0, "last" if w == "past" else w)
    v, p = _fmt(y, mo)
    return m.start(), m.end(), v, p, "on"


def _h_relwd(m: re.Match, anchor, ctx) -> _Result | None:
    s, e = m.start(), m.end()
    w = " ".join((m["relwd_w"] or "").lower().split())
    if _PLURAL_PART_AFTER.match(ctx.text, e, ctx.end):
        return None  # "Tuesday nights": a set
    if w == "the previous":
        return s, e, None, None, "on"  # relative to the narrative, not the document
    if not w:
        if _SET_BEFORE.search(ctx.before(s)) or _HOLIDAY_BEFORE.search(ctx.before(s)):
            return None
        if _NEWSPAPER_AFTER.match(ctx.text, m.end("relwd_d"), ctx.end):
            return None
    if anchor is None:
        return s, e, None, None, "on"
    if not (anchor.month and anchor.day):
        v, p = _at_anchor(anchor)
        return s, e, v, p, "on"
    base = _anchor_date(anchor)
    if base is None:
        return s, e, None, None, "on"
    wd = _WEEKDAY_NUM[m["relwd_d"][:3].lower()]
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
    v, p = _shift_days(anchor, shift)
    return s, e, v, p, "on"


def _h_rel1(m: re.Match, anchor, ctx) -> _Result | None:
    w = " ".join(m["rel1_w"].lower().split())
    if _title_not_at_start(m, ctx):
        return None
    if w in ("today", "tomorrow"):
        if re.search(r"(?i)\bof\s+$", ctx.before(m.start(), 6)):
            return None  # "the people of tomorrow", "the youth of today"
        if _GENERIC_AFTER.match(ctx.text, m.end(), ctx.end):
            return None  # "today's world"
    shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(w, 0)
    v, p = _shift_days(anchor, shift)
    return m.start(), m.end(), v, p, "on"


def _h_ru(m: re.Match, anchor, ctx) -> _Result | None:
    if _title_not_at_start(m, ctx):
        return None  # a programme: ABC's "This Week"
    w = " ".join(m["ru_w"].lower().split())
    u = m["ru_u"].lower()
    off = {"last": -1, "this": 0, "next": 1, "the current": 0, "the coming": 1}[w]
    if u in ("week", "weekend"):
        v, p = _shift_days(anchor, 7 * off, "month")
    elif u == "month":
        v, p = _shift_months(anchor, off)
    else:
        v, p = _shift_years(anchor, off)
    return m.start(), m.end(), v, p, "on"


def _h_ago(m: re.Match, anchor, ctx) -> _Result | None:
    n = _number(m["ago_n"])
    u = m["ago_u"].lower().rstrip("s")
    if n is None or n > 10000:
        return m.start(), m.end(), None, None, "before"
    if u == "day":
        v, p = _shift_days(anchor, -n)
    elif u == "week":
        v, p = _shift_days(anchor, -7 * n, "month")
    elif u == "month":
        v, p = _shift_months(anchor, -n)
    elif u == "year":
        v, p = _shift_years(anchor, -n)
    else:
        return m.start(), m.end(), None, None, "before"
    return m.start(), m.end(), v, p, "on"


def _h_ou(m: re.Match, anchor, ctx) -> _Result | None:
    u = m["ou_u"].lower()
    if not m["ou_n"] and not u.endswith("s"):
        return None  # "year after year", "day before"
    r = m["ou_r"].lower()
    rel = "after" if r in ("after", "later") else "before"
    return m.start(), m.end(), None, None, rel


def _h_anaph(m: re.Match, anchor, ctx) -> _Result | None:
    return m.start(), m.end(), None, None, "on"


def _h_ymod(m: re.Match, anchor, ctx) -> _Result | None:
    y = int(m["ymod_y"])
    if not 1000 <= y <= 2999:
        return None
    if _DECADE_AFTER.match(ctx.text, m.end(), ctx.end):
        return None
    v, p = _fmt(y)
    return m.start(), m.end(), v, p, "on"


def _h_mon(m: re.Match, anchor, ctx) -> _Result | None:
    s, e = m.start(), m.end()
    tok = m["mon_m"]
    if _SET_BEFORE.search(ctx.before(s)):
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
    mo = _month_num(tok)
    if mo is None:
        return None
    if anchor is None:
        return s, e, None, None, "on"
    y = _year_for_month(mo, None, anchor, ctx.tense(s, e))
    v, p = _fmt(y, mo)
    return s, e, v, p, "on"


def _h_yr(m: re.Match, anchor, ctx) -> _Result | None:
    s, e = m.start(), m.end()
    y = int(m["yr_y"])
    text = ctx.text
    before = ctx.before(s)
    # decades: "the 1990s", "the 1990's"
    if _DECADE_AFTER.match(text, e, ctx.end):
        if y % 10 == 0 and (
            before.rstrip().lower().endswith(("the", "mid", "mid-", "early", "late"))
            or not text.startswith(("'", "’"), e)
        ):
            return None
        # "2019's" possessive: a year
    strong = _YEAR_STRONG_BEFORE.search(before)
    word = ""
    if strong:
        word = strong.group(0).split()[0].lower()
    after = text[e : min(ctx.end, e + 30)]
    count_after = _count_after(after)
    if strong and word not in _YEAR_WEAK or m.group(0)[:1] in "pP":  # "in 2019", "post-1959"
        ok = True
    elif _YEAR_RANGE_BEFORE.search(before):
        ok = not count_after
    elif before.endswith(("(", "[")):
        ok = True
    elif strong:  # weak context word: "of 2019", "from 2019", "by 2019"
        ok = not count_after and y >= 1900
    else:
        ok = y >= 1900 and not count_after
        if ok:
            prev = before.rstrip()
            # "Windows 2000", "Flight 1990", "No. 2019", "#2019"
            pm = re.search(r"(\S+)$", prev)
            if pm:
                pw = pm.group(1)
                if (
                    (
                        pw[:1].isupper()
                        and not pw.endswith(("'s", "’s"))
                        and pw.rstrip(",.;:").lower() not in _CAP_FUNCTION
                        and not _is_sentence_start(text, ctx.start, s - len(before) + pm.start())
                    )
                    or pw.lower().rstrip(".")
                    in (
                        "no",
                        "number",
                        "page",
                        "p",
                        "pp",
                        "flight",
                        "route",
                        "room",
                        "model",
                        "article",
                        "section",
                        "code",
                        "rule",
                        "item",
                        "lot",
                        "unit",
                        "suite",
                        "box",
                        "exit",
                    )
                    or re.search(r"[\d$€£#]$", pw)
                ):
                    ok = False
    if not ok:
        return None
    v, p = _fmt(y)
    return s, e, v, p, "on"


_GENERIC_AFTER = re.compile(
    r"(?:'|’)s\s+(?:world|youth|society|generation|children|kids|young|economy|standards|dollars|terms|consumers|technology|"
    r"market|markets|culture|businesses|companies|workers|families|politics|media|music|game|fans)\b"
)
_PLURAL_PART_AFTER = re.compile(r"\s+(?:mornings|afternoons|evenings|nights)\b")


def _title_not_at_start(m: re.Match, ctx) -> bool:
    """A capitalised "This Week" / "Today" inside a sentence is a name."""
    words = m.group(0).split()
    if not words or not all(w[:1].isupper() for w in words):
        return False
    if len(words) == 1 and words[0].isupper():
        return False
    before = ctx.text[ctx.start : m.start()].rstrip()
    if not before or before[-1] in ".!?:;":
        return False
    # after an opening quote: "Today, I am here" is a sentence; "This Week" a title
    return len(words) > 1 or before[-1] not in "\"'`“‘(—–-"


_CAP_FUNCTION = {
    "in",
    "since",
    "until",
    "till",
    "by",
    "before",
    "after",
    "during",
    "through",
    "from",
    "of",
    "to",
    "and",
    "or",
    "the",
    "fiscal",
    "early",
    "late",
    "mid",
    "as",
    "at",
    "for",
    "on",
    "between",
    "around",
    "spring",
    "summer",
    "autumn",
    "fall",
    "winter",
    "year",
    "circa",
    "than",
    "but",
    "so",
    "then",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "q1",
    "q2",
    "q3",
    "q4",
    "fy",
    "h1",
    "h2",
}


def _is_sentence_start(text: str, lo: int, pos: int) -> bool:
    before = text[lo:pos].rstrip()
    return not before or before[-1] in ".!?\"'`“‘(:;"


def _count_after(after: str) -> bool:
    cm = _COUNT_AFTER.match(after)
    if not cm:
        return False
    word = cm.group(0).strip().lower()
    return word not in _PLURAL_OK


_HANDLERS = {
    "iso": _h_iso,
    "ymd": _h_ymd,
    "num": _h_num,
    "mdy": _h_mdy,
    "dmy": _h_dmy,
    "my": _h_my,
    "spell": _h_spell,
    "yend": _h_yend,
    "hol": _h_hol,
    "mrel": _h_mrel,
    "q": _h_q,
    "relmon": _h_relmon,
    "relwd": _h_relwd,
    "rel1": _h_rel1,
    "ru": _h_ru,
    "ago": _h_ago,
    "ou": _h_ou,
    "anaph": _h_anaph,
    "ymod": _h_ymod,
    "mon": _h_mon,
    "yr": _h_yr,
}


def _attach_relations(text: str, lo: int, found: list[DateMention]) -> list[DateMention]:
    """Fold ordering words into date mentions: "since 2019", "two weeks after March 3"."""
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
            and re.fullmatch(r"\s+(?:the\s+)?", text[prev.end : mention.start])
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
                s = mention.start - len(window) + rm.start()
                possessive = text.startswith(("'s", "’s"), mention.end)
                overlaps = prev is not None and prev.end > s
                if word in _REL_MAP and not (word == "by" and possessive) and not overlaps:
                    mention = DateMention(
                        s, mention.end, text[s : mention.end], mention.date, mention.precision, _REL_MAP[word]
                    )
        out.append(mention)
    return out
