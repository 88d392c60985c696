"""`storyline export`: claims and events with citations as md, csv, json, jsonl, TimelineJS, GraphML or GEXF.

Every item's ``text`` is the stored span (``substr(lines.text, column, length)``), so slicing line ``line`` of
its document at ``column`` (1-based) gives exactly the quoted text. ``--marked`` (or ``--tag T``) exports
the marks instead, each with its note and tags; a mark whose text its document no longer has (``lost``)
is left out, and said so on stderr, so that the promise holds for every exported quote.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import stat
import sys
from collections import Counter
from collections.abc import Iterable
from itertools import chain, combinations
from typing import TYPE_CHECKING

import click

from app.cli.common import db_option, fail, read_conn, text_arg
from app.cli.listings import entity_filter

if TYPE_CHECKING:
    from db import read

FORMATS = ("md", "csv", "json", "jsonl", "timelinejs", "graphml", "gexf")
FIELDS = (
    *("kind", "date", "speaker", "text", "note", "doc", "line", "column", "citation", "title", "doc_date", "url"),
    *("tags", "mark"),
)


def _items(
    conn: sqlite3.Connection, entity: str | None, date_from: str | None, date_to: str | None
) -> list[dict[str, object]]:
    from db import read

    ids = entity_filter(conn, entity, not_found_code=2)
    docs = {d.doc: d for d in read.documents(conn)}
    kept = {(m.doc, m.line, m.column): m for m in read.marks(conn) if not m.lost}
    items: list[dict[str, object]] = []
    found: list[tuple[str, str | None, str | None, read.ClaimRow | read.TimelineRow]] = [
        *(("claim", c.date, c.speaker, c) for c in read.claims(conn, ids)),
        *(("event", t.date, None, t) for t in read.timeline(conn, ids)),
    ]
    seen: set[tuple[str, int, int, str]] = set()
    for kind, date, speaker, r in found:
        if (r.doc, r.line, r.column, r.text) in seen:  # a claim is on the timeline too: cited once, as the claim
            continue
        seen.add((r.doc, r.line, r.column, r.text))
        if date_from and (date is None or date < date_from):
            continue
        if date_to and (date is None or date[: len(date_to)] > date_to):
            continue
        mark = kept.get((r.doc, r.line, r.column))
        mark = mark if mark is not None and mark.text == r.text else None
        items.append(_item(kind, date, speaker, r.text, r.doc, r.line, r.column, docs.get(r.doc), mark))
    return _sorted(items)


def _item(
    kind: str,
    date: str | None,
    speaker: str | None,
    text: str,
    doc: str,
    line: int,
    column: int,
    d: read.Document | None,
    mark: read.MarkRow | None,
) -> dict[str, object]:
    return {
        "kind": kind,
        "date": date,
        "speaker": speaker,
        "text": text,
        "note": mark.note if mark else None,
        "doc": doc,
        "line": line,
        "column": column,
        "citation": f"{doc}:{line}:{column}",
        "title": d.title if d else None,
        "doc_date": d.date if d else None,
        "url": d.url if d else None,
        "tags": list(mark.tags) if mark else [],
        "mark": mark.id if mark else None,
    }


def _sorted(items: list[dict[str, object]]) -> list[dict[str, object]]:
    items.sort(key=lambda i: (i["date"] is None, str(i["date"] or ""), str(i["doc"]), i["line"], i["column"]))
    return items


def _marked_items(
    conn: sqlite3.Connection, tag: str | None, entity: str | None, date_from: str | None, date_to: str | None
) -> list[dict[str, object]]:
    """The marks (with ``tag``; on a mention of ``entity``) as export items: a mark on a claim or an event
    carries its date (and speaker), any other the document's date. Lost marks are left out, and said."""
    from app.cli.common import note
    from db import read

    ids = entity_filter(conn, entity, not_found_code=2)
    docs = {d.id: d for d in read.documents(conn)}
    items: list[dict[str, object]] = []
    lost = 0
    for m in read.marks(conn, tag=tag):
        if m.lost or m.document_id is None:
            lost += 1
            continue
        where = (m.document_id, m.line, m.column)
        claim = conn.execute(
            "SELECT c.date, s.name, c.speaker_id FROM claims c LEFT JOIN entities s ON s.id = c.speaker_id"
            ' WHERE c.document_id = ? AND c.line = ? AND c."column" = ? ORDER BY c.id LIMIT 1',
            where,
        ).fetchone()
        if ids is not None and not (claim and claim[2] in ids):  # a claim's speaker counts as on it
            marks_entity = conn.execute(
                'SELECT 1 FROM mentions WHERE document_id = ? AND line = ? AND "column" >= ? AND "column" < ?'
                f" AND entity_id IN ({','.join('?' * len(ids))}) LIMIT 1",
                (*where, m.column + len(m.text), *ids),
            ).fetchone()
            if marks_entity is None:
                continue
        event = conn.execute(
            'SELECT date FROM events WHERE document_id = ? AND line = ? AND "column" = ? ORDER BY id LIMIT 1', where
        ).fetchone()
        d = docs[m.document_id]
        date = claim[0] if claim and claim[0] else event[0] if event and event[0] else d.date
        if date_from and (date is None or date < date_from):
            continue
        if date_to and (date is None or date[: len(date_to)] > date_to):
            continue
        speaker = claim[1] if claim else None
        items.append(_item(m.kind, date, speaker, m.text, d.doc, m.line, m.column, d, m))
    if lost:
        note(
            f"{lost} mark{'s' if lost != 1 else ''} left out: {'its' if lost == 1 else 'their'} text is no longer in"
            f" the document (storyline marks lists {'it' if lost == 1 else 'them'} as lost)"
        )
    return _sorted(items)


def _render(items: list[dict[str, object]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({**i, "tags": "; ".join(_tags(i))} for i in items)
        return buf.getvalue()
    if fmt == "timelinejs":
        return json.dumps(_timelinejs(items), ensure_ascii=False, indent=2) + "\n"
    return _memo(items)


def _tags(item: dict[str, object]) -> list[str]:
    tags = item["tags"]
    return [str(t) for t in tags] if isinstance(tags, list) else []


_ISO = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")


def _timelinejs(items: Iterable[dict[str, object]]) -> dict[str, object]:
    """TimelineJS's JSON: one slide per dated item (year, month, day as far as the date goes), cited in its text."""
    from html import escape

    events = []
    for i in items:
        m = _ISO.match(str(i["date"] or ""))
        if not m:
            continue
        start = {k: str(int(v)) for k, v in zip(("year", "month", "day"), m.groups(), strict=True) if v}
        who = f"{i['speaker']}: " if i["speaker"] else ""
        cite = f"{i['citation']} ({i['title'] or i['doc']})"
        events.append(
            {
                "start_date": start,
                "text": {"headline": escape(f"{who}{i['text']}"[:120]), "text": escape(f"“{i['text']}” — {cite}")},
                "group": i["kind"],
            }
        )
    return {"title": {"text": {"headline": "Storyline export", "text": ""}}, "events": events}


def _memo(items: Iterable[dict[str, object]]) -> str:
    out = ["# Storyline export", ""]
    heading: object = ()
    for i in items:
        if i["date"] != heading:
            heading = i["date"]
            out += [*([""] if out[-1] else []), f"## {heading or 'Undated'}", ""]
        who = f"{i['speaker']}: " if i["speaker"] else ""
        text = str(i["text"]).replace("\n", " ")
        source = ", ".join(str(p) for p in (i["title"], i["doc_date"], i["url"] and f"<{i['url']}>") if p)
        out.append(f"- {who}“{text}” — `{i['citation']}`" + (f" ({source})" if source else ""))
        if i["note"]:
            out.append(f"  - Note: {' '.join(str(i['note']).split())}")
        if i["tags"]:
            out.append(f"  - Tags: {', '.join(_tags(i))}")
    return "\n".join(out) + "\n"


def _gexf(conn: sqlite3.Connection) -> str:
    """The same network as ``_graphml``, in GEXF 1.3."""
    nodes, weights = _network(conn)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
        '  <graph defaultedgetype="undirected">',
        '    <attributes class="node">',
        '      <attribute id="type" title="type" type="string"/>',
        '      <attribute id="mentions" title="mentions" type="integer"/>',
        "    </attributes>",
        "    <nodes>",
    ]
    for n in nodes:
        out.append(
            f'      <node id="n{n.id}" label="{_xml(n.name, True)}"><attvalues>'
            f'<attvalue for="type" value="{_xml(n.type, True)}"/><attvalue for="mentions" value="{n.mentions}"/>'
            "</attvalues></node>"
        )
    out += ["    </nodes>", "    <edges>"]
    for k, ((a, b), w) in enumerate(sorted(weights.items())):
        out.append(f'      <edge id="e{k}" source="n{a}" target="n{b}" weight="{w}"/>')
    out += ["    </edges>", "  </graph>", "</gexf>"]
    return "\n".join(out) + "\n"


def _network(conn: sqlite3.Connection) -> tuple[list[read.EntityRow], Counter[tuple[int, int]]]:
    """Entities, and how many lines mention each pair of them (a sentence never crosses a line; several
    sentences on one line count as one)."""
    from db import read as _read

    nodes = _read.entities(conn)
    known = {n.id for n in nodes}
    weights: Counter[tuple[int, int]] = Counter()
    line: tuple[int, int] | None = None
    here: set[int] = set()
    rows = conn.execute("SELECT document_id, line, entity_id FROM mentions ORDER BY document_id, line")
    for doc_id, number, entity_id in chain(rows, [(None, None, None)]):  # streamed: one line's set at a time
        if (doc_id, number) != line:
            weights.update(combinations(sorted(here), 2))
            line, here = (doc_id, number), set()
        if entity_id in known:
            here.add(entity_id)
    return nodes, weights


def _graphml(conn: sqlite3.Connection) -> str:
    """The entity co-occurrence network for Gephi: entities as nodes (name, type, mentions), an edge between two
    entities mentioned on the same line (a sentence never crosses a line; several sentences on one line count as
    one), weighted by the number of such lines."""
    nodes, weights = _network(conn)
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '  <key id="name" for="node" attr.name="label" attr.type="string"/>',
        '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
        '  <key id="mentions" for="node" attr.name="mentions" attr.type="int"/>',
        '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
        '  <graph id="entities" edgedefault="undirected">',
    ]
    for n in nodes:
        out.append(
            f'    <node id="n{n.id}"><data key="name">{_xml(n.name)}</data><data key="type">{_xml(n.type)}</data>'
            f'<data key="mentions">{n.mentions}</data></node>'
        )
    for k, ((a, b), w) in enumerate(sorted(weights.items())):
        out.append(f'    <edge id="e{k}" source="n{a}" target="n{b}"><data key="weight">{w}</data></edge>')
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def _xml(text: str, attribute: bool = False) -> str:
    from xml.sax.saxutils import escape

    clean = escape("".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20))
    return clean.replace('"', "&quot;") if attribute else clean


def _write(path: str, data: str) -> None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        pass
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}", 2)
    else:
        if not stat.S_ISREG(st.st_mode):
            fail(f"refusing to write over {path}: not a regular file", 2)
    try:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(data)
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}", 2)


@click.command(short_help="Claims and events with citations: a memo, rows, TimelineJS or a network.")
@click.option("--entity", "-e", metavar="NAME", help="Only items of this entity (a name or alias).")
@click.option("--from", "date_from", metavar="DATE", help="Only items dated on or after DATE (ISO).")
@click.option("--to", "date_to", metavar="DATE", help="Only items dated on or before DATE (ISO).")
@click.option("--marked", is_flag=True, help="Export the marks (with their notes) instead of every claim and event.")
@click.option("--tag", "-t", metavar="T", help="Export the marks with this tag (implies --marked).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True, help="Output format.")
@click.option("-o", "output", metavar="FILE", help="Write to FILE instead of stdout.")
@db_option
@click.pass_context
def export(
    ctx: click.Context,
    entity: str | None,
    date_from: str | None,
    date_to: str | None,
    marked: bool,
    tag: str | None,
    fmt: str,
    output: str | None,
    db_path: str | None,
) -> None:
    """Export claims and events with citations (doc:line:column, title, date, URL); with --marked or --tag,
    the marks instead, each with its note and tags (a mark whose text is gone from its document is left out).

    \b
    Example: storyline export --entity "Tony Blair" --format md -o memo.md
    Example: storyline export --marked --tag deal --format md -o memo.md
    """
    conn = read_conn(ctx, db_path)
    if fmt in ("graphml", "gexf"):
        if marked or tag:
            fail(f"--marked and --tag export items; --format {fmt} is the whole entity network", 2)
        data = _graphml(conn) if fmt == "graphml" else _gexf(conn)
    elif marked or tag:
        data = _render(
            _marked_items(conn, text_arg(tag), text_arg(entity), text_arg(date_from), text_arg(date_to)), fmt
        )
    else:
        data = _render(_items(conn, text_arg(entity), text_arg(date_from), text_arg(date_to)), fmt)
    if output:
        _write(output, data)
        click.echo(f"wrote {output}", err=True)
    elif sys.stdout.isatty():
        from app.inert import inert

        # values from the database (maybe someone else's): escapes and bidi shown, never acted on
        sys.stdout.write(inert(data))
    else:
        sys.stdout.write(data)
