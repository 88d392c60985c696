#!/usr/bin/env python3
"""Score a stable random sample of a corpus's entities and aliases against hand judgments.

Usage: .venv/bin/python scripts/eval_entity_sample.py DB --judged scripts/gold/bbc-random100-14l.tsv
       [--entities 100] [--aliases 100] [--min-mentions 3] [--show]

Beyond the top entities (scripts/eval_entities.py), what a user sees in the entity list and in
`mentions NAME`: the sample is the N entities with at least --min-mentions mentions (and the N
aliases that are not their entity's own name) whose sha1 of the name (of "alias|entity name") is
smallest. A hash sample is stable: a change to a few entities changes a few sampled rows, so the
judgments of one state mostly serve the next; the type is not hashed, so an entity whose type
changes stays in the sample (to be judged again under its new type). The unjudged ones are
listed; --show prints each with a few of its mentions in context, to judge by reading.

The rubric is scripts/eval_entities.py's: an entity is clean when a reporter could put it in a story
as it is (a name, not a fragment or a common noun, of the right type, not absorbing what it is
not). An alias is right when it names its entity in the documents it comes from (a short form,
a spelling, an acronym), wrong when it names something else or is no name ("US$", "EU China").

Judged file: tab-separated lines "entity<TAB>name<TAB>type<TAB>verdict<TAB>reason" and
"alias<TAB>alias|entity name<TAB>type<TAB>verdict<TAB>reason"; verdict clean/unclean (entities),
right/wrong (aliases); "#" lines are comments.
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
from pathlib import Path
from typing import Any


def _h(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


def sample_entities(conn: sqlite3.Connection, n: int, min_mentions: int) -> list[tuple[int, str, str, int]]:
    rows = conn.execute("SELECT id, name, type, mentions FROM entities WHERE mentions >= ?", (min_mentions,)).fetchall()
    return sorted(rows, key=lambda r: (_h(r[1]), r[2]))[:n]


def sample_aliases(conn: sqlite3.Connection, n: int) -> list[tuple[int, str, str, str]]:
    rows = conn.execute(
        "SELECT e.id, a.name, e.name, e.type FROM aliases a JOIN entities e ON e.id = a.entity_id"
        " WHERE a.name != e.name"
    ).fetchall()
    return sorted(rows, key=lambda r: (_h(f"{r[1]}|{r[2]}"), r[3]))[:n]


def _contexts(conn: sqlite3.Connection, entity_id: int, alias: str | None, n: int = 3, width: int = 70) -> list[str]:
    rows = conn.execute(
        "SELECT d.path, m.line, m.column, m.length, m.mention_type FROM mentions m JOIN documents d"
        " ON d.id = m.document_id WHERE m.entity_id = ? ORDER BY d.path, m.line, m.column",
        (entity_id,),
    ).fetchall()
    out = []
    for path, line, col, length, mtype in rows:
        try:
            text = Path(path).read_text(encoding="utf-8", errors="replace").split("\n")[line - 1]
        except (OSError, IndexError):
            continue
        c = col - 1
        words = text[c : c + length]
        if alias is not None and words.rstrip("'’s").strip() != alias and alias not in words:
            continue
        out.append(
            f"      [{mtype or ''}] {Path(path).parent.name}/{Path(path).name}: …{text[max(0, c - width) : c]}"
            f"[[{words}]]{text[c + length : c + length + width]}…"
        )
        if len(out) >= n:
            break
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--judged", required=True)
    ap.add_argument("--entities", type=int, default=100)
    ap.add_argument("--aliases", type=int, default=100)
    ap.add_argument("--min-mentions", type=int, default=3)
    ap.add_argument("--show", action="store_true", help="print every sampled row with mentions in context")
    args = ap.parse_args(argv)
    if not Path(args.db).exists():
        print(f"{args.db}: no such database", file=sys.stderr)
        return 2
    judged: dict[tuple[str, str, str], tuple[str, str]] = {}
    path = Path(args.judged)
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or not line.strip():
                continue
            kind, name, etype, verdict, *reason = line.split("\t")
            judged[(kind, name, etype)] = (verdict, reason[0] if reason else "")
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    samples: list[tuple[str, list[tuple[Any, ...]], str]] = [
        ("entity", list(sample_entities(conn, args.entities, args.min_mentions)), "clean"),
        ("alias", list(sample_aliases(conn, args.aliases)), "right"),
    ]
    for kind, rows, good in samples:
        ok = unjudged = 0
        for row in rows:
            alias: str | None = None
            if kind == "entity":
                entity_id, name, etype, count = row
                label, shown = name, f"{name} ({etype}, {count} mentions)"
            else:
                entity_id, alias, name, etype = row
                label, shown = f"{alias}|{name}", f"{alias!r} of {name} ({etype})"
            judgment = judged.get((kind, label, etype))
            if judgment is None:
                unjudged += 1
                print(f"  not judged: {kind}\t{label}\t{etype}\t\t  # {shown}")
            elif judgment[0] == good:
                ok += 1
            else:
                print(f"  {judgment[0]}: {shown}: {judgment[1]}")
            if args.show:
                print(f"    {kind} {shown}")
                print("\n".join(_contexts(conn, entity_id, alias)))
        n = len(rows) - unjudged
        print(f"Sample of {len(rows)} {kind} rows: {ok}/{n} {good} ({100 * ok / max(n, 1):.1f}%)", end="")
        print(f", {unjudged} not judged by {path.name}" if unjudged else "")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
