"""Full garbage collections wait for a pause in the input; the app leaves the collector as it found it."""

from __future__ import annotations

import gc

from app import quiet_gc
from app.explorer import Explorer
from tests.app.helpers import settle


async def test_full_collections_wait_for_quiet_and_the_collector_is_restored(tiny_db, monkeypatch):
    before = gc.get_threshold()
    monkeypatch.setattr(quiet_gc, "MIN_PENDING", 0)  # any backlog is worth a collection
    app = Explorer(tiny_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(quiet_gc.EVERY)  # the collector has started
        assert gc.get_threshold()[2] > before[2]  # automatic full passes are off
        collector = app.collector
        done = collector.collections
        await pilot.press("j")  # input just now: no full pass yet
        collector.tick()
        assert collector.collections == done
        collector.last_input -= quiet_gc.QUIET  # as if the user paused
        collector.tick()
        assert collector.collections == done + 1
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_widgets_styles_cache_is_not_kept_alive_by_textuals_colour_cache():
    import weakref

    from textual._styles_cache import StylesCache
    from textual.color import Color

    from app import textual_fixes

    textual_fixes.apply()
    cache = StylesCache()
    inner, outer = cache.get_inner_outer(Color(10, 20, 30), Color(40, 50, 60, 0.5))
    assert inner.background is not None and outer.background == Color(10, 20, 30)
    gone = weakref.ref(cache)
    del cache
    gc.collect()
    assert gone() is None


def test_a_line_the_compositor_leaves_whole_is_freed_without_the_collector():
    from rich.segment import Segment
    from textual.strip import Strip

    from app import textual_fixes

    textual_fixes.apply()
    gc.collect()
    gc.disable()
    try:
        strip = Strip([Segment("a line", None)], 6)
        assert strip.divide([6]) == [strip]  # what the compositor does with a line it does not cut
        assert strip.crop_extend(0, 6, None) is strip
        assert [s.text for s in strip.divide([2, 6])] == ["a ", "line"]
        assert strip.crop_extend(0, 8, None).text == "a line  "
        del strip
        assert gc.collect() == 0  # nothing was left in a reference cycle
    finally:
        gc.enable()
