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
