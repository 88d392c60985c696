#!/usr/bin/env python3
"""Score the claim finder's speakers against hand-made gold (scripts/gold/speakers.jsonl).

Usage: .venv/bin/python scripts/eval_speakers.py [--corpora ../shared/corpora] [--gold FILE] [--errors]

The gold holds statements from BBC and TimeML TBAQ (train/dev material): sentences with a reporting
verb from a seeded sample of documents, each with the speaker a careful reader gives it, written as
the document names it at its fullest ("Tony Blair" for "he" or "the prime minister"), or null where
the text names no one ("analysts said", "a study says"). Alternatives are separated in the file
("World Health Organisation", "WHO"). Only positions and a hash of each sentence are kept, never the
corpus's text: the documents are read in place (TBAQ with its tags stripped, as eval_timeml.py does).
Two further BBC samples score with --gold: speakers-bbc-fresh.jsonl (43 statements, since tuned on) and
speakers-bbc-fresh2.jsonl (42 statements kept as the held-out-like check; see BENCHMARKS.md).
speakers-web.jsonl (68, tuned on) and speakers-web2.jsonl (45, the held-out-like check) hold US-style news: real
saved pages of the public article-extraction benchmark (github.com/scrapinghub/article-extraction-benchmark, its
html/ folder; not in /work/shared: give its checkout with --pages) and TBAQ documents the dev gold does not use.
A page is read as ingest reads it (its format's reader, then the same parse), so its positions are those of the
stored text (`storyline show DOC`); pages not found are skipped with a note.

A statement is found when an attributed claim (one with a cue) overlaps its sentence; its speaker is
right when the claim's speaker entity has one of the gold names as its name or an alias (case
ignored), or when both are null. Printed: right speaker over all statements (the target's measure),
over those with a named speaker, precision of the speakers shown, and nulls kept null.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from eval_timeml import parse  # noqa: E402

from db.extract.pipeline import extract  # noqa: E402
from db.text.document import ParsedDocument, parse_record, parse_text  # noqa: E402
from db.text.formats import format_of  # noqa: E402

PAGES = "article-extraction-benchmark/"  # gold documents under this prefix are read from --pages


def read_text(path: Path) -> str:
    if path.suffix == ".tml":
        parsed = parse(str(path))
        return parsed[0] if parsed else ""
    return path.read_bytes().decode("utf-8", "replace")


def read_document(path: Path) -> ParsedDocument:
    """The document as ingest parses it: a format's reader (HTML, ...) where one applies, else plain text."""
    fmt = format_of(str(path))
    if fmt is not None and fmt.read is not None and path.suffix != ".tml":
        return parse_record(fmt.read(path.read_bytes()))
    return parse_text(read_text(path))


def resolve(doc: str, corpora: str, pages: str) -> Path:
    if doc.startswith(PAGES):
        return Path(pages) / doc[len(PAGES) :]
    return Path(corpora) / doc


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--gold", default=str(ROOT / "scripts" / "gold" / "speakers.jsonl"))
    ap.add_argument(
        "--pages",
        default=os.environ.get("STORYLINE_AEB_PAGES", "/tmp/aeb-14k"),
        help="checkout of the article-extraction benchmark (holds html/); default $STORYLINE_AEB_PAGES or /tmp/aeb-14k",
    )
    ap.add_argument("--errors", action="store_true", help="print each wrong statement")
    args = ap.parse_args(argv)
    gold = [json.loads(line) for line in Path(args.gold).read_text(encoding="utf-8").splitlines() if line.strip()]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for g in gold:
        by_doc[g["doc"]].append(g)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # corpus -> [right, total]
    named = [0, 0]
    shown = [0, 0]
    nulls = [0, 0]
    missing = 0
    absent = 0
    for doc, rows in sorted(by_doc.items()):
        path = resolve(doc, args.corpora, args.pages)
        if not path.exists():
            print(f"{doc}: missing, skipped", file=sys.stderr)
            absent += len(rows)
            continue
        parsed = read_document(path)
        ex = extract(parsed)
        lines = [line.text for line in parsed.lines]
        for g in rows:
            text_line = lines[g["line"] - 1]
            start = g["column"]
            sentence = next((s for s in parsed.sentences if parsed.position(s.start) == (g["line"], start)), None)
            if sentence is None or hashlib.sha1(sentence.text.encode()).hexdigest()[:12] != g["sha1"]:
                print(f"{doc}:{g['line']}:{start}: the sentence changed, skipped", file=sys.stderr)
                continue
            end = start + len(sentence.text)
            claims = [
                c
                for c in ex.claims
                if c.cue and c.line == g["line"] and c.column < end and start < c.column + len(c.text)
            ]
            want = g["speaker"]
            got = None
            if claims:
                sp = claims[0].speaker
                if sp is not None:
                    e = ex.entities[sp]
                    got = e.name
                    forms = {f.casefold() for f in (e.name, *e.aliases)}
                else:
                    forms = set()
            else:
                missing += 1
            ok = (got is None and None in want) or (
                got is not None and any(w is not None and w.casefold() in forms for w in want)
            )
            corpus = "pages" if doc.startswith(PAGES) else doc.split("/", 1)[0]
            tally[corpus][0] += ok
            tally[corpus][1] += 1
            if any(w is not None for w in want) and None not in want:
                named[0] += ok
                named[1] += 1
            else:
                nulls[0] += ok
                nulls[1] += 1
            if got is not None:
                shown[0] += ok
                shown[1] += 1
            if args.errors and not ok:
                found = "no claim" if not claims else f"{got!r} (cue {claims[0].cue!r})"
                print(f"  {doc}:{g['line']}:{start} want {want} got {found}: {text_line[start - 1 : end - 1][:90]}")
    right = sum(t[0] for t in tally.values())
    total = sum(t[1] for t in tally.values())

    def pct(a: int, b: int) -> str:
        return f"{100 * a / b:.1f}% ({a}/{b})" if b else "n/a"

    gold_name = Path(args.gold).resolve()
    shown_name = gold_name.relative_to(ROOT) if gold_name.is_relative_to(ROOT) else gold_name
    print(f"Speakers against {shown_name} ({total} statements)")
    print(f"  right speaker, all statements    {pct(right, total)}")
    for corpus, (a, b) in sorted(tally.items()):
        print(f"    {corpus:8}                       {pct(a, b)}")
    print(f"  right, where the gold names one  {pct(*named)}")
    print(f"  precision of the speakers shown  {pct(*shown)}")
    print(f"  null where the text names no one {pct(*nulls)}")
    print(f"  statements with no attributed claim: {missing}")
    if absent:
        print(f"  statements skipped, their document absent: {absent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
