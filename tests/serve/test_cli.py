"""`storyline serve`: without its extra it says how to install it; bad options exit 2."""

from __future__ import annotations

import sys

from click.testing import CliRunner

from app.cli import main


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.setitem(sys.modules, "app.cli.server", None)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "serve"])
    assert result.exit_code == 2
    assert "pip install 'storyline[serve]'" in result.output
    assert "Traceback" not in result.output


def test_serve_rejects_a_bad_port():
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
