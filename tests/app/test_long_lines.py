"""A paragraph longer than the pane at 80×24: j/k scroll inside it, and the markers count what is not shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.explorer import Explorer
from db.store.ingest import ingest
from db.store.open import open_db
from tests.app.helpers import pane_lines, settle

FILLER = [f"Sentence number {i} of the long paragraph goes on about nothing in particular." for i in range(1, 7)]
DATED = "Acme Corp said on 13 September 2023 that it would open a plant in Pune."
PARAGRAPH = " ".join([*FILLER, DATED, *FILLER])


@pytest.fixture(scope="module")
def paragraph_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("para")
    (folder / "news").mkdir()
    (folder / "news" / "long.txt").write_text(f"date: 2023-09-14\n\nA long paragraph\n\n{PARAGRAPH}\n\nThe end.\n")
    db = open_db(folder / "storyline.db")
    assert not ingest(db, [str(folder / "news")], jobs=1).failed
    db.conn.close()
    return folder / "storyline.db"


def rows_of(source) -> list[str]:
    """The text rows of the source (the gutter of line numbers cut off)."""
    return [r[source._gutter() :] for r in pane_lines(source)[1:]]


def count(rows: list[str], where: str) -> int | None:
    found = [re.search(rf"… ([\d,]+) characters {where}", r) for r in rows]
    hits = [int(m.group(1).replace(",", "")) for m in found if m]
    return hits[0] if hits else None


async def test_a_long_line_scrolls_within_and_counts_what_is_hidden(paragraph_db):
    app = Explorer(paragraph_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        source = app.screen.query_one("#source")
        await pilot.press("enter")  # the dated sentence in the middle of the paragraph (line 5)
        await settle(pilot)
        rows = rows_of(source)
        assert any("13 September 2023" in r for r in rows)
        above, below = count(rows, "above"), count(rows, "below")
        assert above and below  # the paragraph is taller than the pane: both ends are cut, and say so
        text = [r for r in rows if "characters" not in r]
        # the counts are exact: the characters before the first row shown, and after the last
        assert PARAGRAPH[:above].rstrip() == PARAGRAPH[: PARAGRAPH.index(text[0].strip())].rstrip()
        assert PARAGRAPH[len(PARAGRAPH) - below :].lstrip().startswith(_rest_after(text[-1].strip()))
        await pilot.press("3")
        presses = 0
        while count(rows_of(source), "above") and presses < 30:  # k scrolls up inside the line, row by row
            await pilot.press("k")
            await settle(pilot)
            presses += 1
        assert 5 < presses < 30  # each k went up one row (a line is 36 to 42 columns wide here)
        assert [r for r in pane_lines(source) if "▶" in r][0].split("▶")[1].startswith("Sentence number 1 ")
        for _ in range(60):  # j scrolls down to its end, then on to the next lines
            await pilot.press("j")
        await settle(pilot)
        assert "The end." in "\n".join(pane_lines(source))
        await pilot.press("k", "k")  # back up: into the paragraph's last rows
        await settle(pilot)
        assert any(r.rstrip().endswith("nothing in particular.") for r in rows_of(source))


def _rest_after(row: str) -> str:
    """The text that follows ``row`` in the paragraph."""
    at = PARAGRAPH.rindex(row) + len(row)
    return PARAGRAPH[at:].lstrip()[:20]
