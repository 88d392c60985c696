"""Snapshot the JSON contract of a corpus, and compare two snapshots byte for byte.

A refactor must not change what Storyline prints. Before it, and after it:

    .venv/bin/python scripts/contract_snapshot.py dump seeds /tmp/before-seeds
    .venv/bin/python scripts/contract_snapshot.py dump ../shared/corpora/bbc /tmp/before-bbc
    ... change the code ...
    .venv/bin/python scripts/contract_snapshot.py dump seeds /tmp/after-seeds
    .venv/bin/python scripts/contract_snapshot.py compare /tmp/before-seeds /tmp/after-seeds

``dump`` ingests FOLDER into a fresh database (run from the project's root, with FOLDER
as given, so every ``doc`` path reads the same) and writes the output of
``storyline documents|entities|mentions|claims|timeline --json`` to OUT/NAME.json.
``compare`` exits 1 and names the first differing line of each file that differs.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = ("documents", "entities", "mentions", "claims", "timeline")


def storyline(*args: str) -> list[str]:
    return [sys.executable, "-m", "app", *args]


def dump(folder: str, out: Path, jobs: int | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="storyline-contract-") as tmp:
        db = str(Path(tmp, "contract.db"))
        ingest = storyline("--db", db, "ingest", folder, *(["--jobs", str(jobs)] if jobs else []))
        subprocess.run(ingest, cwd=ROOT, check=False, stdout=subprocess.DEVNULL)
        for command in COMMANDS:
            with (out / f"{command}.json").open("wb") as fh:
                subprocess.run(storyline("--db", db, command, "--json"), cwd=ROOT, check=True, stdout=fh)
    print(f"wrote {', '.join(COMMANDS)} to {out}")


def compare(before: Path, after: Path) -> int:
    differing = 0
    for command in COMMANDS:
        a = (before / f"{command}.json").read_bytes().splitlines()
        b = (after / f"{command}.json").read_bytes().splitlines()
        if a == b:
            print(f"{command}: identical ({len(a)} lines)")
            continue
        differing += 1
        first = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        print(f"{command}: DIFFERENT ({len(a)} vs {len(b)} lines), first at line {first + 1}:")
        for side, lines in (("-", a), ("+", b)):
            if first < len(lines):
                print(f"  {side} {lines[first].decode('utf-8', 'replace')[:300]}")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    d = sub.add_parser("dump", help="ingest FOLDER and write the JSON contract to OUT")
    d.add_argument("folder")
    d.add_argument("out", type=Path)
    d.add_argument("--jobs", type=int, default=None)
    c = sub.add_parser("compare", help="compare two dumps byte for byte")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.what == "dump":
        dump(args.folder, args.out, args.jobs)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
