"""Rules for years on their own: spelled ("nineteen ninety-six"), modified ("mid-2020") and bare ("in 2019")."""

from __future__ import annotations

import re

from db.extract.dates.context import Context, is_sentence_start
from db.extract.dates.fragments import MOD, MOD_STARTS, YEAR
from db.extract.dates.numbers import SPELLED_STARTS, SPELLED_YEAR, spelled_year
from db.extract.dates.rules import Result, dated, rule
from db.extract.dates.vocabulary import phrases, words
from db.text.calendar import MONTH_ABBREVIATIONS, MONTH_NAMES, iso
from db.text.types import DocDate

# words that make a bare 4-digit number a year
_YEAR_WEAK = words("year-context-weak")
_YEAR_STRONG_BEFORE = re.compile(
    r"(?i)(?<![\w-])(?:" + phrases(words("year-context") | _YEAR_WEAK) + r")\s+(?:of\s+)?(?:the\s+)?$"
)
_YEAR_RANGE_BEFORE = re.compile(r"(?:1[89]|20)\d\d\s*(?:-|–|—|to|and|or|through|/)\s*$")
_COUNT_AFTER = re.compile(r"\s*(?:(?:[a-z]+-)?[a-z]*[a-rt-z]s|" + phrases(words("count-nouns")) + r")(?![\w])")
_PLURAL_OK = words("not-plurals")
_DECADE_AFTER = re.compile(r"(?:'|’)?s(?![\w])")
_CAP_FUNCTION = words("cap-function-words") | {w.lower() for w in MONTH_NAMES + MONTH_ABBREVIATIONS}
_NUMBER_LABELS = words("number-labels")
_LAST_WORD = re.compile(r"(\S+)$")
_NUMBERISH_END = re.compile(r"[\d$€£#]$")


def _count_after(after: str) -> bool:
    """Whether ``after`` starts with a counted noun or unit: "2019 shares", "1945 GMT"."""
    cm = _COUNT_AFTER.match(after)
    if not cm:
        return False
    return cm.group(0).strip().lower() not in _PLURAL_OK


@rule(
    "spell",
    rf"(?:(?i:the\s+year)\s+)?(?P<spell_y>{SPELLED_YEAR})",
    starts=("the", *SPELLED_STARTS),
    examples=(("nineteen seventy-nine", "1979"), ("the year two thousand", "2000"), ("Two thousand and one", "2001")),
)
def spelled(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    y = spelled_year(m["spell_y"])
    if y is None:
        return None
    # "nineteen ninety-six" is a year; "two thousand" needs a context word
    if (
        m["spell_y"].lower().startswith("two")
        and not m.group(0).lower().startswith("the year")
        and not _YEAR_STRONG_BEFORE.search(ctx.before(m.start()))
    ):
        if not is_sentence_start(ctx.text, ctx.start, m.start()):
            return None
        if _count_after(ctx.text[m.end() : min(ctx.end, m.end() + 30)]):
            return None
    return dated(m, iso(y), strict=False)


@rule(
    "ymod",
    rf"(?<![\w$€£#])(?i:{MOD})(?P<ymod_y>{YEAR})(?![\w-]|'s)",
    starts=MOD_STARTS,
    examples=(("mid-2020", "2020"), ("the end of 1990", "1990"), ("late 1998", "1998")),
)
def modified_year(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    y = int(m["ymod_y"])
    if not 1000 <= y <= 2999:
        return None
    if _DECADE_AFTER.match(ctx.text, m.end(), ctx.end):
        return None
    return dated(m, iso(y), strict=False)


@rule(
    "yr",
    r"""(?:(?<![\w-])(?i:post|pre)-|(?<![\w$€£#/.,\-])(?<![\w][.,]))(?P<yr_y>1[89]\d\d|20\d\d)
      (?![\w%]|[.,]\d|/\d|\s*%|-\d\d?-\d)""",
    starts=("post", "pre"),
    examples=(("2019", "2019"), ("post-1959", "1959")),
)
def year(m: re.Match[str], anchor: DocDate | None, ctx: Context) -> Result | None:
    s, e = m.start(), m.end()
    y = int(m["yr_y"])
    text = ctx.text
    before = ctx.before(s)
    # decades: "the 1990s", "the 1990's" (but "2019's" is a possessive: a year)
    if (
        _DECADE_AFTER.match(text, e, ctx.end)
        and y % 10 == 0
        and (
            before.rstrip().lower().endswith(("the", "mid", "mid-", "early", "late"))
            or not text.startswith(("'", "’"), e)
        )
    ):
        return None
    strong = _YEAR_STRONG_BEFORE.search(before)
    word = ""
    if strong:
        word = strong.group(0).split()[0].lower()
    count_after = _count_after(text[e : min(ctx.end, e + 30)])
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
            # "Windows 2000", "Flight 1990", "No. 2019", "#2019"
            pm = _LAST_WORD.search(before.rstrip())
            if pm:
                pw = pm.group(1)
                if (
                    (
                        pw[:1].isupper()
                        and not pw.endswith(("'s", "’s"))
                        and pw.rstrip(",.;:").lower() not in _CAP_FUNCTION
                        and not is_sentence_start(text, ctx.start, s - len(before) + pm.start())
                    )
                    or pw.lower().rstrip(".") in _NUMBER_LABELS
                    or _NUMBERISH_END.search(pw)
                ):
                    ok = False
    if not ok:
        return None
    v, p = iso(y)
    return s, e, v, p, "on"
