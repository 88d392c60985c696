"""Opening a document in the user's editor: ``$VISUAL``, else ``$EDITOR``, else ``vi``, at a line."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from textual.app import App

from app.inert import inert
from app.served import served
from db.read import Document
from db.store.files import stored_file_problem, stored_path_problem

# Editors known to take ``--`` as the end of their options (a file named "-c..." stays a file).
_ENDS_OPTIONS = frozenset({"vi", "vim", "nvim", "gvim", "view", "vimdiff", "nano", "emacs", "emacsclient", "mg"})


def editor_command(path: str, line: int) -> tuple[str, list[str]]:
    """(the editor as configured, the command that opens ``path`` at ``line``)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    argv = shlex.split(editor) or ["vi"]
    end = ["--"] if os.path.basename(argv[0]) in _ENDS_OPTIONS else []
    return editor, [*argv, f"+{line}", *end, path]


# `storyline serve` says so to the explorers it starts: an editor there would run on the server,
# in the visitor's hands (vim's :! runs any command), so `e` is refused.


def why_not_open(path: str, command: list[str]) -> str | None:
    """Why ``command`` must not run on ``path`` (a value read from a database, so untrusted), else None:
    the path must pass the store's rule for stored paths (absolute, no NUL or line break, a regular
    file), the explorer must not be served to a browser, and the editor must exist, all checked
    before the app suspends (Textual does not resume a suspend that raised)."""
    if served():
        return "the editor is not opened from a browser: it would run on the server (use storyline show)"
    problem = stored_path_problem(path)
    if problem:
        return f"refusing to open {inert(str(path))!r}: not an absolute path to a regular file ({problem})"
    if shutil.which(command[0]) is None:
        return f"could not run {inert(command[0])}: no such program (set $VISUAL or $EDITOR)"
    return None


def why_not_write_stored_text(stored: str) -> str | None:
    """Why the stored text of a converted document whose stored path is ``stored`` must not be
    written out for the editor, else None: the file it came from (for ``dump.jsonl#3`` the dump)
    must pass the stored-path rule too, checked before any file is written or process started."""
    if served():
        return "the editor is not opened from a browser: it would run on the server (use storyline show)"
    problem = stored_file_problem(stored)
    if problem:
        return (
            f"refusing to open the text of {inert(str(stored))!r}:"
            f" its file is not an absolute path to a regular file ({problem})"
        )
    return None


def open_in_editor(app: App[object], path: str, line: int) -> str | None:
    """Suspend the app, run the editor, come back; a message saying why it could not start, else None."""
    editor, command = editor_command(path, line)
    problem = why_not_open(path, command)
    if problem:
        return problem
    try:
        with app.suspend():
            subprocess.call(command)
    except Exception as exc:  # report any failure to start the editor
        return f"could not run {inert(editor)}: {inert(str(exc))}"
    return None


def stored_text_file(conn: sqlite3.Connection, doc: Document) -> str:
    """The text Storyline stored for a converted document (an HTML page, a record of a dump, a PDF),
    written read-only to a temporary file named after it: what ``e`` opens, since the file itself is
    not that text and an edit would not change the database."""
    from db import read

    name = re.sub(r"[^\w.-]+", "_", doc.doc.rsplit("/", 1)[-1])[-80:] or "document"
    folder = Path(tempfile.gettempdir()) / f"storyline-{os.getuid() if hasattr(os, 'getuid') else 0}"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{doc.id}-{name}.txt"
    if path.exists():
        path.chmod(0o600)
    path.write_text("\n".join(line.text for line in read.lines(conn, doc.id)) + "\n", encoding="utf-8")
    path.chmod(0o400)
    return str(path)
