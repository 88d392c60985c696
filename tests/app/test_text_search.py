"""ctrl+f highlights the words the search matched (whole words, not "India" inside "Indian") and previews
the part of a long line where they are."""

from __future__ import annotations

from textual.widgets import OptionList

from app.explorer import Explorer
from app.screens.search import TextSearch
from db import read
from tests.app.helpers import settle
from tests.hardening.test_explorer import _db_with

FILLER = "The committee met again and talked about budgets, roads and schools for a long while. " * 6
LINE = "Indian officials praised the plan. " + FILLER + "It is part of Make in India, they said."


def _highlighted(prompt) -> list[str]:
    return [prompt.plain[s.start : s.end] for s in prompt.spans if "reverse" in str(s.style)]


async def test_the_hit_list_shows_and_highlights_the_matched_words(tmp_path):
    path = _db_with(tmp_path, {"a.txt": "Plans\n\n" + LINE + "\n"})
    app = Explorer(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"india", "enter")
        await settle(pilot)
        assert isinstance(app.screen, TextSearch)
        options = app.screen.query_one(OptionList)
        prompt = options.get_option_at_index(0).prompt
        assert "Make in India" in prompt.plain  # beyond the line's first 300 characters
        assert prompt.plain.split("  ", 1)[1].startswith("…")  # the line's start is cut, and says so
        assert _highlighted(prompt) == ["India"]  # not the "Indian" it also holds
        await pilot.press("enter")
        await settle(pilot)
        sel = app.screen.selection
        assert (sel.line, sel.column, sel.length) == (3, LINE.index("India,") + 1, 5)


def test_matched_words_are_whole_words_any_case_and_accent():
    text = "Indian INDIA india's Café cafe"
    assert [text[s:e] for s, e in read.matched_words(text, "india")] == ["INDIA", "india"]
    assert [text[s:e] for s, e in read.matched_words(text, "cafe")] == ["Café", "cafe"]


async def test_one_mention_is_singular_in_the_entity_search(tmp_path):
    from app.screens.search import EntitySearch

    path = _db_with(tmp_path, {"a.txt": "Maria Lopez visited Madrid on Tuesday.\n"})
    app = Explorer(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"maria")
        await settle(pilot)
        assert isinstance(app.screen, EntitySearch)
        prompt = app.screen.query_one(OptionList).get_option_at_index(0).prompt.plain
        assert "1 mention" in prompt and "1 mentions" not in prompt


async def test_a_search_cut_at_its_limit_says_so_and_ctrl_f_shows_its_hits_again(long_db, monkeypatch):
    monkeypatch.setattr(read, "HITS", 100)  # the long document has 250 lines naming Omega
    app = Explorer(long_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f", *"omega", "enter")
        await settle(pilot)
        assert "100+ lines match" in str(app.screen.query_one(".status").render())
        await pilot.press("enter")
        await settle(pilot)
        source = app.screen.query_one("#source")
        assert str(source.border_subtitle) == "'omega' 1/100+ · n/N"  # not "1/100": there are more
        await pilot.press("N")  # wraps back to the last of the 100: said, not silent
        await settle(pilot)
        assert str(source.border_subtitle).startswith("'omega' 100/100+")
        assert any("stopped at 100 lines" in str(n.message) for n in app._notifications)
        await pilot.press("ctrl+f")  # reopened: its query, its hits, the current one highlighted
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert options.option_count == 100 and options.highlighted == 99
        await pilot.press("up", "enter")
        await settle(pilot)
        assert str(source.border_subtitle).startswith("'omega' 99/100+")
