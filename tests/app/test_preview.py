"""Preview (issue 17): with v on, the source follows the timeline's cursor without selecting."""

from __future__ import annotations

import asyncio

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle

SIZE = (120, 40)


async def test_v_makes_the_source_follow_the_cursor_without_selecting(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        timeline, source = screen.query_one("#timeline"), screen.query_one("#source")
        await pilot.press("j")
        await asyncio.sleep(0.3)
        await settle(pilot)
        assert source.document is None  # off at start: nothing shown until enter
        await pilot.press("v", "j")
        await asyncio.sleep(0.3)
        await settle(pilot)
        row = timeline.row(timeline.cursor)
        assert source.document is not None and source.document.id == row.document_id
        assert source.border_subtitle == "preview · enter selects"
        assert any(row.text[:20] in line for line in pane_lines(source))
        assert screen.selection.item is None and timeline.chosen_key is None  # not selected
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selection.item == row.ref and timeline.chosen_key == row.ref
