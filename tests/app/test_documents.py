"""The documents view (issue 17): every document, sortable, filtered as you type; enter opens one."""

from __future__ import annotations

from app.explorer import Explorer
from app.screens.documents import DocumentsScreen
from tests.app.helpers import pane_lines, settle

SIZE = (120, 40)


async def test_every_document_sorted_and_filtered_and_enter_opens_it(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert isinstance(app.screen, DocumentsScreen)
        listing = app.screen.query_one("#documents")
        rows = pane_lines(listing)
        assert [r.split()[0] for r in rows] == ["2023-09", "2023-09-13", "undated"]  # by date, undated last
        assert "Acme opens a plant in Pune" in rows[1] and rows[1].rstrip().endswith("alpha.txt")
        assert "2 ev" in rows[1] and "1 cl" in rows[1]
        assert "3 documents" in str(app.screen.query_one(".status").render())
        await pilot.press("ctrl+s")  # by title: no title last
        await settle(pilot)
        rows = pane_lines(listing)
        assert ["Acme" in rows[0], "Globex" in rows[1], "(no title)" in rows[2]] == [True] * 3
        assert "by title" in str(app.screen.query_one(".dialog").border_title)
        await pilot.press("g", "a", "m")
        await settle(pilot)
        rows = pane_lines(listing)
        assert len(rows) == 1 and "gamma.txt" in rows[0]
        assert "1 document matching 'gam'" in str(app.screen.query_one(".status").render())
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, DocumentsScreen)
        source = app.screen.query_one("#source")
        assert source.border_title == "3 corpus/gamma.txt"
        assert any("Pune is a city in India." in line for line in pane_lines(source))


async def test_escape_closes_the_documents_view_and_nothing_changes(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = app.screen.query_one("#source").border_title
        await pilot.press("D")
        await settle(pilot)
        await pilot.press("down", "escape")
        await settle(pilot)
        assert not isinstance(app.screen, DocumentsScreen)
        assert app.screen.query_one("#source").border_title == before


async def test_a_click_selects_a_document_and_a_click_on_it_again_opens_it(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        listing = app.screen.query_one("#documents")
        third = pane_lines(listing)[2]  # by date: the undated one, last
        await pilot.click("#documents", offset=(3, 2))
        await settle(pilot)
        assert isinstance(app.screen, DocumentsScreen) and listing.cursor == 2  # selected, not opened
        await pilot.click("#documents", offset=(3, 2))
        await settle(pilot)
        assert not isinstance(app.screen, DocumentsScreen)
        doc = third.rstrip().split()[-1]
        assert app.screen.query_one("#source").border_title.endswith(doc)


async def test_a_click_on_a_pane_row_selects_the_row_under_the_pointer(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#entities")
        await pilot.click("#entities", offset=(5, 3))  # the border is row 0: the third entity
        await settle(pilot)
        assert pane.cursor == 2
        assert app.screen.entity_id != pane.row(2).id
        await pilot.click("#entities", offset=(5, 3))  # again: chosen, as enter does
        await settle(pilot)
        assert app.screen.entity_id == pane.row(2).id
