"""The listing commands, the JSON contract: documents, entities, mentions, claims, timeline."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

import click

from app.cli.common import ENTITY_TYPES, db_option, fail, json_option, limit_option, note, read_conn, text_arg
from app.cli.output import emit_json, emit_table

if TYPE_CHECKING:
    from db.read import EntityRow

T = TypeVar("T")


@click.command()
@limit_option
@json_option
@db_option
@click.pass_context
def documents(ctx: click.Context, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """List the documents: {doc, title, date, precision, lines, encoding}."""
    from db import read

    rows = _first(read.documents(read_conn(ctx, db_path)), limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DOC", "DATE", "LINES", "TITLE"), ((r.doc, r.date or "undated", r.lines, r.title or "") for r in rows), {3: 70}
    )


@click.command()
@click.option("--search", "-s", metavar="TEXT", help="Names and aliases starting with TEXT.")
@click.option("--type", "-t", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), help="Only this type.")
@limit_option
@json_option
@db_option
@click.pass_context
def entities(
    ctx: click.Context, search: str | None, etype: str | None, as_json: bool, db_path: str | None, limit: int | None
) -> None:
    """List entities: {name, type, aliases, mentions, documents}."""
    from db import read

    rows = read.entities(read_conn(ctx, db_path), search=text_arg(search), type=etype, limit=limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("NAME", "TYPE", "MENTIONS", "DOCS", "ALIASES"),
        ((r.name, r.type, r.mentions, r.documents, "; ".join(r.aliases)) for r in rows),
        {0: 40, 4: 60},
    )


def _entity_filter(conn: sqlite3.Connection, name: str | None) -> list[int] | None:
    """The entity a NAME or TYPE:NAME argument means, resolved as the entity search ranks names."""
    from db import read

    if name is None:
        return None
    name = text_arg(name) or ""
    try:
        chosen, others = read.resolve_name(conn, name)
    except read.NameNotFound:
        word = read.split_typed_name(name)[1].split()
        fail(f"no entity named {name!r} (try: storyline entities --search {word[0] if word else name!r})")
    except read.AmbiguousName as exc:
        fail(f"{name!r} is ambiguous: {_choices(name, exc.candidates)}", code=2)
    if others:
        note(f"{name!r} is {_described(chosen)}; also {_choices(name, others, everyone=(chosen, *others))}")
    return [chosen.id]


def _first(rows: list[T], limit: int | None) -> list[T]:
    return rows if limit is None else rows[:limit]


def _described(entity: EntityRow) -> str:
    return f"{entity.name} ({entity.type}, {entity.mentions} mention{'' if entity.mentions == 1 else 's'})"


def _choices(name: str, candidates: Sequence[EntityRow], everyone: Sequence[EntityRow] = ()) -> str:
    """The candidates, each with what to type to pick it: TYPE:NAME when its type is its own, else its name."""
    from db import read

    bare = read.split_typed_name(name)[1]
    types = Counter(e.type for e in (everyone or candidates))
    picks = [f"{_described(e)}: {f'{e.type}:{bare}' if types[e.type] == 1 else e.name}" for e in candidates[:8]]
    more = f"; and {len(candidates) - 8} more" if len(candidates) > 8 else ""
    return "; ".join(picks) + more + " (write TYPE:NAME to pick one)"


@click.command()
@click.argument("entity", required=False)
@limit_option
@json_option
@db_option
@click.pass_context
def mentions(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """Mentions of ENTITY, or all: {entity, type, doc, line, column, text}.

    ENTITY is a name or alias, resolved to the most mentioned entity going by it;
    TYPE:NAME (e.g. PERSON:Blair) picks among entities of different types.
    """
    from db import read

    conn = read_conn(ctx, db_path)
    rows = read.mentions(conn, _entity_filter(conn, entity), limit=limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DOC:LINE:COL", "ENTITY", "TYPE", "TEXT"),
        ((f"{r.doc}:{r.line}:{r.column}", r.entity, r.type, r.text) for r in rows),
    )


@click.command()
@click.option("--entity", "-e", metavar="NAME", help="Only claims by or about NAME.")
@limit_option
@json_option
@db_option
@click.pass_context
def claims(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """Attributed claims: {doc, line, column, text, speaker, cue, entities, date}."""
    from db import read

    conn = read_conn(ctx, db_path)
    rows = _first(read.claims(conn, _entity_filter(conn, entity)), limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DATE", "SPEAKER", "CUE", "DOC:LINE", "TEXT"),
        ((r.date or "undated", r.speaker or "", r.cue or "", f"{r.doc}:{r.line}", r.text) for r in rows),
        {4: 80},
    )


@click.command()
@click.option("--entity", "-e", metavar="NAME", help="Only items that mention NAME.")
@limit_option
@json_option
@db_option
@click.pass_context
def timeline(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """Dated events in order: {date, precision, relation, expression, doc, line, column, text, entities}."""
    from db import read

    conn = read_conn(ctx, db_path)
    rows = _first(read.timeline(conn, _entity_filter(conn, entity)), limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DATE", "REL", "EXPRESSION", "DOC:LINE", "TEXT"),
        ((r.date or "undated", r.relation or "", r.expression, f"{r.doc}:{r.line}", r.text) for r in rows),
        {2: 24, 4: 80},
    )


COMMANDS = (documents, entities, mentions, claims, timeline)
