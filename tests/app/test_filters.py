"""The timeline's filters (issue 17): each narrows what the pane shows, says so in the title, and pops with escape."""

from __future__ import annotations

from textual.widgets import Input

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle

SIZE = (120, 40)


def _title(timeline) -> str:
    title = timeline.border_title
    return title if isinstance(title, str) else title.plain


async def _open(pilot):
    await settle(pilot)
    return pilot.app.screen.query_one("#timeline")


async def test_kind_cycles_events_claims_facts_and_escape_pops_it(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        timeline = await _open(pilot)
        assert len(pane_lines(timeline)) == 7
        await pilot.press("f")
        await settle(pilot)
        rows = pane_lines(timeline)
        assert len(rows) == 4 and all("•" in r for r in rows)
        assert "events — 1 filter · 4 of 7 · esc pops" in _title(timeline)
        await pilot.press("f")
        await settle(pilot)
        rows = pane_lines(timeline)
        assert len(rows) == 2 and all("»" in r for r in rows)
        assert "claims — 1 filter · 2 of 7" in _title(timeline)
        await pilot.press("f")
        await settle(pilot)
        rows = pane_lines(timeline)
        assert len(rows) == 1 and "Pune is a city in India." in rows[0]
        await pilot.press("escape")
        await settle(pilot)
        assert len(pane_lines(timeline)) == 7 and _title(timeline) == "1 timeline"


async def test_dated_hides_the_undated_and_chips_stack_with_an_entity(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        timeline = await _open(pilot)
        await pilot.press("d")
        await settle(pilot)
        rows = pane_lines(timeline)
        assert len(rows) == 5 and not any("undated" in r for r in rows)
        await pilot.press("2")
        entities = app.screen.query_one("#entities")
        while "Jane Roe" not in pane_lines(entities)[entities.cursor]:
            await pilot.press("j")
        await pilot.press("enter")  # Jane Roe: her items, still dated only
        await settle(pilot)
        rows = pane_lines(timeline)
        assert rows and not any("undated" in r for r in rows) and len(rows) == 2
        assert "dated · Jane Roe — 2 filters · 2 of 7" in _title(timeline)
        await pilot.press("escape")  # the entity goes first: the last applied
        await settle(pilot)
        assert "dated — 1 filter · 5 of 7" in _title(timeline)
        await pilot.press("escape")
        await settle(pilot)
        assert len(pane_lines(timeline)) == 7


async def test_document_and_speaker_filters_take_the_cursor_item(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        timeline = await _open(pilot)
        await pilot.press("o")  # the first row is alpha's
        await settle(pilot)
        rows = pane_lines(timeline)
        assert rows and all("alpha.txt" in r for r in rows) and len(rows) == 3
        assert "alpha.txt — 1 filter · 3 of 7" in _title(timeline)
        await pilot.press("o")
        await settle(pilot)
        assert len(pane_lines(timeline)) == 7
        while "Jane Roe" not in pane_lines(timeline)[timeline.cursor]:
            await pilot.press("j")
        await pilot.press("s")
        await settle(pilot)
        rows = pane_lines(timeline)
        assert len(rows) == 1 and "— Jane Roe" in rows[0]
        assert "said by Jane Roe" in _title(timeline)


async def test_go_to_date_moves_to_the_first_item_at_or_after_it(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=(80, 24)) as pilot:
        timeline = await _open(pilot)
        await pilot.press("at")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one(Input).value = "2010-05"
        await pilot.press("enter")
        await settle(pilot)
        assert timeline.cursor == 123  # line 124 is the first dated 2010-05
        row = pane_lines(timeline)[timeline.cursor - int(timeline.scroll_offset.y)]
        assert row.startswith("2010-05") and "Line 124 says" in row


async def test_go_to_date_refuses_a_bad_date_and_stays_open(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=(80, 24)) as pilot:
        timeline = await _open(pilot)
        await pilot.press("at")
        await settle(pilot)
        dialog = app.screen
        dialog.query_one(Input).value = "2010-13"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dialog and "not a real date" in str(dialog.query_one(".status").render())
        await pilot.press("escape")
        await settle(pilot)
        assert timeline.cursor == 0


async def test_a_orders_by_when_it_was_said_and_rows_show_the_other_date(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=(200, 40)) as pilot:
        timeline = await _open(pilot)
        before = pane_lines(timeline)
        await pilot.press("a")
        await settle(pilot)
        rows = pane_lines(timeline)
        assert "by when said" in _title(timeline)
        docs = [r.split()[-1] for r in rows]
        assert docs == ["beta.txt"] * 2 + ["alpha.txt"] * 3 + ["gamma.txt"] * 2  # by the documents' dates
        assert [r.split()[0] for r in rows[:5]] == ["2023-09"] * 2 + ["2023-09-13"] * 3
        assert rows[-1].startswith("undated")
        assert "about 2023-09" in rows[4]  # its own date differs from its document's
        await pilot.press("d")  # dated on this axis: the undated document's items go
        await settle(pilot)
        assert [r.split()[-1] for r in pane_lines(timeline)] == docs[:5]
        await pilot.press("escape", "a")
        await settle(pilot)
        assert pane_lines(timeline) == before and _title(timeline) == "1 timeline"


async def test_toggling_the_axis_keeps_the_cursor_on_its_item(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        timeline = await _open(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        ref = timeline.row(timeline.cursor).ref
        for _ in range(2):
            await pilot.press("a")
            await settle(pilot)
            assert timeline.row(timeline.cursor).ref == ref
