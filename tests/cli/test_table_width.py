"""Tables fit the terminal's width (cells cut with "…", a document's place cut on the left so that its line
stays); --wide prints every cell whole."""

from __future__ import annotations

from click.testing import CliRunner

from app.cli import main


def _run(*args, columns: str):
    return CliRunner().invoke(main, list(args), env={"COLUMNS": columns}, catch_exceptions=False)


def test_a_claims_table_fits_80_columns_and_wide_prints_it_whole(seeds_db):
    fitted = _run("claims", "--db", str(seeds_db), columns="80")
    assert fitted.exit_code == 0
    rows = fitted.stdout.splitlines()
    assert len(rows) > 3 and all(len(r) <= 80 for r in rows)
    assert any(r.endswith("…") for r in rows[2:])  # a long claim cut, not wrapped into three lines
    for row in rows[2:]:
        place = row.split("  ")
        assert any(p.strip().split(":")[-1].isdigit() for p in place)  # DOC:LINE keeps its line number
    wide = _run("claims", "--wide", "--db", str(seeds_db), columns="80")
    assert max(len(r) for r in wide.stdout.splitlines()) > 120
    assert "…" not in wide.stdout.replace("...", "")


def test_a_table_without_a_terminal_or_columns_is_not_cut(seeds_db):
    result = CliRunner().invoke(main, ["claims", "--db", str(seeds_db)], env={"COLUMNS": ""})
    assert max(len(r) for r in result.stdout.splitlines()) > 120
