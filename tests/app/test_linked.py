"""The entities marked ◆ by a chosen item or line are brought into view, ``'`` steps through them, and a
line's items hidden by the timeline's filter are said to be (issue 16, defect 7)."""

from __future__ import annotations

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle

SMALL = (80, 24)  # the entity pane shows about a dozen rows: the seeds have 25 entities


async def _open_line(pilot, words: str) -> None:
    """Find ``words`` with ctrl+f, open the hit, and select its line in the source (enter)."""
    await pilot.press("ctrl+f", *words, "enter")
    await settle(pilot)
    await pilot.press("enter")  # the hit's line in the source
    await settle(pilot)
    await pilot.press("3", "enter")
    await settle(pilot)


def _marked(entities) -> list[str]:
    return [row[1:].split("  ")[0].strip() for row in pane_lines(entities) if row.startswith("◆")]


async def test_apostrophe_reaches_a_lines_entity_low_in_the_ranking(seeds_db):
    app = Explorer(seeds_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        entities = app.screen.query_one("#entities")
        assert "Rajeev" not in "\n".join(pane_lines(entities))  # ranked far below the first screen
        await _open_line(pilot, "Chandrasekhar")  # the line names Dixon (on screen) and the minister
        subtitle = str(entities.border_subtitle)
        assert subtitle.startswith("◆ 2 on line 5 (' steps): ") and "Rajeev Chandrasekhar" in subtitle
        assert "Rajeev" not in "\n".join(pane_lines(entities))
        await pilot.press("apostrophe", "apostrophe")
        await settle(pilot)
        assert any(m.startswith("Rajeev Chandrasekh") for m in _marked(entities))
        assert entities.current.name == "Rajeev Chandrasekhar"


async def test_an_items_entities_are_brought_into_view(seeds_db):
    app = Explorer(seeds_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        timeline, entities = app.screen.query_one("#timeline"), app.screen.query_one("#entities")
        await pilot.press("G")
        await settle(pilot)
        for _ in range(timeline.total):  # up the timeline to the item naming the minister
            row = timeline.current
            if row is not None and "Chandrasekhar" in row.text:
                break
            await pilot.press("k")
            await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert any(m.startswith("Rajeev Chandrasekh") for m in _marked(entities))


async def test_apostrophe_steps_the_entity_list_through_the_marks_and_enter_selects_one(seeds_db):
    app = Explorer(seeds_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        entities = app.screen.query_one("#entities")
        await _open_line(pilot, "Bombay Stock Exchange")
        linked = [name for _, name in app.screen.linked]
        assert len(linked) >= 5 and "Bombay Stock Exchange" in linked and "Uttar Pradesh" in linked
        seen = []
        for k in range(len(linked) + 1):
            await pilot.press("apostrophe")
            await settle(pilot)
            assert app.focused is entities
            cursor_row = pane_lines(entities)[entities.cursor - int(entities.scroll_offset.y)]
            assert cursor_row.startswith("◆")  # the cursor is on a marked row, on screen
            seen.append(entities.current.name)
            assert str(entities.border_subtitle).startswith(f"◆ {k % len(linked) + 1}/{len(linked)} (' next) ")
            assert str(entities.border_subtitle).endswith(" on line 5")
            footer = app.screen._compositor.render_strips()[-1].text
            assert "? Help" in footer and "q Quit" in footer  # beside the entity list's own keys
        assert seen[:-1] == linked  # most mentioned first, each once
        assert seen[-1] == linked[0]  # then round again
        await pilot.press("apostrophe")  # the second, whichever ranks next
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.filter is not None and app.screen.filter.name == linked[1]
        assert linked[1][:20] in str(app.screen.query_one("#timeline").border_title)


async def test_the_footer_shows_apostrophe_while_something_is_marked(seeds_db):
    app = Explorer(seeds_db)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)

        def footer() -> str:
            return app.screen._compositor.render_strips()[-1].text

        assert " ' " not in footer()
        await pilot.press("enter")  # the first item: its entities are marked
        await settle(pilot)
        assert " ' " in footer() and "? Help" in footer() and "q Quit" in footer()  # bare at 80 columns


async def test_a_lines_items_hidden_by_the_entity_filter_are_said_to_be(seeds_db):
    app = Explorer(seeds_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"Rajeev")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.filter is not None and app.screen.filter.name == "Rajeev Chandrasekhar"
        timeline = app.screen.query_one("#timeline")
        await _open_line(pilot, "Bombay Stock Exchange")  # the event and claim there do not name him
        said = str(timeline.border_subtitle)
        assert said.startswith("◆ ") and "on line 5" in said
        assert "hidden by the filter (esc)" in said
        await pilot.press("escape")  # the filter goes: the same line's items are all shown
        await settle(pilot)
        await pilot.press("3", "enter")
        await settle(pilot)
        assert "hidden" not in str(timeline.border_subtitle)
