"""The histogram strip (issue 17): items per period above the timeline, following filters and the cursor."""

from __future__ import annotations

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle, shown_lines

SIZE = (120, 40)


def _strip(app) -> list[str]:
    return [line.rstrip() for line in shown_lines(app.screen.query_one("#histogram"))]


def _title(timeline) -> str:
    title = timeline.border_title
    return title if isinstance(title, str) else title.plain


async def test_the_strip_shows_items_per_year_with_the_cursors_year(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bars, labels = _strip(app)
        assert len(bars.strip()) == 21  # 2000 .. 2020, one cell a year
        assert labels.startswith("2000") and labels.endswith("2020")
        assert "2000: 11 · years" in labels  # lines 1-11 are dated 2000
        cursor = app.screen.query_one("#histogram").get_component_rich_style("histogram--cursor")
        assert app.screen.query_one("#histogram").cursor_period == "2000" and cursor.reverse
        await pilot.press("G")
        await settle(pilot)
        assert "2020: " in _strip(app)[1]


async def test_p_narrows_to_the_cursors_period_and_the_strip_follows(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        await pilot.press("p")
        await settle(pilot)
        assert len(pane_lines(timeline)) == 11
        assert "2000 — 1 filter · 11 of 250" in _title(timeline)
        bars, labels = _strip(app)
        assert len(bars.strip()) == 11 and "months" in labels  # one year shown: months
        await pilot.press("p")  # again: every period
        await settle(pilot)
        assert timeline.total == 250 and len(_strip(app)[0].strip()) == 21


async def test_zoom_keys_and_a_click_on_a_bar(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        bars, labels = _strip(app)
        assert "months" in labels and labels.startswith("2000-02")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "years" in _strip(app)[1]
        await pilot.click("#histogram", offset=(5, 0))  # the sixth year: 2005
        await settle(pilot)
        assert "2005 — 1 filter · 12 of 250" in _title(timeline)
        assert all(row.startswith("2005-") for row in pane_lines(timeline))


async def test_H_hides_and_shows_the_strip(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        strip = app.screen.query_one("#histogram")
        assert strip.display and "undated" in _strip(app)[1]
        await pilot.press("H")
        await settle(pilot)
        assert not strip.display
        await pilot.press("H")
        await settle(pilot)
        assert strip.display


async def test_an_entity_select_brings_its_strip_in_the_same_read_and_a_late_strip_is_not_shown(seeds_db):
    from app.screens.loaders import HistogramRead

    app = Explorer(seeds_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        whole = _strip(app)
        groups: list[str] = []
        load = screen.load
        screen.load = lambda group, loader, *args: (groups.append(group), load(group, loader, *args))[1]
        await pilot.press("2", "enter")
        await settle(pilot)
        assert screen.filter is not None
        assert groups == ["link"]  # no histogram read of its own: one worker, one repaint
        strip = screen.query_one("#histogram")
        dated = sum(n for _, n in strip.bars)
        assert dated and dated == screen.timeline.total - strip.undated  # the entity's items, not the corpus'
        shown = _strip(app)
        assert shown != whole
        # a strip read for the whole timeline, arriving after the select, is not drawn over the entity's
        screen.post_message(HistogramRead(4, [("1999", 5)], 0, None, screen.narrow))
        await settle(pilot)
        assert _strip(app) == shown
