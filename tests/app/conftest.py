"""Fixtures and helpers for driving the explorer with Pilot and reading what the panes show."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.fixture_db import build, build_empty


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-filled database (read-only for tests)."""
    return build(tmp_path_factory.mktemp("tiny") / "storyline.db")


@pytest.fixture
def tiny_copy(tiny_db: Path, tmp_path: Path) -> Path:
    """A private, writable copy of the hand-filled database (marks are written to it)."""
    import sqlite3

    target = tmp_path / "storyline.db"
    src, dst = sqlite3.connect(tiny_db), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    return build_empty(tmp_path / "empty.db")


@pytest.fixture(scope="session")
def long_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.app.fixture_db import build_long

    return build_long(tmp_path_factory.mktemp("long") / "storyline.db")
