"""A table taller than the terminal goes through $PAGER when stdout is a terminal (a pty here); a short
one, or one piped, is printed as it is (issue 16, the CLI)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _on_a_terminal(args: list[str], tmp_path: Path, lines: int) -> tuple[str, str]:
    """Run ``storyline ARGS`` with stdout a pty ``lines`` tall and $PAGER a script that keeps what it is
    given; (what the terminal got, what the pager got)."""
    got = tmp_path / "paged.txt"
    pager = tmp_path / "pager.sh"
    pager.write_text(f"#!/bin/sh\ncat > '{got}'\n")
    pager.chmod(0o755)
    env = {**os.environ, "PAGER": str(pager), "LINES": str(lines), "COLUMNS": "120"}
    env.pop("LESS", None)
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", *args], stdin=follower, stdout=follower, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the pty closed: the command is done
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert proc.wait(timeout=60) == 0, proc.stderr.read() if proc.stderr else ""
    return shown.decode("utf-8", "replace"), got.read_text(encoding="utf-8") if got.exists() else ""


def test_a_long_table_on_a_terminal_goes_through_the_pager(seeds_db, tmp_path):
    shown, paged = _on_a_terminal(["entities", "--db", str(seeds_db)], tmp_path, lines=10)
    assert paged.splitlines()[0].split()[:2] == ["NAME", "TYPE"]
    assert "Xiaomi" in paged and "Uttar Pradesh" in paged  # every row, to the last
    assert "Uttar Pradesh" not in shown  # not also printed past the pager


def test_a_table_that_fits_the_terminal_is_printed_without_the_pager(seeds_db, tmp_path):
    shown, paged = _on_a_terminal(["entities", "--db", str(seeds_db)], tmp_path, lines=200)
    assert paged == ""
    assert "Xiaomi" in shown and "Uttar Pradesh" in shown
