"""Wire copies in the explorer: one row per statement with its copies and sources; who carries it, on demand."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from app.explorer import Explorer
from tests.app.helpers import pane_lines, settle, widget_text
from tests.fixtures import archives as fx

SIZE = (160, 40)


@contextlib.asynccontextmanager
async def explorer(db: Path):
    """The explorer on ``db``, settled on its first screen."""
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        yield app, pilot


def dialog_text(app) -> str:
    """The status line and every listed row of the open dialog."""
    options = app.screen.query_one(OptionList)
    rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    return "\n".join([widget_text(app.screen.query_one(".status", Static)), *rows])


@pytest.fixture(scope="module")
def wire_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from db.store.ingest import ingest
    from db.store.open import open_db

    folder = tmp_path_factory.mktemp("wire")
    fx.write_pages(folder / "web")
    db = open_db(folder / "storyline.db")
    report = ingest(db, [str(folder / "web")], jobs=1)
    assert report.added == 3 and not report.failed
    db.conn.close()
    return folder / "storyline.db"


async def test_a_statement_is_one_row_with_its_copies_and_its_sources(wire_db):
    async with explorer(wire_db) as (app, pilot):
        rows = pane_lines(app.screen.query_one("#timeline"))
        quotes = [r for r in rows if "“This is a tur" in r and "»" in r]
        # three documents carry the quote: the original with its copy folded in, and an independent report
        assert len(quotes) == 2
        original = next(r for r in quotes if "also in 1" in r)
        assert "2 sources" in original and "por…ion.html" in original
        assert not [r for r in rows if "val…ote.html" in r and "“This is a tur" in r]
        # the copy's edited sentence is its own row
        assert any("roughly 600" in r for r in rows)


async def test_c_lists_who_carries_the_row_and_enter_opens_one(wire_db):
    async with explorer(wire_db) as (app, pilot):
        timeline = app.screen.query_one("#timeline")
        rows = pane_lines(timeline)
        index = next(i for i, r in enumerate(rows) if "“This is a tur" in r and "also in" in r)
        for _ in range(index):
            await pilot.press("j")
        await pilot.press("c")
        await settle(pilot)
        text = dialog_text(app)
        assert "3 documents in 2 independent groups" in text
        assert "original" in text and "copy" in text and "independent" in text
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        source = app.screen.query_one("#source")
        assert source.document is not None and source.document.doc.endswith("region-economy.html")


async def test_capital_c_lists_corroborated_statements(wire_db):
    async with explorer(wire_db) as (app, pilot):
        await pilot.press("C")
        await settle(pilot)
        text = dialog_text(app)
        assert "1 statement reported by 2 or more independent sources" in text
        assert "2 sources 3 docs" in " ".join(text.split()) and "turning point" in text
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.selection.item is not None and app.screen.selection.item[0] == "claim"
