"""What `storyline serve` tells the explorers it starts, through their environment.

A served explorer runs on the server in a visitor's hands: it opens no editor (app/editor.py), and
unless the server was started with ``--writable`` it changes nothing (no corrections, no marks).
"""

from __future__ import annotations

import os

SERVED = "STORYLINE_SERVED"
READ_ONLY = "STORYLINE_READONLY"
READ_ONLY_REASON = "this archive is served read-only: `storyline serve --writable` lets visitors correct and mark"


def served() -> bool:
    return bool(os.environ.get(SERVED))


def read_only() -> bool:
    """Whether this explorer must not write (served without ``--writable``)."""
    return bool(os.environ.get(READ_ONLY))
