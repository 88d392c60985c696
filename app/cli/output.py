"""Printing rows: one JSON array streamed row by row, or a plain aligned table; both made inert."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence

import click


def emit_json(rows: Iterable[object]) -> None:
    """One JSON array, one object a line, streamed as the rows come."""
    from app.inert import escape_json
    from db.read import as_json

    out = sys.stdout
    encode = _row_encoder()
    first = True
    out.write("[")
    batch: list[str] = []  # written a few hundred rows at a time: a write per row cost as much as the encoding
    for row in rows:
        batch.append("\n  " if first else ",\n  ")
        batch.append(escape_json(encode(as_json(row))))
        first = False
        if len(batch) >= 512:
            out.write("".join(batch))
            batch.clear()
    out.write("".join(batch))
    out.write("]\n" if first else "\n]\n")


def _row_encoder() -> Callable[[object], str]:
    """``json.JSONEncoder(ensure_ascii=False).encode``, the same text: its C encoder made once, not at every
    row as ``encode`` does (a third of the JSON's time for a few thousand rows)."""
    encoder = json.JSONEncoder(ensure_ascii=False)
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # no C accelerator: the plain encoder
        return encoder.encode
    one = make(
        {},  # markers: the circular check encode makes
        encoder.default,
        json.encoder.encode_basestring,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )

    def encode(value: object) -> str:
        return "".join(one(value, 0))

    return encode


def emit_table(headers: Sequence[str], rows: Iterable[Sequence[object]], widths: dict[int, int] | None = None) -> None:
    """A plain, aligned table; every cell made inert and clipped to its width.

    On a terminal (or with $COLUMNS set) the table fits its width: the widest columns give way, their
    cells cut with "…"; ``--wide`` prints every cell whole. On a terminal a table taller than it goes
    through a pager ($PAGER, else less)."""
    from app.inert import inert

    ctx = click.get_current_context(silent=True)
    wide = bool(ctx and ctx.meta.get("storyline.wide"))
    widths = {} if wide else (widths or {})
    cells = [[inert("" if v is None else str(v)) for v in row] for row in rows]
    sizes = [len(h) for h in headers]
    for row in cells:
        for i, c in enumerate(row):
            sizes[i] = max(sizes[i], min(len(c), widths.get(i, 10**9)))
    room = None if wide else _width()
    if room is not None:
        least = [max(len(h), LEAST.get(h.split(":")[0], 0)) for h in headers]
        sizes = fit(sizes, room, least)
    # a document's place is cut on the left, so that its file name and line stay
    left = [h.startswith("DOC") for h in headers]
    clipped = [[_cut(c, sizes[i], left[i]) for i, c in enumerate(row)] for row in cells]
    fmt = "  ".join(f"{{:<{s}}}" for s in sizes)
    lines = [fmt.format(*headers).rstrip(), fmt.format(*("-" * s for s in sizes)).rstrip()]
    lines += [fmt.format(*row).rstrip() for row in clipped]
    if not clipped:
        lines.append("(none)")
    if sys.stdout.isatty() and len(lines) > shutil.get_terminal_size().lines - 1:
        click.echo_via_pager("\n".join(lines) + "\n")
    else:
        for line in lines:
            click.echo(line)


# columns that keep more than 8 characters when a table is fitted: a document's place, a name, a whole day
LEAST = {"DOC": 24, "NAME": 16, "ENTITY": 16, "SPEAKER": 14, "DATE": 10}


def fit(sizes: list[int], room: int, least: list[int]) -> list[int]:
    """Column widths that fit ``room`` with two spaces between columns: the last (the text) gives way
    first down to 30, then the others, widest first, then the text again; none below ``least`` (or 8)."""
    sizes = list(sizes)
    floor = [max(8, n) if s > max(8, n) else s for s, n in zip(sizes, least, strict=True)]
    excess = sum(sizes) + 2 * (len(sizes) - 1) - room
    last = len(sizes) - 1  # the text: it gives way first, down to 30 characters
    give = max(0, min(excess, sizes[last] - max(floor[last], 30)))
    sizes[last] -= give
    excess -= give
    while excess > 0:
        # then the other columns, widest first, and the text last of all
        widest = max(range(len(sizes)), key=lambda i: (sizes[i] > floor[i], i != last, sizes[i]))
        if sizes[widest] <= floor[widest]:
            break  # as narrow as it goes: the terminal wraps the rest
        sizes[widest] -= 1
        excess -= 1
    return sizes


def _width() -> int | None:
    """The width to fit: the terminal's, or $COLUMNS; None when printing to a file or a pipe."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def _cut(cell: str, width: int, left: bool) -> str:
    if len(cell) <= width:
        return cell
    if width <= 1:
        return "…"[:width]
    return "…" + cell[len(cell) - width + 1 :] if left else cell[: width - 1] + "…"
