"""Score the HTML reader on saved news pages against their true article bodies.

    .venv/bin/python scripts/eval_html.py PAGES_DIR GROUND_TRUTH.json

GROUND_TRUTH.json maps a page's id to ``{"articleBody": ..., "url": ...}`` and PAGES_DIR
holds ``ID.html`` or ``ID.html.gz`` (the layout of the public article-extraction benchmark,
github.com/scrapinghub/article-extraction-benchmark). For each page the stored text that
ingest would keep is compared with the true body: word-level F1 (lower-cased ``\\w+`` words,
counted with multiplicity), averaged over pages; then how often a title was found and the
URL found equals the true one. Nothing here is tuned to any page: it runs the reader as
ingest does.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from db.text.document import parse_record  # noqa: E402
from db.text.formats import FormatError  # noqa: E402
from db.text.formats.html import read_html  # noqa: E402

_WORD = re.compile(r"\w+")


def word_f1(true: str, found: str) -> float:
    t, p = Counter(_WORD.findall(true.lower())), Counter(_WORD.findall(found.lower()))
    overlap = sum((t & p).values())
    if not t and not p:
        return 1.0
    if overlap == 0:
        return 0.0
    precision, recall = overlap / sum(p.values()), overlap / sum(t.values())
    return 2 * precision * recall / (precision + recall)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", type=Path)
    parser.add_argument("truth", type=Path)
    args = parser.parse_args()
    truth = json.loads(args.truth.read_text(encoding="utf-8"))
    scores, titles, urls, failed = [], 0, 0, []
    started = time.process_time()
    for key, expected in truth.items():
        path = next((p for p in (args.pages / f"{key}.html.gz", args.pages / f"{key}.html") if p.exists()), None)
        if path is None:
            failed.append((key, "no page"))
            scores.append(0.0)
            continue
        try:
            doc = parse_record(read_html(path.read_bytes()))
        except FormatError as exc:
            failed.append((key, str(exc)))
            scores.append(0.0)
            continue
        stored = "\n".join(line.text for line in doc.lines)
        scores.append(word_f1(expected.get("articleBody", ""), stored))
        titles += bool(doc.title)
        urls += bool(doc.url) and (doc.url or "").rstrip("/") == (expected.get("url") or "").rstrip("/")
    cpu = time.process_time() - started
    n = len(truth)
    print(f"pages {n}; word F1 mean {statistics.mean(scores):.3f}, median {statistics.median(scores):.3f}")
    print(f"pages under 0.5: {sum(s < 0.5 for s in scores)}; refused: {len(failed)}")
    print(f"title found {titles}/{n}; URL found and equal to the true one {urls}/{n}")
    print(f"reader CPU time {cpu / n * 1000:.1f} ms a page")
    for key, reason in failed[:10]:
        print(f"  refused {key}: {reason}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
