"""The `storyline` command: a thin layer that parses options and calls db/.

One module per group of commands (``explore``, ``ingest``, ``listings``, ``show``,
``evaluate``, ``export``, ``corrections``), registered on ``main`` here by name: a module is imported
only when one of its commands runs (or ``--help`` lists them all), and imports of db/ and of the
explorer happen inside the commands, so that `storyline entities` starts fast (tests/cli/test_startup.py). Text from
documents and from the command line is printed through ``app.inert`` (tables)
or with invisible characters escaped (JSON).
"""

from __future__ import annotations

import click

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
        ctx.invoke(main.commands["explore"])


# Every command, named, and the module of app/cli that defines it (imported when the command is chosen).
for command, module in (
    ("explore", "explore"),
    ("ingest", "ingest"),
    *((name, "listings") for name in ("documents", "entities", "mentions", "claims", "timeline")),
    ("show", "show"),
    ("serve", "serve"),
    ("eval-ner", "evaluate"),
    ("export", "export"),
    *(
        (name, "corrections")
        for name in ("merge", "rename", "retype", "split", "drop", "speaker", "corrections", "undo")
    ),
    *((name, "marks") for name in ("mark", "unmark", "marks")),
    *((name, "together") for name in ("cooccur", "redate")),
):
    main.commands.lazy(command, module)
