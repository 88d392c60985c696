"""Work-arounds for problems in the Textual release Storyline pins; each stands down once fixed upstream.

``StylesCache.get_inner_outer`` (textual 8.2.8) is an ``lru_cache`` on an
instance method, so its cache keys hold every widget's StylesCache, and with
it that widget's rendered lines, long after the widget is gone: up to 1,024
of them. Each opened and closed search dialog adds a few dozen, the heap grows,
and every full garbage collection pauses the explorer longer (measured on the
100k-article database: 30 ms growing to 120 ms, often enough to reach the 95th
percentile of a keystroke). The value depends on the two colours only, so the
same function is cached on those.
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache


def apply() -> None:
    current = StylesCache.__dict__.get("get_inner_outer")
    if not hasattr(current, "cache_info"):  # fixed upstream (or changed): leave it alone
        return
    compute = current.__wrapped__  # the original body, which never reads its first argument
    by_colours = lru_cache(1024)(lambda base_background, background: compute(None, base_background, background))
    StylesCache.get_inner_outer = lambda self, base_background, background: by_colours(  # type: ignore[method-assign]
        base_background, background
    )
