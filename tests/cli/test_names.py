"""`mentions NAME` (and --entity NAME) resolve a name as the entity search ranks it; TYPE:NAME picks."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.cli import main
from db import read
from db.store.ingest import Writer
from db.store.open import open_db
from tests.db.test_ingest import _doc


def _db(tmp_path, docs):
    db = open_db(tmp_path / "names.db")
    Writer(db).write_batch(docs, {})
    db.conn.commit()
    return tmp_path / "names.db"


@pytest.fixture
def blair_db(tmp_path):
    """A person known as Blair in three documents, and an organisation named just Blair in one."""
    person = [_doc(f"/p{i}.txt", ("Tony Blair", "PERSON", {"Blair"})) for i in range(3)]
    return _db(tmp_path, [*person, _doc("/o.txt", ("Blair", "ORG", set()))])


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_an_alias_of_a_prominent_entity_beats_a_rare_entity_of_that_name(blair_db):
    result = _run("mentions", "Blair", "--json", "--db", str(blair_db))
    assert result.exit_code == 0, result.output
    assert {r["entity"] for r in json.loads(result.stdout)} == {"Tony Blair"}
    assert "ORG:Blair" in result.stderr  # says the name is shared, and how to pick the other


def test_type_colon_name_picks_the_other(blair_db):
    result = _run("mentions", "ORG:Blair", "--json", "--db", str(blair_db))
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert rows and {(r["entity"], r["type"]) for r in rows} == {("Blair", "ORG")}
    assert _run("mentions", "place:Blair", "--db", str(blair_db)).exit_code == 1  # no such PLACE


def test_a_name_two_entities_share_evenly_is_ambiguous(tmp_path):
    path = _db(tmp_path, [_doc("/a.txt", ("Jordan", "PERSON", set())), _doc("/b.txt", ("Jordan", "PLACE", set()))])
    result = _run("mentions", "Jordan", "--db", str(path))
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr and "PERSON:Jordan" in result.stderr and "PLACE:Jordan" in result.stderr
    assert "Traceback" not in result.output
    ok = _run("claims", "--entity", "PLACE:Jordan", "--json", "--db", str(path))
    assert ok.exit_code == 0, ok.output


def test_resolve_name_is_a_read_function(tmp_path):
    path = _db(tmp_path, [_doc("/a.txt", ("Jordan", "PERSON", set())), _doc("/b.txt", ("Jordan", "PLACE", set()))])
    conn = open_db(path, create=False, readonly=True).conn
    with pytest.raises(read.AmbiguousName) as caught:
        read.resolve_name(conn, "jordan")
    assert {e.type for e in caught.value.candidates} == {"PERSON", "PLACE"}
    chosen, others = read.resolve_name(conn, "PERSON:Jordan")
    assert (chosen.name, chosen.type, others) == ("Jordan", "PERSON", ())
    with pytest.raises(read.NameNotFound):
        read.resolve_name(conn, "Nobody")
    assert read.split_typed_name("Ratio: 3") == (None, "Ratio: 3")  # a colon in a name is not a type


@pytest.mark.parametrize("command", ["documents", "entities", "mentions", "claims", "timeline"])
def test_every_listing_takes_a_limit(seeds_db, command):
    every = json.loads(_run(command, "--json", "--db", str(seeds_db)).stdout)
    assert len(every) >= 2, command
    first = _run(command, "--json", "--limit", "1", "--db", str(seeds_db))
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout) == every[:1]
    assert _run(command, "--limit", "-1", "--db", str(seeds_db)).exit_code == 2  # a clear usage error


def test_rows_carry_the_ids_of_the_entities_they_name(seeds_db):
    def rows(command):
        return json.loads(_run(command, "--json", "--db", str(seeds_db)).stdout)

    names = {e["entity_id"]: (e["name"], e["type"]) for e in rows("entities")}
    assert len(names) == len(rows("entities"))  # one id per entity
    for m in rows("mentions"):
        assert names[m["entity_id"]][0] == m["entity"]
    claims = rows("claims")
    assert any(c["speaker"] for c in claims)
    for c in claims:
        assert [names[i][0] for i in c["entity_ids"]] == c["entities"]
        assert (c["speaker_id"] is None) == (c["speaker"] is None)
        assert c["speaker_id"] is None or names[c["speaker_id"]][0] == c["speaker"]
    timeline = rows("timeline")
    assert any(t["entities"] for t in timeline)
    for t in timeline:
        assert [names[i][0] for i in t["entity_ids"]] == t["entities"]


def test_cooccur_takes_a_limit(seeds_db):
    every = json.loads(_run("cooccur", "Xiaomi", "--json", "--db", str(seeds_db)).stdout)
    assert len(every) >= 2
    first = json.loads(_run("cooccur", "Xiaomi", "--json", "--limit", "1", "--db", str(seeds_db)).stdout)
    assert first == every[:1]


def test_marks_takes_a_limit(seeds_db_copy):
    db = str(seeds_db_copy)
    doc = json.loads(_run("documents", "--json", "--db", db).stdout)[0]["doc"]
    for line in (1, 3):
        assert _run("mark", f"{doc}:{line}", "--db", db).exit_code == 0
    every = json.loads(_run("marks", "--json", "--db", db).stdout)
    assert len(every) == 2
    assert json.loads(_run("marks", "--json", "--limit", "1", "--db", db).stdout) == every[:1]
