"""`storyline explore` (and `storyline` alone): open the explorer."""

from __future__ import annotations

import sys

import click

from app.cli.common import db_option, resolve_db


@click.command()
@db_option
@click.pass_context
def explore(ctx: click.Context, db_path: str | None) -> None:
    """Open the explorer (timeline, entities and source panes)."""
    from app.explorer import run_explorer

    sys.exit(run_explorer(resolve_db(ctx, db_path)))
