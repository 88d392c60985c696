"""Where the runner finds things, the names of the benchmarks, and the targets they are judged by."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
ENTRY = SCRIPTS / "bench.py"  # the command line; run again with --extract-worker for the extraction passes
CORPORA = ROOT.parent / "shared" / "corpora"
BBC = CORPORA / "bbc"
CONLL_DEV = CORPORA / "conll2003" / "dev.txt"
TIMEML = CORPORA / "timeml" / "TBAQ-cleaned"
BIN = Path(sys.executable).parent
STORYLINE = BIN / "storyline"
BBC_SIZE = 2225
ALL = (
    "generate",
    "extract",
    "ingest",
    "reingest",
    "corrections",
    "cli",
    "filters",
    "explorer",
    "writer",
    "cluster",
    "ner",
    "dates",
)

TARGETS = {
    "rate": 150.0,  # BBC-length articles per second, default --jobs
    "linear": 1.2,  # t(100k) <= 1.2 * 5 * t(20k)
    "rss_mb": 500.0,  # peak memory of the ingest process tree at 100k
    "db_ratio": 4.0,  # database <= 4 x raw text
    "reingest": 0.10,  # unchanged re-ingest <= 10% of the first
    "spacy": 10.0,  # entity extraction >= 10 x spaCy small
    "cli_ms": 200.0,
    "merge_s": 1.0,  # a merge of two large entities (>= 20k mentions) at 100k, process start included
    "corrections_reapply": 0.05,  # 100 corrections applied again: <= 5% of a re-ingest
    "explorer_rss_mb": 300.0,  # the explorer's other limits come with its measures (scripts/bench_explorer.py)
    "writer": 2000.0,  # BBC documents/s stored by the writer alone (the ceiling a cluster can feed)
}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def storyline(*args: str) -> list[str]:
    """The command line of the installed `storyline`, as a user runs it."""
    return [str(STORYLINE), *args]
