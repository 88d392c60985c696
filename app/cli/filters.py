"""The options that narrow `timeline` and `claims`: a date range on either axis, a kind, a speaker, a document."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from app.cli.common import fail, text_arg

if TYPE_CHECKING:
    from db.read import Filters

KINDS = ("event", "claim", "fact")


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--from --to --kind --speaker --doc --dated --by on a listing (passed as keyword arguments)."""
    options = (
        click.option(
            "--from", "date_from", metavar="DATE", help="Only items dated on or after DATE (2004, 2004-11, ...)."
        ),
        click.option("--to", "date_to", metavar="DATE", help="Only items dated on or before DATE (2004: all of it)."),
        click.option(
            "--kind",
            type=click.Choice(KINDS, case_sensitive=False),
            help="Only events (dated sentences), claims (a speaker or a cue) or facts (unattributed).",
        ),
        click.option("--speaker", metavar="NAME", help="Only claims spoken by NAME (or TYPE:NAME)."),
        click.option(
            "--doc", "doc", metavar="DOC", help="Only items of document DOC (a path, path suffix or file name)."
        ),
        click.option("--dated", is_flag=True, help="Only items with a date on the chosen axis (hide undated)."),
        click.option(
            "--by",
            type=click.Choice(("event", "reported"), case_sensitive=False),
            default="event",
            show_default=True,
            help="Order and filter by when it happened (event) or when it was said (reported: the document's date).",
        ),
    )
    for option in reversed(options):
        command = option(command)
    return command


def build_filters(
    conn: sqlite3.Connection,
    *,
    date_from: str | None,
    date_to: str | None,
    kind: str | None,
    speaker: str | None,
    doc: str | None,
    dated: bool,
    by: str,
) -> Filters:
    """The Filters the options say, or a clear message and exit 2 (a bad date, an unknown document)."""
    from app.cli.listings import entity_filter
    from db import read

    bounds = []
    for option, value in (("--from", date_from), ("--to", date_to)):
        try:
            bounds.append(read.parse_date(text_arg(value) or "") if value is not None else None)
        except read.BadDate as exc:
            fail(f"{option}: {exc}", code=2)
    if bounds[0] and bounds[1] and bounds[0] > bounds[1] + "~":
        fail(f"--from {bounds[0]} is after --to {bounds[1]}", code=2)
    document_id = None
    if doc is not None:
        found = read.find_document(conn, text_arg(doc) or "")
        if found is None:
            fail(f"no document {doc!r} (one path, path suffix or file name: try storyline documents)", code=2)
        document_id = found.id
    speakers = entity_filter(conn, speaker, not_found_code=2)
    return read.Filters(
        start=bounds[0],
        end=bounds[1],
        kind=kind.lower() if kind else None,
        speaker_ids=tuple(speakers) if speakers is not None else None,
        document_id=document_id,
        dated=dated,
        by=by.lower(),
    )
