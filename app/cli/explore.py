"""`storyline explore` (and `storyline` alone): open the explorer."""

from __future__ import annotations

import os
import sys
from typing import IO

import click

from app.cli.common import db_option, fail, resolve_db

NO_TERMINAL = (
    "the explorer needs a terminal, and {stream} is not one; to print the corpus instead try"
    " `storyline documents`, `storyline timeline` or `storyline claims` (--json for machines)"
)


@click.command()
@db_option
@click.pass_context
def explore(ctx: click.Context, db_path: str | None) -> None:
    """Open the explorer (timeline, entities and source panes)."""
    # `storyline > file` would write the screen's escape codes into the file and wait for keys unseen;
    # textual-serve (storyline serve) runs the explorer over pipes with its own driver, named in the environment
    if not os.environ.get("TEXTUAL_DRIVER"):
        for name, stream in (("stdout", sys.stdout), ("stdin", sys.stdin)):
            if not _is_terminal(stream):
                fail(NO_TERMINAL.format(stream=name), code=2)
    from app.explorer import run_explorer

    sys.exit(run_explorer(resolve_db(ctx, db_path)))


def _is_terminal(stream: IO[str] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # closed, or not a file
        return False
