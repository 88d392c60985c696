"""r after a re-ingest: the document being read is read again, its span found again by its text."""

from __future__ import annotations

from pathlib import Path

from app.explorer import Explorer
from db.store.ingest import ingest
from db.store.open import open_db
from tests.app.helpers import pane_lines, settle

SENTENCE = "Acme Corp said on Wednesday that it will open a plant in Pune."
BODY = f"date: 2023-09-13\n\nAcme opens a plant\n\n{SENTENCE}\n"


def _ingest(folder: Path, db_path: Path) -> None:
    db = open_db(db_path)
    report = ingest(db, [str(folder)], jobs=1)
    assert not report.failed
    db.conn.close()


def cursor_row(source) -> str:
    return [r for r in pane_lines(source) if "▶" in r][0].lstrip()


def span_text(source) -> str:
    """The highlighted characters below the header, rows joined (a wrap drops the space it falls on)."""
    style = source.get_component_rich_style("source--span")
    return "".join(
        seg.text.replace(" ", "")
        for y in range(1, source.content_size.height)
        for seg in source.render_line(y)
        if seg.style and seg.style.bgcolor == style.bgcolor
    )


async def test_r_after_a_re_ingest_finds_the_span_again_and_reads_the_new_lines(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(BODY)
    db_path = tmp_path / "storyline.db"
    _ingest(folder, db_path)
    app = Explorer(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        timeline, source = app.screen.query_one("#timeline"), app.screen.query_one("#source")
        await pilot.press("enter")  # the one dated sentence, line 5
        await settle(pilot)
        assert cursor_row(source).startswith("5▶Acme Corp said") and span_text(source) == SENTENCE.replace(" ", "")
        # another process re-ingests the file: two lines above the sentence, more lines after it
        article.write_text(BODY.replace("\n\nAcme opens", "\n\nA new lead.\n\nAcme opens") + "\nMore.\n\nLast line.\n")
        _ingest(folder, db_path)
        await pilot.press("r")
        await settle(pilot)
        # the sentence is found at its new line, highlighted there (not the old span on other text)
        assert cursor_row(source).startswith("7▶Acme Corp said") and span_text(source) == SENTENCE.replace(" ", "")
        assert [r for r in pane_lines(timeline) if "▶" in r]  # the chosen item is still marked ▶
        await pilot.press("3", "end")  # the lines added at the end can be reached
        await settle(pilot)
        assert cursor_row(source).startswith("11▶Last line.")


async def test_r_after_the_span_is_gone_clears_it_and_says_so(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    article = folder / "a.txt"
    article.write_text(BODY)
    db_path = tmp_path / "storyline.db"
    _ingest(folder, db_path)
    app = Explorer(db_path)
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        source = app.screen.query_one("#source")
        await pilot.press("enter")
        await settle(pilot)
        article.write_text(BODY.replace(SENTENCE, "Globex said nothing at all about it."))
        _ingest(folder, db_path)
        await pilot.press("r")
        await settle(pilot)
        assert span_text(source) == ""
        assert "Globex said nothing" in "\n".join(pane_lines(source))
        notes = [str(n.message) for n in app._notifications]
        assert any("no longer in the document" in n for n in notes)
