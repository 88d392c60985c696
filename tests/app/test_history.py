"""History (issue 17): back restores the previous view (filters, chips, the chosen item, the cursor); forward redoes."""

from __future__ import annotations

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle

SIZE = (120, 40)


def _title(timeline) -> str:
    title = timeline.border_title
    return title if isinstance(title, str) else title.plain


async def test_back_and_forward_restore_filters_and_the_chosen_item(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        timeline, source = screen.query_one("#timeline"), screen.query_one("#source")
        await pilot.press("j", "j", "enter")  # choose the third row
        await settle(pilot)
        chosen = timeline.row(2)
        chosen_source = pane_lines(source)
        assert any("▶" in r for r in pane_lines(timeline))
        await pilot.press("d")  # hide undated
        await settle(pilot)
        await pilot.press("f")  # events only
        await settle(pilot)
        narrowed_title, narrowed_rows = _title(timeline), pane_lines(timeline)
        assert "dated · events — 2 filters" in narrowed_title
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert "dated — 1 filter · 5 of 7" in _title(timeline)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert _title(timeline) == "1 timeline" and timeline.total == 7
        assert timeline.row(timeline.cursor).ref == chosen.ref  # the cursor back on the chosen row
        assert timeline.chosen_key == chosen.ref and pane_lines(source) == chosen_source
        await pilot.press("ctrl+n", "ctrl+n")
        await settle(pilot)
        assert _title(timeline) == narrowed_title and pane_lines(timeline) == narrowed_rows


async def test_back_undoes_an_entity_selection_and_a_new_step_drops_the_ones_ahead(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        await pilot.press("2", "enter")  # the first entity
        await settle(pilot)
        assert "(4) · esc clears" in _title(timeline) and timeline.total == 4
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert _title(timeline) == "1 timeline" and timeline.total == 7
        assert app.screen.query_one("#entities").chosen_key is None
        await pilot.press("1", "d")  # a new step: forward has nothing left
        await settle(pilot)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert "dated — 1 filter" in _title(timeline)
        await pilot.press("ctrl+o", "ctrl+o")  # past the first step: stays, says so
        await settle(pilot)
        assert _title(timeline) == "1 timeline"
