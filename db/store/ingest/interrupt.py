"""Ctrl+C held back while a transaction is written, and raised right after."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any


class DeferInterrupt:
    """Hold back Ctrl+C while a transaction is being written; raise it right after.

    The transaction would be rolled back anyway, but then the report could not
    tell what was stored. Only in the main thread (signals are delivered there).
    """

    def __init__(self) -> None:
        self.pending = False
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None

    def __enter__(self) -> DeferInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum: int, frame: FrameType | None) -> None:
        self.pending = True

    def __exit__(self, *exc: object) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self.pending and exc[0] is None:
            raise KeyboardInterrupt
