"""Benchmark `ingest`: `storyline ingest` of each corpus into a fresh database.

Wall time, articles/s, CPU time, peak memory of the process tree, database size against the raw text, linearity.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from .config import BBC_SIZE, TARGETS, log, storyline
from .corpora import Corpus
from .measure import Run, Stat, run
from .results import Results, cmd_str, human_bytes, verdict


@dataclass
class IngestResult:
    corpus: Corpus
    runs: list[Run]
    db: Path
    db_bytes: int
    counts: dict[str, int]


def _db_bytes(db: Path) -> int:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))


def _db_counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    out = {}
    for t in ("documents", "lines", "entities", "aliases", "mentions", "claims", "events"):
        try:
            out[t] = conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        except sqlite3.Error:
            out[t] = -1
    conn.close()
    return out


def _remove_db(db: Path) -> None:
    for p in db.parent.glob(db.name + "*"):
        p.unlink()


def ingest_runs_for(size: int, explicit: dict[int, int] | None) -> int:
    if explicit and size in explicit:
        return explicit[size]
    return 5 if size <= BBC_SIZE else 3 if size <= 20_000 else 1


def bench_ingest_size(corpus: Corpus, workdir: Path, runs: int, jobs: int | None) -> IngestResult:
    db = workdir / f"storyline-{corpus.size}.db"
    done: list[Run] = []
    for i in range(runs):
        _remove_db(db)
        cmd = storyline("--db", str(db), "ingest", str(corpus.path)) + (["--jobs", str(jobs)] if jobs else [])
        log(f"ingest {corpus.size}: run {i + 1}/{runs}")
        r = run(cmd, watch=True)
        if r.code != 0:
            log(f"ingest {corpus.size} exited {r.code}: {r.stderr[-500:]}")
        log(
            f"  {r.seconds:.1f} s, {corpus.files / r.seconds:.1f} articles/s, CPU {r.cpu:.1f} s,"
            f" tree RSS {r.tree_rss / 2**20:.0f} MiB; {r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ''}"
        )
        done.append(r)
    return IngestResult(corpus, done, db, _db_bytes(db), _db_counts(db))


def bench_ingest(
    res: Results, corpora: list[Corpus], workdir: Path, explicit_runs: dict[int, int] | None, jobs: int | None
) -> dict[int, IngestResult]:
    results: dict[int, IngestResult] = {}
    for c in corpora:
        results[c.size] = bench_ingest_size(c, workdir, ingest_runs_for(c.size, explicit_runs), jobs)
    j = jobs or len(os.sched_getaffinity(0))
    lines = [
        "## Ingest",
        "",
        f"Command: `storyline --db DB ingest CORPUS` (`--jobs` default: all {j} cores), into a fresh database"
        " each run. Time is the wall time of the whole process, start-up included. Memory is the peak, sampled"
        " every 0.1 s, of the summed RSS of the process tree (the writer and its workers; shared pages counted"
        " once per process, so an over-estimate) with the summed PSS (shared pages divided among sharers)"
        " beside it, and the largest single process (getrusage). CPU is user + system time of the whole tree"
        f" (getrusage); *CPU-bound rate* = articles / (CPU seconds / {j} cores), the rate this run would reach"
        " if it had the cores to itself — a figure far less sensitive to the other jobs on a shared machine"
        " than wall time.",
        "",
        "| articles | raw text | wall time | articles/s | CPU time | CPU-bound rate | peak RSS tree | peak PSS tree |"
        " largest process | database | db / raw |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for size, r in results.items():
        t = Stat([x.seconds for x in r.runs])
        rss = max(x.tree_rss for x in r.runs)
        pss = max(x.tree_pss for x in r.runs)
        largest = max(x.max_rss for x in r.runs)
        ratio = r.db_bytes / r.corpus.raw_bytes
        cpu = Stat([x.cpu for x in r.runs]).median
        lines.append(
            f"| {size:,} | {human_bytes(r.corpus.raw_bytes)} | {t.fmt()} | {size / t.median:.1f} |"
            f" {cpu:.1f} s | {size / (cpu / j):.1f} |"
            f" {rss / 2**20:.0f} MiB | {pss / 2**20:.0f} MiB | {largest / 2**20:.0f} MiB |"
            f" {human_bytes(r.db_bytes)} | {ratio:.2f} |"
        )
    lines += ["", "Commands run (exactly):", ""]
    for size, r in results.items():
        lines.append(
            f"- {size:,}: `{cmd_str(r.runs[0].cmd)}`" + (" (CORPUS generated, see above)" if size != BBC_SIZE else "")
        )
    counts = next(iter(results.values())).counts
    lines += [
        "",
        "Rows stored (last run of each size):",
        "",
        "| articles | " + " | ".join(counts) + " |",
        "|---:|" + "---:|" * len(counts),
    ]
    for size, r in results.items():
        lines.append(f"| {size:,} | " + " | ".join(f"{v:,}" for v in r.counts.values()) + " |")
    failures = [(size, x) for size, r in results.items() for x in r.runs if x.code != 0]
    if failures:
        lines += ["", "Runs that exited non-zero: " + ", ".join(f"{s:,} (exit {x.code})" for s, x in failures)]
    lines += ["", "### Against the targets", "", "| target | measured | verdict |", "|---|---|---|"]
    lines += _targets(res, results, j)
    res.add("ingest", lines)
    return results


def _targets(res: Results, results: dict[int, IngestResult], j: int) -> list[str]:
    """The rows of the section's target table; the summary rows go to ``res``."""
    lines = []
    rate_size = BBC_SIZE if BBC_SIZE in results else min(results)
    rate = rate_size / Stat([x.seconds for x in results[rate_size].runs]).median
    ok = rate >= TARGETS["rate"]
    cpu_rate = rate_size / (Stat([x.cpu for x in results[rate_size].runs]).median / j)
    lines.append(
        f"| ≥ 150 BBC-length articles/s, default jobs | {rate:.1f} articles/s wall ({rate_size:,} articles);"
        f" CPU-bound rate {cpu_rate:.1f} /s | {verdict(ok)} (judged on wall time) |"
    )
    res.target(
        f"ingest throughput ({rate_size:,} articles)",
        f"{rate:.1f} articles/s (CPU-bound rate {cpu_rate:.0f}/s)",
        "≥ 150 /s",
        ok,
    )
    for size, r in results.items():
        if size != rate_size:
            res.target(
                f"ingest throughput ({size:,} articles)",
                f"{size / Stat([x.seconds for x in r.runs]).median:.1f} articles/s",
                "≥ 150 /s",
                size / Stat([x.seconds for x in r.runs]).median >= TARGETS["rate"],
            )
    if 20_000 in results and 100_000 in results:
        t20 = Stat([x.seconds for x in results[20_000].runs]).median
        t100 = Stat([x.seconds for x in results[100_000].runs]).median
        lin = t100 / (5 * t20)
        ok = lin <= TARGETS["linear"]
        lines.append(
            f"| linear: t(100k) ≤ 1.2 × 5 × t(20k) | t(100k) / (5 × t(20k)) = {t100:.0f} / (5 × {t20:.0f})"
            f" = {lin:.2f} | {verdict(ok)} |"
        )
        c20 = Stat([x.cpu for x in results[20_000].runs]).median
        c100 = Stat([x.cpu for x in results[100_000].runs]).median
        clin = c100 / (5 * c20)
        lines.append(
            f"| (the same on CPU time, less sensitive to the neighbours) | {c100:.0f} / (5 × {c20:.0f}) = {clin:.2f} |"
            f" {verdict(clin <= TARGETS['linear'])} (informative) |"
        )
        res.target("ingest cost linear (100k vs 5 × 20k)", f"{lin:.2f} wall, {clin:.2f} CPU", "≤ 1.20", ok)
    big = max(results)
    rss = max(x.tree_rss for x in results[big].runs)
    pss = max(x.tree_pss for x in results[big].runs)
    ok = rss <= TARGETS["rss_mb"] * 2**20
    lines.append(
        f"| peak memory ≤ 500 MB at {big:,} (RSS tree) | {rss / 2**20:.0f} MiB (PSS {pss / 2**20:.0f} MiB)"
        f" | {verdict(ok)} |"
    )
    res.target(
        f"ingest peak memory ({big:,}, process tree)",
        f"{rss / 2**20:.0f} MiB RSS / {pss / 2**20:.0f} MiB PSS",
        "≤ 500 MB",
        ok,
    )
    worst = max(results.values(), key=lambda r: r.db_bytes / r.corpus.raw_bytes)
    ratio = worst.db_bytes / worst.corpus.raw_bytes
    ok = ratio <= TARGETS["db_ratio"]
    lines.append(f"| database ≤ 4 × raw text (worst size) | {ratio:.2f} × ({worst.corpus.size:,}) | {verdict(ok)} |")
    res.target("database size / raw text", f"{ratio:.2f}×", "≤ 4×", ok)
    return lines
