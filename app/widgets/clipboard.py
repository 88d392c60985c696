"""The system clipboard, beside the terminal's (OSC 52, which many terminals and tmux ignore by default).

``system_copy`` tries the clipboard tool of the session it runs in (Wayland, X11, macOS, WSL) and says
which one took the text, or None: then only the terminal's OSC 52 request was made, and nobody can tell
whether the terminal honoured it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

TIMEOUT = 2.0  # seconds a clipboard tool may take


def _tools() -> list[list[str]]:
    tools: list[list[str]] = []
    if os.environ.get("WAYLAND_DISPLAY"):
        tools.append(["wl-copy"])
    if os.environ.get("DISPLAY"):
        tools += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    if sys.platform == "darwin":
        tools.append(["pbcopy"])
    if "microsoft" in os.uname().release.lower() if hasattr(os, "uname") else False:
        tools.append(["clip.exe"])
    return tools


def system_copy(text: str) -> str | None:
    """Put ``text`` on the system clipboard; the name of the tool that did, or None."""
    for command in _tools():
        path = shutil.which(command[0])
        if path is None:
            continue
        try:
            done = subprocess.run(
                [path, *command[1:]],
                input=text.encode("utf-8", "surrogateescape"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TIMEOUT,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return command[0]
    return None
