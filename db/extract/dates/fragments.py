"""Regex pieces the date rules share: month and weekday tokens, a day, a year, modifiers."""

from __future__ import annotations

from db.text.calendar import MONTH_ABBREVIATIONS, MONTH_NAMES, WEEKDAY_NAMES
from db.text.patterns import alternation


def _cased(word: str) -> list[str]:
    return [word, word.upper()]


# any month token, abbreviations with or without a dot (used next to a day or year)
MON_ANY = alternation(
    [w for n in MONTH_NAMES for w in _cased(n)]
    + [w for a in MONTH_ABBREVIATIONS for w in _cased(a) + [x + "." for x in _cased(a)]]
)
# a month standing alone: full names and dotted abbreviations only ("Jan" is a name)
MON_ALONE = alternation(
    [w for n in MONTH_NAMES for w in _cased(n)] + [x + "." for a in MONTH_ABBREVIATIONS for x in _cased(a)]
)
WD = alternation([w for n in WEEKDAY_NAMES for w in _cased(n)])

DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d%])(?!\s*(?:%|percent\b|per\s+cent\b))(?![.,:]\d)"
YEAR = r"\d{4}(?!\d)(?![.,]\d)(?!\s*%)(?!\s*(?:GMT|BST|UTC|CET|EST|EDT|PST|PDT|hrs|hours|local\s+time)\b)"
SP = r"(?:[^\S\n]+|[^\S\n]*\n[^\S\n]*)"  # spaces, at most one line break
# a modifier that belongs to the date and does not change its value: "early December", "mid-2020"
MOD = r"(?:(?:early|mid|late|earlier|later)\s*-\s*|(?:early|mid|late|the\s+(?:end|beginning|start|middle|close|turn)\s+of)\s+)"  # noqa: E501 - one regex reads better on one line
# the words MOD can start with (for the grammar's prefilter)
MOD_STARTS = ("early", "mid", "late", "earlier", "later", "the")
