"""Connections to the store, the write lock, and database errors explained for a person.

Every write takes the lock with ``begin_immediate`` (a Python loop of short
tries, so Ctrl+C is honoured while waiting); a writer that waits longer than
LOCK_WAIT_SECONDS for another one stops with a StoreError saying so.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

BUSY_TIMEOUT_MS = 10_000
# How long a writer waits for another one (another ingest) to let go of the
# database before it gives up with a message. Writers hold the lock for one
# batch at a time, so two ingests interleave batch by batch.
LOCK_WAIT_SECONDS = 60.0
_LOCK_POLL_MS = 200


class StoreError(Exception):
    """A database problem explained for a person (no traceback needed)."""


class ForeignDatabase(StoreError):
    """The file is a database, but another program's: ingesting into it is refused too."""


def store_error(path: object, exc: sqlite3.Error) -> StoreError:
    """A StoreError explaining an sqlite3 error met while writing ``path``."""
    text = str(exc)
    lowered = text.lower()
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"cannot write {path}: the database is read-only")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"cannot write {path}: another process is writing to it; try again when it is done")
    if "disk is full" in lowered or "disk full" in lowered:
        return StoreError(f"cannot write {path}: the disk is full")
    if "malformed" in lowered or "not a database" in lowered or "corrupt" in lowered:
        return StoreError(f"{path} is damaged ({text}); nothing was changed")
    if "disk i/o" in lowered or "unable to open" in lowered:
        return StoreError(f"cannot write {path}: {text}")
    return StoreError(f"database error on {path}: {text}")


def _is_locked(exc: sqlite3.Error) -> bool:
    lowered = str(exc).lower()
    return "locked" in lowered or "busy" in lowered


def _execute_waiting(conn: sqlite3.Connection, sql: str, wait: float) -> None:
    """Execute ``sql``, trying again for ``wait`` seconds while another
    connection holds the database; then the last "locked" error is raised.

    A Python loop of short tries, so Ctrl+C is honoured while waiting. Some
    locks (switching a database to WAL) fail at once instead of waiting for
    the busy timeout, hence the pause between tries.
    """
    deadline = time.monotonic() + wait
    conn.execute(f"PRAGMA busy_timeout = {_LOCK_POLL_MS}")
    try:
        while True:
            try:
                conn.execute(sql)
                return
            except sqlite3.OperationalError as exc:
                if not _is_locked(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.01)
    finally:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def begin_immediate(conn: sqlite3.Connection, wait: float | None = None) -> None:
    """BEGIN IMMEDIATE: take the write lock, waiting for another writer.

    After ``wait`` seconds (LOCK_WAIT_SECONDS) a StoreError says why.
    Read-only and other problems become a StoreError too.
    """
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    where = conn.execute("PRAGMA database_list").fetchone()[2] or "the database"
    try:
        _execute_waiting(conn, "BEGIN IMMEDIATE", wait)
    except sqlite3.Error as exc:
        if _is_locked(exc):
            raise StoreError(
                f"cannot write {where}: another process (another ingest?) has held it for"
                f" {wait:.0f} s; try again when it is done"
            ) from None
        raise store_error(where, exc) from None


@contextmanager
def write_transaction(conn: sqlite3.Connection, wait: float | None = None) -> Iterator[None]:
    """One write transaction: the lock taken with ``begin_immediate``, COMMIT when the block ends,
    ROLLBACK when it raises (a database error becomes a StoreError that names the file)."""
    where = conn.execute("PRAGMA database_list").fetchone()[2] or "the database"
    begin_immediate(conn, wait)
    try:
        yield
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise store_error(where, exc) from None
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def connect(path: str | os.PathLike[str], *, readonly: bool = False, immutable: bool = False) -> sqlite3.Connection:
    """A raw connection with Storyline's settings (WAL, foreign keys, busy timeout).

    ``immutable`` (read-only): SQLite is told the file cannot change, so it needs no ``-shm`` file
    beside it: how a database in a folder this user cannot write is read.
    """
    path = Path(path)
    if readonly:
        # Quoted: a "?", "#" or "%" in the name is part of it, not of the URI.
        uri = f"file:{quote(path.resolve().as_posix(), safe='/')}?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def use_wal(conn: sqlite3.Connection) -> None:
    """Switch a new database to WAL (outside any transaction: SQLite's rule;
    persistent, so done once). The switch needs the file to itself: while
    another process opens the same new database it fails "locked" at once."""
    _execute_waiting(conn, "PRAGMA journal_mode = WAL", LOCK_WAIT_SECONDS)
