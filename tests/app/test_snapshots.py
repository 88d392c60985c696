"""Snapshots of the screens (fixed sizes, no clock): look at the report before updating."""

from __future__ import annotations

from textual.widgets import Input

from app.explorer import Explorer
from tests.app.helpers import settle


async def _ready(pilot) -> None:
    await settle(pilot)


def test_main_screen(snap_compare, seeds_db):
    assert snap_compare(Explorer(seeds_db), terminal_size=(120, 40), run_before=_ready)


def test_entity_selected(snap_compare, seeds_db):
    async def select(pilot):
        await settle(pilot)
        await pilot.press("2", "enter")
        await settle(pilot)

    assert snap_compare(Explorer(seeds_db), terminal_size=(120, 40), run_before=select)


def test_item_selected_narrow(snap_compare, seeds_db):
    async def select(pilot):
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)

    assert snap_compare(Explorer(seeds_db), terminal_size=(80, 24), run_before=select)


def test_markup_literal_and_boilerplate(snap_compare, tiny_db):
    async def select(pilot):
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(Explorer(tiny_db), terminal_size=(120, 40), run_before=select)


def test_help_screen(snap_compare, seeds_db):
    async def help_(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(Explorer(seeds_db), terminal_size=(120, 40), run_before=help_)


def test_evidence_board(snap_compare, tiny_copy):
    """The board with a line marked with a note and tags, a mention, and a mark whose text is gone."""
    import sqlite3

    from db.store import marks

    conn = sqlite3.connect(tiny_copy)
    marks.add(conn, 1, 3, note="the plant: when, and who said it", tags=["plant", "Acme"])
    marks.add(conn, 1, 4, 39)  # the mention "Acme" in "Acme chief executive"
    gone = marks.add(conn, 2, 4, note="a denial")
    with conn:
        conn.execute("UPDATE marks SET text = 'Acme denied everything.', moved = 1 WHERE id = ?", (gone,))
    conn.close()

    async def board(pilot):
        await settle(pilot)
        await pilot.press("M")
        await settle(pilot)

    assert snap_compare(Explorer(tiny_copy), terminal_size=(120, 30), run_before=board)


def test_empty_state(snap_compare, empty_db):
    # the message names the database path: give it a fixed one
    assert snap_compare(_FixedPathExplorer(empty_db), terminal_size=(120, 40), run_before=_ready)


class _FixedPathExplorer(Explorer):
    def action_reload(self) -> None:
        from app.screens.empty import EmptyScreen

        self.push_screen(EmptyScreen("storyline.db holds no documents yet", "storyline.db"))


def test_filtered_timeline_with_histogram_80x24(snap_compare, long_db):
    async def narrow(pilot):
        await settle(pilot)
        await pilot.press("d", "p")  # dated, then the cursor's year: chips, counts and a month strip
        await settle(pilot)

    assert snap_compare(Explorer(long_db), terminal_size=(80, 24), run_before=narrow)


def test_documents_view_200x60(snap_compare, tiny_db):
    async def documents(pilot):
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        pilot.app.screen.query_one(Input).cursor_blink = False  # a blinking cursor is drawn or not by the clock
        await settle(pilot)

    assert snap_compare(Explorer(tiny_db), terminal_size=(200, 60), run_before=documents)
