"""The `storyline` command: a thin layer that parses options and calls db/.

One module per group of commands (``explore``, ``ingest``, ``listings``, ``show``,
``evaluate``, ``export``, ``corrections``), registered on ``main`` here. Imports of db/ and of the explorer
happen inside the commands, so that `storyline --help` starts fast. Text from
documents and from the command line is printed through ``app.inert`` (tables)
or with invisible characters escaped (JSON).
"""

from __future__ import annotations

import click

from app.cli import corrections, evaluate, explore, export, ingest, listings, marks, serve, show, together
from app.cli.group import StorylineGroup, safe_streams


@click.group(cls=StorylineGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db", "db_path", metavar="PATH", default=None, help="Database file (default: $STORYLINE_DB, else ./storyline.db)."
)
@click.version_option(package_name="storyline")
@click.pass_context
def main(ctx: click.Context, db_path: str | None) -> None:
    """Storyline: explore a folder of news articles in the terminal.

    With no command, opens the explorer on the database.
    """
    safe_streams()
    ctx.obj = {"db": db_path}
    if ctx.invoked_subcommand is None:
        ctx.invoke(explore.explore)


for command in (
    explore.explore,
    ingest.ingest,
    *listings.COMMANDS,
    show.show,
    serve.serve,
    evaluate.eval_ner,
    export.export,
    *corrections.COMMANDS,
    *marks.COMMANDS,
    *together.COMMANDS,
):
    main.add_command(command)
