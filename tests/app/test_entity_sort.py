"""The entity pane sorts by any of its columns: O cycles them, a click on a column's name in the title
picks one, and the title shows which (its arrow and underline)."""

from __future__ import annotations

from app.explorer import Explorer
from tests.app.helpers import settle, shown_lines

SIZE = (160, 40)


def _names(pane) -> list[str]:
    return [row.name for row in (pane.row(i) for i in range(pane.total)) if row is not None]


async def test_o_and_a_click_on_a_header_sort_the_entities_and_the_title_says_by_what(tiny_db):
    from db import read
    from db.store.open import open_db

    conn = open_db(tiny_db, create=False, readonly=True).conn
    every = read.entities(conn)
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#entities")
        assert "type▼mentions  docs" in shown_lines(pane)[0]  # by mentions, most first
        assert _names(pane) == [e.name for e in every]
        pane.focus()
        await pilot.press("O")  # the next column: documents
        await settle(pilot)
        assert "▼docs" in shown_lines(pane)[0] and "▼mentions" not in shown_lines(pane)[0]
        by_docs = sorted(every, key=lambda e: (-e.documents, e.name, e.id))
        assert _names(pane) == [e.name for e in by_docs]
        title = shown_lines(pane)[0]
        await pilot.click("#entities", offset=(title.index(" name") + 2, 0))  # "name" after the title
        await settle(pilot)
        assert "▲name" in shown_lines(pane)[0]
        assert _names(pane) == [e.name for e in sorted(every, key=lambda e: (e.name.casefold(), e.id))]
        title = shown_lines(pane)[0]
        await pilot.click("#entities", offset=(title.index("type") + 1, 0))
        await settle(pilot)
        assert "▲type" in shown_lines(pane)[0]
        assert [e.type for e in (pane.row(i) for i in range(pane.total)) if e] == sorted(e.type for e in every)
        # choosing an entity places the cursor on it in the order shown
        name = _names(pane)[3]
        await pilot.press("slash", *name, "enter")
        await settle(pilot)
        assert pane.row(pane.cursor).name == name


async def test_o_reaches_the_first_and_last_seen_dates_and_the_rows_show_them(tiny_db):
    from db import read
    from db.store.open import open_db

    conn = open_db(tiny_db, create=False, readonly=True).conn
    every = read.entities(conn)
    assert len({e.first_seen for e in every}) > 1  # two dates among them: the order can be wrong
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one("#entities")
        pane.focus()
        for _ in range(4):  # documents, name, type, then first seen
            await pilot.press("O")
        await settle(pilot)
        lines = shown_lines(pane)
        assert "▲first" in lines[0] and "▲type" not in lines[0]
        first = sorted(every, key=lambda e: (e.first_seen is None, e.first_seen or "", e.id))
        assert _names(pane) == [e.name for e in first]
        top = first[0]
        row = next(line for line in lines[1:] if top.name in line)
        assert row.rstrip("│ ").endswith(top.first_seen)  # the date it is sorted by, at the row's end
        await pilot.press("O")  # last seen: the latest first
        await settle(pilot)
        lines = shown_lines(pane)
        assert "▼last" in lines[0]
        latest = max(e.last_seen or "" for e in every)
        assert next(line for line in lines[1:] if line.strip("│ ")).rstrip("│ ").endswith(latest)
        await pilot.press("O")  # and round to mentions, with no date column
        await settle(pilot)
        lines = shown_lines(pane)
        assert "▼mentions" in lines[0] and not any(top.first_seen in line for line in lines[1:])
