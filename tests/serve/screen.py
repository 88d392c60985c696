"""What the explorer drew, read back from the bytes textual-serve sends down the websocket.

The browser draws the terminal on a canvas, so the DOM has no text to read; the websocket carries
the app's terminal output, and with its escape sequences removed the words on screen remain
(each run of a row arrives as one piece).
"""

from __future__ import annotations

import re

ESCAPE = re.compile(r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[()][0-9A-Za-z]|[=>78])")


def plain(frames: list[bytes | str]) -> str:
    """The text in ``frames`` (binary frames are terminal output; text frames are control messages)."""
    out = b"".join(frame for frame in frames if isinstance(frame, bytes))
    return ESCAPE.sub(" ", out.decode("utf-8", "replace"))
