"""The date grammar's word lists: the ``*.txt`` files in this folder, read through ``db.text.lexicon``."""

from __future__ import annotations

from pathlib import Path

from db.text import lexicon
from db.text.patterns import alternation

FOLDER = Path(__file__).parent


def entries(name: str) -> tuple[str, ...]:
    return lexicon.entries(name, FOLDER)


def words(name: str) -> frozenset[str]:
    return lexicon.words(name, FOLDER)


def table(name: str) -> dict[str, str]:
    return lexicon.table(name, FOLDER)


def phrases(words: frozenset[str] | tuple[str, ...]) -> str:
    """An alternation of ``words`` (see ``alternation``) where a space matches any run of spaces."""
    return alternation(words).replace(r"\ ", r"\s+")
