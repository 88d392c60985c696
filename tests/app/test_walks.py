"""n/N after the reader moved elsewhere: the walk goes on from where one reads, and says so."""

from __future__ import annotations

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle

SIZE = (120, 40)


def cursor_line(source) -> int:
    row = [r for r in pane_lines(source) if "▶" in r][0]
    return int(row.split("▶")[0])


async def test_n_goes_on_from_the_item_chosen_after_a_walk(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        source = app.screen.query_one("#source")
        await pilot.press("slash", *"pune")
        await settle(pilot)
        await pilot.press("enter")  # Pune: 4 mentions, alpha 1 and 3, gamma 1 and 2; the walk is at 1/4
        await settle(pilot)
        assert str(source.border_subtitle).startswith("Pune 1/4")
        # its filtered timeline: alpha:3, then the undated gamma:1 and gamma:2; choose gamma:2
        await pilot.press("1", "j", "j", "enter")
        await settle(pilot)
        assert source.border_title == "3 corpus/gamma.txt" and cursor_line(source) == 2
        assert str(source.border_subtitle) == "Pune · n/N: its mentions from here"  # not the stale "1/4"
        await pilot.press("n")
        await settle(pilot)
        # the mention on the line being read, not alpha:3 after the old position
        assert source.border_title == "3 corpus/gamma.txt" and cursor_line(source) == 2
        assert str(source.border_subtitle).startswith("Pune 4/4")


async def test_n_after_a_line_is_chosen_goes_on_from_that_line(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        source = app.screen.query_one("#source")
        await pilot.press("ctrl+f", *"pune", "enter")
        await settle(pilot)
        await pilot.press("enter")  # alpha:1, hit 1/4
        await settle(pilot)
        assert str(source.border_subtitle).startswith("'pune' 1/4")
        await pilot.press("3", "j", "j", "j", "enter")  # line 4 of alpha, chosen
        await settle(pilot)
        assert str(source.border_subtitle) == "'pune' · n/N: its hits from here"
        await pilot.press("N")  # the hit before line 4: alpha:3, not the last hit (wrapping from 1/4)
        await settle(pilot)
        assert source.border_title == "3 corpus/alpha.txt" and cursor_line(source) == 3
        assert str(source.border_subtitle).startswith("'pune' 2/4")
