"""`show DOC:LINE` refuses a line the document does not have before printing anything; `ingest` of nothing
that exists makes no database."""

from __future__ import annotations

import json

from click.testing import CliRunner

from app.cli import main


def _run(*args):
    return CliRunner().invoke(main, list(args))


def test_show_a_line_out_of_range_is_a_clear_error_with_nothing_printed(seeds_db):
    doc = json.loads(_run("documents", "--json", "--db", str(seeds_db)).stdout)[0]
    for line in (0, doc["lines"] + 1, 99999):
        result = _run("show", f"{doc['doc']}:{line}", "--db", str(seeds_db))
        assert result.exit_code == 2, (line, result.output)
        assert result.stdout == ""  # no header before the failure
        assert f"there is no line {line}" in result.stderr and f"1 to {doc['lines']}" in result.stderr
    ok = _run("show", f"{doc['doc']}:{doc['lines']}", "--db", str(seeds_db))
    assert ok.exit_code == 0 and f">{doc['lines']}" in ok.stdout.replace(" ", "")


def test_ingest_of_a_path_that_does_not_exist_makes_no_database(tmp_path):
    db = tmp_path / "s.db"
    result = _run("ingest", str(tmp_path / "nowhere"), "--db", str(db))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr and "nowhere" in result.stderr
    assert not db.exists()
