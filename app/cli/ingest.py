"""`storyline ingest PATH...`: parse files into the database, with a progress bar on a terminal."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from app.cli.common import db_option, fail, open_writable

if TYPE_CHECKING:
    from db.store.ingest import Failure


@click.command(short_help="Parse the articles under PATH into the database.")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--prune", is_flag=True, help="Delete documents whose files are gone from PATH.")
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes for parsing (default: all cores)."
)
@click.option(
    "--map",
    "field_map",
    metavar="KEY=FIELD,...",
    help="JSON dumps: the fields of text, title, date, url, author, source or html (e.g. text=body,date=meta.time).",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    help="Parse on the workers of a Dask cluster (e.g. tcp://host:8786; the 'cluster' extra).",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Read files that symlinks inside PATH lead to outside it (by default they are noted and skipped).",
)
@db_option
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[str, ...],
    prune: bool,
    jobs: int | None,
    field_map: str | None,
    dask_address: str | None,
    follow_symlinks: bool,
    db_path: str | None,
) -> None:
    """Parse the articles under PATH into the database: text (.txt, .md), web pages (.html, .htm, also
    gzipped), feeds (.rss, .atom, .xml), JSON dumps (.json, .jsonl, .ndjson), web archives (.warc,
    .warc.gz), e-mail (.eml, .mbox) and PDF.

    A record of a container (a JSON line, a WARC response, a message, a feed entry) is its own
    document, PATH#N. Unchanged files and records are skipped; changed ones replace their document.
    Exit code 1 when anything failed (each is reported with its reason).

    With --dask the parsing runs on a Dask cluster's workers (each file's bytes go with its task,
    so they need Storyline installed but not these files); this machine still writes the database.

    \b
    Example: storyline ingest ~/news --db news.db
    """
    from app.inert import inert
    from db.store.ingest import ingest as run_ingest
    from db.text.formats import Options
    from db.text.formats.jsondump import parse_map

    try:
        options = Options(parse_map(field_map or ""))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--map") from None
    if dask_address is not None:
        from db.store.ingest.cluster import INSTALL_HINT

        try:
            import distributed  # noqa: F401  (the extra is there: say so now, not after listing the files)
        except ImportError:
            fail(INSTALL_HINT, code=2)
        if jobs is not None:
            fail("--jobs and --dask: choose one (the cluster's workers do the parsing with --dask)", code=2)
    missing = [p for p in paths if not os.path.lexists(p)]
    if len(missing) == len(paths):  # nothing to read: say so, and make no empty database
        fail(f"no such file or folder: {', '.join(missing)}", code=2)
    store = open_writable(ctx, db_path)

    def report_failure(failure: Failure) -> None:
        click.echo(f"failed: {inert(failure.doc)}: {inert(failure.reason)}", err=True)

    progress_bar = None
    progress: Callable[[int, int | None], None] | None = None
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        progress_bar = Progress(
            TextColumn("ingesting"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        task = progress_bar.add_task("ingest", total=None)
        progress_bar.start()

        def show(done: int, total: int | None) -> None:
            progress_bar.update(task, completed=done, total=total)

        progress = show

    try:
        report = run_ingest(
            store,
            list(paths),
            jobs=jobs,
            prune=prune,
            progress=progress,
            on_failure=report_failure,
            options=options,
            dask=dask_address,
            follow_symlinks=follow_symlinks,
        )
    finally:
        if progress_bar is not None:
            progress_bar.stop()
    for note in report.notes:
        click.echo(f"note: {inert(note.doc)}: {inert(note.reason)}", err=True)
    if report.stopped:
        click.echo(f"storyline: {inert(report.stopped)}", err=True)
    click.echo(report.summary())
    if report.interrupted:
        sys.exit(130)
    sys.exit(1 if report.failed or report.stopped else 0)
