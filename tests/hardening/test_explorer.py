"""The explorer under hostile text, a read-only database and an ingest running alongside."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.explorer import Explorer
from db.ingest import ingest
from db.schema import open_db
from tests.app.helpers import settle
from tests.hardening.helpers import make_corpus

SIZE = (120, 40)


def _db_with(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "news"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = tmp_path / "s.db"
    report = ingest(open_db(path), [str(folder)], jobs=1)
    assert not report.failed
    return path


async def test_explorer_opens_the_database_read_only(tmp_path):
    path = _db_with(tmp_path, {"a.txt": "Maria Lopez visited Madrid on Tuesday, officials said.\n"})
    db = open_db(path)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.reader is not None
        with app.reader.conn() as conn:
            with pytest.raises(Exception, match="readonly"):
                conn.execute("DELETE FROM documents")
        await pilot.press("r")
        await settle(pilot)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


async def test_refresh_shows_documents_ingested_meanwhile(tmp_path):
    corpus = make_corpus(tmp_path / "news", 3)
    path = tmp_path / "s.db"
    ingest(open_db(path), [str(corpus)], jobs=1)
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "3 documents" in str(app.screen.query_one("#masthead").render())
        more = make_corpus(tmp_path / "more", 4, seed=3)
        writer = open_db(path)
        ingest(writer, [str(more)], jobs=1)  # another writer while the explorer is open
        writer.conn.close()
        await pilot.press("r")
        await settle(pilot)
        assert "7 documents" in str(app.screen.query_one("#masthead").render())


HOSTILE_LINE = "Maria Lopez said in Madrid on Tuesday that [/] and [@click=app.quit]x[/] and \x1b[2J were fine."


async def test_hostile_text_in_the_panes_is_inert(tmp_path):
    path = _db_with(tmp_path, {"a.txt": HOSTILE_LINE + "\n"})
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first timeline item: its line in the source pane
        await settle(pilot)
        assert app.is_running
        shot = app.export_screenshot()
        assert "[@click=app.quit]x[/]" in shot.replace("&#x27;", "'").replace("&#160;", " ")
        await pilot.press("y")  # cite the line: the notification shows it
        await settle(pilot)
        assert app.is_running


NAME = "x [@click=app.quit]y [bold].txt"


@pytest.mark.xfail(strict=True, reason="UI: border titles are parsed as Textual markup, so a document path's "
                                       "'[@click=…]' becomes a live action and vanishes from the title; "
                                       "app/widgets/source.py must set a Text/Content, not a str")
async def test_markup_in_a_document_path_is_shown_literally(tmp_path):
    path = _db_with(tmp_path, {NAME: "Maria Lopez visited Madrid on Tuesday.\n"})
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running
        title = app.screen.query_one("#source")._border_title
        assert title is not None and NAME in title.plain
