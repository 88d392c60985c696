"""Benchmark `ner`: `storyline eval-ner` on CoNLL-2003 dev (an accuracy figure, run once)."""

from __future__ import annotations

import re

from .config import CONLL_DEV, log, storyline
from .measure import run
from .results import Results, cmd_str


def bench_ner(res: Results) -> None:
    lines = ["## Entity recognition accuracy (CoNLL-2003 dev)", ""]
    if not CONLL_DEV.exists():
        res.add("ner", lines + [f"{CONLL_DEV} absent: skipped."])
        return
    cmd = storyline("eval-ner", str(CONLL_DEV))
    log("ner: " + cmd_str(cmd))
    r = run(cmd)
    if r.code != 0:
        res.add("ner", lines + [f"`{cmd_str(cmd)}` failed (exit {r.code}): `{r.stderr.strip()[-400:]}`"])
        res.target("NER F1 (CoNLL-2003 dev)", "failed", "(reported)", None)
        return
    lines += [
        f"Command: `{cmd_str(cmd)}` ({r.seconds:.1f} s, one run: an accuracy figure).",
        "",
        "```",
        r.stdout.rstrip(),
        "```",
    ]
    m = re.search(r"^(?:ALL|all|overall|micro|TOTAL)\S*\s+\S+\s+\S+\s+(\d\.\d+)", r.stdout, re.M)
    if m:
        res.target("NER F1 (CoNLL-2003 dev)", m.group(1), "(reported)", None)
    res.add("ner", lines)
