"""Who appears with whom (issue 17): the selected entity's companions, and the items naming both."""

from __future__ import annotations

from textual.widgets import OptionList

from app.explorer import Explorer
from app.screens.together import AppearsWithDialog
from tests.app.helpers import pane_lines, settle

SIZE = (120, 40)


def _title(timeline) -> str:
    title = timeline.border_title
    return title if isinstance(title, str) else title.plain


async def test_appears_with_lists_companions_and_enter_narrows_to_items_naming_both(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        await pilot.press("2", "enter")  # Acme Corp
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert isinstance(app.screen, AppearsWithDialog)
        options = app.screen.query_one(OptionList)
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert [s.split()[-2] for s in shown] == ["Pune", "Roe", "Globex"]
        assert shown[0].split()[:4] == ["2", "lines", "1", "docs"]
        await pilot.press("down", "down", "enter")  # Globex
        await settle(pilot)
        rows = pane_lines(timeline)
        assert len(rows) == 2 and all("beta.txt" in r for r in rows)
        assert "Acme Corp · with Globex — 2 filters · 2 of 7" in _title(timeline)
        await pilot.press("escape")
        await settle(pilot)
        assert timeline.total == 4 and "Acme Corp (4)" in _title(timeline)


async def test_appears_with_needs_a_selected_entity(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert not isinstance(app.screen, AppearsWithDialog)
