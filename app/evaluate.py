"""`storyline eval-ner`: score the whole pipeline on a CoNLL-2003 file.

Exactly as held-out news is scored: each document becomes a plain-text file
(one sentence per line, tokens separated by single spaces), the folder is
ingested through the real pipeline into a fresh database, and the mentions it
stores are compared with the gold ones on (doc, line, column, text, type).
"""

from __future__ import annotations

import tempfile
from pathlib import Path


def evaluate_conll(path: str, *, jobs: int | None = None) -> dict[str, dict[str, float]]:
    from db import read
    from db.extract.ner.evaluate import conll_to_text, read_conll, score
    from db.store.ingest import ingest
    from db.store.open import open_db

    documents = read_conll(path)
    if not documents:
        raise ValueError(f"{path} holds no CoNLL documents")
    with tempfile.TemporaryDirectory(prefix="storyline-eval-") as tmp:
        folder = Path(tmp, "docs")
        folder.mkdir()
        gold: list[tuple[str, int, int, str, str]] = []
        for i, document in enumerate(documents):
            name = f"doc{i:05d}.txt"
            text, spans = conll_to_text(document)
            (folder / name).write_text(text, encoding="utf-8")
            gold.extend((name, line, column, surface, etype) for line, column, surface, etype in spans)
        db = open_db(Path(tmp, "eval.db"))
        report = ingest(db, [str(folder)], jobs=jobs)
        if report.failed:
            raise ValueError(f"{len(report.failed)} documents failed to ingest: {report.failed[0].reason}")
        predicted = [(Path(m.doc).name, m.line, m.column, m.text, m.type) for m in read.mentions(db.conn)]
        db.conn.close()
    return score(gold, predicted)
