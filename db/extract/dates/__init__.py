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
* "a year earlier" / "two months earlier" in a comparison ("up from 4 pence a year
  earlier", "higher than a month earlier") is the year (month) before the latest
  date of the sentence before it, else before the document's date; outside a
  comparison it relates to the narrative and stays undated. "year-earlier" and
  "year-ago" as modifiers ("year-earlier profit") are the document's year minus one.
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

The package: ``find.py`` (find_dates), ``grammar.py`` (the rules in order, one
alternation), the rules beside their resolvers by kind (``absolute.py``,
``months.py``, ``years.py``, ``weekdays.py``, ``units.py``, ``ordering.py``),
``relations.py`` (folding "since", "after" into a mention), ``context.py`` (the
sentence around a match, its tense), ``arithmetic.py`` (shifting the anchor),
``numbers.py`` (numbers in words), ``fragments.py`` (shared regex pieces), and
the word lists as ``*.txt`` beside them.
"""

from __future__ import annotations

from db.extract.dates.find import find_dates

__all__ = ["find_dates"]
