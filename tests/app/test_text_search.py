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
        assert options.get_option_at_index(0).prompt.plain == "a.txt"  # the hits under their document
        assert options.get_option_at_index(0).disabled and options.highlighted == 1
        prompt = options.get_option_at_index(1).prompt
        assert "Make in India" in prompt.plain  # beyond the line's first 300 characters
        assert prompt.plain.split("  ")[-1].startswith("…")  # the line's start is cut, and says so
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


async def test_a_search_reads_page_after_page_and_n_walks_every_hit(long_db, monkeypatch):
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
        await pilot.press("N")  # wraps back to the last read so far: said, not silent
        await settle(pilot)
        assert str(source.border_subtitle).startswith("'omega' 100/100+")
        assert any("read so far" in str(n.message) for n in app._notifications)
        for _ in range(150):  # no cap: n reads the next pages and reaches the 250th hit
            await pilot.press("n")
            await settle(pilot)
        assert str(source.border_subtitle).startswith("'omega' 250/")
        await pilot.press("n")  # round to the first
        await settle(pilot)
        assert str(source.border_subtitle).startswith("'omega' 1/250 ")
        await pilot.press("ctrl+f")  # reopened: its query, every hit read, the current one highlighted
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TextSearch) and len(dialog.hits) == 250
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert str(source.border_subtitle).startswith("'omega' 3/250")


async def test_phrases_prefixes_and_a_regex_find_exactly_their_lines_grouped_by_document(tmp_path):
    path = _db_with(
        tmp_path,
        {
            "a.txt": "A\n\nThe prime minister spoke.\nThe minister was prime.\nBlairite views held.\n",
            "b.txt": "B\n\nBlair said war was near.\nBlair said peace.\nThe Prime Minister left.\n",
        },
    )
    app = Explorer(path)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)

        async def search(text: str) -> list[str]:
            await pilot.press("ctrl+f", "ctrl+a", "backspace", *text, "enter")
            await settle(pilot)
            options = app.screen.query_one(OptionList)
            lines = [options.get_option_at_index(i).prompt.plain for i in range(options.option_count)]
            await pilot.press("escape")
            await settle(pilot)
            return lines

        phrase = await search('"prime minister"')  # in that order, next to each other; any case
        assert phrase == ["a.txt", "      3  The prime minister spoke.", "b.txt", "      5  The Prime Minister left."]
        assert await search("blair*") == [
            "a.txt",
            "      5  Blairite views held.",
            "b.txt",
            "      3  Blair said war was near.",
            "      4  Blair said peace.",
        ]
        assert [line.strip() for line in await search("blair /said.*war/")] == ["b.txt", "3  Blair said war was near."]
        await pilot.press("ctrl+f", "ctrl+a", "backspace", *"/war/", "enter")
        await settle(pilot)
        assert "add a word" in str(app.screen.query_one(".status").render())  # said, not a traceback
        await pilot.press("ctrl+a", "backspace", *"blair /(/", "enter")
        await settle(pilot)
        assert "not a regular expression" in str(app.screen.query_one(".status").render())


def test_a_phrase_is_checked_on_the_line_and_highlighted_whole():
    q = read.parse_query('"prime minister" blair*')
    assert q.holds("the Prime  Minister met Blairites") and not q.holds("the minister, prime of all")
    text = "Prime Minister Blairites"
    assert [text[s:e] for s, e in q.spans(text)] == ["Prime Minister", "Blairites"]
