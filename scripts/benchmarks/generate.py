"""Benchmark `generate`: building the N-article corpora (scripts/make_corpus.py), for information."""

from __future__ import annotations

from .corpora import Corpus
from .results import Results, human_bytes


def bench_generate(res: Results, corpora: list[Corpus]) -> None:
    lines = [
        "## Corpus generation",
        "",
        "`scripts/make_corpus.py N OUT` recombines BBC paragraphs within a category, substitutes"
        " people's first names and surnames and organisation stems from pools built from the corpus,"
        " shifts years, scales numbers and adds a `date YYYY-MM-DD` header to about 40% of the files."
        " Deterministic (seeded); all cores.",
        "",
        "| articles | raw text | files | generation time | note |",
        "|---:|---:|---:|---:|---|",
    ]
    for c in corpora:
        t = f"{c.generated_seconds:.1f} s" if c.generated_seconds is not None else "—"
        lines.append(f"| {c.size:,} | {human_bytes(c.raw_bytes)} | {c.files:,} | {t} | {c.note} |")
    res.add("generate", lines)
