"""Files Storyline opens: only regular files, never more than a stated size, and stored paths checked.

A FIFO, socket or device read like a file hangs (a pipe with no writer), never ends (``/dev/zero``)
or reads someone else's input (``/dev/stdin``), so anything that is not a regular file is refused
with what it is. A path read from a database is untrusted (the database may come from someone
else): ``stored_path_problem`` says why one must not reach a process, a terminal or the filesystem.
"""

from __future__ import annotations

import os

from db.text.formats import container_path
from db.text.formats.types import file_kind as kind
from db.text.formats.types import nonblocking_opener as _opener

# The most a file may hold: a larger one is refused unread (a stated limit, not a MemoryError).
MAX_FILE_BYTES = 200 * 1024 * 1024


class NotRegularFile(OSError):
    """A path that names something other than a regular file; its message says what."""


def special(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` (followed through symlinks) is when it exists and is not a regular file, else None.

    A path that does not exist is not this function's concern (None): the caller reports it.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    return kind(mode)


def not_regular(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` is not a regular file to read ("not a regular file (a named pipe (FIFO))"), else None."""
    what = special(path)
    return None if what is None else f"not a regular file ({what})"


def read_bounded(path: str | os.PathLike[str], limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Opened without blocking (a FIFO put in its place after it was listed does not hang), checked
    to be a regular file on the open descriptor, and read no further than ``limit`` + 1 bytes,
    so a file that grows or lies about its size cannot fill memory. Raises NotRegularFile,
    OSError, or ValueError for a file over the limit.
    """
    with open(path, "rb", opener=_opener) as fh:
        st = os.fstat(fh.fileno())
        what = kind(st.st_mode)
        if what is not None:
            raise NotRegularFile(f"not a regular file ({what})")
        if st.st_size > limit:
            raise ValueError(too_large(st.st_size, limit))
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(too_large(len(data), limit))
    return data


def too_large(size: int, limit: int = MAX_FILE_BYTES) -> str:
    return f"file too large ({size // 2**20} MB; the limit is {limit // 2**20} MB)"


def stored_path_problem(path: object) -> str | None:
    """Why a file path read from a database must not be used, else None: it must be a string, with
    no NUL or line break, absolute, and name a regular file (followed through symlinks)."""
    if not isinstance(path, str) or not path:
        return "the stored path is empty or not text"
    if "\x00" in path or "\n" in path or "\r" in path:
        return "the stored path holds a NUL byte or a line break"
    if not os.path.isabs(path):
        return "the stored path is not absolute"
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return "the stored path names no file on this machine"
    what = kind(mode)
    return None if what is None else f"the stored path is {what}, not a regular file"


def stored_file_problem(path: object) -> str | None:
    """``stored_path_problem`` for the file a stored document path names: for a record of a
    container (``/a/dump.jsonl#3``) the container (``/a/dump.jsonl``), checked the same way before
    anything opens it or hands it to a process."""
    if isinstance(path, str) and "\x00" not in path:
        path = container_path(path)
    return stored_path_problem(path)
