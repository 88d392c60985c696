"""Month and weekday names, and calendar checks that never raise.

The names come from ``lexicon/months.txt`` and ``lexicon/weekdays.txt``: every
rule that needs a month or a weekday (the tokenizer's abbreviations, the date
grammar, the NER's features, the claim finder's figures) derives its forms
from these two lists.
"""

from __future__ import annotations

from datetime import date

from db.text import lexicon


def _names(name: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(name, its abbreviations) per entry of a list such as months.txt."""
    return tuple((words[0], tuple(words[1:])) for words in (entry.split() for entry in lexicon.entries(name)))


MONTHS = _names("months")  # (("January", ("Jan",)), ..., ("May", ()), ...)
WEEKDAYS = _names("weekdays")  # (("Monday", ("Mon",)), ...)

MONTH_NAMES: tuple[str, ...] = tuple(name for name, _ in MONTHS)  # "January" .. "December"
MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(a for _, abbr in MONTHS for a in abbr)  # "Jan" .. "Dec", no "May"
WEEKDAY_NAMES: tuple[str, ...] = tuple(name for name, _ in WEEKDAYS)  # "Monday" .. "Sunday"
WEEKDAY_ABBREVIATIONS: tuple[str, ...] = tuple(a for _, abbr in WEEKDAYS for a in abbr)

# the first three letters of a month, lower case -> its number ("sep" -> 9)
MONTH_NUMBER = {name[:3].lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
WEEKDAY_NUMBER = {name[:3].lower(): i for i, name in enumerate(WEEKDAY_NAMES)}  # Monday is 0


def month_number(token: str) -> int | None:
    """The month a name or abbreviation names ("Sept." -> 9), else None."""
    return MONTH_NUMBER.get(token.rstrip(".").lower()[:3])


def valid(y: int, m: int | None = None, d: int | None = None) -> bool:
    """Whether year ``y`` (1-9999), month ``m`` and day ``d`` (each may be absent, a day only with a
    month) make a real date: no February 30, no year 0."""
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


def iso(y: int, m: int | None = None, d: int | None = None) -> tuple[str | None, str | None]:
    """(ISO text at its precision, precision) of a valid date, else (None, None)."""
    if not valid(y, m, d):
        return None, None
    if d is not None and m is not None:
        return f"{y:04d}-{m:02d}-{d:02d}", "day"
    if m is not None:
        return f"{y:04d}-{m:02d}", "month"
    return f"{y:04d}", "year"
