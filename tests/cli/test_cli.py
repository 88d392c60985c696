"""The JSON CLI is a public contract: every command, every field, --db anywhere."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from tests.conftest import ROOT

FIELDS = {
    # url, author, source, format, copy_of: added for real archives (issue 18), after the old fields
    "documents": [
        *("doc", "title", "date", "precision", "lines", "encoding"),
        *("url", "author", "source", "format", "copy_of"),
    ],
    # entity_id, speaker_id, entity_ids: the ids beside the names (issue 16), after the old fields
    "entities": ["name", "type", "aliases", "mentions", "documents", "entity_id"],
    "mentions": ["entity", "type", "doc", "line", "column", "text", "entity_id"],
    # sources, documents: corroboration (issue 18)
    "claims": [
        *("doc", "line", "column", "text", "speaker", "cue", "entities", "date", "sources", "documents"),
        *("speaker_id", "entity_ids"),
        *("reported", "reported_precision"),  # issue 17: when it was said
    ],
    "timeline": [
        *("date", "precision", "relation", "expression", "doc", "line", "column", "text", "entities"),
        "entity_ids",
        *("reported", "reported_precision"),  # issue 17
    ],
}


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def as_json(*args: str):
    result = run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("command", sorted(FIELDS))
def test_every_command_prints_exactly_its_fields(seeds_db, command):
    rows = as_json(command, "--json", "--db", str(seeds_db))
    assert rows, f"{command} printed no rows on the seeds"
    for row in rows:
        assert list(row) == FIELDS[command]


@pytest.mark.parametrize("command", sorted(FIELDS))
def test_db_option_before_or_after_the_command(seeds_db, command):
    before = as_json("--db", str(seeds_db), command, "--json")
    after = as_json(command, "--json", "--db", str(seeds_db))
    assert before == after


def test_db_from_environment(seeds_db):
    result = run("documents", "--json", env={"STORYLINE_DB": str(seeds_db)})
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2


def test_documents_on_the_seeds(seeds_db):
    docs = {d["doc"]: d for d in as_json("documents", "--json", "--db", str(seeds_db))}
    first = docs["seeds/000_171dad24aabf5317.txt"]
    assert (first["date"], first["precision"]) == ("2023-09", "month")
    second = docs["seeds/002_5844c23af5eaa18d.txt"]
    assert second["title"] == "Xiaomi teams up with Dixon Technologies to boost smartphone manufacturing in India"
    assert (second["date"], second["precision"]) == (None, None)
    assert first["encoding"] == "utf-8" and first["lines"] == 19


def test_rows_point_at_their_own_text(seeds_db):
    root = Path(seeds_db).parent
    for command in ("mentions", "claims", "timeline"):
        for row in as_json(command, "--json", "--db", str(seeds_db)):
            line = (root / row["doc"]).read_text(encoding="utf-8").split("\n")[row["line"] - 1]
            start = row["column"] - 1
            assert line[start : start + len(row["text"])] == row["text"]


def test_entities_search_and_type(seeds_db):
    found = as_json("entities", "--search", "dix", "--json", "--db", str(seeds_db))
    assert any(e["name"].startswith("Dixon") for e in found)
    places = as_json("entities", "--type", "PLACE", "--json", "--db", str(seeds_db))
    assert places and all(e["type"] == "PLACE" for e in places)
    assert as_json("entities", "--search", "zzzzqqq", "--json", "--db", str(seeds_db)) == []


def test_mentions_of_one_entity(seeds_db):
    rows = as_json("mentions", "India", "--json", "--db", str(seeds_db))
    assert rows and {r["entity"] for r in rows} == {"India"}
    assert len({r["doc"] for r in rows}) == 2


def test_unknown_entity_is_a_clear_error(seeds_db):
    result = CliRunner().invoke(main, ["mentions", "Nobody At All", "--db", str(seeds_db)])
    assert result.exit_code == 1
    assert "no entity named" in result.output
    assert "Traceback" not in result.output


def test_claims_and_timeline_filter_by_entity(seeds_db):
    claims = as_json("claims", "--entity", "India", "--json", "--db", str(seeds_db))
    assert claims and all("India" in c["entities"] or c["speaker"] == "India" for c in claims)
    timeline = as_json("timeline", "--entity", "India", "--json", "--db", str(seeds_db))
    assert all("India" in t["entities"] for t in timeline)


def test_readable_tables_without_json(seeds_db):
    result = run("entities", "--db", str(seeds_db))
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[:2] == ["NAME", "TYPE"]


def test_show_document_and_line(seeds_db):
    result = run("show", "seeds/002_5844c23af5eaa18d.txt:3", "--db", str(seeds_db))
    assert result.exit_code == 0
    assert ">3  Xiaomi" in result.output.replace(" 3  ", "3  ")
    assert "Previous post" not in result.output  # line 15 is outside the context
    whole = run("show", "000_171dad24aabf5317.txt", "--db", str(seeds_db))
    assert whole.exit_code == 0 and "19  Indian authorities" in whole.output


def test_show_unknown_document(seeds_db):
    result = CliRunner().invoke(main, ["show", "nope.txt", "--db", str(seeds_db)])
    assert result.exit_code == 1 and "no document" in result.output


def test_missing_database_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["documents", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database" in result.output and "Traceback" not in result.output


def test_ingest_summary_and_exit_codes(tmp_path):
    good = tmp_path / "news"
    good.mkdir()
    (good / "a.txt").write_text("Lisbon welcomed the plan on Friday.\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    ok = CliRunner().invoke(main, ["ingest", str(good), "--db", db])
    assert ok.exit_code == 0
    assert "added 1 · updated 0 · skipped 0 · failed 0" in ok.output
    assert "documents/s" in ok.output
    (good / "b.txt").write_bytes(b"\x00\x01binary")
    bad = CliRunner().invoke(main, ["ingest", str(good), "--db", db])
    assert bad.exit_code == 1
    assert "b.txt: binary file" in bad.output
    assert "added 0 · updated 0 · skipped 1 · failed 1" in bad.output


def test_bad_usage_exits_2(seeds_db):
    result = CliRunner().invoke(main, ["entities", "--type", "ANIMAL", "--db", str(seeds_db)])
    assert result.exit_code == 2


def test_console_script_and_module_entry_points(seeds_db):
    module = subprocess.run(
        [sys.executable, "-m", "app", "documents", "--json", "--db", str(seeds_db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert module.returncode == 0, module.stderr
    assert len(json.loads(module.stdout)) == 2
    script = Path(sys.executable).parent / "storyline"
    if script.exists():
        help_text = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
        assert help_text.returncode == 0 and "ingest" in help_text.stdout


def test_every_command_has_help():
    for name, command in main.commands.items():
        assert command.help, f"{name} has no help text"
        result = run(name, "--help")
        assert result.exit_code == 0
