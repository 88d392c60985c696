#!/usr/bin/env python3
"""Score the cleanliness of a corpus's most mentioned entities against a hand-judged rubric.

Usage: .venv/bin/python scripts/eval_entities.py DB [--judged scripts/gold/bbc-top150-after.tsv] [--top 150]

The rubric (BBC's top 150, judged by hand for the state before and after issue 14: files
scripts/gold/bbc-top150-before.tsv and -after.tsv) calls an entity clean when a reporter could put
it in a story as it is:
  * it is a name (not a common noun such as "PC", "DVD", "Labour MPs"; not a fragment),
  * of the right type (a company is no PLACE, a film no PLACE, an award no ORG),
  * not split from another of the top entities naming the same thing ("EU" beside "European
    Union", "Tory" beside "Conservatives"; the smaller part counts as unclean),
  * it has absorbed nothing it is not ("BBC" inside "BBC News", "Nintendo" inside "Nintendo DS"),
  * and none of its aliases names something else ("US$", "EU China", "International").

DB is a database ingested from ../shared/corpora/bbc. The script reads its top entities and
looks each up by (name, type) in the judged file; an entity the file does not judge is listed
(judge it, or the figure is over fewer than --top). It also checks, with no judgment needed, that
the names the issue names are one entity each (EU / European Union, Labour / Labour Party,
Conservatives / Tories / Tory, BBC), and lists top entities whose name is an alias of another.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = {
    "EU": ("EU", "European Union"),
    "Labour": ("Labour", "Labour Party"),
    "Conservatives": ("Conservatives", "Conservative", "Conservative Party", "Tories", "Tory"),
    "BBC": ("BBC",),
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("db")
    ap.add_argument("--judged", default=str(ROOT / "scripts" / "gold" / "bbc-top150-after.tsv"))
    ap.add_argument("--top", type=int, default=150)
    args = ap.parse_args(argv)
    if not Path(args.db).exists():
        print(f"{args.db}: no such database", file=sys.stderr)
        return 2
    judged: dict[tuple[str, str], tuple[str, str]] = {}
    for line in Path(args.judged).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        _, name, etype, _, verdict, *reason = line.split("\t")
        judged[(name, etype)] = (verdict, reason[0] if reason else "")
    conn = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    top = conn.execute(
        "SELECT id, name, type, mentions FROM entities ORDER BY mentions DESC, name LIMIT ?", (args.top,)
    ).fetchall()
    clean = unjudged = 0
    for _, name, etype, mentions in top:
        judgment = judged.get((name, etype))
        if judgment is None:
            unjudged += 1
            print(f"  not judged: {name} ({etype}, {mentions} mentions)")
        elif judgment[0] == "clean":
            clean += 1
        else:
            print(f"  unclean: {name} ({etype}): {judgment[1]}")
    n = len(top) - unjudged
    print(f"Top {len(top)} entities of {args.db}: {clean}/{n} clean ({100 * clean / max(n, 1):.1f}%)", end="")
    print(f", {unjudged} not judged by {Path(args.judged).name}" if unjudged else "")
    ids = {row[0] for row in top}
    for label, names in GROUPS.items():
        marks = ",".join("?" * len(names))
        found = conn.execute(
            f"SELECT DISTINCT e.id, e.name, e.type FROM entities e WHERE e.name IN ({marks}) AND e.mentions >= 5",
            names,
        ).fetchall()
        verdict = "one entity" if len(found) == 1 else f"{len(found)} entities"
        print(f"  {label}: {verdict} ({', '.join(f'{n} {t}' for _, n, t in found)})")
    shadowed = conn.execute(
        "SELECT e.name, e.type, o.name FROM entities e JOIN aliases a ON a.name = e.name AND a.entity_id != e.id"
        " JOIN entities o ON o.id = a.entity_id WHERE e.id IN (" + ",".join("?" * len(ids)) + ") AND o.mentions >= 5",
        sorted(ids),
    ).fetchall()
    if shadowed:
        print(f"  {len(shadowed)} top names are also aliases of smaller entities (5+ mentions), e.g.:")
    for name, etype, other in shadowed[:10]:
        print(f"    {name} ({etype}) in {other}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
