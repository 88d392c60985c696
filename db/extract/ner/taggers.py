"""The model: two CRFsuite taggers and what they read, loaded from a model directory.

Stage 1 tags every sentence of the document from local features; stage 2
adds document-consistency features built from the stage-1 labels (Krishnan
& Manning 2006): the majority label of the same word elsewhere in the
document, and of the longer mentions that contain it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from db.extract.ner import lexicons, manifest
from db.extract.ner.features import Features
from db.extract.ner.lexicons import MODEL_DIR
from db.extract.ner.rules import Rules
from db.extract.ner.runtime import Items, Runtime
from db.extract.ner.spans import bio_spans


class Model:
    """The taggers of a model directory, with the features and rules over its lexicons.

    Loading checks the directory's manifest first (``manifest.check``): a
    model file or a feature list changed since training raises
    ``ModelMismatch``, naming the file.
    """

    __slots__ = ("directory", "lexicons", "features", "rules", "stage1", "stage2", "runtime", "frame")

    def __init__(self, directory: Path = MODEL_DIR):
        manifest.check(directory)
        self.directory = directory
        self.lexicons = lexicons.load(directory)
        self.features = Features(self.lexicons)
        self.rules = Rules(self.lexicons)
        self.stage1 = _open(directory / manifest.STAGE1_FILE)
        self.stage2 = _open(directory / manifest.STAGE2_FILE)
        known = [a for t in (self.stage1, self.stage2) for a in weighted_attributes(t)]
        self.runtime = Runtime(self.features, known, self.stage1.labels())
        self.frame = self.runtime.frame

    def tag(self, tagger: Any, items: Items, segs: list[tuple[int, int]]) -> list[str]:
        """Labels of a sentence's ``items``, tagging only its ``segs`` (see ``tag_segments``)."""
        n = len(items)
        if len(segs) == 1 and segs[0] == (0, n):
            return tagger.tag(items)
        labels = ["O"] * n
        frame = self.frame
        for a, b in segs:
            part = items[a:b]
            if a:
                part.insert(0, frame)
            if b < n:
                part.append(frame)
            got = tagger.tag(part)
            labels[a:b] = got[1 if a else 0 : len(got) - (b < n)]
        return labels


def _open(path: Path) -> Any:
    """A pycrfsuite.Tagger of the model file (imported here: importing the package loads nothing)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def weighted_attributes(tagger: Any) -> list[str]:
    """The attributes the model gives a weight (those ``tagger.info().state_features``
    names), read from the model's text dump.

    ``info()`` parses every line of the dump with regular expressions into
    dicts of floats (~0.2 s a model, at every start that loads the NER); only
    the attribute names are needed, and a line of the state-feature section is
    ``(id) ATTRIBUTE --> LABEL: WEIGHT`` (no label holds " --> "): ~0.03 s.
    """
    import os
    import tempfile

    fd, name = tempfile.mkstemp(prefix="storyline-ner-")
    os.close(fd)
    try:
        tagger.dump(name)
        with open(name, encoding="utf-8") as f:
            text = f.read()
    finally:
        os.unlink(name)
    start = text.index("STATE_FEATURES = {\n") + len("STATE_FEATURES = {\n")
    end = text.index("\n}", start)
    out = []
    for line in text[start:end].split("\n"):
        line = line.lstrip().rstrip("\r")
        if line:
            out.append(line[line.index(") ") + 2 :].rpartition(" --> ")[0])
    return out


def consistency_maps(sents: list[tuple[list[str], list[str]]]) -> dict[str, list[str]]:
    """word -> consistency features from stage-1 (words, BIO labels) of a document."""
    tok: dict[str, dict[str, int]] = {}
    sup: dict[str, dict[str, int]] = {}
    for words, labels in sents:
        for w, lab in zip(words, labels):  # noqa: B905 - per sentence: strict= costs ~150 ns a call
            if w[:1].isupper():
                d = tok.setdefault(w, {})
                t = lab[2:] if lab != "O" else "O"
                d[t] = d.get(t, 0) + 1
        if labels.count("O") == len(labels):
            continue  # no mention
        for i, j, typ in bio_spans(labels):
            if j - i > 1:
                for w in words[i:j]:
                    if w[:1].isupper():
                        d = sup.setdefault(w, {})
                        d[typ] = d.get(typ, 0) + 1
    out: dict[str, list[str]] = {}
    for w, d in tok.items():
        if len(d) == 1:  # most words: one type (a first-max over one key, without the sort)
            out[w] = ["tm=" + next(iter(d))]
        else:
            out[w] = ["tm=" + max(sorted(d), key=d.__getitem__), "tmx"]
    for w, d in sup.items():
        best = next(iter(d)) if len(d) == 1 else max(sorted(d), key=d.__getitem__)
        out.setdefault(w, []).append("sm=" + best)
    return out


def stage2_features(
    words: list[str], feats1: list[list[str]], labels1: list[str], cons: dict[str, list[str]]
) -> list[list[str]]:
    """Stage-2 features (for training): stage-1 features plus document consistency."""
    out = []
    for i, w in enumerate(words):
        f = feats1[i] + ["l1=" + labels1[i]]
        c = cons.get(w)
        if c:
            f.extend(c)
        out.append(f)
    return out
