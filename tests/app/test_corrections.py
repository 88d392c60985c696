"""Corrections in the explorer: each key, on what the three panes show, and kept after reopening."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.explorer import Explorer
from app.screens.corrections import ChoiceDialog, MergeTarget, PromptDialog, SpeakerChoice
from tests.app.helpers import pane_lines, settle
from tests.db.test_corrections import build

SIZE = (120, 40)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build(tmp_path)


def shown(app: Explorer) -> list[str]:
    return [str(n.message) for n in app._notifications]


def entity_rows(app: Explorer) -> list[str]:
    return pane_lines(app.screen.query_one("#entities"))


def listed(app: Explorer) -> list[str]:
    """The names in the entity list, marks left out."""
    return [r.lstrip("▶◆ ").split("  ")[0] for r in entity_rows(app)]


def mentions(db: Path) -> dict[str, int]:
    result = CliRunner().invoke(main, ["entities", "--json", "--db", str(db)])
    return {e["name"]: e["mentions"] for e in json.loads(result.stdout)}


async def choose_entity(pilot, name: str) -> None:
    """Select an entity as a user does: the entity search, then enter."""
    await pilot.press("slash")
    await settle(pilot)
    await pilot.press(*name, "enter")
    await settle(pilot)


async def test_J_merges_the_selected_entity_into_one_chosen_by_search_and_all_panes_show_it(db):
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_entity(pilot, "European Commission")
        await pilot.press("J")
        await settle(pilot)
        assert isinstance(app.screen, MergeTarget)
        await pilot.press(*"European Union", "enter")
        await settle(pilot)
        assert "merged 2 entities into European Union, 6 mentions" in shown(app)
        assert "European Commission" not in listed(app)
        assert entity_rows(app)[0].split()[-2:] == ["6", "3"] and listed(app)[0] == "European Union"
        screen = app.screen
        assert "European Union (" in str(screen.query_one("#timeline").border_title)
        assert str(screen.query_one("#source").border_subtitle).startswith("European Union 1/6")
    assert mentions(db)["European Union"] == 6  # written to the file: kept after quitting
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "European Commission" not in listed(app)
        await pilot.press("u")  # undo, after reopening
        await settle(pilot)
        assert any("undid correction 1 (merge)" in m for m in shown(app))
        assert "European Commission" in listed(app)
    assert mentions(db)["European Union"] == 5


async def test_R_renames_T_retypes_S_splits_X_drops_and_u_undoes(db):
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_entity(pilot, "Ottawa")
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*" City", "enter")  # the name is there to edit
        await settle(pilot)
        assert "renamed Ottawa to Ottawa City" in shown(app)
        assert "Ottawa City" in listed(app) and "Ottawa" not in listed(app)
        assert str(app.screen.query_one("#source").border_subtitle).startswith("Ottawa City 1/1")

        await choose_entity(pilot, "Canadian")
        await pilot.press("T")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        assert app.screen.choices == ["PERSON", "ORG", "PLACE"]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert "retyped Canadian as PLACE" in shown(app)
        assert any("Canadian" in r and "PLACE" in r for r in entity_rows(app))

        await choose_entity(pilot, "European Union")
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog) and app.screen.choices == ["EU"]
        await pilot.press("enter")
        await settle(pilot)
        assert "split EU out of European Union: 3 mentions" in shown(app)
        assert str(app.screen.query_one("#source").border_subtitle).startswith("EU 1/3")

        await pilot.press("2")  # the entity list's highlighted row: Canada, first of those with 3 mentions
        await pilot.press("g")
        await settle(pilot)
        assert listed(app)[0] == "Canada" and app.screen.query_one("#entities").cursor == 0
        await pilot.press("X")
        await settle(pilot)
        assert "dropped Canada (3 mentions)" in shown(app)
        assert "Canada" not in listed(app)

        await pilot.press("u")
        await settle(pilot)
        assert "Canada" in listed(app)
    found = mentions(db)
    assert found["EU"] == 3 and "Ottawa City" in found and "Canada" in found


async def test_a_correction_on_a_read_only_database_says_it_needs_a_writable_one(db, monkeypatch):
    from db.store import connection

    real_connect = connection.connect
    monkeypatch.setattr(connection, "connect", lambda p, readonly=False: real_connect(p, readonly=True))
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_entity(pilot, "Canada")
        await pilot.press("X")
        await settle(pilot)
        assert any("corrections need a writable database" in m for m in shown(app))
        assert "Canada" in listed(app)
    monkeypatch.undo()
    assert "Canada" in mentions(db)


async def test_keys_without_an_entity_or_a_correction_say_so(db):
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "there are no corrections to undo" in shown(app)
        await choose_entity(pilot, "Canada")
        await pilot.press("S")
        await settle(pilot)
        assert "Canada has no other alias to split out" in shown(app)
        await pilot.press("J")
        await settle(pilot)
        await pilot.press(*"Canada", "enter")
        await settle(pilot)
        assert "cannot merge Canada into itself" in shown(app)


async def test_a_served_explorer_without_writable_makes_no_corrections(db, monkeypatch):
    """`storyline serve` without --writable: a visitor's correction says why and changes nothing."""
    monkeypatch.setenv("STORYLINE_READONLY", "1")
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose_entity(pilot, "Canada")
        await pilot.press("X")
        await settle(pilot)
        assert any("served read-only" in m and "--writable" in m for m in shown(app))
        assert "Canada" in listed(app)
    assert "Canada" in mentions(db)


async def test_W_sets_the_speaker_of_the_claim_under_the_cursor_and_clears_it(db):
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        at = next(i for i in range(timeline.total) if "Tremblay said on Saturday" in timeline.row(i).text)
        timeline.move_to(at)
        await pilot.press("enter")  # its line in the source
        await settle(pilot)
        row_text = lambda: pane_lines(timeline)[at]  # noqa: E731  (every row is on screen)
        assert "— Jean Tremblay" in row_text()
        await pilot.press("W")
        await settle(pilot)
        assert isinstance(app.screen, SpeakerChoice)
        assert "(no speaker: clear it)" in " ".join(pane_lines(app.screen.query_one("OptionList")))
        await pilot.press(*"Ursula", "enter")
        await settle(pilot)
        assert "the claim at news/b.txt:6:32 is now Ursula Moreau's" in shown(app)
        assert "— Ursula Moreau" in row_text() and "— Jean Tremblay" not in row_text()
        source = app.screen.query_one("#source")
        assert source.document.doc == "news/b.txt" and source.cursor == 6
        await pilot.press("W")
        await settle(pilot)
        await pilot.press("up", "enter")  # the first choice: no speaker
        await settle(pilot)
        assert "cleared the speaker of the claim at news/b.txt:6:32" in shown(app)
        assert "— " not in row_text()
    result = CliRunner().invoke(main, ["claims", "--json", "--db", str(db)])
    (claim,) = [c for c in json.loads(result.stdout) if c["text"].startswith("Ottawa would ratify")]
    assert claim["speaker"] is None


async def test_W_in_a_served_explorer_without_writable_changes_no_speaker(db, monkeypatch):
    app = Explorer(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        timeline = app.screen.query_one("#timeline")
        monkeypatch.setenv("STORYLINE_READONLY", "1")
        at = next(i for i in range(timeline.total) if "Tremblay said on Saturday" in timeline.row(i).text)
        timeline.move_to(at)
        await pilot.press("W")
        await settle(pilot)
        await pilot.press(*"Ursula", "enter")
        await settle(pilot)
        assert any("served read-only" in m and "--writable" in m for m in shown(app))
    result = CliRunner().invoke(main, ["claims", "--json", "--db", str(db)])
    (claim,) = [c for c in json.loads(result.stdout) if c["text"].startswith("Ottawa would ratify")]
    assert claim["speaker"] == "Jean Tremblay"
