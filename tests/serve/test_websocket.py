"""`storyline serve` through a plain websocket client: the app's screen comes down, keys go up,
and neither a closed tab nor a stopped server leaves an explorer process behind."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.serve.screen import plain
from tests.serve.server import seeded_db, serving, wait_gone

pytest.importorskip("textual_serve", reason="the 'serve' extra is not installed")
aiohttp = pytest.importorskip("aiohttp")


async def read_until(ws, frames: list, *words: str, seconds: float = 45) -> str:
    deadline = time.monotonic() + seconds
    while not all(word in plain(frames) for word in words):
        left = deadline - time.monotonic()
        if left <= 0:
            raise AssertionError(f"{words} never reached the screen; it shows: {plain(frames)[-1500:]!r}")
        try:
            message = await ws.receive(timeout=left)
        except TimeoutError:
            continue
        if message.type == aiohttp.WSMsgType.BINARY:
            frames.append(message.data)
        elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
            raise AssertionError(f"the server closed the websocket; the screen was: {plain(frames)[-1500:]!r}")
    return plain(frames)


@pytest.mark.slow
def test_a_visitor_gets_the_explorer_and_its_keys_work(tmp_path):
    db = seeded_db(tmp_path)

    async def visit(url: str) -> tuple[str, str]:
        frames: list = []
        async with aiohttp.ClientSession() as session, session.ws_connect(f"{url}ws?width=140&height=40") as ws:
            # the masthead's counts come with the overview, a frame or more after the panes' titles
            first = await read_until(ws, frames, "timeline", "entities", "source", "2 documents")
            frames.clear()
            await ws.send_json(["stdin", "?"])  # the help screen lists the keys
            after = await read_until(ws, frames, "Quit")
            return first, after

    with serving(db) as server:
        first, help_screen = asyncio.run(visit(server.url))
        assert "2 documents" in first
        assert "Help" in help_screen or "help" in help_screen
        assert wait_gone(server.children()) == [], "a closed websocket left its explorer running"
        server.stop()


@pytest.mark.slow
def test_stopping_the_server_ends_every_explorer_it_started(tmp_path):
    db = seeded_db(tmp_path)

    async def hold(url: str, server) -> list[int]:
        frames_a: list = []
        frames_b: list = []
        async with aiohttp.ClientSession() as session:
            a = await session.ws_connect(f"{url}ws?width=100&height=30")
            b = await session.ws_connect(f"{url}ws?width=100&height=30")
            await read_until(a, frames_a, "timeline")
            await read_until(b, frames_b, "timeline")
            children = server.children()
            assert len(children) == 2, f"two visitors, two explorers: {children}"
            await asyncio.to_thread(server.stop)  # while both tabs are open
            return children

    with serving(db) as server:
        children = asyncio.run(hold(server.url, server))
        assert server.proc.returncode is not None
        assert wait_gone(children) == [], "explorers outlived the server"
