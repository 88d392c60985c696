"""The lower case of a text, where a regular expression that ignores case may read it instead.

Python's ``re`` with IGNORECASE is ~3x slower than without. A pattern whose letters are all
ASCII lower case (with ``\\d``, ``\\s``, ``\\w``, ``\\b`` and punctuation) finds the same matches
at the same offsets in ``s.lower()``, read with case, as in ``s`` ignoring case, when lowering
keeps every character one character ("İ" becomes two) and ``s`` has neither "ı" nor "ſ" (which
IGNORECASE alone takes for "i" and "s"): every other character matches an ASCII letter under
IGNORECASE exactly when its lower case is that letter (the Kelvin sign too), and lowering
changes no character's class (checked over every code point when this was written; the tests
compare both readings). The matches' text is then in lower case: take it from ``s`` by offsets.
"""

from __future__ import annotations


def same_lower(s: str) -> str | None:
    """``s.lower()`` where a lower-case pattern may read it instead of ``s`` ignoring case, else None."""
    low = s.lower()
    return low if len(low) == len(s) and "ı" not in s and "ſ" not in s else None
