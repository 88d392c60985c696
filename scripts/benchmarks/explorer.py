"""Benchmark `explorer`: the Textual app through Pilot on the largest database (scripts/bench_explorer.py)."""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

from .config import SCRIPTS, TARGETS, log
from .measure import p95, run
from .results import Results, cmd_str, verdict


def bench_explorer(res: Results, db: Path, size: int, runs: int) -> None:
    script = SCRIPTS / "bench_explorer.py"
    cmd = [sys.executable, str(script), "--db", str(db), "--runs", str(runs), "--json"]
    lines = ["## Explorer (through the real Textual app)", ""]
    if not script.exists():
        res.add("explorer", lines + ["scripts/bench_explorer.py is missing: skipped."])
        return
    log(f"explorer on {size:,}: {cmd_str(cmd)}")
    r = run(cmd, watch=True, timeout=1800)
    if r.code != 0 or not r.stdout.strip():
        res.add("explorer", lines + [f"`{cmd_str(cmd)}` failed (exit {r.code}):", "", "```", r.stderr[-3000:], "```"])
        res.target("explorer", "failed to run", "—", False)
        return
    data = json.loads(r.stdout.strip().splitlines()[-1])
    lines += [
        f"Command: `{cmd_str(cmd)}` on the {size:,}-article database. " + data.get("method", ""),
        "",
        "| measure | median | p95 | min | max | samples | target | verdict |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for m in data["measures"]:
        vals = m["values_ms"]
        if not vals:
            lines.append(
                f"| {m['label']} | — | — | — | — | 0 | {m['target']} | n/a ({m.get('note', 'not measured')}) |"
            )
            continue
        med, q = statistics.median(vals), p95(vals)
        judged = q if m.get("judge") == "p95" else med
        ok = judged <= m["limit_ms"]
        lines.append(
            f"| {m['label']} | {med:.1f} ms | {q:.1f} ms | {min(vals):.1f} ms | {max(vals):.1f} ms | {len(vals)} |"
            f" {m['target']} | {verdict(ok)} |"
        )
        res.target(f"explorer: {m['label']}", f"{judged:.1f} ms ({m.get('judge', 'median')})", m["target"], ok)
    rss = data.get("rss_mb")
    if rss is not None:
        ok = rss <= TARGETS["explorer_rss_mb"]
        lines.append(
            f"| resident memory (peak RSS of the app process) | {rss:.0f} MiB | | | | | ≤ 300 MB | {verdict(ok)} |"
        )
        res.target("explorer resident memory", f"{rss:.0f} MiB", "≤ 300 MB", ok)
    for note in data.get("notes", []):
        lines += ["", note]
    res.add("explorer", lines)
