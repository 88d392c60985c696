"""`storyline serve` as a colleague uses it: the page in a real headless Chromium, keys typed
into it, the app's answer read back from what the server sent the terminal, a screenshot kept.

Needs Debian's chromium (`.ci/run` installs it) and the `playwright` package (the test extra),
which drives that system browser; it downloads no browser of its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.serve.screen import plain
from tests.serve.server import SEEDS, seeded_db, serving, storyline, wait_gone

pytest.importorskip("textual_serve", reason="the 'serve' extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

CHROMIUM = os.environ.get("STORYLINE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(os.environ.get("STORYLINE_ARTIFACTS", Path(__file__).resolve().parents[2] / "artifacts"))
# Without the networking flags Chromium keeps calling home, which a closed network refuses.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

QUIET: dict = {"capture_output": True, "text": True}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on this machine (apt-get install chromium)"),
]


def wait_for(page, frames: list, *words: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while not all(word in plain(frames) for word in words):
        if time.monotonic() > deadline:
            raise AssertionError(f"{words} never reached the screen; it shows: {plain(frames)[-1500:]!r}")
        page.wait_for_timeout(200)
    return plain(frames)


def test_the_explorer_in_headless_chromium(tmp_path):
    db = seeded_db(tmp_path)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serving(db) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            frames: list = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
            page.goto(server.url, wait_until="domcontentloaded")
            first = wait_for(page, frames, "timeline", "entities", "source", "2 documents")
            assert "2 documents" in first
            assert len(server.children()) == 1, "one visitor, one explorer"

            page.locator("body").click()  # the terminal takes keys once it has the focus
            frames.clear()
            page.keyboard.type("/")
            wait_for(page, frames, "Go to entity")
            frames.clear()
            page.keyboard.type("Lall")
            found = wait_for(page, frames, "Atul B Lall")
            assert "PERSON" in found
            frames.clear()
            page.keyboard.press("Enter")  # the timeline narrows to what the entity said and where it appears
            narrowed = wait_for(page, frames, "Atul B Lall (")
            assert "esc clears" in narrowed
            page.screenshot(path=str(ARTIFACTS / "serve-explorer.png"))
            assert (ARTIFACTS / "serve-explorer.png").stat().st_size > 10_000

            explorers = server.children()
            page.close()  # the tab closes: its explorer ends
            assert wait_gone(explorers) == [], "a closed tab left its explorer running"
        finally:
            browser.close()
        server.stop()


def test_the_boards_memo_downloads_in_the_browser_and_nothing_is_written_on_the_server(tmp_path):
    db = seeded_db(tmp_path)
    line = f"{SEEDS / '000_171dad24aabf5317.txt'}:3"
    mark = subprocess.run([storyline(), "--db", str(db), "mark", line, "--note", "the milestone quote"], **QUIET)
    assert mark.returncode == 0, mark.stderr
    served_from = tmp_path / "cwd"
    served_from.mkdir()
    with serving(db, cwd=served_from) as server, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800}, accept_downloads=True)
            frames: list = []
            page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(payload)))
            page.goto(server.url, wait_until="domcontentloaded")
            wait_for(page, frames, "timeline", "entities", "source")
            page.locator("body").click()
            frames.clear()
            page.keyboard.type("M")  # the evidence board
            wait_for(page, frames, "the milestone quote")
            frames.clear()
            page.keyboard.type("x")
            wait_for(page, frames, "Download")
            with page.expect_download(timeout=60_000) as arrival:
                page.keyboard.press("Enter")  # the default name
            download = arrival.value
            assert download.suggested_filename == "storyline-marks.md"
            memo = Path(download.path()).read_text(encoding="utf-8")
            assert "the milestone quote" in memo and "000_171dad24aabf5317.txt:3" in memo
        finally:
            browser.close()
        server.stop()
    assert list(served_from.iterdir()) == [], "the visitor's export was written on the server"
