"""A text-search hit's preview: the part of a (perhaps paragraph-long) line around the words matched,
those words highlighted, an ellipsis where the line goes on."""

from __future__ import annotations

import re

from rich.text import Text

from app.widgets.format import one_line

WIDTH = 300  # characters of the line shown
BEFORE = 60  # of them, before the first match

_SPACES = re.compile(r"\s+")


def hit_preview(text: str, spans: list[tuple[int, int]], width: int = WIDTH, before: int = BEFORE) -> Text:
    """``text`` from a little before its first matched span (0-based [start, end)), ``width`` characters,
    cut at spaces, every matched span in it highlighted."""
    first = spans[0][0] if spans else 0
    start = 0 if first <= before else text.find(" ", first - before, first) + 1 or first - before
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start + width // 2, end)
        end = space if space > 0 else end
    out = Text("…" if start > 0 else "")
    at = start
    for s, e in spans:
        if e <= at or s >= end:
            continue
        s = max(s, at)
        out.append(_flat(text[at:s]))
        out.append(_flat(text[s : min(e, end)]), style="bold reverse")
        at = min(e, end)
    out.append(_flat(text[at:end]))
    if end < len(text):
        out.append("…")
    return out


def _flat(part: str) -> str:
    return one_line(_SPACES.sub(" ", part))
