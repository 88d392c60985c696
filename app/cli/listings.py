"""The listing commands, the JSON contract: documents, entities, mentions, claims, timeline."""

from __future__ import annotations

import sqlite3

import click

from app.cli.common import ENTITY_TYPES, db_option, fail, json_option, read_conn, text_arg
from app.cli.output import emit_json, emit_table


@click.command()
@json_option
@db_option
@click.pass_context
def documents(ctx: click.Context, as_json: bool, db_path: str | None) -> None:
    """List the documents: {doc, title, date, precision, lines, encoding}."""
    from db import read

    rows = read.documents(read_conn(ctx, db_path))
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DOC", "DATE", "LINES", "TITLE"), ((r.doc, r.date or "undated", r.lines, r.title or "") for r in rows), {3: 70}
    )


@click.command()
@click.option("--search", "-s", metavar="TEXT", help="Names and aliases starting with TEXT.")
@click.option("--type", "-t", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), help="Only this type.")
@json_option
@db_option
@click.pass_context
def entities(ctx: click.Context, search: str | None, etype: str | None, as_json: bool, db_path: str | None) -> None:
    """List entities: {name, type, aliases, mentions, documents}."""
    from db import read

    rows = read.entities(read_conn(ctx, db_path), search=text_arg(search), type=etype)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("NAME", "TYPE", "MENTIONS", "DOCS", "ALIASES"),
        ((r.name, r.type, r.mentions, r.documents, "; ".join(r.aliases)) for r in rows),
        {0: 40, 4: 60},
    )


def _entity_filter(conn: sqlite3.Connection, name: str | None) -> list[int] | None:
    from db import read

    if name is None:
        return None
    name = text_arg(name) or ""
    ids = read.entity_ids_named(conn, name)
    if not ids:
        fail(
            f"no entity named {name!r} (try: storyline entities --search {name.split()[0] if name.split() else name!r})"
        )
    return ids


@click.command()
@click.argument("entity", required=False)
@json_option
@db_option
@click.pass_context
def mentions(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None) -> None:
    """Mentions of ENTITY (a name or alias), or all: {entity, type, doc, line, column, text}."""
    from db import read

    conn = read_conn(ctx, db_path)
    rows = read.mentions(conn, _entity_filter(conn, entity))
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DOC:LINE:COL", "ENTITY", "TYPE", "TEXT"),
        ((f"{r.doc}:{r.line}:{r.column}", r.entity, r.type, r.text) for r in rows),
    )


@click.command()
@click.option("--entity", "-e", metavar="NAME", help="Only claims by or about NAME.")
@json_option
@db_option
@click.pass_context
def claims(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None) -> None:
    """Attributed claims: {doc, line, column, text, speaker, cue, entities, date}."""
    from db import read

    conn = read_conn(ctx, db_path)
    rows = read.claims(conn, _entity_filter(conn, entity))
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DATE", "SPEAKER", "CUE", "DOC:LINE", "TEXT"),
        ((r.date or "undated", r.speaker or "", r.cue or "", f"{r.doc}:{r.line}", r.text) for r in rows),
        {4: 80},
    )


@click.command()
@click.option("--entity", "-e", metavar="NAME", help="Only items that mention NAME.")
@json_option
@db_option
@click.pass_context
def timeline(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None) -> None:
    """Dated events in order: {date, precision, relation, expression, doc, line, column, text, entities}."""
    from db import read

    conn = read_conn(ctx, db_path)
    rows = read.timeline(conn, _entity_filter(conn, entity))
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DATE", "REL", "EXPRESSION", "DOC:LINE", "TEXT"),
        ((r.date or "undated", r.relation or "", r.expression, f"{r.doc}:{r.line}", r.text) for r in rows),
        {2: 24, 4: 80},
    )


COMMANDS = (documents, entities, mentions, claims, timeline)
