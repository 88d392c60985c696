"""What a format reader hands on: a record (text and metadata), or an entry of a container not yet converted."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from typing import BinaryIO

from db.text.types import DocDate

# A record of a container larger than this is refused (it would have to be held whole in memory).
MAX_RECORD_BYTES = 50 * 1024 * 1024


class FormatError(Exception):
    """The bytes are not a readable document of their format (the message says why, for the user)."""


class NotThisFormat(FormatError):
    """The file is not of the format its name suggests (an ``.xml`` file that is not a feed): ignored."""


def file_kind(mode: int) -> str | None:
    """What a file of this ``st_mode`` is, when it is not a regular file; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def nonblocking_opener(path: str, flags: int) -> int:
    """Open without blocking (a FIFO with no writer) and without taking a terminal as ours."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))


def open_regular(path: str) -> BinaryIO:
    """``path`` opened for reading, checked on the open descriptor to be a regular file.

    A container is streamed from its path in the reading process: a FIFO put where a dump was
    listed (or named by a crafted database) would wait forever for a writer, a device never end.
    Raises FormatError saying what the file is, or OSError.
    """
    fh = open(path, "rb", opener=nonblocking_opener)  # noqa: SIM115 - returned to the caller, who closes it
    what = file_kind(os.fstat(fh.fileno()).st_mode)
    if what is not None:
        fh.close()
        raise FormatError(f"not a regular file ({what})")
    return fh


@dataclass(frozen=True, slots=True)
class Record:
    """One document's text and metadata, as a reader found them.

    ``text`` is what is stored: lines, columns and every span refer to it.
    """

    text: str
    format: str  # "html", "rss", "json", "warc", "email", "pdf", ...
    title: str | None = None
    date: DocDate | None = None
    url: str | None = None
    author: str | None = None
    source: str | None = None
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()  # told to the user (e.g. "summary only")


@dataclass(frozen=True, slots=True)
class Entry:
    """One record of a container, split off cheaply in the reading process, converted in a worker."""

    number: int | None  # 1-based record number; None when the file holds exactly one document (a JSON object)
    payload: bytes
    meta: tuple[tuple[str, str], ...] = ()  # what the container says about the record (its URI, date)
    digest: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.digest:
            h = hashlib.sha256(self.payload)
            for key, value in self.meta:
                h.update(b"\0" + key.encode() + b"\0" + value.encode("utf-8", "surrogatepass"))
            object.__setattr__(self, "digest", h.hexdigest())

    def get(self, key: str) -> str | None:
        return next((v for k, v in self.meta if k == key), None)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A record of a container that is not a document (a WARC record that is not an HTML page): counted, not failed."""

    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class Broken:
    """A record of a container that cannot be read (a JSON line that does not parse): a failure."""

    number: int
    reason: str


@dataclass(frozen=True, slots=True)
class Options:
    """What the user said about reading: JSON field names (``--map text=FIELD,...``)."""

    field_map: tuple[tuple[str, str], ...] = ()

    def fields(self) -> dict[str, str]:
        return dict(self.field_map)


NO_OPTIONS = Options()


def clean_value(value: object) -> str | None:
    """A metadata value as one line of text, or None when it is not text or is blank."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None
