"""Vocabulary as data: the one loader for every word list Storyline's rules read.

A list is a UTF-8 text file, one entry a line; ``#`` starts a comment (to the
end of the line) and blank lines are skipped. An entry may hold spaces
("south africa"). A table is the same with a key and a value separated by
" = " ("christmas day = 12-25").

The shared lists live in this folder; a list only one extractor reads lives
beside it (the NER's feature lexicons sit beside its model, whose manifest
holds their hashes). Where two rules deliberately read different lists of one
kind, the difference is its own file, named for what it adds, read next to the
shared one: never a second edited copy.

Lists are read once per process (they are small) and handed out as frozensets,
tuples or dicts, so nothing can change them in place.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent


def _path(name: str, folder: Path | None) -> Path:
    return (folder or HERE) / f"{name}.txt"


@cache
def entries(name: str, folder: Path | None = None) -> tuple[str, ...]:
    """The entries of list ``name`` (``folder/name.txt``, this folder by default), in file order."""
    out: list[str] = []
    for raw in _path(name, folder).read_text(encoding="utf-8").splitlines():
        entry = raw.split("#", 1)[0].strip()
        if entry:
            out.append(entry)
    return tuple(out)


def words(name: str, folder: Path | None = None) -> frozenset[str]:
    """List ``name`` as a set."""
    return frozenset(entries(name, folder))


def table(name: str, folder: Path | None = None) -> dict[str, str]:
    """List ``name`` as a mapping: each entry is ``key = value``."""
    out: dict[str, str] = {}
    for entry in entries(name, folder):
        key, sep, value = entry.partition(" = ")
        if not sep:
            raise ValueError(f"{_path(name, folder)}: {entry!r} is not 'key = value'")
        out[key.strip()] = value.strip()
    return out


def digest(name: str, folder: Path | None = None) -> str:
    """SHA-256 of list ``name``'s file, exactly as stored (comments included)."""
    return hashlib.sha256(_path(name, folder).read_bytes()).hexdigest()
