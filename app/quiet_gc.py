"""Python's full garbage collections, run between keystrokes instead of during them.

Textual builds and drops many objects with reference cycles (every repaint,
every list of search results). The collector's young generations deal with
most of them cheaply, but its automatic full passes landed in the middle of
keystrokes: 15-120 ms pauses on the 100k-article database, enough to show in
the 95th percentile of a search keystroke. Here young collections stay
automatic; full ones wait for a moment without input (or, under a long burst of
input, for a large backlog, so memory stays bounded). What exists when the app
starts lives as long as it, so it is frozen out of every pass.
"""

from __future__ import annotations

import gc
import time

from textual.app import App

EVERY = 0.25  # seconds between checks
QUIET = 0.3  # seconds without input before a full collection
MIN_PENDING = 10  # middle-generation passes since the last full one worth a full one
MAX_PENDING = 100  # do it even during input beyond this (Python's own default is 10)
_NEVER = 1_000_000


class QuietCollector:
    def __init__(self, app: App) -> None:
        self.app = app
        self.last_input = time.monotonic()
        self.collections = 0
        self._thresholds: tuple[int, int, int] | None = None

    def start(self) -> None:
        """Freeze what exists and take over when full collections happen."""
        gc.collect()
        gc.freeze()
        self._thresholds = gc.get_threshold()
        gc.set_threshold(self._thresholds[0], self._thresholds[1], _NEVER)
        self.app.set_interval(EVERY, self.tick, name="quiet-gc")

    def stop(self) -> None:
        if self._thresholds is not None:
            gc.set_threshold(*self._thresholds)
            gc.unfreeze()
            self._thresholds = None

    def input_seen(self) -> None:
        self.last_input = time.monotonic()

    def tick(self) -> None:
        pending = gc.get_count()[2]
        quiet = time.monotonic() - self.last_input >= QUIET
        if (pending >= MIN_PENDING and quiet) or pending >= MAX_PENDING:
            gc.collect()
            self.collections += 1
