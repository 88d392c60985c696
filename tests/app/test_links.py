"""The three panes linked by selection, read from what each pane shows."""

from __future__ import annotations

from textual.geometry import Region

from app.explorer import Explorer
from tests.app.helpers import pane_lines, pane_text, settle, shown_lines

SIZE = (120, 40)


def panes(app):
    s = app.screen
    return s.query_one("#timeline"), s.query_one("#entities"), s.query_one("#source")


async def test_first_screen_shows_corpus_timeline_and_entities(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        head = str(app.screen.query_one("#masthead").render())
        assert "corpus" in head and "3 documents" in head and "5 entities" in head and "4 events" in head
        timeline, entities, source = panes(app)
        rows = pane_lines(timeline)
        assert [r.split("  ")[0].strip() for r in rows] == [
            "before 2023-09",
            "2023-09 · Wed",
            "2023-09",
            "2023-09-13",
            "2023-09-13",
            "undated",
            "undated",
        ]
        # a claim: its text as written (no added quote marks), the speaker after it, the document
        assert "» Acme denied it — Acme Corp" in rows[2] and rows[2].endswith("beta.txt")
        # a direct quote keeps its own marks; an event is marked •; a fact (nobody said it) is a dim ·
        assert "» This is a milestone, — Jane Roe" in rows[4]
        assert "• Acme Corp said on Wednesday" in rows[3]
        assert "· Pune is a city in India." in rows[5] and "“" not in rows[5] and "—" not in rows[5]
        ent = pane_lines(entities)
        assert ent[0].split()[:5] == ["Acme", "Corp", "ORG", "6", "2"]
        assert "select an item or an entity" in pane_text(source)
        assert app.focused is timeline


async def test_timeline_item_shows_source_line_span_and_marks_entities(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline, entities, source = panes(app)
        await pilot.press("j", "j", "j", "enter")  # 2023-09-13 "Acme Corp said on Wednesday…", alpha.txt line 3
        await settle(pilot)
        assert pane_lines(timeline)[3].split()[1] == "▶"
        text = pane_lines(source)
        assert text[0].startswith("Acme opens a plant in Pune  2023-09-13")
        assert source.border_title == "3 corpus/alpha.txt"
        cursor = [r for r in text if "▶" in r]
        assert cursor and cursor[0].lstrip().startswith("3▶Acme Corp said on Wednesday")
        # the span is highlighted: the source--span style sits on the sentence
        span_style = source.get_component_rich_style("source--span")
        row = source.render_line(text.index(cursor[0]))
        styled = "".join(seg.text for seg in row if seg.style and seg.style.bgcolor == span_style.bgcolor)
        assert styled.startswith("Acme Corp said on Wednesday")
        marked = [r.split()[1] for r in pane_lines(entities) if r.startswith("◆")]
        assert marked == ["Acme", "Pune"]
        assert entities.border_subtitle == "◆ 2 on this item (' steps): Acme Corp, Pune"


async def test_entity_filters_timeline_jumps_to_first_mention_and_walks(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline, entities, source = panes(app)
        await pilot.press("2", "enter")  # Acme Corp
        await settle(pilot)
        rows = pane_lines(timeline)
        assert len(rows) == 4 and all("undated" not in r for r in rows)
        assert "Acme Corp (4)" in timeline.border_title
        assert source.border_subtitle.startswith("Acme Corp 1/6")
        assert [r for r in pane_lines(source) if "▶" in r][0].lstrip().startswith("1▶Acme opens")
        await pilot.press("n")
        await settle(pilot)
        assert source.border_subtitle.startswith("Acme Corp 2/6")
        assert [r for r in pane_lines(source) if "▶" in r][0].lstrip().startswith("3▶Acme Corp said")
        await pilot.press("N", "N")
        await settle(pilot)
        assert source.border_subtitle.startswith("Acme Corp 6/6")  # wraps around to the last mention
        assert source.border_title == "3 corpus/beta.txt"
        await pilot.press("escape")
        await settle(pilot)
        assert len(pane_lines(timeline)) == 7
        assert timeline.border_title == "1 timeline"


async def test_source_line_marks_its_items_and_entities(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline, entities, source = panes(app)
        await pilot.press("enter", "3", "k", "enter")  # first item is alpha.txt line 5; k to line 4
        await settle(pilot)
        cursor = [r for r in pane_lines(source) if "▶" in r][0].lstrip()
        line = int(cursor.split("▶")[0])
        assert line == 4
        marked = [r for r in pane_lines(timeline) if "◆" in r]
        assert len(marked) == 1 and "This is a mileston" in marked[0]
        assert timeline.border_subtitle == "◆ 1 item on line 4"
        assert sorted(r.split()[1] for r in pane_lines(entities) if r.startswith("◆")) == ["Acme", "Jane"]
        assert timeline.cursor == 4  # the timeline moved to the item


async def test_markup_and_control_characters_show_literally(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        source = app.screen.query_one("#source")
        text = pane_text(source)
        assert "[bold]not bold[/bold]" in text and "␇" in text and "\x07" not in text


async def test_undated_document_and_items_say_undated(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("G", "enter")
        await settle(pilot)
        timeline, _, source = panes(app)
        assert pane_lines(timeline)[-1].startswith("undated")
        assert pane_lines(source)[0] == "(untitled)  undated"


async def test_boilerplate_is_dimmed_and_mentions_marked(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        source = app.screen.query_one("#source")
        lines = pane_lines(source)
        boiler = source.render_line(lines.index([r for r in lines if "Share this article" in r][0]))
        dim = source.get_component_rich_style("source--boilerplate")
        assert any(
            seg.text.startswith("Share") and seg.style.italic == dim.italic and seg.style.color == dim.color
            for seg in boiler
        )
        mention = source.get_component_rich_style("source--mention")
        first = source.render_line(1)  # line 1: "Acme opens a plant in Pune"
        assert [
            seg.text for seg in first if seg.style and seg.style.underline and seg.style.color == mention.color
        ] == ["Acme", "Pune"]


async def test_marks_and_cursor_move_on_screen_without_leaving_stale_rows(tiny_db):
    """Marks and the cursor repaint only the rows they leave and reach: none may keep an old mark."""
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline, entities, source = panes(app)
        await pilot.press("j", "j", "j", "enter")  # an item naming Acme Corp and Pune: both marked ◆
        await settle(pilot)

        def marks(pane):
            return [c for row in shown_lines(pane) for c in row if c in "▶◆"]

        assert marks(entities) == ["◆", "◆"] and marks(timeline) == ["▶"]
        await pilot.press("2", "enter")  # choose the first entity: the ◆ go, ▶ on it, none in the timeline
        await settle(pilot)
        assert marks(entities) == ["▶"] and shown_lines(entities)[1].split("│")[1].lstrip().startswith("▶ Acme Corp")
        assert marks(timeline) == []
        await pilot.press("j", "enter")  # the next one: ▶ moves, the first row is plain again
        await settle(pilot)
        rows = [row.split("│")[1] for row in shown_lines(entities)[1:-1]]
        assert rows[0].startswith("  Acme Corp") and rows[1].startswith("▶ ") and marks(entities) == ["▶"]

        cursor = entities.get_component_rich_style("list--cursor")

        def cursor_rows():
            strips = entities.render_lines(Region(0, 0, entities.size.width, entities.size.height))
            return [
                y
                for y, strip in enumerate(strips)
                if any(seg.style and seg.style.bgcolor == cursor.bgcolor for seg in strip)
            ]

        assert cursor_rows() == [2]
        await pilot.press("j", "j")
        await settle(pilot)
        assert cursor_rows() == [4]


async def test_a_theme_change_recolours_the_lists(tiny_db):
    """The lists keep their inherited colours between repaints; a new theme must still reach every row."""
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline, entities, source = panes(app)

        def plain_row_colours(pane):
            padding = list(pane.render_line(2))[-1]  # the end of a row off the cursor, in the pane's own style
            return padding.style.color, padding.style.bgcolor

        before = [plain_row_colours(p) for p in (timeline, entities)]
        app.action_toggle_theme()
        await settle(pilot)
        after = [plain_row_colours(p) for p in (timeline, entities)]
        assert after != before
        assert after == [(p.rich_style.color, p.rich_style.bgcolor) for p in (timeline, entities)]


async def test_a_theme_change_recolours_the_source_at_once(tiny_db):
    """The source keeps its drawn rows until something changes: a new theme must redraw them, without a key."""
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        source = app.screen.query_one("#source")

        def padding_colours():
            padding = list(source.render_line(2))[-1]  # the end of a row, in the pane's own style
            return padding.style.color, padding.style.bgcolor

        before = padding_colours()
        app.action_toggle_theme()
        await settle(pilot)
        assert padding_colours() != before
        assert padding_colours() == (source.rich_style.color, source.rich_style.bgcolor)


async def test_choosing_another_line_drops_the_earlier_span(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline, entities, source = panes(app)
        await pilot.press("j", "j", "j", "enter")  # alpha.txt line 3, its sentence highlighted
        await settle(pilot)
        span = source.get_component_rich_style("source--span")

        def highlighted() -> str:
            return "".join(
                seg.text
                for y in range(source.content_size.height)
                for seg in source.render_line(y)
                if seg.style and seg.style.bgcolor == span.bgcolor
            )

        assert highlighted().startswith("Acme Corp said")
        await pilot.press("3", "j", "enter")  # line 4 chosen: line 3's span is no longer the selection
        await settle(pilot)
        assert timeline.border_subtitle == "◆ 1 item on line 4"
        assert highlighted() == ""


async def test_the_entity_columns_are_named_over_their_numbers(tiny_db):
    for size, heads in (((160, 48), ("type", "mentions", "docs")), ((80, 24), ("mentions",))):
        app = Explorer(tiny_db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            rows = shown_lines(app.screen.query_one("#entities"))
            top, first = rows[0], rows[1]  # the border with its title, and "Acme Corp  ORG  6  2"
            assert top.startswith("╭─ 2 entities ")
            for head in heads:
                assert head in top
            numbers = first.rstrip("│ ").rsplit(" ", 1)
            # the last column's name ends over the last column's numbers
            assert top.index(heads[-1]) + len(heads[-1]) == len(numbers[0]) + 1 + len(numbers[1])
            if "type" in heads:
                assert top.index("type") == first.index("ORG")


async def test_a_document_named_by_a_hash_is_listed_by_its_title(tmp_path):
    from tests.hardening.test_explorer import _db_with

    path = _db_with(
        tmp_path,
        {
            "000_171dad24aabf5317.txt": "title: Plant opens in Pune\ndate: 2023-09-13\n\nAcme said Monday it opened.\n",
            "acme-answers.txt": "title: Acme answers\ndate: 2023-09-14\n\nGlobex said on Tuesday it would not.\n",
        },
    )
    app = Explorer(path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        rows = pane_lines(app.screen.query_one("#timeline"))
        assert any(r.rstrip().endswith("Plant opens in Pune") for r in rows), rows  # not "000…5317.txt"
        assert any(r.rstrip().endswith("acme-answers.txt") for r in rows), rows  # a name that says something


async def test_enter_typed_before_the_choices_arrive_takes_the_typed_name(tiny_db, monkeypatch):
    """A fast typist: `/`, a name, enter, all before the search has answered. Enter waits for the
    answer to what was typed, not the list shown before it (the most mentioned entity)."""
    import time

    from app.screens.search import EntitySearch

    rows = EntitySearch.rows

    def slow(self, query):
        if query:
            time.sleep(0.4)  # a large archive's answer
        return rows(self, query)

    monkeypatch.setattr(EntitySearch, "rows", slow)
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)  # the dialog lists the most mentioned first (Acme Corp highlighted)
        await pilot.press(*"jane", "enter")
        await settle(pilot)
        assert "Jane Roe (" in str(app.screen.query_one("#timeline").border_title)
