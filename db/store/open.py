"""Opening the store: create, migrate, or refuse, with a message a person can act on."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from db.store import connection
from db.store.connection import ForeignDatabase, StoreError, store_error
from db.store.schema import SCHEMA_VERSION

if TYPE_CHECKING:  # imported when writing only: reads start faster without it (and without migrations)
    import sqlite_utils


def _is_sqlite_file(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return True  # let sqlite report the real problem
    return head == b"" or head.startswith(b"SQLite format 3\x00")


def _writable_folder(path: Path) -> bool:
    return os.access(path.resolve().parent, os.W_OK | os.X_OK)


class ReadOnlyStore:
    """A read-only store: reads need the connection and nothing else."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


@overload
def open_db(
    path: str | os.PathLike[str], *, create: bool = True, readonly: Literal[False] = False
) -> sqlite_utils.Database: ...


@overload
def open_db(path: str | os.PathLike[str], *, create: bool = True, readonly: Literal[True]) -> ReadOnlyStore: ...


def open_db(
    path: str | os.PathLike[str], *, create: bool = True, readonly: bool = False
) -> sqlite_utils.Database | ReadOnlyStore:
    """Open (and if needed create or migrate) the store at ``path``.

    Raises StoreError with a plain explanation for every problem a user can
    cause: a missing folder, a file that is not SQLite, a newer schema, a
    database that cannot be written.
    """
    given = os.fspath(path)
    path = Path(path)
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if given.endswith(("/", os.sep)):  # Path() drops the slash that says "a folder"
        raise StoreError(f"{given} names a folder (a trailing slash), not a database file")
    if (
        path.exists() and not path.is_file()
    ):  # /dev/null, a FIFO: SQLite would hang on it or write its journal beside it
        from db.store.files import special  # (its file formats cost a command's start; a regular file needs none)

        raise StoreError(f"{path} is {special(path) or 'not a regular file'}, not a database file")
    exists = path.exists()
    if not exists:
        if os.path.islink(path):
            raise StoreError(f"{path} is a broken symlink, not a database file")
        if not create or readonly:
            raise StoreError(f"no database at {path} (run: storyline ingest FOLDER)")
        if not path.parent.exists():
            raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise StoreError(f"cannot create {path}: folder {path.parent} is not writable")
    elif not _is_sqlite_file(path):
        raise ForeignDatabase(f"{path} is not a Storyline database (not an SQLite file)")
    try:
        conn = connection.connect(path, readonly=readonly)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if not (readonly and exists and not _writable_folder(path)):
            raise StoreError(f"cannot open {path}: {exc}") from None
        # A WAL database in a folder this user cannot write: SQLite cannot make the -shm file a
        # reader needs (only a user who may write the folder can be writing it): read the file as it
        # stands, unless changes still wait in its -wal file (reading it immutable would not see them).
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise StoreError(
                f"cannot read {path}: its folder is not writable and {wal.name} holds changes not yet in"
                " the database; open it once where it can be written (or copy both files elsewhere)"
            ) from None
        try:
            conn = connection.connect(path, readonly=True, immutable=True)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as again:
            raise StoreError(f"cannot open {path}: {again}") from None
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(
            f"{path} was written by a newer Storyline (schema {version}, this one reads "
            f"up to {SCHEMA_VERSION}); upgrade Storyline to open it"
        )
    if version > 0:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            conn.close()
            raise ForeignDatabase(f"{path} is an SQLite database but not a Storyline one")
    elif exists:  # read-only too: another program's tables are not an empty Storyline database
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if tables and "documents" not in tables:
            conn.close()
            raise ForeignDatabase(f"{path} is an SQLite database but not a Storyline one")
    if readonly:
        if version == 0:
            conn.close()
            raise StoreError(f"{path} is empty (run: storyline ingest FOLDER)")
        if version < SCHEMA_VERSION:
            # Written by an older Storyline: upgrade it once, then read.
            conn.close()
            try:
                open_db(path).conn.close()
            except StoreError as exc:
                raise StoreError(f"{path} needs upgrading to schema {SCHEMA_VERSION} and {exc}") from None
            return open_db(path, create=False, readonly=True)
        return ReadOnlyStore(conn)
    import sqlite_utils

    from db.store import migrations

    db = sqlite_utils.Database(conn)
    try:
        if version < SCHEMA_VERSION:
            migrations.migrate(db, version)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise store_error(path, exc) from None
    return db
