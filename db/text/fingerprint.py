"""Fingerprints of text: a document's MinHash bands (near-duplicates) and a statement's key (corroboration).

**Documents.** A document's words (its non-boilerplate lines, lower-cased, ``\\w+``)
make overlapping 5-word shingles; datasketch's MinHash (24 permutations, fixed seed:
the same text gives the same signature in every process) summarises them, and the
signature is cut into 8 bands of 3 values, each hashed to one 32-bit key. Two
documents sharing a key are candidates (LSH: a pair with Jaccard similarity 0.8
shares one with probability 0.997, a pair at 0.3 with 0.2, unrelated articles almost
never); a candidate is a copy only when the shingle sets' Jaccard similarity, computed
exactly, is at least ``COPY_JACCARD``. So no pair of documents is ever compared unless
they share a band: the cost stays linear in the corpus.

**Statements.** An attributed claim's key (a speaker or a cue: a quote, reported speech;
an unattributed fact has none) is a 48-bit hash of its words of four or more letters,
in order, lower-cased: quotation marks, punctuation, case, spacing and the short words
(articles, pronouns, "is", "was") may differ between two reports of the same
statement. A statement with fewer than three such words has no key (too short to be
told apart).

**Items.** ``item_key`` is stricter: every word and the date, so an event or claim of a
copy folds into the original's only when it says the same thing about the same day.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from functools import cache
from typing import Any

SHINGLE_WORDS = 5
BANDS = 8
ROWS = 3
COPY_JACCARD = 0.5
MIN_STATEMENT_WORDS = 3
MAX_FINGERPRINT_CHARS = 200_000

_WORD = re.compile(r"\w+")
_LONG_WORD = re.compile(r"\w{4,}")


def words(lines: Iterable[str]) -> list[str]:
    """The words fingerprinted: those of the first MAX_FINGERPRINT_CHARS characters (an article is a
    few thousand; a 50 MB line must not cost seconds and a gigabyte of MinHash)."""
    text = "\n".join(lines)
    return _WORD.findall(text[:MAX_FINGERPRINT_CHARS].lower())


def shingles(lines: Iterable[str]) -> set[int]:
    """The 32-bit hashes of a text's overlapping 5-word shingles (the whole text when shorter)."""
    found = words(lines)
    if not found:
        return set()
    n = min(SHINGLE_WORDS, len(found))
    # the windows as tuples of n shifted lists (zip stops at the shortest), joined, encoded and
    # hashed by C loops: a third cheaper than slicing and joining each window in a comprehension
    windows = zip(*(found[k:] for k in range(n)))  # noqa: B905 - the shifted lists differ in length by design
    return set(map(zlib.crc32, map(str.encode, map(" ".join, windows))))


@cache
def _minhash_class() -> Any:
    """datasketch's ``MinHash``, imported from its own module without running the package's
    ``__init__``: that one imports every sketch of the library, its LSH index among them, and
    through it scipy (0.6 s of CPU at every ingest's start, for a class that needs only numpy,
    which the database layer has loaded already). The package is stood in for by an empty shell
    just while ``datasketch.minhash`` loads, then removed, so a later ``import datasketch``
    still runs the real ``__init__`` (and reuses this very module)."""
    import importlib
    import importlib.util
    import sys
    import types

    if "datasketch" in sys.modules:  # the whole library is loaded already
        return importlib.import_module("datasketch").MinHash
    spec = importlib.util.find_spec("datasketch")
    if spec is None or not spec.submodule_search_locations:  # not a package as we know it: the plain way
        return importlib.import_module("datasketch").MinHash
    shell = types.ModuleType("datasketch")
    shell.__path__ = list(spec.submodule_search_locations)
    sys.modules["datasketch"] = shell
    try:
        return importlib.import_module("datasketch.minhash").MinHash
    finally:
        if sys.modules.get("datasketch") is shell:
            del sys.modules["datasketch"]


@cache
def _template() -> Any:
    return _minhash_class()(num_perm=BANDS * ROWS, seed=1)


def preload() -> None:
    """Import the MinHash class now (~0.1 s of CPU, numpy's import), e.g. before forking workers."""
    _template()


def bands(shingle_set: set[int]) -> list[int]:
    """The document's LSH band keys (signed 32-bit, as SQLite stores them in 4 bytes); none for no text."""
    if not shingle_set:
        return []
    MinHash = _minhash_class()  # noqa: N806 - a class
    template = _template()
    m = MinHash(num_perm=BANDS * ROWS, hashfunc=int, permutations=template.permutations, scheme=template.scheme)
    m.update_batch(shingle_set)  # a minimum: the order does not matter
    values = m.hashvalues
    keys = []
    for band in range(BANDS):
        key = zlib.crc32(values[band * ROWS : (band + 1) * ROWS].tobytes(), band)
        keys.append(key - (1 << 32) if key >= 1 << 31 else key)
    return keys


def jaccard(a: set[int], b: set[int]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _hash48(text: str) -> int:
    value = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=6).digest(), "big")
    return value - (1 << 48) if value >= 1 << 47 else value


def statement_key(text: str) -> int | None:
    """The corroboration key of a claim's text, or None when it is too short to tell apart."""
    found = _LONG_WORD.findall(text.lower())
    if len(found) < MIN_STATEMENT_WORDS:
        return None
    return _hash48(" ".join(found))


def item_key(text: str, date: str | None, relation: str | None = None) -> int:
    """What folds an item of a copy into the original's: the same words about the same date."""
    return _hash48(" ".join(_WORD.findall(text.lower())) + f"\0{date or ''}\0{relation or ''}")
