"""The spaCy peer of the `extract` benchmark: a plain script, run by a Python that has spaCy (--spacy-python).

    SPACY_PYTHON scripts/benchmarks/spacy_worker.py BBC_FOLDER RUNS MODEL MODE

MODE ``full`` times the model's whole pipeline; ``ner`` only its ner component and any shared embedding the ner
listens to. Prints JSON, one entry per pass (seconds, words, entities, docs, pipes). spaCy is never installed into
the project's venv, so this file imports nothing of the project's.
"""

import glob
import json
import sys
import time
from pathlib import Path


def main(folder: str, runs: int, model: str, mode: str) -> None:
    import spacy  # type: ignore[import-not-found]  # only in the Python given by --spacy-python

    files = sorted(glob.glob(folder + "/**/*.txt", recursive=True))
    texts = []
    for f in files:
        with open(f, "rb") as fh:
            b = fh.read()
        try:
            texts.append(b.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(b.decode("latin-1"))
    nlp = spacy.load(model)
    if mode == "ner":
        # only what entity recognition needs: the ner component and any shared
        # embedding (tok2vec, transformer) it listens to. In en_core_web_sm the
        # ner has its own tok2vec; the shared one feeds only the tagger and parser.
        need = {"ner"} | {
            n for n in nlp.pipe_names if "ner" in (getattr(nlp.get_pipe(n), "listening_components", None) or [])
        }
        nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in need])
    words = sum(len(t.split()) for t in texts)
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        ents = 0
        for doc in nlp.pipe(texts, batch_size=64):
            ents += len(doc.ents)
        out.append(
            {
                "seconds": time.perf_counter() - t,
                "words": words,
                "entities": ents,
                "docs": len(texts),
                "pipes": nlp.pipe_names,
            }
        )
    print(json.dumps(out))


if __name__ == "__main__":
    # This folder holds the runner's modules (cli.py, config.py, ...): keep them from shadowing what spaCy imports.
    if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
        del sys.path[0]
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])
