"""`storyline mark`, `unmark`, `marks`: the lines and items an analyst keeps, with notes and tags.

A mark is anchored by its document, line and the marked text (db/store/marks.py), so it survives
re-ingest: it follows its text to a new line (``moved``), or keeps its text with ``moved`` and
``lost`` when the document no longer has it.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

import click

from app.cli.common import db_option, fail, json_option, limit_option, read_conn, resolve_db, text_arg
from app.cli.output import emit_json, emit_table

if TYPE_CHECKING:
    from db.read import Document, MarkRow


def _writable(ctx: click.Context, db_path: str | None) -> sqlite3.Connection:
    """The command's existing database, for writing a mark (never created here)."""
    from db.store.connection import StoreError
    from db.store.open import open_db

    path = resolve_db(ctx, db_path)
    ctx.find_root().obj = {**(ctx.find_root().obj or {}), "opened": path}
    try:
        return open_db(path, create=False).conn
    except StoreError as exc:
        fail(str(exc))


def parse_target(conn: sqlite3.Connection, target: str) -> tuple[Document, int, int | None]:
    """DOC:LINE[:COLUMN] as (document, line, column); a clear message and exit 2 otherwise."""
    from db import read

    parts = target.split(":")
    tries: list[tuple[str, int, int | None]] = []
    if len(parts) >= 3 and parts[-1].isdigit() and parts[-2].isdigit():
        tries.append((":".join(parts[:-2]), int(parts[-2]), int(parts[-1])))
    if len(parts) >= 2 and parts[-1].isdigit():
        tries.append((":".join(parts[:-1]), int(parts[-1]), None))
    if not tries:
        fail(f"expected DOC:LINE or DOC:LINE:COLUMN, not {target!r} (e.g. news/a.txt:12:5)", 2)
    for name, line, column in tries:
        doc = read.find_document(conn, name)
        if doc is not None:
            return doc, line, column
    fail(f"no document {tries[-1][0]!r} (see: storyline documents)", 2)


def describe(mark: MarkRow) -> str:
    """One line saying which mark, made inert (the text and the path came from a document)."""
    from app.inert import inert

    text = " ".join(mark.text.split())
    text = text if len(text) <= 80 else text[:79] + "…"
    return inert(f"{mark.id}: {mark.doc}:{mark.line}:{mark.column} ({mark.kind}) “{text}”")


@click.command(short_help="Mark a line, claim, event or mention, with a note and tags.")
@click.argument("target", metavar="DOC:LINE[:COLUMN]")
@click.option("--note", "-n", metavar="TEXT", help="A note kept with the mark.")
@click.option("--tag", "-t", "tags", metavar="T", multiple=True, help="A tag (repeat for more).")
@click.option(
    "--length",
    "length",
    type=click.IntRange(min=1),
    metavar="N",
    help="Mark N characters from COLUMN (default: the claim, event or mention starting there, else the rest of"
    " the line).",
)
@db_option
@click.pass_context
def mark(
    ctx: click.Context, target: str, note: str | None, tags: tuple[str, ...], length: int | None, db_path: str | None
) -> None:
    """Mark DOC:LINE (the line) or DOC:LINE:COLUMN (the claim, event or mention starting at COLUMN, else the
    rest of the line), with an optional note and tags; prints the mark.

    A mark is kept by its document, line and text: when the document changes and is ingested again, the mark
    follows its text to its new line, or is kept with its text, moved, when the text is gone.

    \b
    Example: storyline mark seeds/000_171dad24aabf5317.txt:3 --note "the deal" --tag deal
    """
    from db import read
    from db.store import marks
    from db.store.connection import StoreError

    conn = _writable(ctx, db_path)
    doc, line, column = parse_target(conn, text_arg(target) or "")
    if length is not None and column is None:
        fail("--length needs a COLUMN: DOC:LINE:COLUMN", 2)
    try:
        mark_id = marks.add(
            conn,
            doc.id,
            line,
            column,
            length=length,
            note=text_arg(note),
            tags=[text_arg(t) or "" for t in tags],
        )
    except marks.BadMark as exc:
        fail(str(exc), 2)
    except StoreError as exc:
        fail(f"cannot mark: {exc}")
    click.echo(f"marked {describe(read.marks(conn, mark_id=mark_id)[0])}")


@click.command(short_help="Remove a mark by its id.")
@click.argument("mark_id", metavar="ID", type=int)
@db_option
@click.pass_context
def unmark(ctx: click.Context, mark_id: int, db_path: str | None) -> None:
    """Remove the mark ID (as `storyline marks` lists it); prints what was removed.

    \b
    Example: storyline unmark 3
    """
    from db import read
    from db.store import marks
    from db.store.connection import StoreError

    conn = _writable(ctx, db_path)
    found = read.marks(conn, mark_id=mark_id)
    if not found:
        fail(f"no mark {mark_id} (see: storyline marks)", 2)
    try:
        marks.remove(conn, mark_id)
    except marks.BadMark as exc:  # removed meanwhile by someone else
        fail(str(exc), 2)
    except StoreError as exc:
        fail(f"cannot unmark: {exc}")
    click.echo(f"unmarked {describe(found[0])}")


@click.group(
    "marks",
    invoke_without_command=True,
    short_help="The marks kept, with their notes and tags, oldest first; `marks apply FILE` adds a list.",
)
@click.option("--tag", "-t", metavar="T", help="Only marks with this tag (any case).")
@limit_option
@json_option
@db_option
@click.pass_context
def marks(ctx: click.Context, tag: str | None, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """The marks kept, oldest first, each where its text is now.

    JSON fields: {id, doc, line, column, text, note, tags, at, moved, kind, lost}: ``moved`` once the mark
    followed its text elsewhere after a re-ingest, or its text was gone; ``lost`` while its text is not at
    (doc, line, column) (the document no longer has it); ``kind`` is what sat there when marked: line,
    claim, event, entity (a mention) or text. That output is what `marks apply FILE` reads.

    \b
    Example: storyline marks --tag deal --json
    """
    if ctx.invoked_subcommand is not None:
        if db_path:  # `marks --db PATH apply FILE`
            root = ctx.find_root()
            root.obj = {**(root.obj or {}), "db": db_path}
        return
    from db import read

    rows = read.marks(read_conn(ctx, db_path), tag=text_arg(tag))
    rows = rows if limit is None else rows[:limit]
    if as_json:
        return emit_json(rows)
    emit_table(
        ("ID", "WHERE", "KIND", "TEXT", "NOTE", "TAGS", "STATE"),
        (
            (
                r.id,
                f"{r.doc}:{r.line}:{r.column}",
                r.kind,
                " ".join(r.text.split()),
                r.note or "",
                ", ".join(r.tags),
                "lost" if r.lost else "moved" if r.moved else "",
            )
            for r in rows
        ),
        {1: 40, 3: 60, 4: 40},
    )


@marks.command("apply", short_help="Add the marks of a list (marks --json) to this database.")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@db_option
@click.pass_context
def apply_marks(ctx: click.Context, file: Any, db_path: str | None) -> None:
    """Add the marks in FILE (what `storyline marks --json` printed, from this database or another one
    ingested from the same folder), with their notes, tags and times. Each goes where its text is in its
    document (nearest its old place: `moved`), or, when the text is gone, where it was (`moved`, lost);
    one that is here already is left alone. A mark whose document is not here: a message and exit 2.

    \b
    Example: storyline marks apply marks.json
    """
    from app.inert import inert
    from db.store import marks as store
    from db.store.connection import StoreError

    try:
        entries = json.load(file)
    except ValueError as exc:
        fail(f"{file.name} is not JSON: {exc}", 2)
    if not isinstance(entries, list) or not all(_valid_mark(e) for e in entries):
        fail(f"{file.name} is not a list of marks (a JSON array of {{id, doc, line, column, text, ...}})", 2)
    conn = _writable(ctx, db_path)
    added = kept = 0
    for entry in entries:
        try:
            mark_id, moved = store.restore(
                conn,
                entry["doc"],
                entry["line"],
                entry["column"],
                entry["text"],
                kind=entry.get("kind") or "text",
                note=entry.get("note"),
                tags=entry.get("tags") or (),
                at=entry.get("at"),
            )
        except (store.BadMark, StoreError) as exc:
            fail(f"mark {entry.get('id')} in {file.name}: {exc}", 2)
        where = inert(f"{entry['doc']}:{entry['line']}:{entry['column']}")
        if mark_id is None:
            kept += 1
            click.echo(f"mark {entry.get('id')} ({where}) is here already")
        else:
            added += 1
            click.echo(f"marked {mark_id}: {where}" + (" (moved: its text is elsewhere, or gone)" if moved else ""))
    click.echo(f"{added} mark{'s' if added != 1 else ''} added, {kept} here already")


def _valid_mark(entry: object) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("doc"), str)
        and isinstance(entry.get("text"), str)
        and all(isinstance(entry.get(k), int) and not isinstance(entry.get(k), bool) for k in ("line", "column"))
        and isinstance(entry.get("tags", []), list)
        and all(isinstance(t, str) for t in entry.get("tags", []))
        and isinstance(entry.get("note"), str | None)
    )


COMMANDS = (mark, unmark, marks)
