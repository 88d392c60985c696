"""`storyline export` through the entry point: every quote slices its document at its citation."""

from __future__ import annotations

import csv
import io
import json
import os

from click.testing import CliRunner

from app.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _slices(folder, item) -> None:
    lines = (folder / str(item["doc"])).read_text(encoding="utf-8").split("\n")
    line = lines[int(item["line"]) - 1].rstrip("\r")
    start = int(item["column"]) - 1
    assert line[start : start + len(item["text"])] == item["text"], item
    assert item["citation"] == f"{item['doc']}:{item['line']}:{item['column']}"


def test_every_exported_quote_slices_its_document(seeds_db):
    result = run("export", "--format", "json", "--db", str(seeds_db))
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert {i["kind"] for i in items} == {"claim", "event"}
    for item in items:
        _slices(seeds_db.parent, item)


def test_jsonl_csv_and_json_carry_the_same_rows(seeds_db):
    rows = json.loads(run("export", "--format", "json", "--db", str(seeds_db)).stdout)
    jsonl = [json.loads(x) for x in run("export", "--format", "jsonl", "--db", str(seeds_db)).stdout.splitlines()]
    table = list(csv.DictReader(io.StringIO(run("export", "--format", "csv", "--db", str(seeds_db)).stdout)))
    assert rows == jsonl
    assert [r["citation"] for r in table] == [r["citation"] for r in rows]
    assert [r["text"] for r in table] == [r["text"] for r in rows]


def test_memo_cites_every_item(seeds_db):
    memo = run("export", "--db", str(seeds_db)).stdout
    rows = json.loads(run("export", "--format", "json", "--db", str(seeds_db)).stdout)
    assert memo.startswith("# ")
    for r in rows:
        assert f"`{r['citation']}`" in memo


def test_entity_and_date_filters(seeds_db):
    entities = json.loads(run("entities", "--json", "--db", str(seeds_db)).stdout)
    name = entities[0]["name"]
    rows = json.loads(run("export", "--format", "json", "--entity", name, "--db", str(seeds_db)).stdout)
    claims = json.loads(run("claims", "--entity", name, "--json", "--db", str(seeds_db)).stdout)
    cited = {f"{c['doc']}:{c['line']}:{c['column']}" for c in claims}
    assert {r["citation"] for r in rows if r["kind"] == "claim"} == cited
    dated = [r for r in json.loads(run("export", "--format", "json", "--db", str(seeds_db)).stdout) if r["date"]]
    if dated:
        day = sorted(r["date"] for r in dated)[len(dated) // 2][:10]
        later = json.loads(run("export", "--format", "json", "--from", day, "--db", str(seeds_db)).stdout)
        assert later and all(r["date"] and r["date"] >= day for r in later)


def test_output_file_and_refusals(seeds_db, tmp_path):
    target = tmp_path / "memo.md"
    result = run("export", "-o", str(target), "--db", str(seeds_db))
    assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# ")
    result = run("export", "-o", str(tmp_path), "--db", str(seeds_db))
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        assert run("export", "-o", str(fifo), "--db", str(seeds_db)).exit_code == 2
    result = run("export", "--entity", "no such entity at all", "--db", str(seeds_db))
    assert result.exit_code == 2


def test_timelinejs_has_a_slide_per_dated_item(seeds_db):
    rows = json.loads(run("export", "--format", "json", "--db", str(seeds_db)).stdout)
    data = json.loads(run("export", "--format", "timelinejs", "--db", str(seeds_db)).stdout)
    dated = [r for r in rows if r["date"] and r["date"][:4].isdigit()]
    assert len(data["events"]) == len(dated)
    for slide, row in zip(data["events"], dated, strict=True):
        assert slide["start_date"]["year"] == str(int(row["date"][:4]))
        assert row["citation"] in slide["text"]["text"]


def test_graphml_network_of_entities(seeds_db):
    import xml.etree.ElementTree as ET

    entities = json.loads(run("entities", "--json", "--db", str(seeds_db)).stdout)
    root = ET.fromstring(run("export", "--format", "graphml", "--db", str(seeds_db)).stdout)
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    nodes = root.findall(".//g:node", ns)
    assert len(nodes) == len(entities)
    ids = {n.get("id") for n in nodes}
    edges = root.findall(".//g:edge", ns)
    assert edges
    for e in edges:
        assert e.get("source") in ids and e.get("target") in ids and e.get("source") != e.get("target")
        assert float(e.find("g:data", ns).text) >= 1


def test_gexf_is_the_same_network(seeds_db):
    import xml.etree.ElementTree as ET

    g = ET.fromstring(run("export", "--format", "graphml", "--db", str(seeds_db)).stdout)
    x = ET.fromstring(run("export", "--format", "gexf", "--db", str(seeds_db)).stdout)
    gn, xn = {"g": "http://graphml.graphdrawing.org/xmlns"}, {"x": "http://gexf.net/1.3"}
    assert len(x.findall(".//x:node", xn)) == len(g.findall(".//g:node", gn))
    pairs = {(e.get("source"), e.get("target"), float(e.find("g:data", gn).text)) for e in g.findall(".//g:edge", gn)}
    assert {(e.get("source"), e.get("target"), float(e.get("weight"))) for e in x.findall(".//x:edge", xn)} == pairs


def test_a_claim_that_is_also_on_the_timeline_is_exported_once(seeds_db):
    rows = json.loads(run("export", "--format", "json", "--db", str(seeds_db)).stdout)
    places = [(r["doc"], r["line"], r["column"], r["text"]) for r in rows]
    assert len(places) == len(set(places))
    timeline = json.loads(run("timeline", "--json", "--db", str(seeds_db)).stdout)
    claims = json.loads(run("claims", "--json", "--db", str(seeds_db)).stdout)
    on_both = {(c["doc"], c["line"], c["column"]) for c in claims} & {
        (t["doc"], t["line"], t["column"]) for t in timeline
    }
    assert on_both, "the seeds have claims on the timeline: the case this test is about"
    kinds = {(r["doc"], r["line"], r["column"]): r["kind"] for r in rows}
    assert all(kinds[p] == "claim" for p in on_both)


def test_memo_of_an_untitled_document_names_its_path_once(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "memo.txt").write_text("The minister said on Monday that the bridge would reopen in 2031.\n", "utf-8")
    db = str(tmp_path / "s.db")
    assert run("--db", db, "ingest", str(folder)).exit_code == 0
    memo = run("export", "--db", db).stdout
    cited = [line for line in memo.splitlines() if line.startswith("- ")]
    assert cited
    for line in cited:
        assert line.count("memo.txt") == 1, line
