"""Metadata headers at the top of an article: ``date: …``, ``title: …``, ``source: …``, ``url: …``.

Also the bare ``date 2023-09 Article text …`` form, where the article may go on
on the same line.
"""

from __future__ import annotations

import re

MAX_HEADER_CHARS = 2_000  # a longer line is never a "key: value" header

_HEADER_KEYS = ("date", "title", "source", "url")
_HEADER_COLON = re.compile(r"^(\s*)(date|title|source|url)\s*:\s*(.*?)\s*$", re.IGNORECASE)
# "date 2023-09 Article text ..." (no colon): the value is a numeric date, and
# the article may go on on the same line.
_HEADER_BARE_DATE = re.compile(r"^(\s*)date\s+(\d{4}(?:[-/.]\d{1,2}(?:[-/.]\d{1,2})?)?)(?=\s|$)\s*", re.IGNORECASE)


def read_header(line: str) -> tuple[str, str, int] | None:
    """(key, value, column where article text resumes or -1) for a header line."""
    m = _HEADER_BARE_DATE.match(line)
    if m:
        rest = m.end()
        return "date", m.group(2), (rest if rest < len(line) else -1)
    if len(line) > MAX_HEADER_CHARS:
        return None
    m = _HEADER_COLON.match(line)
    if m:
        return m.group(2).lower(), m.group(3), -1
    return None
