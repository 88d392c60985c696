"""The extraction passes timed by the `extract` benchmark: `scripts/bench.py --extract-worker MODE --runs N`.

One process, no database, over the BBC texts; prints JSON, one entry per pass (seconds, words, entities, docs).
Engineers also run it by hand to time extraction before and after a change.
"""

from __future__ import annotations

import json
import time

from .config import BBC


def extract_worker(runs: int, mode: str) -> None:
    """(--extract-worker MODE) over the BBC texts, one process; prints JSON.

    ``full``: parse_bytes + extract (entities, aliases, dates, claims, events).
    ``entities``: parse_bytes + find_document_entities (sentences, NER, aliases
    resolved within the document).
    ``mentions``: parse_bytes + find_document_mentions (sentences, NER): typed
    spans, what spaCy's ``doc.ents`` gives, compared with its ner alone.
    """
    from db.extract.pipeline import extract, find_document_entities, find_document_mentions
    from db.text.document import parse_bytes

    def full(data: bytes) -> int:
        return len(extract(parse_bytes(data)).mentions)

    def entities(data: bytes) -> int:
        return len(find_document_entities(parse_bytes(data))[0])

    def mentions(data: bytes) -> int:
        return len(find_document_mentions(parse_bytes(data))[0])

    step = {"full": full, "entities": entities, "mentions": mentions}[mode]
    datas = [p.read_bytes() for p in sorted(BBC.rglob("*.txt"))]
    words = sum(len(d.decode("utf-8", "replace").split()) for d in datas)
    step(datas[0])  # load the model before timing
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        ents = sum(step(d) for d in datas)
        out.append({"seconds": time.perf_counter() - t, "words": words, "entities": ents, "docs": len(datas)})
    print(json.dumps(out))
