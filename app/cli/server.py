"""The textual-serve server, made to end every explorer it started when it is stopped.

textual-serve's own server, stopped with SIGTERM or Ctrl+C while a tab is open, waits for that
tab to close (aiohttp's shutdown waits a minute for open websockets) before it goes, and a
visitor's explorer lives until then. Here a stop first ends each visit: the visit's handler is
cancelled, which sends its explorer textual-serve's quit message and waits for it to exit; one
that has not exited within ``GRACE_SECONDS`` is killed.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from pathlib import Path
from typing import Any

from textual_serve.server import Server

GRACE_SECONDS = 10.0


class StorylineServer(Server):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._visits: set[asyncio.Task[Any]] = set()

    async def handle_websocket(self, request: Any) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self._visits.add(task)
        try:
            return await super().handle_websocket(request)
        finally:
            if task is not None:
                self._visits.discard(task)

    async def on_shutdown(self, app: Any) -> None:
        visits = list(self._visits)
        for task in visits:
            task.cancel()
        if visits:
            await asyncio.wait(visits, timeout=GRACE_SECONDS)
        for pid in _children():
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        await super().on_shutdown(app)


def _children() -> list[int]:
    """This process's live children (the explorers still running), from /proc where there is one."""
    try:
        text = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text()
    except OSError:
        return []
    return [int(pid) for pid in text.split()]
