"""A resize keeps the source's cursor line in view."""

from __future__ import annotations

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle


async def test_a_resize_keeps_the_source_cursor_on_screen(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "3", *["j"] * 29)  # line 30, near the bottom of a tall pane
        await settle(pilot)
        source = app.screen.query_one("#source")
        assert [r for r in pane_lines(source) if "▶" in r][0].lstrip().startswith("30▶")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert [r for r in pane_lines(source) if "▶" in r][0].lstrip().startswith("30▶")
        await pilot.press("j")
        await settle(pilot)
        assert [r for r in pane_lines(source) if "▶" in r][0].lstrip().startswith("31▶")
