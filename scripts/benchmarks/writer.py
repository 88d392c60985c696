"""Benchmark `writer`: how many documents a second the one SQLite writer stores, parsing left out.

The BBC corpus is parsed and extracted once (not timed), in a process pool; the results are then
replayed into a fresh database through the ingest's own Writer, in the ingest's batches, one
transaction each. That rate is the ceiling a cluster (`ingest --dask`) can feed one store.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .config import BBC, TARGETS, log
from .measure import Stat
from .results import Results, human_bytes, verdict


def _parsed(jobs: int) -> list:
    from db.store.ingest.discovery import walk
    from db.store.ingest.report import IngestReport
    from db.store.ingest.worker import process

    sources = sorted(walk([str(BBC)], IngestReport()), key=lambda s: s.path)
    with ProcessPoolExecutor(jobs) as pool:
        done = list(pool.map(process, sources, [None] * len(sources), chunksize=32))
    return [p for p in done if p.error is None and p.document is not None]


def _replay(parsed: list, folder: Path) -> tuple[float, float, int]:
    from db.store.ingest.run import BATCH_SIZE
    from db.store.ingest.writer import Writer
    from db.store.open import open_db

    path = folder / "writer.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = open_db(path)
    writer = Writer(store)
    known = writer.known_hashes()
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(parsed), BATCH_SIZE):
        writer.write_batch(parsed[i : i + BATCH_SIZE], known)
    writer.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    store.conn.close()
    return seconds, cpu, path.stat().st_size


def bench_writer(res: Results, runs: int) -> None:
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    log(f"writer: parsing the BBC corpus once with {jobs} processes (not timed)")
    parsed = _parsed(jobs)
    rates, cpu_rates, size = [], [], 0
    with tempfile.TemporaryDirectory(prefix="storyline-writer-") as tmp:
        for i in range(runs):
            seconds, cpu, size = _replay(parsed, Path(tmp))
            rates.append(len(parsed) / seconds)
            cpu_rates.append(len(parsed) / cpu)
            log(
                f"writer: run {i + 1}/{runs}: {len(parsed)} documents in {seconds:.2f} s ({rates[-1]:.0f}/s),"
                f" {cpu:.2f} s of CPU ({cpu_rates[-1]:.0f}/s)"
            )
    rate, cpu_rate = Stat(rates), Stat(cpu_rates)
    ok = rate.median >= TARGETS["writer"]
    res.add(
        "writer",
        [
            "## How far one writer goes",
            "",
            f"The {len(parsed):,} BBC articles parsed and extracted once (not timed), then replayed into a fresh"
            f" database through the ingest's Writer in its batches, {runs} runs"
            " (`.venv/bin/python scripts/bench.py --only writer`).",
            "",
            f"- documents stored per second: {rate.fmt('/s', digits=0)}"
            f" (target ≥ {TARGETS['writer']:.0f}: {verdict(ok)})",
            f"- CPU-bound rate (documents per CPU-second of the writing process, which uses one core):"
            f" {cpu_rate.fmt('/s', digits=0)}: what the writer reaches with a core to itself",
            f"- database size: {human_bytes(size)}",
        ],
    )
    res.target("writer alone (BBC documents/s)", f"{rate.median:.0f}/s", f"≥ {TARGETS['writer']:.0f}", ok)
