"""Work-arounds for problems in the Textual release Storyline pins; each stands down once fixed upstream.

``StylesCache.get_inner_outer`` (textual 8.2.8) is an ``lru_cache`` on an
instance method, so its cache keys hold every widget's StylesCache, and with
it that widget's rendered lines, long after the widget is gone: up to 1,024
of them. Each opened and closed search dialog adds a few dozen, the heap grows,
and every full garbage collection pauses the explorer longer (measured on the
100k-article database: 30 ms growing to 120 ms, often enough to reach the 95th
percentile of a keystroke). The value depends on the two colours only, so the
same function is cached on those.

``Strip.divide`` and ``Strip.crop_extend`` cache their result on the strip
itself, and when the result is the strip (one cut at its end; a crop to its
own length) the strip refers to itself. The compositor divides every line of
every repaint that way, so every rendered line ended as a reference cycle that
only a garbage collection frees: about 3,000 objects per entity selection,
150,000 between full collections, and full-collection pauses of 200-330 ms
on the 100k-article database. Returning the strip without caching it gives the
same result and leaves nothing for the collector (300 objects per selection).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from rich.segment import Segment
from rich.style import Style
from textual._styles_cache import StylesCache
from textual.strip import Strip


def apply() -> None:
    _colour_cache()
    _strip_self_references()


def _colour_cache() -> None:
    current: Any = StylesCache.__dict__.get("get_inner_outer")
    if not hasattr(current, "cache_info"):  # fixed upstream (or changed): leave it alone
        return
    compute = current.__wrapped__  # the original body, which never reads its first argument
    by_colours = lru_cache(1024)(lambda base_background, background: compute(None, base_background, background))
    StylesCache.get_inner_outer = lambda self, base_background, background: by_colours(  # type: ignore[method-assign,assignment] # a patch of a cached method
        base_background, background
    )


def _strip_self_references() -> None:
    if getattr(Strip.divide, "_storyline_fix", False) or not _refers_to_itself(_divided_whole()):
        return  # applied already, or fixed upstream
    divide, crop_extend = Strip.divide, Strip.crop_extend

    def divide_without_self_reference(self: Strip, cuts: Iterable[int]) -> Sequence[Strip]:
        cuts = list(cuts)
        length = self.cell_length
        if [cut for cut in cuts if cut <= length] == [length]:
            return [self]
        return divide(self, cuts)

    def crop_extend_without_self_reference(self: Strip, start: int, end: int, style: Style | None) -> Strip:
        if start <= 0 and end == self.cell_length:
            return self
        return crop_extend(self, start, end, style)

    divide_without_self_reference._storyline_fix = True  # type: ignore[attr-defined]
    Strip.divide = divide_without_self_reference  # type: ignore[method-assign]
    Strip.crop_extend = crop_extend_without_self_reference  # type: ignore[method-assign]


def _divided_whole() -> Strip:
    strip = Strip([Segment("ab")], 2)
    strip.divide([2])
    strip.crop_extend(0, 2, None)
    return strip


def _refers_to_itself(obj: object, depth: int = 4) -> bool:
    """Whether ``obj`` can reach itself through at most ``depth`` references."""
    seen: set[int] = set()
    frontier = [obj]
    for _ in range(depth):
        frontier = [r for o in frontier for r in gc.get_referents(o) if id(r) not in seen]
        if any(r is obj for r in frontier):
            return True
        seen.update(id(r) for r in frontier)
    return False
