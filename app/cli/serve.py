"""`storyline serve`: the explorer in a browser, through textual-serve (an optional extra).

textual-serve runs on this machine and starts one explorer process per visitor; nothing is
relayed through anyone else's servers (textual-web would), which matters for a confidential archive.
"""

from __future__ import annotations

import os
import shlex
import sys

import click

from app.cli.common import db_option, fail, resolve_db

INSTALL_HINT = "storyline serve needs the 'serve' extra: pip install 'storyline[serve]'"
OPEN_WARNING = "warning: listening on every interface: anyone who can reach this port can read the archive"


@click.command()
@db_option
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Interface to listen on (localhost only by default)."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="TCP port.")
@click.option("--writable", is_flag=True, help="Let visitors change the archive (read-only otherwise).")
@click.pass_context
def serve(ctx: click.Context, db_path: str | None, host: str, port: int, writable: bool) -> None:
    """Serve the explorer in a browser (one app process per visitor).

    \b
    Example: storyline serve --db news.db --port 8000
    """
    try:
        from app.cli.server import StorylineServer
    except ImportError:
        fail(INSTALL_HINT, code=2)
    path = os.path.abspath(resolve_db(ctx, db_path))
    if not os.path.exists(path):
        fail(f"no database at {path}: run `storyline ingest PATH` first", code=2)
    from db.store.files import special

    what = special(path)
    if what:
        fail(f"{path} is {what}, not a database file", code=2)
    if host in ("0.0.0.0", "::", ""):
        click.echo(f"storyline: {OPEN_WARNING}", err=True)
    else:
        click.echo(f"storyline: serving on http://{host}:{port} (this machine only)", err=True)
    from app.served import READ_ONLY, SERVED

    if not writable:
        os.environ[READ_ONLY] = "1"  # the explorers it starts make no corrections and no marks
    os.environ[SERVED] = "1"  # no editor on the server in a visitor's hands
    command = shlex.join([sys.executable, "-m", "app", "--db", path, "explore"])
    StorylineServer(command, host=host, port=port, title="Storyline").serve()
