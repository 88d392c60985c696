"""Building regular expressions from word lists."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str]) -> str:
    """An alternation of ``words`` (taken literally), longest first, factored by first letter.

    The regex engine tries the branches of an alternation one by one, so
    "J(?:anuary|une|uly)" rejects a position on one test where the flat list
    takes one per word. Only words sharing a first letter (either case) can
    match at one position, and those keep their longest-first order, so every
    match is the one the flat list would find.
    """
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
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
