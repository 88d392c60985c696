"""The listing commands, the JSON contract: documents, entities, mentions, claims, timeline."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from app.cli.common import db_option, fail, json_option, limit_option, note, read_conn, text_arg
from app.cli.filters import build_filters, filter_options
from app.cli.output import emit_json, emit_table
from db.extract.types import ENTITY_TYPES

if TYPE_CHECKING:
    from db.read import EntityRow, TimelineRow

T = TypeVar("T")


@click.command(short_help="The documents ingested: path, date, lines, title.")
@limit_option
@json_option
@db_option
@click.pass_context
def documents(ctx: click.Context, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """The documents ingested, in path order, with their date, line count and title.

    JSON fields: {doc, title, date, precision, lines, encoding, url, author, source, format, copy_of}.

    \b
    Example: storyline documents --limit 5
    """
    from db import read

    rows = _first(read.documents(read_conn(ctx, db_path)), limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DOC", "DATE", "LINES", "TITLE"), ((r.doc, r.date or "undated", r.lines, r.title or "") for r in rows), {3: 70}
    )


@click.command(short_help="People, organisations, places: most mentioned first.")
@click.option("--search", "-s", metavar="TEXT", help="Names and aliases starting with TEXT.")
@click.option("--type", "-t", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), help="Only this type.")
@limit_option
@json_option
@db_option
@click.pass_context
def entities(
    ctx: click.Context, search: str | None, etype: str | None, as_json: bool, db_path: str | None, limit: int | None
) -> None:
    """People, organisations, places and other names, most mentioned first, with their aliases.

    JSON fields: {name, type, aliases, mentions, documents, entity_id}.

    \b
    Example: storyline entities --search blair --type PERSON
    """
    from db import read

    rows = read.entities(read_conn(ctx, db_path), search=text_arg(search), type=etype, limit=limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("NAME", "TYPE", "MENTIONS", "DOCS", "ALIASES"),
        ((r.name, r.type, r.mentions, r.documents, "; ".join(r.aliases)) for r in rows),
        {0: 40, 4: 60},
    )


def entity_filter(conn: sqlite3.Connection, name: str | None, not_found_code: int = 1) -> list[int] | None:
    """The entity a NAME or TYPE:NAME argument means, resolved as the entity search ranks names
    (every command's --entity goes through here, so one name means one entity everywhere)."""
    from db import read

    if name is None:
        return None
    name = text_arg(name) or ""
    try:
        chosen, others = read.resolve_name(conn, name)
    except read.NameNotFound:
        word = read.split_typed_name(name)[1].split()
        fail(
            f"no entity named {name!r} (try: storyline entities --search {word[0] if word else name!r})",
            code=not_found_code,
        )
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


@click.command(short_help="Where an entity is named: DOC:LINE:COL and the words.")
@click.argument("entity", required=False)
@limit_option
@json_option
@db_option
@click.pass_context
def mentions(ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None, limit: int | None) -> None:
    """Where ENTITY is named (or every mention), in document order: DOC:LINE:COL and the words.

    ENTITY is a name or alias, resolved to the most mentioned entity going by it;
    TYPE:NAME (e.g. PERSON:Blair) picks among entities of different types.

    JSON fields: {entity, type, doc, line, column, text, entity_id}.

    \b
    Example: storyline mentions "Tony Blair" --limit 20
    """
    from db import read

    conn = read_conn(ctx, db_path)
    ids = entity_filter(conn, entity)
    if as_json:  # streamed: the first of 67k rows is out before the last is read
        return emit_json(read.iter_mentions(conn, ids, limit=limit))
    rows = read.mentions(conn, ids, limit=limit)
    emit_table(
        ("DOC:LINE:COL", "ENTITY", "TYPE", "TEXT"),
        ((f"{r.doc}:{r.line}:{r.column}", r.entity, r.type, r.text) for r in rows),
    )


@click.command(short_help="Claims (speaker, cue) and unattributed facts, by date.")
@click.option("--entity", "-e", metavar="NAME", help="Only claims by or about NAME (or TYPE:NAME).")
@click.option("--attributed", is_flag=True, help="Only claims with a speaker or a cue (no bare facts).")
@filter_options
@limit_option
@json_option
@db_option
@click.pass_context
def claims(
    ctx: click.Context,
    entity: str | None,
    attributed: bool,
    as_json: bool,
    db_path: str | None,
    limit: int | None,
    **narrow: Any,
) -> None:
    """Statements in date order: attributed claims (a speaker or a cue such as "said") and
    unattributed facts (neither). --from/--to/--dated read the claim's date, or with --by reported
    its document's.

    JSON fields: {doc, line, column, text, speaker, cue, entities, date, sources, documents,
    speaker_id, entity_ids, reported, reported_precision}.

    \b
    Example: storyline claims --entity "Tony Blair" --attributed
    Example: storyline claims --speaker Blair --from 2004 --to 2004 --by reported
    """
    from db import read

    conn = read_conn(ctx, db_path)
    filters = build_filters(conn, **narrow)
    rows = read.claims(conn, entity_filter(conn, entity), filters)
    if attributed:
        rows = [r for r in rows if r.speaker is not None or r.cue is not None]
    rows = _first(rows, limit)
    if as_json:
        return emit_json(rows)
    emit_table(
        ("DATE", "SPEAKER", "CUE", "DOC:LINE", "TEXT"),
        ((r.date or "undated", r.speaker or "", r.cue or "", f"{r.doc}:{r.line}", r.text) for r in rows),
        {4: 80},
    )


@click.command(short_help="Sentences with a time expression, by date (and undated).")
@click.option("--entity", "-e", metavar="NAME", help="Only items that mention NAME (or TYPE:NAME).")
@filter_options
@limit_option
@json_option
@db_option
@click.pass_context
def timeline(
    ctx: click.Context, entity: str | None, as_json: bool, db_path: str | None, limit: int | None, **narrow: Any
) -> None:
    """Events, the sentences with a time expression, in date order. An expression that resolves
    to no date (no document date to count from) is listed as undated. Each has two dates: when
    it happened (date) and when it was said (reported, its document's date); --by picks the one
    that orders and that --from/--to/--dated read. --kind claim or fact keeps the events whose
    sentence holds one; --speaker those whose sentence's claim NAME speaks.

    JSON fields: {date, precision, relation, expression, doc, line, column, text, entities, entity_ids,
    reported, reported_precision}.

    \b
    Example: storyline timeline --entity India --json
    Example: storyline timeline --dated --from 2004-11 --to 2005 --kind claim
    """
    from db import read

    conn = read_conn(ctx, db_path)
    filters = build_filters(conn, **narrow)
    rows = _first(read.timeline(conn, entity_filter(conn, entity), filters), limit)
    if as_json:
        return emit_json(rows)
    reported = filters.by == "reported"
    emit_table(
        ("REPORTED" if reported else "DATE", "REL", "EXPRESSION", "DOC:LINE", "TEXT"),
        (
            (
                ((r.reported if reported else r.date) or "undated") + _other(r, reported),
                r.relation or "",
                r.expression,
                f"{r.doc}:{r.line}",
                r.text,
            )
            for r in rows
        ),
        {2: 24, 4: 80},
    )


def _other(row: TimelineRow, reported: bool) -> str:
    """The other axis's date where it differs: " · about 1992" or " · said 2005-03"."""
    other = row.date if reported else row.reported
    first = row.reported if reported else row.date
    if other is None or other == first:
        return ""
    return f" · {'about' if reported else 'said'} {other}"


COMMANDS = (documents, entities, mentions, claims, timeline)
