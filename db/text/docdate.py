"""A document's own date, from a metadata header value.

``parse_doc_date("2023-09")``, ``("September 13, 2023")``,
``("2023-09-13T10:00:00Z")``, ``("Wed, 13 Sep 2023 10:00 GMT")``: a DocDate at
the precision the value gives, or None when the value is not a date or names an
impossible one ("2023-02-30", year 0). Total: it returns None rather than raise.
"""

from __future__ import annotations

import re

from db.text.calendar import MONTHS, WEEKDAYS, month_number, valid
from db.text.patterns import alternation
from db.text.types import DocDate

MAX_VALUE_CHARS = 100

_TIME = (
    r"(?:[T\s]+\d{1,2}:\d\d(?::\d\d(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:Z|UTC|GMT|[A-Z]{2,4}|[+-]\d\d:?\d\d)?)?"
)
_WEEKDAY = r"(?:(?:" + alternation([w for n, _ in WEEKDAYS for w in (n, n[:3], n[:3] + ".")]) + r"),?\s+)?"
_MONTH = r"(?P<mon>" + alternation([w for n, _ in MONTHS for w in (n, n[:3], n[:3] + ".")] + ["Sept", "Sept."]) + r")"
_PATTERNS = [
    re.compile(rf"(?P<y>\d{{4}})(?:[-/.](?P<m>\d{{1,2}})(?:[-/.](?P<d>\d{{1,2}}){_TIME})?)?", re.I),
    re.compile(rf"(?P<y>\d{{4}})(?P<m>\d\d)(?P<d>\d\d){_TIME}", re.I),
    re.compile(rf"{_WEEKDAY}{_MONTH}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}", re.I),
    re.compile(
        rf"{_WEEKDAY}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+{_MONTH}[\s,-]+(?P<y>\d{{4}}){_TIME}", re.I
    ),
    re.compile(rf"{_MONTH},?\s+(?P<y>\d{{4}})", re.I),
]


def parse_doc_date(value: str) -> DocDate | None:
    """A document's date from a metadata value, or None if it is not one."""
    v = value.strip().strip("\"'").strip()
    if not v or len(v) > MAX_VALUE_CHARS:
        return None
    for rx in _PATTERNS:
        m = rx.fullmatch(v)
        if not m:
            continue
        gd = m.groupdict()
        y = int(gd["y"])
        mo: int | None
        if gd.get("mon"):
            mo = month_number(gd["mon"])
        elif gd.get("m"):
            mo = int(gd["m"])
        else:
            mo = None
        d = int(gd["d"]) if gd.get("d") else None
        if not valid(y, mo, d):
            return None
        return DocDate(y, mo, d)
    return None
