"""A pool of read-only connections, one per concurrent thread (the explorer's workers)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


class Reader:
    """A pool of read-only connections: one per concurrent thread, reused."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()

    @contextmanager
    def conn(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self._connect()
        try:
            yield conn
        finally:
            with self._lock:
                self._idle.append(conn)

    def __call__(self, fn: Callable[..., T], *args: object, **kwargs: object) -> T:
        """``fn(conn, *args, **kwargs)`` on a pooled connection."""
        with self.conn() as conn:
            return fn(conn, *args, **kwargs)

    def close(self) -> None:
        with self._lock:
            for conn in self._idle:
                conn.close()
            self._idle.clear()
