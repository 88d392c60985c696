"""The explorer under hostile text, a read-only database and an ingest running alongside."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.explorer import Explorer
from db.store.ingest import ingest
from db.store.open import open_db
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
        with app.reader.conn() as conn, pytest.raises(Exception, match="readonly"):
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


# --- hostile text everywhere the explorer shows or takes text -------------------------------

ESCAPES = "\x1b[2J \x1b]52;c;aGVsbG8=\x07 bell\x07"
MARKUP = "[@click=app.quit]quit[/] [link=file:///etc/passwd]x[/link]"
INVISIBLE = "\u202eevil\u202c zero\u200bwidth"
HOSTILE = f"Pune {ESCAPES} {MARKUP} {INVISIBLE}"
RAW = ("\x1b", "\x07", "\u202e", "\u202c", "\u200b")  # must never reach the terminal
SHOWN = (
    "␛[2J",
    "␛]52;c;aGVsbG8=␇",
    "bell␇",
    "[@click=app.quit]quit[/]",
    "[link=file:///etc/passwd]x[/link]",
    "<U+202E>evil<U+202C>",
    "zero<U+200B>width",
)


def _hostile_db(tmp_path: Path) -> Path:
    """The hand-made app database with hostile text in a line, a title, an entity name and a path."""
    from tests.app.fixture_db import build

    path = build(tmp_path / "hostile.db")
    conn = open_db(path).conn
    with conn:
        conn.execute("UPDATE lines SET text = ? WHERE document_id = 1 AND number = 6", (HOSTILE,))
        conn.execute("UPDATE documents SET title = ? WHERE id = 1", (f"Acme [b]{ESCAPES}[/b] {INVISIBLE}",))
        conn.execute("UPDATE documents SET doc = ? WHERE id = 2", (f"corpus/{MARKUP} {ESCAPES}.txt",))
        conn.execute("UPDATE entities SET name = ? WHERE id = 1", (f"Acme {MARKUP} {ESCAPES}",))
        conn.execute("UPDATE aliases SET name = ? WHERE entity_id = 1 AND name = 'Acme Corp'", (f"Acme {MARKUP}",))
    conn.close()
    return path


def _screen_rows(app) -> list[str]:
    """What the terminal would show, row by row (the whole composed screen)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def _assert_inert(app, *shown: str) -> str:
    assert app.is_running and app.theme == "textual-dark"
    screen = "\n".join(_screen_rows(app))
    for raw in RAW:
        assert raw not in screen, f"{raw!r} reached the screen"
    for text in shown:
        assert text in screen, f"{text!r} not shown"
    return screen


async def test_hostile_text_is_shown_literally_and_nothing_acts(tmp_path, monkeypatch):
    from textual import events
    from textual.widgets import OptionList

    from app.screens.main import MainScreen
    from tests.app.helpers import pane_lines

    copied: list[str] = []
    app = Explorer(_hostile_db(tmp_path))
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        # the first item is alpha.txt line 5: line 6 (hostile) and the hostile title show in the source
        await pilot.press("enter")
        await settle(pilot)
        _assert_inert(app, *SHOWN, "bell␇[/b] <U+202E>evil")
        source = app.screen.query_one("#source")
        assert "[b]" in pane_lines(source)[0]  # the title's markup is text
        # the hostile path: in the timeline and, opened, in the source title
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        title = source._border_title.plain  # the path, cut on the left to fit: its end shows, inert
        assert title.startswith("3 ") and title.endswith("␛]52;c;aGVsbG8=␇ bell␇.txt") and "\x1b" not in title
        _assert_inert(app, "[@click=app.quit]quit[/]")
        # the hostile entity name: the list, the filtered timeline's title, the mention walk, the item marks
        await pilot.press("2", "enter", "n")
        await settle(pilot)
        # the list cuts a long name to its column (issue 16): what shows is the markup as text
        _assert_inert(app, "Acme [@click=app.quit]quit[/] [link=file:///etc/passwd]x[/lin…")
        assert "Acme [@click=app.quit]quit[… (4)" in app.screen.query_one("#timeline")._border_title.plain
        assert source._border_subtitle.plain.startswith("Acme [@click=app.quit]quit[…")
        assert "2/6 · n/N" in source._border_subtitle.plain
        await pilot.press("y")  # a citation of the hostile line's neighbour: shown as it is
        await settle(pilot)
        assert app.is_running and copied
        await pilot.press("escape", "3", "g", *"jjjjj", "y")  # line 6: the hostile line itself
        await settle(pilot)
        assert copied[-1].startswith("corpus/alpha.txt:6") and ESCAPES in copied[-1]  # the clipboard gets the text
        assert any("␛]52;c;aGVsbG8=␇" in str(n.message) and "\x1b" not in str(n.message) for n in app._notifications)
        _assert_inert(app)

        # typed (pasted) into the entity search: searched literally, the prompt and status inert
        await pilot.press("slash")
        await settle(pilot)
        app.post_message(events.Paste(HOSTILE))  # as the terminal sends a paste
        await settle(pilot)
        _assert_inert(app, "no entity matches")
        await pilot.press("escape")
        await pilot.press("slash", *"acme")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert MARKUP in options.get_option_at_index(0).prompt.plain
        _assert_inert(app, f"Acme {MARKUP} ␛[2J")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

        # typed into the text search: FTS syntax and escapes are just words; the hit is shown inert
        await pilot.press("ctrl+f")
        await settle(pilot)
        app.post_message(events.Paste(HOSTILE))  # as the terminal sends a paste
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        _assert_inert(app, "alpha.txt", "    6  ", "[link=file:///etc/passwd]x[/link]")
        await pilot.press("enter")
        await settle(pilot)
        _assert_inert(app, "1/1 · n/N", "zero<U+200B>width")
        assert app.screen.query_one("#source").cursor == 6

        # and the palette: an entity and a document with hostile names
        await pilot.press("ctrl+p", *"acme")
        await pilot.pause(0.6)
        # the list cuts a long name to its column (issue 16): what shows is the markup as text
        _assert_inert(app, "Acme [@click=app.quit]quit[/] [link=file:///etc/passwd]x[/lin…")
        await pilot.press("escape")
        await settle(pilot)
    assert app.return_code in (None, 0)  # nothing quit the app


# --- a huge single line ---------------------------------------------------------------------

BIG = 5_000_000


def _huge_line_db(tmp_path: Path) -> Path:
    """One document whose line 2 is 5 MB, with an event deep inside it and mentions at both ends."""
    from tests.app.fixture_db import _fill_timeline

    path = tmp_path / "huge.db"
    conn = open_db(path).conn
    word = "Omega grew. "
    line = (word * (BIG // len(word) + 1))[:BIG]
    deep = 4_000_001 - (4_000_000 % len(word))  # a 1-based column where a "Omega grew." starts
    assert line[deep - 1 : deep - 1 + 11] == "Omega grew."
    with conn:
        conn.execute(
            "INSERT INTO documents (id, path, doc, title, date, precision, content_hash, encoding, size,"
            " line_count, ingested_at) VALUES (1, '/h/huge.txt', 'h/huge.txt', 'Huge', '2020-01-01', 'day', 'h',"
            " 'utf-8', ?, 3, 'x')",
            (BIG,),
        )
        conn.executemany(
            "INSERT INTO lines (document_id, number, text) VALUES (1, ?, ?)",
            [(1, "Before the flood."), (2, line), (3, "After the flood.")],
        )
        conn.execute(
            "INSERT INTO entities (id, name, type, key, mentions, documents) VALUES (1, 'Omega', 'ORG', 'omega', 2, 1)"
        )
        conn.execute("INSERT INTO aliases (entity_id, name) VALUES (1, 'Omega')")
        conn.executemany(
            'INSERT INTO mentions (entity_id, document_id, line, "column", length) VALUES (1, 1, 2, ?, 5)',
            [(1,), (deep,)],
        )
        conn.execute(
            'INSERT INTO events (id, document_id, line, "column", length, expression, expression_column,'
            " date, precision, relation, sort_key) VALUES (1, 1, 2, ?, 11, 'x', ?, '2020-01-01', 'day', 'on',"
            " '2020-01-01')",
            (deep, deep),
        )
        conn.execute("INSERT INTO event_entities VALUES (1, 1)")
        _fill_timeline(conn)
    conn.close()
    return path


async def test_a_5_mb_line_opens_scrolls_and_highlights_clipped(tmp_path):
    from tests.app.helpers import pane_lines

    app = Explorer(_huge_line_db(tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the event 4 MB into line 2: the window of the line around it
        await settle(pilot)
        source = app.screen.query_one("#source")
        rows = pane_lines(source)
        cursor = [r for r in rows if "▶" in r][0]
        assert cursor.lstrip().startswith("2▶…")  # clipped before the window: an ellipsis first
        span = source.get_component_rich_style("source--span")
        highlighted = "".join(
            seg.text
            for y in range(source.content_size.height)
            for seg in source.render_line(y)
            if seg.style and seg.style.bgcolor == span.bgcolor
        )
        assert "Omega grew." in highlighted
        # (ctrl+u on the tall line 2 scrolls inside it: home goes back to line 1)
        await pilot.press("3", "j", "k", "k", "G", "g", "ctrl+d", "ctrl+u", "home", "enter")
        await settle(pilot)
        rows = pane_lines(source)
        assert rows[1].lstrip().startswith("1▶Before the flood.")
        await pilot.press("j")  # line 2 at the top: its rows fill the pane, the last counts what is not shown
        rows = pane_lines(source)
        assert rows[1].lstrip().startswith("2▶…")
        assert rows[1].split("▶")[1].startswith("…(3,999,")  # where the clipped window starts, counted
        assert rows[-1].strip().startswith("… ") and rows[-1].strip().endswith(" characters below · j")
        assert 900_000 < int(rows[-1].split()[1].replace(",", "")) < BIG
        assert app.screen.query_one("#timeline").border_subtitle == "nothing dated on line 1"
        await pilot.press("2", "enter", "n")  # the entity's mentions, one at each end of the line
        await settle(pilot)
        assert "2/2" in source.border_subtitle
        assert [r for r in pane_lines(source) if "▶" in r][0].lstrip().startswith("2▶…")
        await pilot.press("y")
        await settle(pilot)
        assert app.is_running


# --- crashes found by attack: each must leave the explorer running -------------------------------

CRASH_DOCS = {
    "a.txt": "Maria Lopez visited Madrid on Tuesday, officials said.\n",
    "b.txt": "John Smith met Maria Lopez in Paris on Monday.\n",
}


@pytest.mark.parametrize("opener", ["slash", "ctrl+f"])
async def test_enter_pressed_three_times_fast_in_a_search_dialog_dismisses_once(tmp_path, opener):
    from textual.widgets import Input

    path = _db_with(tmp_path, CRASH_DOCS)
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press(opener)
        await settle(pilot)
        app.screen.query_one(Input).value = "maria"
        await settle(pilot)
        if opener == "ctrl+f":
            await pilot.press("enter")  # search
            await settle(pilot)
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert app.is_running and len(app.screen_stack) == 2  # the main screen, nothing popped from under it
        await pilot.press("j")


@pytest.mark.parametrize("opener", ["slash", "ctrl+f", "document"])
async def test_a_huge_paste_into_a_search_is_capped(tmp_path, opener):
    from textual import events
    from textual.widgets import Input

    from db.read.sql import MAX_SEARCH_CHARS

    path = _db_with(tmp_path, CRASH_DOCS)
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if opener == "document":
            app.screen.action_document_search()
        else:
            await pilot.press(opener)
        await settle(pilot)
        box = app.screen.query_one(Input)
        app.post_message(events.Paste("ma%_" * 20_000))  # 80,000 characters: past SQLite's LIKE limit
        await settle(pilot)
        assert len(box.value) == MAX_SEARCH_CHARS
        await pilot.press("enter")
        await settle(pilot)
        assert app.is_running


@pytest.mark.parametrize("change", ["deleted", "replaced by another file", "emptied"])
async def test_the_database_changed_under_the_explorer_is_said_and_reopened(tmp_path, change):
    path = _db_with(tmp_path, CRASH_DOCS)
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if app.reader is not None:
            app.reader.close()  # idle connections gone: the next read opens the file as it is now
        for extra in ("", "-wal", "-shm"):
            Path(f"{path}{extra}").unlink(missing_ok=True)
        if change == "replaced by another file":
            path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
        elif change == "emptied":
            path.write_bytes(b"")
        for key in ("r", "j", "enter", "tab", "j", "enter", "r"):
            await pilot.press(key)
            await settle(pilot)
            assert app.is_running
        screens = type(app.screen).__name__
        messages = [str(n.message) for n in app._notifications]
        assert screens == "EmptyScreen" or any("could not be read" in m for m in messages), (screens, messages)
    assert app.return_code in (None, 0)


def test_a_crash_exits_non_zero(tmp_path, monkeypatch):
    from app.explorer import run_explorer

    path = _db_with(tmp_path, CRASH_DOCS)

    def broken(self):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Explorer, "action_reload", broken)
    assert run_explorer(str(path), headless=True) == 1


WIDE_TEXT = (
    "date 2024-03-05\n\nWide 北京市政府 and 東京都 text\n\n"
    "Maria Lopez 👩‍👩‍👧‍👦 met 🇫🇷 John Smith in Paris\twith\ttabs and a form\x0cfeed.\n"
    + "e"
    + "\u0301" * 40
    + " combining only: "
    + "\u0301\u0302\u0303" * 30
    + "\n"
    + "old mac line one\rold mac line two\r\n"
    + "Tokyo "
    + "東" * 300
    + " said Maria Lopez.\n"
    + "Maria Lopez "
    + "\u202e\u2066" * 20
    + " bidi.\n"
)


async def test_every_row_is_exactly_the_screen_width_with_wide_and_odd_characters(tmp_path):
    """Wide CJK, emoji ZWJ sequences and flags, tabs, form feeds, combining marks, CR-only line ends,
    bidi controls: no row grows past the terminal (a border pushed out)."""
    from rich.cells import cell_len

    path = _db_with(tmp_path, {"wide.txt": WIDE_TEXT, "名前\t[bold]\u202ex.txt": WIDE_TEXT})
    app = Explorer(path)
    width = SIZE[0]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in ([], ["enter"], ["j", "enter"], ["2", "enter"], ["3", "j", "j", "j", "enter"], ["tab", "j"]):
            for key in keys:
                started = asyncio.get_running_loop().time()
                await pilot.press(key)
                await settle(pilot)
                assert asyncio.get_running_loop().time() - started < 5  # keeps answering (loaded machine)
            strips = app.screen._compositor.render_strips()
            assert len(strips) == SIZE[1]
            for n, strip in enumerate(strips):
                assert strip.cell_length == width, (keys, n, strip.text)
                assert cell_len(strip.text) == width, (keys, n, strip.text)
        assert app.is_running


async def test_a_document_of_10_000_entities_and_a_very_long_entity_name_keeps_every_row_its_width(tmp_path):
    """A crafted (or merely crowded) database: 10,000 entities mentioned in one document, one of them
    named by 3,000 wide and joined characters. Every row stays exactly the terminal's width and
    every key answers."""
    from rich.cells import cell_len

    path = _db_with(tmp_path, {"crowd.txt": "date 2024-03-05\n\nCrowd\n\nMaria Lopez met John Smith in Paris.\n"})
    long_name = "北京👩‍👩‍👧‍👦\u0301\t" * 500
    with sqlite3.connect(path) as conn:
        (doc_id,) = conn.execute("SELECT id FROM documents").fetchone()
        (line,) = conn.execute("SELECT line FROM mentions WHERE document_id = ? LIMIT 1", (doc_id,)).fetchone()
        names = [long_name, *(f"Person Number {i}" for i in range(10_000))]
        for i, name in enumerate(names):
            cur = conn.execute(
                "INSERT INTO entities (name, type, key, mentions, documents) VALUES (?, 'PERSON', ?, 1, 1)",
                (name, f"crafted {i}"),
            )
            conn.execute("INSERT INTO aliases (entity_id, name) VALUES (?, ?)", (cur.lastrowid, name))
            conn.execute(
                'INSERT INTO mentions (document_id, line, "column", entity_id, length) VALUES (?, ?, 1, ?, 5)',
                (doc_id, line, cur.lastrowid),
            )
    app = Explorer(path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in ([], ["2"], ["2", "enter"], ["2", "G", "enter"], ["1", "enter"], ["3", "j", "enter"]):
            for key in keys:
                started = asyncio.get_running_loop().time()
                await pilot.press(key)
                await settle(pilot)
                assert asyncio.get_running_loop().time() - started < 5  # keeps answering (loaded machine)
            strips = app.screen._compositor.render_strips()
            assert len(strips) == SIZE[1]
            for n, strip in enumerate(strips):
                assert strip.cell_length == SIZE[0], (keys, n, strip.text)
                assert cell_len(strip.text) == SIZE[0], (keys, n, strip.text)
        assert app.is_running
