"""`y` cites what is chosen: the sentence around a mention deep in a long paragraph, with doc:line:column,
the document's title and date; the message says whether a clipboard took it."""

from __future__ import annotations

from app.explorer import Explorer
from app.widgets import cite
from tests.app.helpers import settle
from tests.hardening.test_explorer import _db_with

FILLER = "The committee met again and talked about budgets, roads and schools for a long while. " * 8
PARAGRAPH = FILLER + "Later Maria Lopez told reporters in Madrid that the plan would go ahead. " + FILLER


async def test_y_on_a_mention_deep_in_a_paragraph_quotes_its_sentence(tmp_path, monkeypatch):
    path = _db_with(tmp_path, {"a.txt": "Budget talks go on\n\n" + PARAGRAPH + "\n"})
    app = Explorer(path)
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    monkeypatch.setattr("app.screens.main.system_copy", lambda text: None)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"maria lopez", "enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
    column = PARAGRAPH.index("Later Maria Lopez") + 1
    assert column > 300
    assert len(copied) == 1 and copied[0].endswith(
        f"/news/a.txt:3:{column} — \u201cLater Maria Lopez told reporters in Madrid that the plan would go ahead.\u201d"
        " — Budget talks go on (undated)"
    )
    shown = [str(n.message) for n in app._notifications]
    assert any("copy it from here" in m for m in shown)  # no clipboard tool: not claimed as copied


async def test_a_clipboard_tool_that_took_it_is_named(tmp_path, monkeypatch):
    path = _db_with(tmp_path, {"a.txt": "Maria Lopez visited Madrid on Tuesday.\n"})
    app = Explorer(path)
    monkeypatch.setattr(app, "copy_to_clipboard", lambda text: None)
    monkeypatch.setattr("app.screens.main.system_copy", lambda text: "xclip")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "y")
        await settle(pilot)
        assert any(n.title == "Copied citation (xclip)" for n in app._notifications)


def test_a_long_sentence_is_cut_at_a_word_after_the_span():
    line = "Intro. " + "word " * 200 + "Tony Blair spoke " + "again " * 200
    start = line.index("Tony Blair")
    quote, column = cite.quote_of(line, start + 1, len("Tony Blair"), sentence=True)
    assert column == start + 1 and quote.startswith("…Tony Blair spoke again") and quote.endswith("again…")
    assert len(quote) <= cite.LIMIT + 2


def test_quotes_inside_a_quote_nest():
    assert (
        cite.citation("a.txt", 1, 1, 'He said "no".', speaker="Jo")
        == "a.txt:1:1 — Jo: \u201cHe said 'no'.\u201d — (undated)"
    )
