"""Opening a document in the user's editor: ``$VISUAL``, else ``$EDITOR``, else ``vi``, at a line."""

from __future__ import annotations

import os
import shlex
import subprocess

from textual.app import App

from app.inert import inert


def editor_command(path: str, line: int) -> tuple[str, list[str]]:
    """(the editor as configured, the command that opens ``path`` at ``line``)."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    return editor, [*shlex.split(editor), f"+{line}", path]


def open_in_editor(app: App[object], path: str, line: int) -> str | None:
    """Suspend the app, run the editor, come back; a message saying why it could not start, else None."""
    editor, command = editor_command(path, line)
    try:
        with app.suspend():
            subprocess.call(command)
    except Exception as exc:  # report any failure to start the editor
        return f"could not run {inert(editor)}: {inert(str(exc))}"
    return None
