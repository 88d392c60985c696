"""Benchmark `dates`: scripts/eval_timeml.py on TempEval-3 (an accuracy figure, run once)."""

from __future__ import annotations

import sys

from .config import SCRIPTS, TIMEML, log
from .measure import run
from .results import Results, cmd_str


def bench_dates(res: Results) -> None:
    script = SCRIPTS / "eval_timeml.py"
    lines = ["## Date recognition (TempEval-3 TBAQ-cleaned)", ""]
    if not script.exists() or not TIMEML.exists():
        res.add("dates", lines + ["scripts/eval_timeml.py or the TimeML corpus is absent: skipped."])
        return
    cmd = [sys.executable, str(script)]
    log("dates: " + cmd_str(cmd))
    r = run(cmd)
    if r.code != 0:
        res.add("dates", lines + [f"`{cmd_str(cmd)}` failed (exit {r.code}): `{r.stderr.strip()[-400:]}`"])
        return
    lines += [
        f"Command: `{cmd_str(cmd)}` ({r.seconds:.1f} s, one run: an accuracy figure).",
        "",
        "```",
        r.stdout.rstrip(),
        "```",
    ]
    res.add("dates", lines)
