"""The `storyline` command: a thin layer that parses options and calls db/.

Imports of db/ and of the explorer happen inside the commands, so that
`storyline --help` starts fast.

No traceback for anything a user can cause: every command runs inside
``StorylineGroup.invoke``, which turns a database problem, an OS error, Ctrl+C
or an unexpected exception into one line on stderr (exit 1, Ctrl+C 130); bad
usage stays click's (exit 2). STORYLINE_DEBUG=1 shows the traceback instead.
Text from documents and from the command line is printed through
``app.inert`` (tables) or with invisible characters escaped (JSON).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import click

DEFAULT_DB = "storyline.db"
ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "MISC")


def default_db_path() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


# --- shared options -----------------------------------------------------------------


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db on a command, so it may be written before or after the command's name."""
    return click.option(
        "--db",
        "db_path",
        metavar="PATH",
        default=None,
        help="Database file (default: $STORYLINE_DB, else ./storyline.db).",
    )(command)


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON array on stdout.")(command)


def resolve_db(ctx: click.Context, db_path: str | None) -> str:
    if db_path:
        return db_path
    root = ctx.find_root()
    return (root.obj or {}).get("db") or default_db_path()


def fail(message: str, code: int = 1) -> None:
    from app.inert import inert

    click.echo(f"storyline: {inert(message)}", err=True)
    sys.exit(code)


def text_arg(value: str | None) -> str | None:
    """A text argument as the user meant it: bytes that are not UTF-8 (which
    Python passes on as lone surrogates) become U+FFFD, so they can be
    searched for and printed."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class StorylineGroup(click.Group):
    """The command group; its ``invoke`` is where no traceback gets past."""

    def invoke(self, ctx: click.Context) -> Any:
        import sqlite3

        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("storyline: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `storyline mentions | head`: the reader left; say nothing more.
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushing at exit must not fail again
            except OSError:
                pass
            sys.exit(141)
        except Exception as exc:  # noqa: BLE001 - the one place that catches everything
            if os.environ.get("STORYLINE_DEBUG"):
                raise
            from db.store.connection import StoreError, store_error

            if isinstance(exc, StoreError):
                fail(str(exc))
            if isinstance(exc, sqlite3.Error):
                fail(str(store_error(_db_for_message(ctx), exc)))
            if isinstance(exc, OSError):
                where = f": {exc.filename}" if exc.filename else ""
                fail(f"{exc.strerror or exc}{where}")
            fail(f"unexpected error: {type(exc).__name__}: {exc} (STORYLINE_DEBUG=1 shows the traceback)")


def _db_for_message(ctx: click.Context) -> str:
    obj = ctx.find_root().obj or {}
    return obj.get("opened") or obj.get("db") or default_db_path()


def _safe_streams() -> None:
    """Never fail to print: characters the terminal's encoding lacks are escaped."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass


def open_store(ctx: click.Context, db_path: str | None, *, write: bool = False):
    """The database for a command, or a clear message and exit 1."""
    from db.store.connection import StoreError
    from db.store.open import open_db

    path = resolve_db(ctx, db_path)
    root = ctx.find_root()
    root.obj = {**(root.obj or {}), "opened": path}  # named in any later database error
    try:
        if write:
            return open_db(path)
        return open_db(path, create=False, readonly=True)
    except StoreError as exc:
        fail(str(exc))


# --- output -----------------------------------------------------------------------


def emit_json(rows: Iterable[object]) -> None:
    """One JSON array, one object a line, streamed as the rows come."""
    from app.inert import escape_json
    from db.read import as_json

    out = sys.stdout
    first = True
    out.write("[")
    for row in rows:
        out.write("\n  " if first else ",\n  ")
        out.write(escape_json(json.dumps(as_json(row), ensure_ascii=False)))
        first = False
    out.write("]\n" if first else "\n]\n")


def emit_table(headers: Sequence[str], rows: Iterable[Sequence[object]], widths: dict[int, int] | None = None) -> None:
    """A plain, aligned table; every cell made inert and clipped to its width."""
    from app.inert import inert

    widths = widths or {}
    cells = [[inert("" if v is None else str(v)) for v in row] for row in rows]
    clipped = [
        [c if len(c) <= widths.get(i, 10**9) else c[: widths[i] - 1] + "…" for i, c in enumerate(row)] for row in cells
    ]
    sizes = [len(h) for h in headers]
    for row in clipped:
        for i, c in enumerate(row):
            sizes[i] = max(sizes[i], len(c))
    fmt = "  ".join("{:<%d}" % s for s in sizes)
    click.echo(fmt.format(*headers).rstrip())
    click.echo(fmt.format(*("-" * s for s in sizes)).rstrip())
    for row in clipped:
        click.echo(fmt.format(*row).rstrip())
    if not clipped:
        click.echo("(none)")


# --- the group -----------------------------------------------------------------------


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
    _safe_streams()
    ctx.obj = {"db": db_path}
    if ctx.invoked_subcommand is None:
        ctx.invoke(explore)


@main.command()
@db_option
@click.pass_context
def explore(ctx: click.Context, db_path: str | None) -> None:
    """Open the explorer (timeline, entities and source panes)."""
    from app.explorer import run_explorer

    path = resolve_db(ctx, db_path)
    sys.exit(run_explorer(path))


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--prune", is_flag=True, help="Delete documents whose files are gone from PATH.")
@click.option(
    "--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes for parsing (default: all cores)."
)
@db_option
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], prune: bool, jobs: int | None, db_path: str | None) -> None:
    """Parse the .txt and .md files under PATH into the database.

    Unchanged files are skipped; changed files replace their document. Exit
    code 1 when any file failed (each is reported with its reason).
    """
    from app.inert import inert
    from db.store.ingest import ingest as run_ingest

    store = open_store(ctx, db_path, write=True)

    def report_failure(failure) -> None:
        click.echo(f"failed: {inert(failure.doc)}: {inert(failure.reason)}", err=True)

    progress_bar = None
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

        def progress(done: int, total: int | None) -> None:
            progress_bar.update(task, completed=done, total=total)
    else:
        progress = None

    try:
        report = run_ingest(store, list(paths), jobs=jobs, prune=prune, progress=progress, on_failure=report_failure)
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


@main.command()
@json_option
@db_option
@click.pass_context
def documents(ctx: click.Context, as_json: bool, db_path: str | None) -> None:
    """List the documents: {doc, title, date, precision, lines, encoding}."""
    from db import read

    rows = read.documents(open_store(ctx, db_path).conn)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DOC", "DATE", "LINES", "TITLE"), ((r.doc, r.date or "undated", r.lines, r.title or "") for r in rows), {3: 70}
    )


@main.command()
@click.option("--search", "-s", metavar="TEXT", help="Names and aliases starting with TEXT.")
@click.option("--type", "-t", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), help="Only this type.")
@json_option
@db_option
@click.pass_context
def entities(ctx: click.Context, search: str | None, etype: str | None, as_json: bool, db_path: str | None) -> None:
    """List entities: {name, type, aliases, mentions, documents}."""
    from db import read

    rows = read.entities(open_store(ctx, db_path).conn, search=text_arg(search), type=etype)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("NAME", "TYPE", "MENTIONS", "DOCS", "ALIASES"),
        ((r.name, r.type, r.mentions, r.documents, "; ".join(r.aliases)) for r in rows),
        {0: 40, 4: 60},
    )


def _entity_filter(conn, name: str | None) -> list[int] | None:
    from db import read

    if name is None:
        return None
    name = text_arg(name)
    ids = read.entity_ids_named(conn, name)
    if not ids:
        fail(
            f"no entity named {name!r} (try: storyline entities --search {name.split()[0] if name.split() else name!r})"
        )
    return ids


@main.command()
@click.argument("entity", required=False)
@json_option
@db_option
@click.pass_context
def mentions(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None) -> None:
    """Mentions of ENTITY (a name or alias), or all: {entity, type, doc, line, column, text}."""
    from db import read

    conn = open_store(ctx, db_path).conn
    rows = read.mentions(conn, _entity_filter(conn, entity))
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DOC:LINE:COL", "ENTITY", "TYPE", "TEXT"),
        ((f"{r.doc}:{r.line}:{r.column}", r.entity, r.type, r.text) for r in rows),
    )


@main.command()
@click.option("--entity", "-e", metavar="NAME", help="Only claims by or about NAME.")
@json_option
@db_option
@click.pass_context
def claims(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None) -> None:
    """Attributed claims: {doc, line, column, text, speaker, cue, entities, date}."""
    from db import read

    conn = open_store(ctx, db_path).conn
    rows = read.claims(conn, _entity_filter(conn, entity))
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DATE", "SPEAKER", "CUE", "DOC:LINE", "TEXT"),
        ((r.date or "undated", r.speaker or "", r.cue or "", f"{r.doc}:{r.line}", r.text) for r in rows),
        {4: 80},
    )


@main.command()
@click.option("--entity", "-e", metavar="NAME", help="Only items that mention NAME.")
@json_option
@db_option
@click.pass_context
def timeline(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None) -> None:
    """Dated events in order: {date, precision, relation, expression, doc, line, column, text, entities}."""
    from db import read

    conn = open_store(ctx, db_path).conn
    rows = read.timeline(conn, _entity_filter(conn, entity))
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DATE", "REL", "EXPRESSION", "DOC:LINE", "TEXT"),
        ((r.date or "undated", r.relation or "", r.expression, f"{r.doc}:{r.line}", r.text) for r in rows),
        {2: 24, 4: 80},
    )


@main.command()
@click.argument("target", metavar="DOC[:LINE]")
@click.option(
    "--context",
    "-C",
    "around",
    default=3,
    show_default=True,
    type=click.IntRange(0, 1000),
    help="Lines shown around LINE.",
)
@db_option
@click.pass_context
def show(ctx: click.Context, target: str, around: int, db_path: str | None) -> None:
    """Print a document with line numbers, or the lines around DOC:LINE."""
    from app.inert import inert
    from db import read

    conn = open_store(ctx, db_path).conn
    target = text_arg(target)
    name, line = target, None
    head, sep, tail = target.rpartition(":")
    if sep and tail.isdigit():
        name, line = head, int(tail)
    doc = read.find_document(conn, name)
    if doc is None:
        fail(f"no document {name!r} (see: storyline documents)")
    start, end = (1, None) if line is None else (max(1, line - around), line + around)
    click.echo(f"{inert(doc.doc)} — {inert(doc.title or '(untitled)')} — {doc.date or 'undated'}")
    rows = read.lines(conn, doc.id, start, end)
    width = len(str(doc.lines))
    for row in rows:
        mark = ">" if row.number == line else " "
        click.echo(f"{mark}{row.number:>{width}}  {inert(row.text)}")
    if line is not None and not rows:
        fail(f"{doc.doc} has {doc.lines} lines; there is no line {line}")


@main.command("eval-ner")
@click.argument("conll_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes.")
def eval_ner(conll_file: str, jobs: int | None) -> None:
    """Score entity extraction on a CoNLL-2003 file: P/R/F1 per type.

    Each document is written as plain text (one sentence per line), ingested
    through the full pipeline, and its mentions scored exactly on
    (doc, line, column, text, type).
    """
    from app.evaluate import evaluate_conll

    try:
        results = evaluate_conll(conll_file, jobs=jobs)
    except ValueError as exc:
        fail(str(exc))
    emit_table(
        ("TYPE", "PRECISION", "RECALL", "F1", "GOLD", "FOUND"),
        (
            (t, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", r["gold"], r["predicted"])
            for t, r in results.items()
        ),
    )
