"""`storyline serve`: without its extra it says how to install it; bad options exit 2."""

from __future__ import annotations

import sys

from click.testing import CliRunner

from app.cli import main


def test_serve_without_the_extra_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "serve"])
    assert result.exit_code == 2
    assert "pip install 'storyline[serve]'" in result.output
    assert "Traceback" not in result.output


def test_serve_rejects_a_bad_port():
    result = CliRunner().invoke(main, ["serve", "--port", "0"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_serve_answers_http_on_localhost(tmp_path):
    """A real server on a free port serves the page; stopping it ends it."""
    import os
    import shutil
    import signal
    import socket
    import subprocess
    import time
    import urllib.request
    from pathlib import Path

    import pytest

    pytest.importorskip("textual_serve", reason="the 'serve' extra is not installed")
    storyline = shutil.which("storyline", path=str(Path(sys.executable).parent))
    assert storyline
    db = tmp_path / "s.db"
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    subprocess.run([storyline, "--db", str(db), "ingest", str(seeds)], check=True, capture_output=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [storyline, "--db", str(db), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        body = ""
        for _ in range(100):
            try:
                body = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "Storyline" in body
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    err = proc.stderr.read().decode() if proc.stderr else ""
    assert "this machine only" in err
