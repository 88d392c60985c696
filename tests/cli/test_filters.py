"""`timeline` and `claims` narrowed from the command line (issue 17), `cooccur` and `redate`, through the entry point.

The expectations are about the seed articles, so they live here only.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from tests.conftest import SEEDS

DOC_A = "seeds/000_171dad24aabf5317.txt"
DOC_B = "seeds/002_5844c23af5eaa18d.txt"


def run(db: Path, *args: str):
    return CliRunner().invoke(main, [*args, "--db", str(db)])


def rows(db: Path, *args: str) -> list[dict]:
    result = run(db, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_timeline_rows_say_when_they_were_reported(seeds_db):
    every = rows(seeds_db, "timeline")
    assert {(r["doc"], r["reported"], r["reported_precision"]) for r in every} == {
        (DOC_A, "2023-09", "month"),
        (DOC_B, None, None),
    }


@pytest.mark.parametrize("command", ["timeline", "claims"])
def test_dated_hides_the_undated_and_nothing_else(seeds_db, command):
    every = rows(seeds_db, command)
    dated = rows(seeds_db, command, "--dated")
    assert dated == [r for r in every if r["date"] is not None]
    assert 0 < len(dated) < len(every)
    by_reported = rows(seeds_db, command, "--dated", "--by", "reported")
    assert by_reported == [r for r in every if r["reported"] is not None]


@pytest.mark.parametrize("command", ["timeline", "claims"])
def test_doc_keeps_one_documents_rows(seeds_db, command):
    every = rows(seeds_db, command)
    only_b = rows(seeds_db, command, "--doc", "002_5844c23af5eaa18d.txt")
    assert only_b == [r for r in every if r["doc"] == DOC_B] and only_b


@pytest.mark.parametrize("command", ["timeline", "claims"])
def test_a_date_range_is_inclusive_at_its_precision(seeds_db, command):
    every = rows(seeds_db, command)
    assert rows(seeds_db, command, "--from", "2023-09", "--to", "2023") == [r for r in every if r["date"]]
    assert rows(seeds_db, command, "--from", "2023-10") == []
    assert rows(seeds_db, command, "--to", "2023-08-31") == []


def test_claims_by_kind_and_speaker(seeds_db):
    every = rows(seeds_db, "claims")
    said = rows(seeds_db, "claims", "--kind", "claim")
    facts = rows(seeds_db, "claims", "--kind", "fact")
    assert said == [r for r in every if r["speaker"] or r["cue"]]
    assert facts == [r for r in every if not (r["speaker"] or r["cue"])]
    assert said and facts
    by_lall = rows(seeds_db, "claims", "--speaker", "Atul B. Lall")
    assert by_lall and all(r["speaker"] == "Atul B Lall" for r in by_lall)
    assert by_lall == [r for r in every if r["speaker"] == "Atul B Lall"]


def test_timeline_kind_claim_keeps_events_holding_a_claim(seeds_db):
    every = rows(seeds_db, "timeline")
    holding = rows(seeds_db, "timeline", "--kind", "claim")
    assert holding and len(holding) < len(every)
    assert all(r in every for r in holding)
    assert rows(seeds_db, "timeline", "--kind", "event") == every


def test_by_reported_orders_by_the_documents_date(seeds_db):
    got = rows(seeds_db, "timeline", "--by", "reported")
    assert [r["reported"] or "~" for r in got] == sorted(r["reported"] or "~" for r in got)


@pytest.mark.parametrize(
    "args, says",
    [
        (("timeline", "--from", "2004-13"), "not a real date"),
        (("timeline", "--to", "last year"), "is not a date"),
        (("claims", "--from", "2005", "--to", "2004"), "is after"),
        (("claims", "--doc", "no-such-file.txt"), "no document"),
        (("timeline", "--speaker", "Nobody Atall"), "no entity named"),
        (("timeline", "--kind", "rumour"), "rumour"),
    ],
)
def test_bad_filters_exit_2_with_a_message(seeds_db, args, says):
    result = run(seeds_db, *args)
    assert result.exit_code == 2, result.output
    assert says in result.output and "Traceback" not in result.output


def test_cooccur_lists_who_appears_with_a_name(seeds_db):
    got = rows(seeds_db, "cooccur", "Xiaomi")
    assert list(got[0]) == ["name", "type", "together", "documents"]
    names = [r["name"] for r in got]
    assert "Dixon Technologies" in names[:3] and "Xiaomi" not in names
    assert [r["together"] for r in got] == sorted((r["together"] for r in got), reverse=True)
    table = run(seeds_db, "cooccur", "Xiaomi", "--limit", "2")
    assert table.exit_code == 0 and "TOGETHER" in table.output and len(table.output.splitlines()) == 4


def test_cooccur_of_an_unknown_name_says_so(seeds_db):
    result = run(seeds_db, "cooccur", "Nobody Atall")
    assert result.exit_code == 1 and "no entity named" in result.output


@pytest.fixture
def corpus(tmp_path: Path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert CliRunner().invoke(main, ["ingest", "seeds", "--db", "s.db"]).exit_code == 0
        yield tmp_path / "s.db"
    finally:
        os.chdir(cwd)


def _tuesday(db: Path) -> dict:
    return next(r for r in rows(db, "timeline", "--doc", DOC_B) if r["expression"] == "Tuesday")


def test_redate_dates_a_documents_relative_dates_and_survives_reingest(corpus):
    assert _tuesday(corpus)["date"] is None
    result = run(corpus, "redate", DOC_B, "2023-06-01")
    assert result.exit_code == 0, result.output
    assert "dated 2023-06-01" in result.output
    tuesday = _tuesday(corpus)
    assert (tuesday["date"], tuesday["reported"]) == ("2023-05-30", "2023-06-01")
    assert rows(corpus, "documents")[1]["date"] == "2023-06-01"
    # unchanged: skipped, still dated; changed: extracted again, with the given date
    assert run(corpus, "ingest", "seeds").exit_code == 0
    assert _tuesday(corpus)["date"] == "2023-05-30"
    with open(DOC_B, "a", encoding="utf-8") as f:
        f.write("\nOne more line.\n")
    result = run(corpus, "ingest", "seeds")
    assert "updated 1" in result.output
    assert _tuesday(corpus)["date"] == "2023-05-30"
    assert _tuesday(corpus)["reported"] == "2023-06-01"


@pytest.mark.parametrize(
    "args, says",
    [
        ((DOC_B, "June 2023"), "is not a date"),
        ((DOC_B, "2023-02-30"), "not a real date"),
        (("nope.txt", "2023"), "no document"),
    ],
)
def test_redate_refuses_bad_input_with_exit_2(corpus, args, says):
    result = run(corpus, "redate", *args)
    assert result.exit_code == 2 and says in result.output
    assert _tuesday(corpus)["date"] is None


def test_redate_of_a_missing_database_says_so(tmp_path):
    result = run(tmp_path / "none.db", "redate", "a.txt", "2023")
    assert result.exit_code == 1 and "no database" in result.output
    assert not (tmp_path / "none.db").exists()


def test_redate_of_a_containers_record_redoes_only_that_record(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(
        '{"title": "One", "text": "The council met on Tuesday to discuss the budget."}\n'
        '{"title": "Two", "text": "The board met on Tuesday as well."}\n',
        encoding="utf-8",
    )
    db = tmp_path / "j.db"
    assert CliRunner().invoke(main, ["ingest", str(dump), "--db", str(db)]).exit_code == 0
    result = run(db, "redate", "dump.jsonl#1", "2024-03-08")
    assert result.exit_code == 0, result.output
    dates = {r["doc"].rsplit("/", 1)[-1]: r["date"] for r in rows(db, "timeline")}
    assert dates == {"dump.jsonl#1": "2024-03-05", "dump.jsonl#2": None}
    assert CliRunner().invoke(main, ["ingest", str(dump), "--db", str(db)]).exit_code == 0
    assert {r["doc"].rsplit("/", 1)[-1]: r["date"] for r in rows(db, "timeline")} == dates
