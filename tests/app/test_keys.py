"""Every key of the contract, checked on what the panes show."""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from app.explorer import Explorer, key_sections
from app.screens.help import HelpScreen, key_rows
from app.screens.search import DocumentSearch, EntitySearch, TextSearch
from tests.app.helpers import pane_lines, settle, widget_text

SIZE = (120, 40)


async def test_tab_shift_tab_and_digits_focus_panes(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        order = []
        for _ in range(3):
            await pilot.press("tab")
            order.append(app.focused.id)
        assert order == ["entities", "source", "timeline"]
        await pilot.press("shift+tab")
        assert app.focused.id == "source"
        for key, pane in (("1", "timeline"), ("2", "entities"), ("3", "source")):
            await pilot.press(key)
            assert app.focused.id == pane


async def test_list_movement_keys_page_through_a_long_timeline(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        height = timeline.scrollable_content_region.height

        def cursor_row() -> str:
            return pane_lines(timeline)[timeline.cursor - int(timeline.scroll_offset.y)]

        await pilot.press("j", "down", "down")
        assert timeline.cursor == 3 and "Line 4 says" in cursor_row()
        await pilot.press("k", "up")
        assert timeline.cursor == 1
        await pilot.press("ctrl+d")
        assert timeline.cursor == 1 + height // 2
        await pilot.press("ctrl+u")
        assert timeline.cursor == 1
        await pilot.press("G")
        await settle(pilot)
        assert timeline.cursor == 249 and "Line 250 says" in pane_lines(timeline)[-1]
        await pilot.press("g")
        await settle(pilot)
        assert "Line 1 says" in pane_lines(timeline)[0]


async def test_rows_past_the_first_screenful_are_read_when_reached(long_db):
    """The first screen and an entity's select read only the rows on screen with the rest; moving past them
    reads the rest of the first page: every row shows its item, none is left as "…"."""
    app = Explorer(long_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")

        def cursor_row() -> str:
            return pane_lines(timeline)[timeline.cursor - int(timeline.scroll_offset.y)]

        for selected in (False, True):
            await pilot.press(*["j"] * 40)
            await settle(pilot)
            assert timeline.cursor == 40  # past the rows read with the first screen (its height and a few)
            assert f"Line {timeline.cursor + 1} says" in cursor_row()
            assert all(" says Omega" in row for row in pane_lines(timeline))  # no row left unread ("…")
            await pilot.press("j")
            assert f"Line {timeline.cursor + 1} says" in cursor_row()
            if not selected:  # again on Omega's own timeline, as selecting it shows it
                await pilot.press("2", "enter")
                await settle(pilot)
                assert "Omega" in str(timeline.border_title)
                await pilot.press("1")
                assert timeline.cursor == 0


async def test_entity_search_box_and_list_repaint_as_typed(tiny_db):
    """The search box follows a query longer than it (its end, where the cursor is, stays in view) and the list
    is repainted for every answer, down to none: no row of an earlier answer stays on screen."""
    app = Explorer(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        box, options = app.screen.query_one(Input), app.screen.query_one(OptionList)
        await pilot.press("a")
        await settle(pilot)
        assert "Acme Corp" in widget_text(options)
        query = "a" + "bcdefghij" * 9
        await pilot.press(*query[1:])
        await settle(pilot)
        assert box.value == query and box.scroll_x > 0
        shown = box.render_line(0).text  # the box's row of text
        assert "bcdefghij" in shown and query not in shown  # the end of what was typed (the cursor's), not its start
        assert not widget_text(options)  # nothing matches: the earlier answer's rows are gone
        assert "no entity matches" in widget_text(app.screen.query_one(".status"))
        await pilot.press(*["backspace"] * (len(query) - 1))
        await settle(pilot)
        assert box.scroll_x == 0 and "Acme Corp" in widget_text(options)


async def test_source_movement_keys(long_db):
    app = Explorer(long_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "3")
        await settle(pilot)
        source = app.screen.query_one("#source")

        def cursor_line() -> int:
            return int([r for r in pane_lines(source) if "▶" in r][0].split("▶")[0])

        assert cursor_line() == 1
        await pilot.press("j", "down")
        assert cursor_line() == 3
        await pilot.press("k")
        assert cursor_line() == 2
        await pilot.press("G")
        assert cursor_line() == 250 and "Line 250 says" in pane_lines(source)[-1]
        await pilot.press("ctrl+u")
        assert 230 < cursor_line() < 250
        await pilot.press("g")
        assert cursor_line() == 1
        await pilot.press("ctrl+d")
        assert cursor_line() > 1


async def test_slash_searches_entities_incrementally_and_enter_takes_highlighted(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, EntitySearch)
        await pilot.press("r", "o")  # "Roe" is an alias prefix of Jane Roe
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        assert [str(options.get_option_at_index(i).prompt).split("  ")[0] for i in range(options.option_count)] == [
            "Jane Roe"
        ]
        await pilot.press("backspace", "backspace", "a", "m", "c")  # "amc": fuzzy (a…m…c) only
        await settle(pilot)
        assert str(options.get_option_at_index(0).prompt).startswith("Acme Corp")
        await pilot.press("z", "z")
        await settle(pilot)
        assert "no entity matches 'amczz'" in widget_text(app.screen.query_one(".status"))
        await pilot.press("backspace", "backspace", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, EntitySearch)
        assert app.screen.query_one("#source").border_subtitle.startswith("Acme Corp 1/6")


async def test_ctrl_f_searches_text_enter_jumps_and_n_walks_hits(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")
        assert isinstance(app.screen, TextSearch)
        await pilot.press(*"nothingatall", "enter")
        await settle(pilot)
        assert "no line matches 'nothingatall'" in widget_text(app.screen.query_one(".status"))
        app.screen.query_one(Input).value = ""
        await pilot.press(*"pune", "enter")
        await settle(pilot)
        options = app.screen.query_one(OptionList)
        hits = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        # the hits under their documents' names, each with its line number
        assert hits[0] == "alpha.txt" and hits[1].split()[0] == "1" and len(app.screen.hits) == 4
        await pilot.press("down", "enter")
        await settle(pilot)
        source = app.screen.query_one("#source")
        assert source.border_subtitle.startswith("'pune' 2/4")
        assert [r for r in pane_lines(source) if "▶" in r][0].lstrip().startswith("3▶")
        await pilot.press("n")
        await settle(pilot)
        assert source.border_title == "3 corpus/gamma.txt" and source.border_subtitle.startswith("'pune' 3/4")
        await pilot.press("N", "N")
        await settle(pilot)
        assert source.border_subtitle.startswith("'pune' 1/4")


async def test_e_opens_the_file_at_the_line_in_editor(tiny_db, monkeypatch):
    calls = []
    monkeypatch.setenv("EDITOR", "nano")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr("app.editor.subprocess.call", lambda cmd: calls.append(cmd) or 0)
    monkeypatch.setattr("app.editor.stored_path_problem", lambda path: None)  # the fixture's paths are not on disk
    monkeypatch.setattr("app.editor.shutil.which", lambda name: f"/usr/bin/{name}")
    app = Explorer(tiny_db)
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")  # nothing selected yet
        await pilot.press("j", "enter")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
    assert calls == [["nano", "+3", "--", "/corpora/corpus/beta.txt"]]


def _crafted(tiny_db, tmp_path, path: str):
    """A copy of the tiny database whose document beta.txt (the item ``j enter`` selects) claims ``path``:
    what someone could send you."""
    crafted = tmp_path / "crafted.db"
    shutil.copy(tiny_db, crafted)
    with sqlite3.connect(crafted) as conn:
        assert conn.execute("UPDATE documents SET path = ? WHERE path LIKE '%/beta.txt'", (path,)).rowcount == 1
    return crafted


async def _press_e_on_first_item(app, pilot):
    await settle(pilot)
    await pilot.press("j", "enter")
    await settle(pilot)
    await pilot.press("e")
    await settle(pilot)
    return [str(n.message) for n in app._notifications]


def _recording_suspend(monkeypatch, app) -> list[str]:
    """Record every suspend (none may happen for an editor that must not or cannot run)."""
    suspended: list[str] = []

    def suspend():
        suspended.append("suspend")
        return contextlib.nullcontext()

    monkeypatch.setattr(app, "suspend", suspend)
    return suspended


async def test_e_refuses_a_stored_path_that_is_an_editor_option(tiny_db, tmp_path, monkeypatch):
    """A database's path ``-c:!touch ...`` must never reach vim as an option."""
    calls = []
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr("app.editor.subprocess.call", lambda cmd: calls.append(cmd) or 0)
    app = Explorer(_crafted(tiny_db, tmp_path, f"-c:!touch {tmp_path}/PWNED"))
    suspended = _recording_suspend(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        messages = await _press_e_on_first_item(app, pilot)
    assert calls == [] and suspended == [] and not (tmp_path / "PWNED").exists()
    assert any(m.startswith("refusing to open") for m in messages), messages


async def test_e_refuses_a_stored_path_that_is_not_a_regular_file(tiny_db, tmp_path, monkeypatch):
    calls = []
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.setattr("app.editor.subprocess.call", lambda cmd: calls.append(cmd) or 0)
    app = Explorer(_crafted(tiny_db, tmp_path, str(tmp_path)))  # a folder, not a file
    suspended = _recording_suspend(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        messages = await _press_e_on_first_item(app, pilot)
    assert calls == [] and suspended == [] and any(m.startswith("refusing to open") for m in messages), messages


async def test_e_in_a_served_explorer_runs_no_editor_on_the_server(tiny_db, tmp_path, monkeypatch):
    """`storyline serve`: a visitor's `e` would hand them vim (and its :!) on the server."""
    real = tmp_path / "real.txt"
    real.write_text("one\ntwo\nthree\n")
    calls = []
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.setenv("STORYLINE_SERVED", "1")
    monkeypatch.setattr("app.editor.subprocess.call", lambda cmd: calls.append(cmd) or 0)
    app = Explorer(_crafted(tiny_db, tmp_path, str(real)))
    suspended = _recording_suspend(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        messages = await _press_e_on_first_item(app, pilot)
    assert calls == [] and suspended == []
    assert any("it would run on the server" in m for m in messages), messages


async def test_e_refuses_a_stored_path_with_a_line_break(tiny_db, tmp_path, monkeypatch):
    real = tmp_path / "real.txt"
    real.write_text("one\n")
    calls = []
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.setattr("app.editor.subprocess.call", lambda cmd: calls.append(cmd) or 0)
    app = Explorer(_crafted(tiny_db, tmp_path, f"{real}\n:!touch {tmp_path}/PWNED"))
    suspended = _recording_suspend(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        messages = await _press_e_on_first_item(app, pilot)
    assert calls == [] and suspended == [] and any(m.startswith("refusing to open") for m in messages), messages


def _crafted_record(tiny_db, tmp_path, path: str):
    """The crafted database with beta.txt made a record of a container (``PATH#1``, format json):
    ``e`` opens the stored text then, which must not happen unless the container passes the rule."""
    crafted = _crafted(tiny_db, tmp_path, path)
    with sqlite3.connect(crafted) as conn:
        conn.execute("UPDATE documents SET format = 'json' WHERE path = ?", (path,))
    return crafted


def _hostile_containers(tmp_path) -> dict[str, str]:
    import os

    hostile = {
        "an editor option": f"-c:!touch {tmp_path}/PWNED.jsonl#1",
        "a relative path": "dump.jsonl#1",
        "a missing file": f"{tmp_path}/gone.jsonl#1",
        "a device": f"{tmp_path}/dev.jsonl#1",
        "a folder": f"{tmp_path}/folder.jsonl#1",
    }
    (tmp_path / "dev.jsonl").symlink_to("/dev/null")
    (tmp_path / "folder.jsonl").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.jsonl")
        hostile["a FIFO"] = f"{tmp_path}/pipe.jsonl#1"
    return hostile


async def test_e_on_a_record_checks_its_container_before_writing_or_running_anything(tiny_db, tmp_path, monkeypatch):
    """A record ``DUMP#N`` of a crafted database: the container must pass the stored-path rule
    (absolute, a regular file) before its text is written out or an editor started."""
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setattr("app.editor.shutil.which", lambda name: f"/usr/bin/{name}")
    written = []
    monkeypatch.setattr("app.screens.main.stored_text_file", lambda conn, doc: written.append(doc) or "/tmp/x.txt")
    for what, path in _hostile_containers(tmp_path).items():
        calls = []
        monkeypatch.setattr("app.editor.subprocess.call", lambda cmd, calls=calls: calls.append(cmd) or 0)
        crafted = tmp_path / f"{len(written)}-{what}"
        crafted.mkdir()
        app = Explorer(_crafted_record(tiny_db, crafted, path))
        suspended = _recording_suspend(monkeypatch, app)
        async with app.run_test(size=SIZE) as pilot:
            messages = await _press_e_on_first_item(app, pilot)
        assert calls == [] and suspended == [] and written == [], what
        assert any(m.startswith("refusing to open the text of") for m in messages), (what, messages)
    assert not (tmp_path / "PWNED.jsonl").exists()


async def test_e_on_a_record_whose_container_is_there_opens_its_stored_text_read_only(tiny_db, tmp_path, monkeypatch):
    import os
    import stat

    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"maintext": "x"}\n')
    calls = []
    monkeypatch.setenv("EDITOR", "vim")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr("app.editor.tempfile.tempdir", None)
    monkeypatch.setattr("app.editor.shutil.which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr("app.editor.subprocess.call", lambda cmd: calls.append(cmd) or 0)
    app = Explorer(_crafted_record(tiny_db, tmp_path, f"{dump}#1"))
    monkeypatch.setattr(app, "suspend", contextlib.nullcontext)
    async with app.run_test(size=SIZE) as pilot:
        await _press_e_on_first_item(app, pilot)
    assert len(calls) == 1 and calls[0][:3] == ["vim", "+3", "--"], calls
    opened = calls[0][3]
    assert opened.startswith(str(tmp_path / "tmp")) and opened != str(dump)
    assert not os.stat(opened).st_mode & stat.S_IWUSR  # read-only: an edit would not change the database
    assert "Globex said on Wednesday" in Path(opened).read_text(encoding="utf-8")


async def test_e_with_an_editor_that_cannot_start_keeps_the_app_and_says_why(tiny_db, tmp_path, monkeypatch):
    """``EDITOR=/nonexistent/ed``: no suspend (Textual never resumes one that raised), a message instead."""
    real = tmp_path / "real.txt"
    real.write_text("one\ntwo\nthree\n")
    monkeypatch.setenv("VISUAL", "/nonexistent/ed")
    app = Explorer(_crafted(tiny_db, tmp_path, str(real)))
    suspended = _recording_suspend(monkeypatch, app)
    async with app.run_test(size=SIZE) as pilot:
        messages = await _press_e_on_first_item(app, pilot)
        assert app.is_running and suspended == []
        await pilot.press("j")  # keys still answer
    assert any("could not run /nonexistent/ed" in m for m in messages), messages


async def test_y_copies_a_citation_and_says_so(tiny_db, monkeypatch):
    app = Explorer(tiny_db)
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "j", "j", "enter", "y")
        await settle(pilot)
        # the claim, where it starts, who said it, the document's title and date; inner quotes nest
        assert copied == [
            "corpus/alpha.txt:4:2 — Jane Roe: \u201cThis is a milestone,\u201d"
            " — Acme opens a plant in Pune (2023-09-13)"
        ]
        shown = [str(n.message) for n in app._notifications]
        assert any("corpus/alpha.txt:4:2" in m and "copy it from here" in m for m in shown)  # no clipboard tool here
        await pilot.press("3", "k", "y")  # a line, nothing chosen on it: the line
        assert copied[-1].startswith("corpus/alpha.txt:3:1 — \u201cAcme Corp said on Wednesday that it will open")


async def test_question_mark_shows_every_key(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = widget_text(app.screen.query_one("#help-keys"))
        # y says what a citation holds now (not the old 'doc:line — "text"')
        assert "copy a citation: doc:line:column — Speaker: “text” — Title (date)" in text
        for key in (
            "tab",
            "shift+tab",
            "1",
            "3",
            "j / down",
            "k / up",
            "g / home",
            "G / end",
            "ctrl+d / pagedown",
            "enter",
            "/",
            "ctrl+f",
            "n",
            "N",
            "e",
            "y",
            "?",
            "q",
            "ctrl+p",
            "escape",
            "r",
            "t",
        ):
            assert key in text
        # every binding with help text is on the screen, with its help
        for _, bindings in key_sections():
            for keys, what in key_rows(bindings):
                assert keys in text and what in text, (keys, what)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_q_quits(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running


async def test_ctrl_p_goes_to_entity_document_and_toggles_theme(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"globex")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#source").border_subtitle.startswith("Globex 1/2")
        await pilot.press("ctrl+p", *"gamma")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#source").border_title == "3 corpus/gamma.txt"
        theme = app.theme
        await pilot.press("ctrl+p", *"toggle")
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme != theme
        await pilot.press("ctrl+p", *"go to doc")  # a command's name, half typed: the command, not a search
        await pilot.pause(0.6)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DocumentSearch)


async def test_t_filters_entities_by_type(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        entities = app.screen.query_one("#entities")
        await pilot.press("2", "t")
        await settle(pilot)
        assert [r.split()[0] for r in pane_lines(entities)] == ["Jane"]
        assert str(entities.border_title).startswith("2 entities · PERSON")
        await pilot.press("t", "t")
        await settle(pilot)
        assert [r.split()[0] for r in pane_lines(entities)] == ["Pune", "India"]


async def test_footer_shows_the_focused_panes_keys_at_80_columns(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def footer() -> str:
            return app.screen._compositor.render_strips()[-1].text

        for key, own in (("1", "⏎ Select"), ("2", "⏎ Select t "), ("3", "⏎ Select")):
            await pilot.press(key)
            await settle(pilot)
            shown = footer()
            for item in (own, "/ Entity", "^f Text", "n Next", "e Edit", "y Cite", "? Help", "q Quit", "^p"):
                assert item in shown, (key, item, shown)
            # the panes' keys, esc and r too: bare keys here (? names them)
            for item in (" tab123 ", " esc ", " r "):
                assert item in shown, (key, item, shown)


async def test_footer_names_the_pane_keys_esc_and_r_when_wide(tiny_db):
    app = Explorer(tiny_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        shown = app.screen._compositor.render_strips()[-1].text
        for item in ("tab123 Panes", "esc Unfilter", "r Refresh", "? Help", "q Quit", "^p Commands"):
            assert item in shown, (item, shown)


def test_palette_queries_name_what_to_go_to():
    from app.screens.commands import split_query

    assert split_query("go to doc") == ("document", "")  # still typing: only the commands match
    assert split_query("go to document tech/01") == ("document", "tech/01")
    assert split_query("entity roe") == ("entity", "roe")
    assert split_query("go to") == (None, "")
    assert split_query("globex") == (None, "globex")
    assert split_query("documentary") == (None, "documentary")


async def test_footer_lights_and_dims_esc_in_place_as_a_filter_comes_and_goes(tiny_db):
    """esc is dimmed until a filter narrows the timeline; the footer's keys change state without the
    footer being rebuilt (a rebuild restyles every key: most of an entity select's time at 100k)."""
    from textual.widgets._footer import FooterKey

    app = Explorer(tiny_db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)

        def esc() -> FooterKey:
            return next(k for k in app.screen.query(FooterKey) if k.action == "clear_filter")

        before = esc()
        assert before.has_class("-disabled")
        await pilot.press("2")
        await settle(pilot)
        keys = list(app.screen.query(FooterKey))  # the entity pane's keys now
        await pilot.press("enter")
        await settle(pilot)
        assert not esc().has_class("-disabled")
        assert list(app.screen.query(FooterKey)) == keys  # the same widgets: set in place
        strip = app.screen._compositor.render_strips()[-1]
        assert "esc Unfilter" in strip.text
        await pilot.press("escape")
        await settle(pilot)
        assert esc().has_class("-disabled")
        assert list(app.screen.query(FooterKey)) == keys
