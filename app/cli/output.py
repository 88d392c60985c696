"""Printing rows: one JSON array streamed row by row, or a plain aligned table; both made inert."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence

import click


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
    fmt = "  ".join(f"{{:<{s}}}" for s in sizes)
    click.echo(fmt.format(*headers).rstrip())
    click.echo(fmt.format(*("-" * s for s in sizes)).rstrip())
    for row in clipped:
        click.echo(fmt.format(*row).rstrip())
    if not clipped:
        click.echo("(none)")
