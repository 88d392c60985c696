"""Issue 16's smaller items that had no test of their own: the help scrolls with j/k, and / opens on the
most mentioned entities (before anything is typed)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import OptionList

from app.explorer import Explorer
from app.screens.help import HelpScreen
from app.screens.search import EntitySearch
from tests.app.helpers import settle, widget_text


async def test_the_help_scrolls_with_j_and_k(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        view = app.screen.query_one("#help", VerticalScroll)
        assert view.max_scroll_y > 10  # the keys do not fit 24 rows
        top = app.screen._compositor.render_strips()[2].text
        await pilot.press(*"jjjjj")
        await settle(pilot)
        assert view.scroll_y == 5
        assert app.screen._compositor.render_strips()[2].text != top  # other rows on screen
        await pilot.press(*"kkkkk")
        await settle(pilot)
        assert view.scroll_y == 0 and app.screen._compositor.render_strips()[2].text == top


async def test_slash_opens_with_the_most_mentioned_entities(seeds_db):
    app = Explorer(seeds_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, EntitySearch)
        options = app.screen.query_one(OptionList)
        first = [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]
        assert options.option_count == 25  # every seed entity (at most 50 are listed)
        assert first[0].startswith("Xiaomi  ORG  17 mentions") and first[1].startswith("India")
        assert "25 entities" in widget_text(app.screen.query_one(".status"))
