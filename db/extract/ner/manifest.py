"""The model directory's manifest: the sha256 of every file the model was trained with.

``manifest.json`` records the two CRFsuite models and every list the features
read (``lexicons.FEATURE_LISTS``: those in the model directory, and the shared
ones in db/text/lexicon/). ``scripts/train_ner.py`` writes it after training;
loading the model checks it, so a list edited without retraining (features
the model was never trained on) stops with an error naming the file, instead
of quietly tagging worse.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from db.extract.ner.lexicons import FEATURE_LISTS, MODEL_DIR, list_path

MANIFEST = "manifest.json"
STAGE1_FILE = "ner_stage1.crfsuite"
STAGE2_FILE = "ner.crfsuite"
MODEL_FILES = (STAGE1_FILE, STAGE2_FILE)
_ABOUT = "sha256 of the files the NER model was trained with; written by scripts/train_ner.py (make train)"


class ModelMismatch(RuntimeError):
    """A model directory's files are not the ones its models were trained with."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(directory: Path) -> dict[str, dict[str, Path]]:
    """The files the manifest covers, by section ("model": in ``directory``; "shared": db/text/lexicon)."""
    out: dict[str, dict[str, Path]] = {"model": {}, "shared": {}}
    for name in MODEL_FILES:
        out["model"][name] = directory / name
    for name, shared in FEATURE_LISTS:
        path = list_path(name, shared, directory)
        out["shared" if shared else "model"][path.name] = path
    return out


def write(directory: Path = MODEL_DIR) -> Path:
    """Record the hashes of the model in ``directory`` and of the lists its features read."""
    doc: dict[str, object] = {"about": _ABOUT}
    for section, files in _files(directory).items():
        doc[section] = {name: _sha256(path) for name, path in sorted(files.items())}
    path = directory / MANIFEST
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return path


def check(directory: Path = MODEL_DIR) -> None:
    """Raise ModelMismatch unless every file the model in ``directory`` was trained with is unchanged."""
    path = directory / MANIFEST
    retrain = "the NER model must be retrained (make train)"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelMismatch(f"{path}: missing, so the model's files cannot be checked: {retrain}") from None
    for section, files in _files(directory).items():
        recorded = doc.get(section, {})
        for name, file in files.items():
            want = recorded.get(name)
            if want is None:
                raise ModelMismatch(f"{file}: the features read it but {path} records no hash for it: {retrain}")
            if not file.exists():
                raise ModelMismatch(f"{file}: missing, but the model was trained with it: {retrain}")
            got = _sha256(file)
            if got != want:
                raise ModelMismatch(
                    f"{file}: changed since the model was trained (sha256 {got[:12]}…, {path} records"
                    f" {want[:12]}…): {retrain}"
                )
