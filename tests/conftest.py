"""Shared fixtures: real databases built by the real pipeline in temporary folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on a fixed set of examples, so a landing never
# hangs on a new random case; local runs keep exploring (and remember failures).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"


def corpus(*parts: str) -> Path:
    """A path under ../shared/corpora, or skip the test when it is absent."""
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"corpus not available: {path}")
    return path


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed articles ingested once (read-only for tests: copy it to modify)."""
    from db.store.ingest import ingest
    from db.store.open import open_db

    folder = tmp_path_factory.mktemp("seeds_db")
    shutil.copytree(SEEDS, folder / "seeds")
    path = folder / "storyline.db"
    db = open_db(path)
    import os

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        report = ingest(db, ["seeds"], jobs=1)
    finally:
        os.chdir(cwd)
    assert not report.failed, report.failed
    db.conn.close()
    return path


@pytest.fixture
def seeds_db_copy(seeds_db: Path, tmp_path: Path) -> Path:
    """A private copy of the seeds database that a test may change."""
    target = tmp_path / "storyline.db"
    shutil.copy(seeds_db, target)
    return target


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/hardening/ is an attack on the product: `make test-fast` leaves it out."""
    for item in items:
        if item.nodeid.startswith("tests/hardening/"):
            item.add_marker(pytest.mark.hardening)
