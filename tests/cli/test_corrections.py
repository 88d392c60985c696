"""The corrections' CLI contract, through the entry point: each command, the log, undo, bad input."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from tests.db.test_corrections import C, build

LISTINGS = ("entities", "claims", "timeline", "mentions")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(build(tmp_path))


def ok(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def bad(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    return result.stderr


def listings(db: str) -> dict[str, object]:
    return {name: json.loads(ok(name, "--json", "--db", db)) for name in LISTINGS}


def entity_names(db: str) -> dict[str, int]:
    return {e["name"]: e["mentions"] for e in json.loads(ok("entities", "--json", "--db", db))}


def test_merge_says_what_it_did_and_undo_gives_back_every_listing(db):
    before = listings(db)
    out = ok("merge", "European Commission", "--into", "EU", "--db", db)
    assert out == "correction 1: merged 2 entities into European Union, 6 mentions\n"
    found = entity_names(db)
    assert found["European Union"] == 6 and "European Commission" not in found
    speakers = {c["speaker"] for c in json.loads(ok("claims", "--json", "--db", db))}
    assert "European Commission" not in speakers and "European Union" in speakers
    assert ok("undo", "--db", db) == "undid correction 1: merge European Commission into European Union\n"
    assert listings(db) == before
    assert json.loads(ok("corrections", "--json", "--db", db)) == []


def test_every_correction_through_the_cli(db):
    assert "renamed Ottawa to Ottawa City" in ok("rename", "Ottawa", "Ottawa City", "--db", db)
    assert "retyped Canadian as PLACE" in ok("retype", "Canadian", "place", "--db", db)
    assert "split EU out of European Union: 3 mentions" in ok("split", "European Union", "EU", "--db", db)
    assert "dropped Brussels (1 mention)" in ok("drop", "Brussels", "--db", db)
    assert "now Ursula Moreau's" in ok("speaker", "news/b.txt:6", "Ursula Moreau", "--db", db)
    entities = {e["name"]: e for e in json.loads(ok("entities", "--json", "--db", db))}
    assert entities["Ottawa City"]["aliases"] == ["Ottawa"]
    assert entities["Canadian"]["type"] == "PLACE"
    assert entities["EU"]["mentions"] == 3 and entities["European Union"]["mentions"] == 2
    assert "Brussels" not in entities
    assert all(m["entity"] != "Brussels" for m in json.loads(ok("mentions", "--json", "--db", db)))
    claim = next(
        c for c in json.loads(ok("claims", "--json", "--db", db)) if (c["doc"], c["line"]) == ("news/b.txt", 6)
    )
    assert claim["speaker"] == "Ursula Moreau"
    assert "cleared the speaker" in ok("speaker", "news/b.txt:6", "--none", "--db", db)
    log = json.loads(ok("corrections", "--json", "--db", db))
    assert [c["action"] for c in log] == ["rename", "retype", "split", "drop", "speaker", "speaker"]
    assert all(list(c) == ["id", "action", "args", "at", "applied"] and c["applied"] for c in log)
    assert log[0]["args"]["entity"] == {"type": "PLACE", "key": "ottawa", "name": "Ottawa"}
    table = ok("corrections", "--db", db)
    assert "Ottawa to Ottawa City" in table and "EU out of European Union" in table


def test_bad_input_says_why_exits_2_and_changes_nothing(db, tmp_path):
    before = listings(db)
    assert "into itself" in bad("merge", "EU", "--into", "European Union", "--db", db)
    assert "no entity named 'Nobody'" in bad("merge", "Nobody", "--into", "EU", "--db", db)
    assert "no entity named 'Nobody'" in bad("rename", "Nobody", "X", "--db", db)
    assert "already PLACE" in bad("retype", "Canada", "PLACE", "--db", db)
    assert "no alias 'EC'" in bad("split", "European Union", "EC", "--db", db)
    assert "no claim at news/b.txt:2" in bad("speaker", "news/b.txt:2", "--none", "--db", db)
    assert "has no line 99" in bad("speaker", "news/b.txt:99", "--none", "--db", db)
    assert "not DOC:LINE" in bad("speaker", "news/b.txt", "--none", "--db", db)
    assert "no document" in bad("speaker", "news/z.txt:1", "--none", "--db", db)
    assert "speaker NAME or --none" in bad("speaker", "news/b.txt:6", "--db", db)
    assert "no corrections to undo" in bad("undo", "--db", db)
    assert "no correction 7" in bad("undo", "7", "--db", db)
    garbage = tmp_path / "log.json"
    garbage.write_text('[{"action": "explode", "args": {}}]', encoding="utf-8")
    assert "not a corrections log" in bad("corrections", "apply", str(garbage), "--db", db)
    assert listings(db) == before


def test_an_ambiguous_name_asks_for_its_type(db):
    ok("rename", "Brussels", "Ursula Moreau", "--db", db)  # a place and a person, one mention each
    err = bad("drop", "Ursula Moreau", "--db", db)
    assert "ambiguous" in err and "PLACE:Ursula Moreau" in err
    ok("drop", "PLACE:Ursula Moreau", "--db", db)
    assert entity_names(db)["Ursula Moreau"] == 1


def test_merging_into_a_dropped_entity_says_it_was_dropped(db):
    ok("drop", "Canada", "--db", db)
    before = listings(db)
    assert "'Canada' was dropped (correction 1); storyline undo 1 restores it" in bad(
        "merge", "Ottawa", "--into", "Canada", "--db", db
    )
    assert listings(db) == before
    ok("undo", "1", "--db", db)
    assert entity_names(db)["Canada"] == 3


def test_a_read_only_database_is_refused_with_exit_2(db, monkeypatch):
    """Simulated: as root every file is writable, so the connection is opened read-only (mode=ro)."""
    from db.store import connection

    before = listings(db)
    real_connect = connection.connect
    monkeypatch.setattr(connection, "connect", lambda p, readonly=False: real_connect(p, readonly=True))
    err = bad("merge", "European Commission", "--into", "EU", "--db", db)
    assert "read-only" in err
    monkeypatch.undo()
    assert listings(db) == before


def test_the_log_applied_to_a_fresh_database_from_the_same_folder_ends_the_same(db, tmp_path):
    ok("merge", "European Commission", "--into", "EU", "--db", db)
    ok("retype", "Canadian", "PLACE", "--db", db)
    ok("speaker", "news/b.txt:6", "Ursula Moreau", "--db", db)
    log = tmp_path / "corrections.json"
    log.write_text(ok("corrections", "--json", "--db", db), encoding="utf-8")
    fresh = str(tmp_path / "fresh.db")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        ok("ingest", "news", "--db", fresh)
    finally:
        os.chdir(cwd)
    out = ok("corrections", "apply", str(log), "--db", fresh)
    assert out.count("correction ") == 3
    assert listings(fresh) == listings(db)


def test_a_merge_holds_when_a_changed_file_is_ingested_again(db, tmp_path):
    ok("merge", "European Commission", "--into", "EU", "--db", db)
    (tmp_path / "news" / "c.txt").write_text(
        C + "The European Commission said on Monday it agreed.\n", encoding="utf-8"
    )
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        out = CliRunner().invoke(main, ["ingest", "news", "--db", db], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert out.exit_code == 0 and "updated 1" in out.output and "1 corrections applied again in " in out.output
    found = entity_names(db)
    assert "European Commission" not in found and found["European Union"] == 7
    assert json.loads(ok("corrections", "--json", "--db", db))[0]["applied"] is True


@pytest.fixture
def alike(tmp_path: Path) -> str:
    """Three documents that each name one person by surname only: three entities of one name and type."""
    folder = tmp_path / "alike"
    folder.mkdir()
    for i in (1, 2, 3):
        (folder / f"doc{i}.txt").write_text(
            f"Vote report {i}\n\nThe regional council met on Monday in Harbourton, where the plan was sound,"
            " said Okafor, and the budget would hold.\n",
            encoding="utf-8",
        )
    path = str(tmp_path / "alike.db")
    ok("--db", path, "ingest", str(folder))
    assert [e["name"] for e in json.loads(ok("entities", "--json", "--db", path))].count("Okafor") == 3
    return path


def test_entities_of_one_name_and_type_merge_together(alike):
    before = listings(alike)
    said = ok("merge", "PERSON:Okafor", "--into", "PERSON:Okafor", "--db", alike)
    assert "merged 3 entities into Okafor, 3 mentions" in said
    okafor = [e for e in json.loads(ok("entities", "--json", "--db", alike)) if e["name"] == "Okafor"]
    assert [(e["mentions"], e["documents"]) for e in okafor] == [(3, 3)]
    ok("undo", "--db", alike)
    assert listings(alike) == before


def test_entities_of_one_name_merge_into_another_and_other_commands_say_merge_first(alike):
    err = bad("rename", "PERSON:Okafor", "Ada Okafor", "--db", alike)
    assert "3 entities are named 'Okafor' (PERSON)" in err and "storyline merge 'PERSON:Okafor'" in err
    ok("merge", "PERSON:Okafor", "--into", "Harbourton", "--db", alike)
    assert entity_names(alike) == {"Harbourton": 6}
