"""Benchmark `reingest`: `storyline ingest` again over the unchanged corpus (the largest size)."""

from __future__ import annotations

from .config import TARGETS, log, storyline
from .ingest import IngestResult
from .measure import Stat, run
from .results import Results, cmd_str, verdict


def bench_reingest(res: Results, ing: IngestResult, runs: int, jobs: int | None, first: float | None) -> None:
    cmd = storyline("--db", str(ing.db), "ingest", str(ing.corpus.path)) + (["--jobs", str(jobs)] if jobs else [])
    done = []
    for i in range(runs):
        log(f"re-ingest {ing.corpus.size}: run {i + 1}/{runs}")
        r = run(cmd, watch=True)
        log(f"  {r.seconds:.1f} s; {r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-300:]}")
        done.append(r)
    t = Stat([x.seconds for x in done])
    last = done[-1].stdout.strip().splitlines()[-1] if done[-1].stdout.strip() else "(none)"
    lines = [
        "## Re-ingest of an unchanged corpus",
        "",
        f"Command: `{cmd_str(cmd)}` on the database just built from the same {ing.corpus.size:,} articles"
        " (every file read and hashed, none re-extracted).",
        "",
        f"- wall time: {t.fmt()}",
        f"- summary line of the last run: `{last}`",
    ]
    if first:
        ratio = t.median / first
        ok = ratio <= TARGETS["reingest"]
        lines.append(
            f"- ratio to the first ingest of the same corpus in this run ({first:.1f} s): **{ratio:.1%}**"
            f" (target ≤ 10%: {verdict(ok)})"
        )
        res.target(
            f"re-ingest unchanged ({ing.corpus.size:,}) / first ingest", f"{ratio:.1%} ({t.median:.1f} s)", "≤ 10%", ok
        )
    else:
        lines.append("- (the first ingest was not timed in this run, so no ratio)")
    res.add("reingest", lines)
