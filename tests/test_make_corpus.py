"""The benchmark corpus generator (scripts/make_corpus.py), on a few BBC files."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, corpus


def _load_generator():
    spec = importlib.util.spec_from_file_location("make_corpus", ROOT / "scripts" / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_corpus"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def few_bbc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """40 BBC articles (8 per category), linked (not copied) into a temporary folder."""
    bbc = corpus("bbc")
    folder = tmp_path_factory.mktemp("bbc_few")
    for category in sorted(p for p in bbc.iterdir() if p.is_dir()):
        (folder / category.name).mkdir()
        for path in sorted(category.glob("*.txt"))[:8]:
            os.symlink(path, folder / category.name / path.name)
    return folder


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.txt"))}


@pytest.mark.slow
def test_deterministic_layout_and_varied(few_bbc: Path, tmp_path: Path) -> None:
    gen = _load_generator()
    a = gen.generate(1200, tmp_path / "a", seed=7, source=few_bbc, jobs=1)
    b = gen.generate(1200, tmp_path / "b", seed=7, source=few_bbc, jobs=2)
    c = gen.generate(50, tmp_path / "c", seed=8, source=few_bbc, jobs=1)
    assert (b.files, c.files) == (1200, 50)
    files_a, files_b = _files(tmp_path / "a"), _files(tmp_path / "b")

    assert a.files == 1200 and len(files_a) == 1200
    assert a.bytes == sum(len(d) for d in files_a.values())
    assert "000/000000.txt" in files_a and "001/001199.txt" in files_a  # 1000 a folder
    assert files_a == files_b  # same seed, same bytes, whatever the number of processes
    assert files_a["000/000010.txt"] != _files(tmp_path / "c")["000/000010.txt"]  # the seed matters

    sources = {p.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n") for p in few_bbc.rglob("*.txt")}
    texts = [d.decode("utf-8") for d in files_a.values()]
    # 1200 articles from 40 sources: hardly any two alike (a short source without names or numbers may repeat)
    assert len(set(texts)) > 0.98 * len(texts)
    assert sum(t in sources for t in texts) < 0.05 * len(texts)  # hardly any a plain copy of its source
    dated = [t for t in texts if re.match(r"date \d{4}-\d{2}-\d{2}\n", t)]
    assert 0.25 * len(texts) < len(dated) < 0.55 * len(texts)
    assert a.first_names > 0 and a.surnames > 0


def test_generated_articles_parse_with_title_and_date(few_bbc: Path, tmp_path: Path) -> None:
    gen = _load_generator()
    gen.generate(30, tmp_path / "out", seed=1, source=few_bbc, jobs=1)
    from db.text.document import parse_bytes

    for path in sorted((tmp_path / "out").rglob("*.txt")):
        data = path.read_bytes()
        doc = parse_bytes(data)
        assert doc.title, path
        if data.startswith(b"date "):
            assert doc.date is not None and doc.date.iso() == data[5:15].decode()
