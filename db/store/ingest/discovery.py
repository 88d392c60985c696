"""Finding the files to ingest: every file Storyline reads under the given paths (text files and the
formats of ``db.text.formats``), each once.

A document's identity is its resolved absolute path; its ``doc`` is the path as
reached from the argument given, with "/" separators, the way ``grep -r`` names it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from db.store.files import not_regular
from db.store.ingest.report import Failure, IngestReport
from db.text.formats import readable


@dataclass(frozen=True, slots=True)
class SourceFile:
    doc: str  # the path as reached from the ingest argument, "/"-separated
    path: str  # resolved absolute path: the document's identity


def _display(path: str) -> str:
    path = path.replace(os.sep, "/")
    while "//" in path:
        path = path.replace("//", "/")
    return path


def walk(paths: Iterable[str], report: IngestReport, *, follow_symlinks: bool = False) -> Iterator[SourceFile]:
    """Every file Storyline reads under ``paths`` (recursively), each once.

    A symlink met inside a folder that leads to a file outside every given path (an SSH key beside
    the articles) is not followed unless ``follow_symlinks``: a note names it. A path given itself
    is always read, symlink or not: the user named it.
    """
    seen: set[str] = set()
    paths = list(paths)
    roots = [_resolved_root(p) for p in paths if os.path.isdir(p)]
    for given in paths:
        if not os.path.lexists(given):
            report.failed.append(Failure(_display(given), "no such file or folder"))
            continue
        inside = os.path.isdir(given)
        candidates = _walk_dir(given, report) if inside else iter([given])
        for candidate in candidates:
            if not readable(candidate):
                report.ignored += 1
                continue
            special = not_regular(candidate)  # through any symlink: /dev/stdin is a pipe, not a link target
            if special:  # a FIFO would hang the read, a device never end it
                report.failed.append(Failure(_display(_printable(candidate)), special))
                continue
            try:
                resolved = str(Path(candidate).resolve(strict=True))
            except (OSError, RuntimeError) as exc:
                report.failed.append(Failure(_display(candidate), reason(exc)))
                continue
            if not _is_utf8(resolved) or not _is_utf8(candidate):
                report.failed.append(Failure(_display(_printable(candidate)), "file name is not valid UTF-8"))
                continue
            if inside and not follow_symlinks and not any(_within(resolved, root) for root in roots):
                report.notes.append(
                    Failure(
                        _display(candidate),
                        "a symlink to a file outside the paths given, not read (--follow-symlinks reads it)",
                    )
                )
                continue
            if resolved in seen:
                continue
            seen.add(resolved)
            yield SourceFile(_display(candidate), resolved)


def _resolved_root(path: str) -> str:
    try:
        return str(Path(path).resolve(strict=True))
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def _within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _is_utf8(name: str) -> bool:
    """A file name the database can hold (undecodable bytes arrive as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _printable(name: str) -> str:
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _walk_dir(root: str, report: IngestReport) -> Iterator[str]:
    """The files under ``root``, folders in name order, depth first, with an explicit stack: a folder
    a thousand levels deep is walked (os.walk recurses, and would stop with RecursionError).
    A symlinked folder is not entered, so loops cannot hang."""

    def on_error(exc: OSError) -> None:
        report.failed.append(Failure(_display(_printable(str(exc.filename or root))), reason(exc)))

    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            if exc.filename is None:
                exc.filename = folder
            on_error(exc)
            continue
        files: list[str] = []
        dirs: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
                linked = is_dir and entry.is_symlink()
            except OSError:
                is_dir = linked = False
            if not linked:  # a symlinked folder is not entered
                (dirs if is_dir else files).append(entry.name)
        for name in sorted(files):
            yield os.path.join(folder, name)
        stack.extend(os.path.join(folder, name) for name in sorted(dirs, reverse=True))


def reason(exc: BaseException) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied"
    if isinstance(exc, FileNotFoundError):
        return "file vanished or is a broken link"
    if isinstance(exc, RuntimeError) or (isinstance(exc, OSError) and exc.errno == 40):
        return "symlink loop"
    if isinstance(exc, IsADirectoryError):
        return "is a folder"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc) or type(exc).__name__
