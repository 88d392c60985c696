"""Edge states: no database, an empty one, and refreshing while another process ingests."""

from __future__ import annotations

import shutil

from app.explorer import Explorer
from app.screens.empty import EmptyScreen
from app.screens.main import MainScreen
from db.store.open import open_db
from tests.app.helpers import pane_lines, settle, widget_text


async def test_no_database_says_how_to_ingest(tmp_path):
    app = Explorer(tmp_path / "missing.db")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        text = widget_text(app.screen.query_one("#empty-message"))
        assert "no database at" in text and "storyline ingest FOLDER" in text


async def test_empty_database_says_how_to_ingest_and_r_tries_again(empty_db, tiny_db):
    app = Explorer(empty_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EmptyScreen)
        assert "holds no documents yet" in widget_text(app.screen.query_one("#empty-message"))
        shutil.copy(tiny_db, empty_db)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_not_a_database_is_explained(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("hello")
    app = Explorer(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "not a Storyline database" in widget_text(app.screen.query_one("#empty-message"))


async def test_r_rereads_what_another_process_ingested(tiny_db, tmp_path):
    path = tmp_path / "live.db"
    shutil.copy(tiny_db, path)
    app = Explorer(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        writer = open_db(path).conn
        with writer:
            writer.execute(
                "INSERT INTO documents (id, path, doc, title, content_hash, encoding, size, line_count, ingested_at)"
                " VALUES (9, '/x/new.txt', 'corpus/new.txt', 'New', 'h9', 'utf-8', 1, 1, 'x')"
            )
            writer.execute("INSERT INTO lines (document_id, number, text) VALUES (9, 1, 'Zeta spoke.')")
            event = writer.execute(
                'INSERT INTO events (document_id, line, "column", length, expression, expression_column,'
                " date, precision, relation, sort_key) VALUES (9, 1, 1, 11, 'x', 1,"
                " '1999-01-01', 'day', 'on', '1999-01-01')"
            ).lastrowid
            writer.execute("INSERT INTO timeline VALUES ('1999-01-01', 9, 1, 1, 0, ?, 0, '~')", (event,))
        writer.close()
        await pilot.press("r")
        await settle(pilot)
        assert "4 documents" in str(app.screen.query_one("#masthead").render())
        assert pane_lines(app.screen.query_one("#timeline"))[0].startswith("1999-01-01")


async def test_another_programs_database_is_not_offered_an_ingest(tmp_path):
    import sqlite3

    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE notes (x)")
    conn.close()
    app = Explorer(path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        # the whole screen as the terminal shows it (the message's own render crops its padding)
        rows = [strip.text.replace("│", " ") for strip in app.screen._compositor.render_strips()]
        text = " ".join(" ".join(rows).split())
        assert "is an SQLite database but not a Storyline one" in text and "is empty" not in text
        # the ingest that would be refused is not suggested; a new file is
        assert f"storyline ingest FOLDER --db {path}" not in text and "ingest FOLDER --db news.db" in text
