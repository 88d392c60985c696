"""Benchmarks of issue 18: HTML ingest speed, and what near-duplicate grouping adds to a text ingest.

    .venv/bin/python scripts/bench_archives.py --pages DIR [--base ../wt-base] [--runs 3]
    .venv/bin/python scripts/bench_archives.py --text DIR --base ../wt-base [--runs 3]
    .venv/bin/python scripts/bench_archives.py --reader DIR --base ../wt-base [--runs 3]

``--pages``: ``storyline ingest DIR`` into a fresh database each run (all cores), the wall time
of the whole process and its CPU time (user + system of the process tree); the CPU-bound rate
is pages / (CPU seconds / cores), the rate on a machine to itself. With ``--base`` the base tree
ingests the same pages in alternate runs (base, this tree, base, ...) and the ratio of the
medians is printed: on a shared machine the only comparison worth reading. ``--text``: the same
corpus ingested by this tree and by the untouched base tree (``--base``, its own ``.venv``), runs
alternating, so both see the same neighbours; the ratio of medians is what this tree adds.
``--reader``: the HTML reader alone (``read_html`` on every page of DIR, in one process, three
rounds after a first pass), this tree and the base tree alternating; and whether the records the
two trees read are identical.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_ingest(tree: Path, corpus: Path, db: Path) -> tuple[float, float, str]:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [str(tree / ".venv/bin/storyline"), "--db", str(db), "ingest", str(corpus)],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-200:]
    return wall, cpu, summary


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f}; {len(values)} runs)"


def pages(corpus: Path, runs: int) -> None:
    count = sum(1 for p in corpus.rglob("*") if p.is_file())
    cores = len(os.sched_getaffinity(0))
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            wall, cpu, summary = run_ingest(ROOT, corpus, Path(tmp) / "pages.db")
            walls.append(wall)
            cpus.append(cpu)
    print(f"command: {ROOT}/.venv/bin/storyline --db DB ingest {corpus}  ({count} files, {cores} cores)")
    print(f"last summary: {summary}")
    print(f"wall {_median(walls)} -> {count / statistics.median(walls):.1f} pages/s")
    print(f"CPU {_median(cpus)} -> CPU-bound rate {count / (statistics.median(cpus) / cores):.1f} pages/s")


def _alternate(corpus: Path, base: Path, runs: int) -> dict[str, tuple[list[float], list[float]]]:
    """Wall and CPU seconds of ``runs`` ingests of ``corpus`` by the base tree and this one, alternating."""
    results: dict[str, tuple[list[float], list[float]]] = {"base": ([], []), "this tree": ([], [])}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            for name, tree in (("base", base), ("this tree", ROOT)):
                wall, cpu, summary = run_ingest(tree, corpus, Path(tmp) / f"{name.replace(' ', '-')}.db")
                results[name][0].append(wall)
                results[name][1].append(cpu)
                print(f"  {name}: {wall:.2f} s wall, {cpu:.2f} s CPU — {summary}", flush=True)
    return results


def pages_against(corpus: Path, base: Path, runs: int) -> None:
    """``pages`` for this tree and the base tree, runs alternating."""
    count = sum(1 for p in corpus.rglob("*") if p.is_file())
    cores = len(os.sched_getaffinity(0))
    results = _alternate(corpus, base, runs)
    print(f"command: TREE/.venv/bin/storyline --db DB ingest {corpus}  ({count} files, {cores} cores)")
    for name, (walls, cpus) in results.items():
        rate = count / (statistics.median(cpus) / cores)
        print(f"{name}: wall {_median(walls)}; CPU {_median(cpus)} -> CPU-bound rate {rate:.1f} pages/s")
    (w0, c0), (w1, c1) = ((statistics.median(a), statistics.median(b)) for a, b in results.values())
    print(f"this tree / base: wall {w1 / w0:.3f}, CPU {c1 / c0:.3f}")


_READER = """
import pickle, sys, time
from pathlib import Path
sys.path.insert(0, {tree!r})
from db.text.formats import FormatError
from db.text.formats.html import read_html
pages = [p.read_bytes() for p in sorted(Path({corpus!r}).iterdir()) if p.is_file()]
records = []
for data in pages:
    try:
        records.append(read_html(data))
    except FormatError as exc:
        records.append(str(exc))
Path({out!r}).write_bytes(pickle.dumps(records))
for _ in range(3):
    started = time.process_time()
    for data in pages:
        try:
            read_html(data)
        except FormatError:
            pass
    print(1000 * (time.process_time() - started) / len(pages))
"""


def reader(corpus: Path, base: Path, runs: int) -> None:
    """``read_html`` per page (CPU ms), this tree and the base tree alternating, and whether their records agree."""
    import pickle

    times: dict[str, list[float]] = {"base": [], "this tree": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            for name, tree in (("base", base), ("this tree", ROOT)):
                out = str(Path(tmp) / f"{name.replace(' ', '-')}.pickle")
                code = _READER.format(tree=str(tree), corpus=str(corpus), out=out)
                done = subprocess.run(
                    [str(tree / ".venv/bin/python"), "-c", code], capture_output=True, text=True, check=True
                )
                times[name].extend(float(x) for x in done.stdout.split())
        a, b = (pickle.loads((Path(tmp) / f"{n}.pickle").read_bytes()) for n in ("base", "this-tree"))
    for name, values in times.items():
        median = statistics.median(values)
        print(f"{name}: read_html {median:.2f} ms a page (min {min(values):.2f}; {len(values)} rounds)")
    print(f"this tree / base: {statistics.median(times['this tree']) / statistics.median(times['base']):.3f}")
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    print(f"records: {len(a)} pages, {len(differ)} differ" + (f" (first: page {differ[0]})" if differ else ""))


def compare(corpus: Path, base: Path, runs: int) -> None:
    results = _alternate(corpus, base, runs)
    for name, (walls, cpus) in results.items():
        print(f"{name}: wall {_median(walls)}; CPU {_median(cpus)}")
    (w0, c0), (w1, c1) = ((statistics.median(a), statistics.median(b)) for a, b in results.values())
    print(f"added by this tree: wall {100 * (w1 / w0 - 1):+.1f}%, CPU {100 * (c1 / c0 - 1):+.1f}%")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path)
    parser.add_argument("--text", type=Path)
    parser.add_argument("--reader", type=Path)
    parser.add_argument("--base", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.pages and args.base:
        pages_against(args.pages, args.base, args.runs)
    elif args.pages:
        pages(args.pages, args.runs)
    if args.reader:
        if not args.base:
            parser.error("--reader needs --base (the untouched tree to compare with)")
        reader(args.reader, args.base, args.runs)
    if args.text:
        if not args.base:
            parser.error("--text needs --base (the untouched tree to compare with)")
        compare(args.text, args.base, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
