"""`storyline show DOC[:LINE]`: a document with line numbers, or the lines around one."""

from __future__ import annotations

import click

from app.cli.common import db_option, fail, read_conn, text_arg


@click.command(short_help="A document with line numbers, or the lines around DOC:LINE.")
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
    """Print a document with line numbers, or the lines around DOC:LINE (LINE from 1).

    \b
    Example: storyline show seeds/000_171dad24aabf5317.txt:3 -C 1
    """
    from app.inert import inert
    from db import read

    conn = read_conn(ctx, db_path)
    target = text_arg(target) or ""
    name: str = target
    line: int | None = None
    head, sep, tail = target.rpartition(":")
    if sep and tail.isdigit() and tail.isascii():
        # a line number of more digits than any document has lines is simply out of range
        name, line = head, int(tail) if len(tail) <= 18 else 10**18
    doc = read.find_document(conn, name)
    if doc is None:
        fail(f"no document {name!r} (see: storyline documents)")
    if line is not None and not 1 <= line <= doc.lines:
        asked = tail if len(tail) <= 24 else tail[:24] + "…"
        fail(f"{doc.doc} has lines 1 to {doc.lines}; there is no line {asked}", code=2)
    start, end = (1, None) if line is None else (max(1, line - around), line + around)
    click.echo(f"{inert(doc.doc)} — {inert(doc.title or '(untitled)')} — {doc.date or 'undated'}")
    rows = read.lines(conn, doc.id, start, end)
    width = len(str(doc.lines))
    for row in rows:
        mark = ">" if row.number == line else " "
        click.echo(f"{mark}{row.number:>{width}}  {inert(row.text)}")
