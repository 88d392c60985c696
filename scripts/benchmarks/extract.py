"""Benchmark `extract`: extraction speed in one process, no database, beside spaCy's small English pipeline.

Storyline's passes run in a fresh process (`scripts/bench.py --extract-worker MODE`, see extract_worker.py); the
peer runs spacy_worker.py under a Python that has spaCy and the model, when one is found, else it is skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
from pathlib import Path

from .config import BBC, ENTRY, TARGETS, log
from .measure import Stat, run
from .results import Results, cmd_str, verdict

SPACY_WORKER = Path(__file__).resolve().parent / "spacy_worker.py"
MODES = {
    "full": "everything: entities and aliases, dates, claims, events",
    "entities": "NER + alias resolution within each document",
    "mentions": "NER: typed mention spans (what `doc.ents` is)",
}


def spacy_python(explicit: str | None, model: str) -> tuple[str | None, str]:
    """A Python that has spaCy and the model, and their versions; or None and why not."""
    candidates = (
        [explicit]
        if explicit
        else [os.environ.get("SPACY_PYTHON"), shutil.which("python3"), "/usr/bin/python3", sys.executable]
    )
    probe = f"import spacy, sys; nlp = spacy.load({model!r}); print(spacy.__version__, nlp.meta['version'])"
    tried = []
    for c in candidates:
        if not c or c in tried or not Path(c).exists():
            continue
        tried.append(c)
        r = run([c, "-c", probe], timeout=120)
        if r.code == 0:
            return c, r.stdout.strip()
    return None, (
        "no Python with spaCy and en_core_web_sm found (tried "
        + ", ".join(tried)
        + "; point --spacy-python or $SPACY_PYTHON at one; spaCy is never installed into the project venv)"
    )


def bench_extract(res: Results, runs: int, spacy_python_path: str | None, spacy_model: str) -> None:
    ours: dict[str, list[dict]] = {}
    cmds: dict[str, list[str]] = {}
    for mode in MODES:
        cmd = cmds[mode] = [sys.executable, str(ENTRY), "--extract-worker", mode, "--runs", str(runs)]
        log(f"extract ({mode}): {runs} passes over the BBC texts, one process")
        r = run(cmd)
        if r.code != 0:
            res.add(
                "extract", ["## Extraction speed", "", f"`{cmd_str(cmd)}` failed:", "", "```", r.stderr[-2000:], "```"]
            )
            res.target("extraction, one process", "failed", "—", False)
            return
        ours[mode] = json.loads(r.stdout)
    first = ours["full"][0]
    wps = {m: Stat([o["words"] / o["seconds"] for o in runs_]) for m, runs_ in ours.items()}
    dps = {m: statistics.median(o["docs"] / o["seconds"] for o in runs_) for m, runs_ in ours.items()}
    lines = [
        "## Extraction speed (one process, no database)",
        "",
        f"Commands: `{cmd_str(cmds['full'])}` (`parse_bytes` + `extract`), `{cmd_str(cmds['entities'])}`"
        f" (`parse_bytes` + `find_document_entities`) and `{cmd_str(cmds['mentions'])}` (`parse_bytes` +"
        f" `find_document_mentions`), over the {first['docs']} BBC texts ({first['words']:,}"
        " whitespace-separated words), model loaded before timing. The peer reads the same files with"
        " `nlp.pipe`.",
        "",
        "| extractor | what it does | words/s | articles/s | entity mentions |",
        "|---|---|---:|---:|---:|",
    ]
    lines += [
        f"| Storyline (CRF, python-crfsuite) | {MODES[m]} | {wps[m].fmt('', digits=0)} | {dps[m]:.1f}"
        f" | {ours[m][0]['entities']:,} |"
        for m in MODES
    ]
    py, why = spacy_python(spacy_python_path, spacy_model)
    if py is None:
        lines += ["", f"Peer (spaCy `en_core_web_sm`): **skipped** — {why}."]
        res.target("entity extraction vs spaCy small", "skipped (spaCy absent)", "≥ 10×", None)
    else:
        log(f"extract: spaCy peer with {py} ({why})")
        theirs: dict[str, Stat] = {}
        for mode in ("full", "ner"):
            scmd = [py, str(SPACY_WORKER), str(BBC), str(runs), spacy_model, mode]
            sr = run(scmd)
            if sr.code != 0:
                lines += ["", f"Peer spaCy ({mode}) failed: `{sr.stderr.strip()[-500:]}`"]
                continue
            got = json.loads(sr.stdout.strip().splitlines()[-1])
            theirs[mode] = Stat([o["words"] / o["seconds"] for o in got])
            label = ("full pipeline: " if mode == "full" else "NER alone: ") + " + ".join(got[0]["pipes"])
            docs_per_s = got[0]["docs"] / statistics.median(o["seconds"] for o in got)
            lines.append(
                f"| spaCy {why.split()[0]} `{spacy_model}` {why.split()[1]} (nlp.pipe) | {label} |"
                f" {theirs[mode].fmt('', digits=0)} | {docs_per_s:.1f} | {got[0]['entities']:,} |"
            )
        if "ner" in theirs:
            ratio = wps["mentions"].median / theirs["ner"].median
            lines += [
                "",
                "Ratios of medians, same run, same text:",
                "",
                f"- **NER against NER** (the target): Storyline's typed mentions / spaCy's ner component with"
                f" only what it needs = **{ratio:.1f}×** — the target (≥ 10×): {verdict(ratio >= TARGETS['spacy'])}.",
                f"- With Storyline's alias resolution added (more work than spaCy does):"
                f" {wps['entities'].median / theirs['ner'].median:.1f}×.",
            ]
            if "full" in theirs:
                lines.append(
                    f"- Everything Storyline extracts against spaCy's full pipeline:"
                    f" {wps['full'].median / theirs['full'].median:.1f}×."
                )
            res.target("entity extraction vs spaCy small", f"{ratio:.1f}×", "≥ 10×", ratio >= TARGETS["spacy"])
        else:
            res.target("entity extraction vs spaCy small", "peer failed", "≥ 10×", None)
    res.target(
        "extraction, one process",
        f"{wps['full'].median:,.0f} words/s ({dps['full']:.0f} articles/s)",
        "(reported)",
        None,
    )
    res.add("extract", lines)
