"""`storyline > file` (or with a pipe for stdin) refuses at once instead of drawing the explorer into the file."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_the_explorer_without_a_terminal_says_so_and_writes_nothing(seeds_db, tmp_path):
    out = tmp_path / "out.txt"
    with out.open("w") as stdout:
        result = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(seeds_db)],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=30,
        )
    assert result.returncode == 2
    assert out.read_text() == ""  # no escape codes, no screen
    assert "the explorer needs a terminal, and stdout is not one" in result.stderr
    assert "storyline timeline" in result.stderr and "Traceback" not in result.stderr
