"""Marks in the explorer: m marks what is selected (with a note), M opens the evidence board (enter jumps,
e edits the note, d removes, x exports), and the marks outlive quitting."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Input, OptionList

from app.explorer import Explorer
from app.screens.marks import BoardScreen, TextPrompt
from db import read
from db.store import marks
from tests.app.helpers import settle, shown_lines

SIZE = (120, 40)


def _marks(path: Path) -> list[read.MarkRow]:
    conn = sqlite3.connect(path)
    try:
        return read.marks(conn)
    finally:
        conn.close()


def _screen_text(app) -> str:
    """What the terminal shows now, the words of every row joined by single spaces."""
    return " ".join(" ".join(strip.text for strip in app.screen._compositor.render_strips()).split())


def _shown(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def _note(pilot, text: str) -> None:
    await settle(pilot)
    assert isinstance(pilot.app.screen, TextPrompt)
    for key in text:
        await pilot.press("space" if key == " " else key)
    await pilot.press("enter")
    await settle(pilot)


async def test_m_marks_the_timeline_item_under_the_cursor_with_a_note(tiny_copy):
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        row = app.screen.timeline.row(app.screen.timeline.cursor)
        await pilot.press("m")
        await settle(pilot)
        assert "Mark this " in _screen_text(app)
        await _note(pilot, "key quote")
        assert any(m.startswith("marked 1: ") for m in _shown(app))
    (mark,) = _marks(tiny_copy)
    assert (mark.doc, mark.line, mark.column, mark.text) == (row.doc, row.line, row.column, row.text)
    assert mark.kind == row.kind and mark.note == "key quote"


async def test_m_in_the_source_marks_the_cursor_line_and_escape_cancels(tiny_copy):
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first item: its document in the source
        await settle(pilot)
        await pilot.press("3", "m", "escape")
        await settle(pilot)
        assert _marks(tiny_copy) == []
        await pilot.press("j", "m")
        await settle(pilot)
        assert "Mark line" in _screen_text(app)
        await pilot.press("enter")  # no note
        await settle(pilot)
        source = app.screen.source
        doc, line = source.document, source.cursor
    (mark,) = _marks(tiny_copy)
    assert (mark.doc, mark.line, mark.column, mark.kind, mark.note) == (doc.doc, line, 1, "line", None)


async def test_m_on_an_entity_marks_its_shown_mention(tiny_copy):
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)
        mention = app.screen.mention
        name = app.screen.filter.name
        await pilot.press("m")
        await _note(pilot, "who")
    (mark,) = _marks(tiny_copy)
    assert (mark.line, mark.column, mark.kind) == (mention.line, mention.column, "entity")
    assert mark.text in {name, *read.entity(sqlite3.connect(tiny_copy), mention.entity_id).aliases}


def _add(path: Path, doc_id: int, line: int, note: str | None = None, tags: tuple[str, ...] = ()) -> int:
    conn = sqlite3.connect(path)
    try:
        return marks.add(conn, doc_id, line, note=note, tags=tags)
    finally:
        conn.close()


async def test_the_board_lists_jumps_edits_and_removes(tiny_copy):
    _add(tiny_copy, 1, 3, "the plant", ("plant",))
    _add(tiny_copy, 2, 4, "a denial")
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        text = _screen_text(app)
        assert "2 marks" in text and "the plant" in text and "tags: plant" in text and "a denial" in text
        # e: edit the note
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(Input).value = "the new plant"
        await pilot.press("enter")
        await settle(pilot)
        assert "the new plant" in _screen_text(app)
        # d: remove the second mark
        await pilot.press("down", "d")
        await settle(pilot)
        assert "1 mark" in _screen_text(app) and "a denial" not in _screen_text(app)
        # enter: jump to the first in the source
        await pilot.press("enter")
        await settle(pilot)
        source = app.screen.source
        assert (source.document.id, source.cursor) == (1, 3)
        assert str(source.border_subtitle) == "mark 1" and app.focused is source
        # M again, then escape: back where we were
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, BoardScreen)
    assert [(m.id, m.note) for m in _marks(tiny_copy)] == [(1, "the new plant")]


async def test_the_board_exports_a_memo(tiny_copy, tmp_path):
    _add(tiny_copy, 1, 3, "the plant")
    memo = tmp_path / "memo.md"
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        app.screen.query_one(Input).value = str(memo)
        await pilot.press("enter")
        await settle(pilot)
        assert any(f"wrote {memo}" in m for m in _shown(app))
    text = memo.read_text(encoding="utf-8")
    assert "`corpus/alpha.txt:3:1`" in text and "Note: the plant" in text


async def test_an_empty_board_says_how_to_mark(tiny_copy):
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert "no marks yet: m marks what is selected" in _screen_text(app)
        assert app.screen.query_one(OptionList).option_count == 0
        await pilot.press("e", "d", "enter")  # nothing to act on: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)


async def test_marks_outlive_quitting(tiny_copy):
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await _note(pilot, "kept")
        await pilot.press("q")
    again = Explorer(tiny_copy)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        assert "kept" in _screen_text(again)


async def test_a_read_only_database_opens_and_says_marks_need_a_writable_one(tiny_copy, monkeypatch):
    """Simulated as tests/hardening/test_database.py does: as root every file is writable."""
    from app.screens import marks as screen_marks
    from db.store.connection import connect

    monkeypatch.setattr(screen_marks, "connect", lambda p: connect(p, readonly=True))
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await _note(pilot, "no")
        assert any("marks need a writable database" in m and "read-only" in m for m in _shown(app))
    assert _marks(tiny_copy) == []


async def test_a_served_explorer_without_writable_keeps_no_marks(tiny_copy, monkeypatch):
    """`storyline serve` without --writable: a visitor's m says why and writes nothing."""
    monkeypatch.setenv("STORYLINE_READONLY", "1")
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await _note(pilot, "kept?")
        assert any("served read-only" in m and "--writable" in m for m in _shown(app))
    assert _marks(tiny_copy) == []


async def test_delete_removes_and_m_closes_the_board(tiny_copy):
    _add(tiny_copy, 1, 3, "one")
    _add(tiny_copy, 3, 1, "two")
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("delete")
        await settle(pilot)
        assert "1 mark" in _screen_text(app) and "note: one" not in _screen_text(app)
        await pilot.press("M")
        await settle(pilot)
        assert not isinstance(app.screen, BoardScreen)
    assert [m.note for m in _marks(tiny_copy)] == ["two"]


def _starred(widget) -> list[str]:
    return [line for line in shown_lines(widget) if "★" in line]


async def test_a_marked_item_shows_a_star_in_the_timeline_and_its_line_in_the_source_gutter(tiny_copy):
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert _starred(screen.timeline) == [] and _starred(screen.source) == []
        await pilot.press("j")
        row = screen.timeline.row(screen.timeline.cursor)
        await pilot.press("m")
        await _note(pilot, "kept")
        await pilot.press("enter")  # its document in the source, at its line
        await settle(pilot)
        on_line = [
            i
            for i in range(screen.timeline.total)
            if (r := screen.timeline.row(i)) and r.line == row.line and r.document_id == row.document_id
        ]
        starred = _starred(screen.timeline)
        assert len(starred) == len(on_line) >= 1
        assert any(row.date and row.date[:4] in line for line in starred)
        (gutter,) = _starred(screen.source)
        assert gutter.lstrip("│ ").startswith(f"★{str(row.line).rjust(len(str(screen.source.line_count)))}")


async def test_marks_made_before_show_on_opening_and_go_when_removed_on_the_board(tiny_copy):
    _add(tiny_copy, 1, 3, "the plant")
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.timeline.kept == {(1, 3)}
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("enter")  # jump to it: its line in the source has the star
        await settle(pilot)
        (gutter,) = _starred(screen.source)
        assert "★3▶Acme" in gutter
        await pilot.press("M")
        await settle(pilot)
        await pilot.press("d", "escape")
        await settle(pilot)
        assert _starred(screen.source) == [] and _starred(screen.timeline) == []


async def test_the_board_filters_by_tag_and_says_how_many_of_all(tiny_copy, tmp_path):
    _add(tiny_copy, 1, 3, "the plant", ("plant", "Acme"))
    _add(tiny_copy, 2, 4, "a denial", ("denial",))
    _add(tiny_copy, 3, 1, "another plant", ("Plant",))
    memo = tmp_path / "plant.md"
    app = Explorer(tiny_copy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)
        board = app.screen
        assert "3 marks" in _screen_text(app)
        await pilot.press("t", *"pla")
        await settle(pilot)
        text = _screen_text(app)
        assert "Evidence board · tag pla: 2 of 3" in text
        assert "the plant" in text and "another plant" in text and "a denial" not in text
        await pilot.press("right", "enter")  # completes the tag, back to the list
        await settle(pilot)
        assert "tag plant: 2 of 3" in _screen_text(app).lower() and board.focused is board.query_one(OptionList)
        await pilot.press("x")  # the filter names a tag: the memo is its marks
        await settle(pilot)
        assert "the marks tagged plant" in _screen_text(app).lower()
        app.screen.query_one(Input).value = str(memo)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("t", *"zz")
        await settle(pilot)
        assert "no mark has a tag starting 'zz' (of 3)" in _screen_text(app)  # t selects the filter's text
        await pilot.press("escape")  # back to the list, the board stays
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    text = memo.read_text(encoding="utf-8")
    assert "the plant" in text and "another plant" in text and "a denial" not in text
