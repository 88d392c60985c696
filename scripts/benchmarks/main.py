"""`make bench`: Storyline's performance benchmarks; rewrites BENCHMARKS.md.

    .venv/bin/python scripts/bench.py [--sizes 2225,20000,100000] [--only ingest,cli,...] [--runs 5]

Benchmarks (names for --only):

  generate  building the N-article corpora (scripts/make_corpus.py), for information
  extract   extraction speed, one process, no database: parse + extract over the BBC
            texts, in words/s; side by side with spaCy's small English pipeline when a
            Python with spaCy and en_core_web_sm is found (--spacy-python), else skipped
  ingest    `storyline ingest` of each corpus into a fresh database: wall time, articles/s,
            peak memory of the process tree, database size vs raw text, linearity
  reingest  `storyline ingest` again over the unchanged corpus (the largest size)
  corrections  on a copy of the largest database: `storyline merge` of its two most mentioned
            entities of one type (and `undo`), and 100 corrections applied again after a re-ingest
  cli       `storyline entities --search X --json` on the largest database, process start included
  filters   the timeline narrowed (each filter, the reported axis, appears-with), its histogram and a
            history step, as the explorer's worker reads them, on the largest database (p95)
  explorer  the Textual app through Pilot on the largest database (scripts/bench_explorer.py)
  writer    the writer alone: the BBC parsed once, replayed into a fresh database (documents/s)
  cluster   the BBC through `ingest --dask` with 1 and 2 local workers against `--jobs 2`
  ner       `storyline eval-ner` on CoNLL-2003 dev (an accuracy figure, run once)
  dates     scripts/eval_timeml.py on TempEval-3 (an accuracy figure, run once)

Size 2225 means the real BBC corpus itself (../shared/corpora/bbc, read in place);
other sizes are generated into a temporary folder (--workdir to keep and reuse it).
Everything is measured in the same run so that ratios compare like with like; the
machine is shared, so medians are quoted, with min and max beside them.

BENCHMARKS.md: everything above the GENERATED marker is hand-written and kept; each
benchmark's section below it is replaced when that benchmark runs and kept otherwise.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .cli import bench_cli
from .cluster import bench_cluster
from .config import ALL, BBC, ROOT, STORYLINE, log, storyline
from .corpora import get_corpus
from .corrections import bench_corrections
from .dates import bench_dates
from .explorer import bench_explorer
from .extract import bench_extract
from .extract_worker import extract_worker
from .filters import bench_filters
from .generate import bench_generate
from .ingest import IngestResult, bench_ingest
from .measure import Stat, machine, run
from .ner import bench_ner
from .reingest import bench_reingest
from .report import print_report, write_report
from .results import Results
from .writer import bench_writer


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        description="Storyline benchmarks; rewrites BENCHMARKS.md.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=__doc__,
    )
    ap.add_argument(
        "--sizes", default="2225,20000,100000", help="corpus sizes; 2225 = the BBC corpus itself (default: %(default)s)"
    )
    ap.add_argument("--only", default=",".join(ALL), help="benchmarks to run (default: all): " + ",".join(ALL))
    ap.add_argument("--runs", type=int, default=5, help="repeats of the cheap measures (default: %(default)s)")
    ap.add_argument(
        "--ingest-runs",
        default=None,
        help="repeats of each ingest: N for every size, or one per size as in --sizes"
        " (default: 5 for the BBC, 3 up to 20k, 1 above)",
    )
    ap.add_argument("--reingest-runs", type=int, default=5)
    ap.add_argument(
        "--explorer-runs", type=int, default=None, help="repeats in the explorer benchmark (default: --runs)"
    )
    ap.add_argument("--jobs", type=int, default=None, help="pass --jobs to ingest (default: none, i.e. all cores)")
    ap.add_argument(
        "--workdir",
        default=None,
        help="keep corpora and databases here and reuse them (default: a temporary folder, removed)",
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--spacy-python", default=None, help="a Python with spaCy and en_core_web_sm for the peer benchmark"
    )
    ap.add_argument(
        "--spacy-model", default=None, help="the peer's model package (default: $SPACY_MODEL, else en_core_web_sm)"
    )
    ap.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    ap.add_argument("--no-write", action="store_true", help="print the report instead of writing BENCHMARKS.md")
    ap.add_argument("--extract-worker", choices=("full", "entities", "mentions"), default=None, help=argparse.SUPPRESS)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = parser()
    args = ap.parse_args(argv)
    if args.extract_worker:
        extract_worker(args.runs, args.extract_worker)
        return 0
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    unknown = set(only) - set(ALL)
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(sorted(unknown))} (choose from {', '.join(ALL)})")
    sizes = sorted({int(s.replace("_", "").replace("k", "000")) for s in args.sizes.split(",") if s.strip()})
    ingest_runs = None
    if args.ingest_runs:
        counts = [int(x) for x in args.ingest_runs.split(",") if x.strip()]
        if len(counts) == 1:
            ingest_runs = {s: counts[0] for s in sizes}
        elif len(counts) == len(sizes):
            ingest_runs = dict(zip(sizes, counts, strict=True))
        else:
            ap.error("--ingest-runs: one number, or one per size")
    if not BBC.is_dir():
        log(f"the BBC corpus is absent ({BBC}): nothing to measure, skipped")
        return 0
    if not STORYLINE.exists():
        log(f"{STORYLINE} not found: run `make install` first")
        return 2

    started = time.perf_counter()
    res = Results(dt.datetime.now(dt.UTC), machine(), argv)
    tmp = None
    if args.workdir:
        workdir = Path(args.workdir).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="storyline-bench-")
        workdir = Path(tmp)
    log(f"workdir {workdir}; sizes {sizes}; benchmarks {only}")
    try:
        run_benchmarks(res, args, only, sizes, ingest_runs, workdir)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    wall = time.perf_counter() - started
    if args.no_write:
        print_report(res)
    else:
        write_report(Path(args.output), res, wall)
        log(f"wrote {args.output} ({wall / 60:.1f} min)")
    return 0


def run_benchmarks(
    res: Results,
    args: argparse.Namespace,
    only: list[str],
    sizes: list[int],
    ingest_runs: dict[int, int] | None,
    workdir: Path,
) -> None:
    """The benchmarks chosen, in the order of ALL; each records its section and summary rows in ``res``."""
    need_corpora = {"generate", "ingest", "reingest", "corrections", "cli", "filters", "explorer"} & set(only)
    corpora = [get_corpus(s, workdir, args.seed) for s in sizes] if need_corpora else []
    if "generate" in only:
        res.current = "generate"
        bench_generate(res, corpora)
    if "extract" in only:
        res.current = "extract"
        spacy_model = args.spacy_model or os.environ.get("SPACY_MODEL", "en_core_web_sm")
        bench_extract(res, args.runs, args.spacy_python, spacy_model)
    ingested: dict[int, IngestResult] = {}
    if "ingest" in only:
        res.current = "ingest"
        ingested = bench_ingest(res, corpora, workdir, ingest_runs, args.jobs)
    if corpora:
        # reingest, corrections, cli and explorer run on the largest corpus's database, built here if ingest did not
        big = corpora[-1]
        db = workdir / f"storyline-{big.size}.db"
        if not db.exists() and {"reingest", "corrections", "cli", "filters", "explorer"} & set(only):
            log(f"building the {big.size:,}-article database (not timed here)")
            r = run(storyline("--db", str(db), "ingest", str(big.path)))
            if r.code != 0:
                log(f"ingest failed: {r.stderr[-1000:]}")
        if "reingest" in only:
            first = Stat([x.seconds for x in ingested[big.size].runs]).median if big.size in ingested else None
            ing = ingested.get(big.size) or IngestResult(big, [], db, 0, {})
            res.current = "reingest"
            bench_reingest(res, ing, args.reingest_runs, args.jobs, first)
        if "corrections" in only:
            res.current = "corrections"
            bench_corrections(res, db, big.size, big.path, workdir, args.runs)
        if "cli" in only:
            res.current = "cli"
            bench_cli(res, db, big.size, args.runs)
        if "filters" in only:
            res.current = "filters"
            bench_filters(res, db, big.size, args.runs * 4)
        if "explorer" in only:
            res.current = "explorer"
            bench_explorer(res, db, big.size, args.explorer_runs or args.runs)
    if "writer" in only:
        res.current = "writer"
        bench_writer(res, args.runs)
    if "cluster" in only:
        res.current = "cluster"
        bench_cluster(res, workdir, max(1, min(args.runs, 3)))
    if "ner" in only:
        res.current = "ner"
        bench_ner(res)
    if "dates" in only:
        res.current = "dates"
        bench_dates(res)
