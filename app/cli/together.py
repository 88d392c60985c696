"""`cooccur`: who appears with whom; `redate`: give a document its date."""

from __future__ import annotations

import os

import click

from app.cli.common import db_option, fail, json_option, limit_option, open_writable, read_conn, resolve_db, text_arg
from app.cli.output import emit_json, emit_table


@click.command(short_help="Who appears with NAME: entities on the same lines, most first.")
@click.argument("name")
@limit_option
@json_option
@db_option
@click.pass_context
def cooccur(ctx: click.Context, name: str, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """The entities named on the same lines as NAME (a sentence never crosses a line), most shared
    lines first: on how many lines (together) and in how many documents.

    NAME is a name or alias, resolved as everywhere else; TYPE:NAME picks among types.

    JSON fields: {name, type, together, documents}.

    \b
    Example: storyline cooccur "Tony Blair" --limit 10
    """
    from app.cli.listings import entity_filter
    from db import read

    conn = read_conn(ctx, db_path)
    chosen = entity_filter(conn, name)
    assert chosen is not None
    rows = read.cooccurring(conn, chosen[0], -1 if limit is None else limit)
    if as_json:
        return emit_json(rows)
    emit_table(("NAME", "TYPE", "TOGETHER", "DOCS"), ((r.name, r.type, r.together, r.documents) for r in rows), {0: 50})


@click.command(short_help="Give DOC the date DATE (kept across re-ingests).")
@click.argument("doc")
@click.argument("date")
@db_option
@click.pass_context
def redate(ctx: click.Context, doc: str, date: str, db_path: str | None) -> None:
    """Give document DOC the date DATE (YYYY, YYYY-MM or YYYY-MM-DD) in place of its own: it is
    recorded like a correction, so every later ingest of the file keeps it, and the document is
    extracted again at once, so its relative dates ("on Tuesday", "last month") resolve from it.

    \b
    Example: storyline redate articles/0042.txt 2023-06-01
    """
    from db import read
    from db.store.ingest.redate import redate as give_date
    from db.text.docdate import parse_doc_date

    try:
        iso = read.parse_date(text_arg(date) or "")
    except read.BadDate as exc:
        fail(str(exc), code=2)
    parsed = parse_doc_date(iso)
    assert parsed is not None
    path = resolve_db(ctx, db_path)
    if not os.path.exists(path):
        fail(f"no database at {path} (ingest a folder first: storyline ingest FOLDER)")
    conn = read_conn(ctx, db_path)
    found = read.find_document(conn, text_arg(doc) or "")
    conn.close()
    if found is None:
        fail(f"no document {doc!r} (one path, path suffix or file name: try storyline documents)", code=2)
    db = open_writable(ctx, db_path)
    done = give_date(db, found.id, parsed)
    click.echo(f"{done.doc}: dated {done.date}; {done.dated} of its {done.events} events dated")
    if done.error:
        click.echo(
            f"storyline: {done.doc} could not be read again now ({done.error}); the date is recorded"
            " and the next ingest of the file uses it",
            err=True,
        )


COMMANDS = (cooccur, redate)
