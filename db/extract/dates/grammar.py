"""The date grammar: every rule, in order, joined into one alternation.

The regex engine takes, at each position, the first alternative that matches,
so the order is part of the grammar: specific forms first ("Sept. 30, 1998"
before "Sept. 1998" before "Sept."), a month with a day before a weekday
alone, a modified year before a bare one.
"""

from __future__ import annotations

import re

from db.extract.dates import absolute, months, ordering, units, weekdays, years
from db.extract.dates.fragments import MON_ANY, WD
from db.extract.dates.rules import Resolver, Rule
from db.text.calendar import MONTH_NUMBER
from db.text.patterns import alternation

RULES: tuple[Rule, ...] = (
    absolute.iso_date,  # 2023-09-13, 2023-09-13T10:00Z, 2023-09
    absolute.ymd,  # 2023/09/13
    absolute.numeric,  # 13/09/2023, 13.09.2023 (unambiguous orders only)
    absolute.mdy,  # Sept. 30, 1998 · Monday, Oct. 26 · next Jan. 2
    absolute.dmy,  # 13 September 2023 · Monday the 4th of July
    months.month_year,  # Sept. 2022 · early July 1997
    years.spelled,  # nineteen ninety-six · the year two thousand
    months.period_end,  # the end of the year · year-end
    absolute.holiday,  # Christmas Eve · New Year's Day
    months.month_of_relative_year,  # June last year
    absolute.quarter,  # Q3 2023
    months.relative_month,  # last November
    weekdays.weekday,  # last Friday · Monday night
    weekdays.day,  # yesterday · this morning
    units.relative_unit,  # last week · earlier this month
    units.ago,  # two years ago
    units.year_earlier,  # year-earlier profit
    ordering.offset,  # months after · three years later
    ordering.anaphor,  # the previous day
    years.modified_year,  # mid-2020 · the end of 1990
    months.month,  # August · early December
    years.year,  # 2019 · post-1959
)

HANDLERS: dict[str, Resolver] = {r.name: r.resolve for r in RULES}

# Every form starts at a word start with a digit, "Q1".."Q4", a month or a
# weekday name, or one of its rules' start words: checking that first keeps
# the alternation from being tried at every position (4x faster).
FIRST_WORDS = frozenset(w for r in RULES for w in r.starts)
_FIRST = (
    r"(?<![A-Za-z0-9])(?=\d|Q[1-4]|(?:"
    + MON_ANY
    + "|"
    + WD
    + r")(?![a-z])|(?i:"
    + alternation(FIRST_WORDS)
    + r")(?![a-z]))"
)
RX = re.compile(_FIRST + "(?:" + "\n| ".join(r.regex for r in RULES) + ")", re.VERBOSE)

# quick rejection: a sentence without a digit or any of these (any case) cannot
# hold a date ("yesterday" has "day", "tonight" "night", "nineteen" "teen")
QUICK_WORDS = (
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
    *absolute.HOLIDAY_WORDS,  # "christmas", "easter", ...
    *MONTH_NUMBER,  # "jan" .. "dec"
)
# (the leading class only skips, on one test, positions no branch can start at)
_QUICK = r"(?=[\d" + "".join(sorted({w[0] for w in QUICK_WORDS})) + r"])(?:\d|" + alternation(QUICK_WORDS) + ")"
QUICK = re.compile(_QUICK, re.IGNORECASE)
# QUICK read on the text's lower case where that is the same (db.extract.lowered, find._quick)
QUICK_LOWER = re.compile(_QUICK)
