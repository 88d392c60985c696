#!/usr/bin/env python3
"""Build the NER's word clusters (db/extract/ner/model/clusters.txt) from unlabeled news text.

Usage (from the repo root; numpy comes with the train extra, `make train` installs it):
    .venv/bin/python scripts/build_clusters.py [--out db/extract/ner/model/clusters.txt]
        [--corpora ../shared/corpora] [--min-count 3] [--coarse 64] [--fine 512]

Only raw text is read, never a label: the tokens of CoNLL-2003 train and dev
(the words alone), the BBC articles and the TimeML TBAQ texts (tags
stripped). Every lower-cased word seen at least --min-count times gets a
vector of its left and right neighbours (the most frequent words as
contexts, positive PMI), reduced by a truncated SVD; k-means then groups the
vectors twice, into --coarse and --fine clusters. A line of the output is
``word = coarse fine``; the features read both ("c1=", "c2=" in features.py),
so a name never seen in training still shares the weights of the words that
keep its company ("Dhaka" with the other capitals, "Nokia" with the firms).
Words are lower-cased, so an all-caps headline word has the cluster of its
ordinary form. Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import glob
import html
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from db.text.tokenize import tokens  # noqa: E402

_TAG = re.compile(r"<[^>]+>")


def conll_sentences(path: Path):
    sent: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        parts = raw.split()
        if not parts or parts[0] == "-DOCSTART-":
            if sent:
                yield sent
            sent = []
            continue
        sent.append(parts[0])
    if sent:
        yield sent


def text_sentences(text: str):
    for line in text.splitlines():
        if line.strip():
            yield tokens(line)


def corpus(root: Path):
    for name in ("train.txt", "dev.txt"):
        path = root / "conll2003" / name
        if path.exists():
            yield from conll_sentences(path)
    for name in sorted(glob.glob(str(root / "bbc" / "*" / "*.txt"))):
        yield from text_sentences(Path(name).read_bytes().decode("utf-8", "replace"))
    for name in sorted(glob.glob(str(root / "timeml" / "TBAQ-cleaned" / "*" / "*.tml"))):
        raw = Path(name).read_text(encoding="utf-8", errors="replace")
        body = raw.split("<TEXT>", 1)[-1].split("</TEXT>", 1)[0]
        yield from text_sentences(html.unescape(_TAG.sub("", body)))


def truncated_svd(a, k: int, rng, oversample: int = 20, power: int = 3):
    """The top ``k`` left singular vectors and values of ``a`` (randomised, Halko et al. 2011)."""
    import numpy as np  # type: ignore[import-not-found, unused-ignore]  # the train extra only

    y = a @ rng.standard_normal((a.shape[1], k + oversample)).astype(a.dtype)
    for _ in range(power):
        y, _ = np.linalg.qr(y)
        y = a @ (a.T @ y)
    q, _ = np.linalg.qr(y)
    ub, s, _ = np.linalg.svd(q.T @ a, full_matrices=False)
    return (q @ ub)[:, :k], s[:k]


def kmeans(x, k: int, rng, iterations: int = 25):
    import numpy as np  # type: ignore[import-not-found, unused-ignore]  # the train extra only

    centres = x[rng.choice(len(x), k, replace=False)].copy()
    assign = np.zeros(len(x), dtype=np.int64)
    for _ in range(iterations):
        sims = x @ centres.T  # rows and centres are unit length: cosine
        assign = sims.argmax(axis=1)
        for c in range(k):
            members = x[assign == c]
            if len(members):
                v = members.sum(axis=0)
                centres[c] = v / (np.linalg.norm(v) or 1.0)
            else:
                centres[c] = x[rng.integers(len(x))]
    return assign


def main(argv=None) -> int:
    import numpy as np  # type: ignore[import-not-found, unused-ignore]  # the train extra only

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpora", default=str(ROOT.parent / "shared" / "corpora"))
    ap.add_argument("--out", default=str(ROOT / "db" / "extract" / "ner" / "model" / "clusters.txt"))
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--contexts", type=int, default=2000)
    ap.add_argument("--dims", type=int, default=100)
    ap.add_argument("--coarse", type=int, default=64)
    ap.add_argument("--fine", type=int, default=512)
    args = ap.parse_args(argv)

    sents = [[w.lower() for w in s] for s in corpus(Path(args.corpora))]
    freq = Counter(w for s in sents for w in s)
    vocab = sorted(
        (w for w, n in freq.items() if n >= args.min_count and "=" not in w and "#" not in w),
        key=lambda w: (-freq[w], w),
    )
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[: args.contexts])}
    nc = len(ctx)
    counts = np.zeros((len(vocab), 2 * nc + 2), dtype=np.float32)
    for s in sents:
        padded = ["<s>", *s, "</s>"]
        for j in range(1, len(padded) - 1):
            i = index.get(padded[j])
            if i is None:
                continue
            left, right = padded[j - 1], padded[j + 1]
            counts[i, ctx[left] if left in ctx else (2 * nc if left == "<s>" else 2 * nc + 1)] += 1
            if right in ctx:
                counts[i, nc + ctx[right]] += 1
    total = counts.sum()
    pw = counts.sum(axis=1, keepdims=True) / total
    pc = counts.sum(axis=0, keepdims=True) / total
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log((counts / total) / (pw * pc))
    rng = np.random.default_rng(0)
    ppmi = np.where(np.isfinite(pmi) & (pmi > 0), pmi, 0).astype(np.float32)
    u, s = truncated_svd(ppmi, args.dims, rng)
    x = u * np.sqrt(s)
    x /= np.linalg.norm(x, axis=1, keepdims=True) + 1e-9
    coarse = kmeans(x, args.coarse, rng)
    fine = kmeans(x, args.fine, rng)
    lines = [f"{w} = {coarse[i]} {fine[i]}" for i, w in enumerate(vocab)]
    Path(args.out).write_text(
        "# Word clusters for the NER's features, built by scripts/build_clusters.py from the raw text of\n"
        "# CoNLL-2003 train and dev (no labels), BBC and TimeML TBAQ: word = coarse fine (lower case).\n"
        + "\n".join(lines)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(vocab)} words from {sum(freq.values())} tokens -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
