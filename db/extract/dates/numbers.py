"""Numbers in words: the counts of "three weeks ago" and the spelled years of "nineteen ninety-six"."""

from __future__ import annotations

import re

from db.extract.dates.vocabulary import table
from db.text.patterns import alternation

# "a" -> 1, ..., "fifty" -> 50, "hundred" -> 100, "a couple of" -> 2
COUNT_WORDS = {word: int(value) for word, value in table("count-words").items()}
# the one-word counts (the grammar spells out "a couple (of)" and "couple of" itself)
COUNT_STARTS = tuple(w for w in COUNT_WORDS if " " not in w)
NUM = r"(?:\d{1,3}|a\s+couple(?:\s+of)?|couple\s+of|" + alternation(COUNT_STARTS) + r")"
VAGUE = r"(?:a\s+few|few|several|some|many|a\s+number\s+of|a\s+matter\s+of)"
VAGUE_STARTS = ("a", "few", "several", "some", "many")

# "one" -> 1, ..., "ninety" -> 90, in file order: units, teens, tens
WORD_VALUE = {word: int(value) for word, value in table("number-words").items()}
_UNITS = [w for w, v in WORD_VALUE.items() if v < 10]
_TEENS = [w for w, v in WORD_VALUE.items() if 10 <= v < 20]
_TENS = [w for w, v in WORD_VALUE.items() if v >= 20]
_TWO_DIGITS = rf"(?:(?:{'|'.join(_TENS)})(?:[\s-]+(?:{'|'.join(_UNITS)}))?|{'|'.join(_TEENS)})"
# "nineteen ninety-six", "the year two thousand", "two thousand and one"
SPELLED_YEAR = (
    rf"(?i:(?:nineteen|eighteen)[\s-]+(?:{_TWO_DIGITS}|hundred)(?![\w-])"
    rf"|two\s+thousand(?:\s+(?:and\s+)?(?:{_TWO_DIGITS}|{'|'.join(_UNITS)}))?(?![\w-]))"
)
SPELLED_STARTS = ("eighteen", "nineteen", "two")


def number(token: str) -> int | None:
    """The count a matched NUM token gives ("12", "three", "a couple of"), else None."""
    t = " ".join(token.lower().split())
    if t.isdecimal():  # \d matches decimal digits only, so int() takes them
        return int(t)
    return COUNT_WORDS.get(t)


def spelled_year(words: str) -> int | None:
    """The year a matched SPELLED_YEAR gives ("nineteen ninety-six" -> 1996), else None."""
    ws = [w for w in re.split(r"[\s-]+", words.lower()) if w and w != "and"]
    if not ws:
        return None
    if ws[:2] == ["two", "thousand"]:
        return 2000 + sum(WORD_VALUE.get(w, 0) for w in ws[2:])
    if ws[0] in ("nineteen", "eighteen"):
        century = 1900 if ws[0] == "nineteen" else 1800
        if ws[1:] == ["hundred"]:
            return century
        return century + sum(WORD_VALUE.get(w, 0) for w in ws[1:])
    return None
