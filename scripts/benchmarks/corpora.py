"""The corpora measured: the BBC corpus read in place, and larger ones generated from it by scripts/make_corpus.py."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .config import BBC, BBC_SIZE, log


@dataclass
class Corpus:
    size: int
    path: Path
    raw_bytes: int
    files: int
    generated_seconds: float | None = None
    note: str = ""


def folder_bytes(path: Path) -> tuple[int, int]:
    total = files = 0
    for folder, _, names in os.walk(path):
        for n in names:
            if n.endswith((".txt", ".md")):
                total += os.path.getsize(os.path.join(folder, n))
                files += 1
    return total, files


def get_corpus(size: int, workdir: Path, seed: int) -> Corpus:
    if size == BBC_SIZE:
        raw, files = folder_bytes(BBC)
        return Corpus(size, BBC, raw, files, note="the real BBC corpus, read in place")
    path = workdir / f"corpus-{size}-seed{seed}"
    stamp = workdir / f"corpus-{size}-seed{seed}.complete"  # beside the corpus: ingest would count it
    if stamp.exists():
        raw, files = folder_bytes(path)
        return Corpus(size, path, raw, files, json.loads(stamp.read_text()).get("seconds"), "reused from --workdir")
    if path.exists():
        shutil.rmtree(path)
    import make_corpus  # scripts/ is on sys.path as the folder of scripts/bench.py

    log(f"generating {size} articles into {path}")
    g = make_corpus.generate(size, path, seed=seed, source=BBC)
    stamp.write_text(json.dumps({"seconds": g.seconds, "bytes": g.bytes}))
    return Corpus(
        size,
        path,
        g.bytes,
        g.files,
        g.seconds,
        f"generated from the BBC corpus (seed {seed}; name pool {g.first_names} first names "
        f"x {g.surnames} surnames, {g.org_stems} org stems)",
    )
