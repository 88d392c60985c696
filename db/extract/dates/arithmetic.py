"""Calendar arithmetic on a document's date: shifts by days, months and years, and the year of a
month written without one. Total: a date off the calendar is (None, None), never an exception."""

from __future__ import annotations

from datetime import date, timedelta

from db.text.calendar import iso
from db.text.types import DocDate

Value = tuple[str | None, str | None]  # (ISO text at its precision, precision)
NONE: Value = (None, None)

_NEAR = 3  # months around the anchor where the anchor's year always wins
_AHEAD = 5  # with no tense cue, how far ahead of the anchor a month may be


def anchor_date(anchor: DocDate) -> date | None:
    try:
        return date(anchor.year, anchor.month or 1, anchor.day or 1)
    except (ValueError, TypeError):
        return None


def at_anchor(anchor: DocDate | None, cap: str = "day") -> Value:
    """The anchor itself, no finer than ``cap``."""
    if anchor is None:
        return NONE
    m = anchor.month if cap in ("day", "month") else None
    d = anchor.day if cap == "day" and m else None
    return iso(anchor.year, m, d)


def shift_days(anchor: DocDate | None, days: int, cap: str = "day") -> Value:
    """The anchor ``days`` later (earlier if negative), no finer than ``cap`` nor than the anchor."""
    if anchor is None:
        return NONE
    if not (anchor.month and anchor.day):
        return at_anchor(anchor, cap)
    base = anchor_date(anchor)
    if base is None:
        return NONE
    try:
        d = base + timedelta(days=days)
    except OverflowError:
        return NONE
    if cap == "day":
        return iso(d.year, d.month, d.day)
    if cap == "month":
        return iso(d.year, d.month)
    return iso(d.year)


def shift_months(anchor: DocDate | None, months: int) -> Value:
    if anchor is None:
        return NONE
    if not anchor.month:
        return iso(anchor.year)
    idx = anchor.year * 12 + anchor.month - 1 + months
    return iso(idx // 12, idx % 12 + 1)


def shift_years(anchor: DocDate | None, years: int) -> Value:
    if anchor is None:
        return NONE
    return iso(anchor.year + years)


def year_for_month(month: int, day: int | None, anchor: DocDate, tense: int, which: str = "") -> int:
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
