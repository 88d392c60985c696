"""Ctrl+C held back while a transaction is written, and raised right after."""

from __future__ import annotations

import signal
import threading


class DeferInterrupt:
    """Hold back Ctrl+C while a transaction is being written; raise it right after.

    The transaction would be rolled back anyway, but then the report could not
    tell what was stored. Only in the main thread (signals are delivered there).
    """

    def __init__(self) -> None:
        self.pending = False
        self._previous = None

    def __enter__(self) -> DeferInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._note)
        return self

    def _note(self, signum, frame) -> None:
        self.pending = True

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        if self.pending and exc[0] is None:
            raise KeyboardInterrupt
