"""What extraction may read: bounds that keep any input from making ingest hang or balloon.

Only the first MAX_EXTRACT_LINE_CHARS characters of a line, and the first
MAX_EXTRACT_CHARS characters of a document, are searched for entities, claims
and dates (every line is still stored and shown in full), and a sentence longer
than MAX_SENTENCE_CHARS is cut at spaces into pieces. A document of more than MAX_DOCUMENT_LINES
lines is refused whole (with its reason), since its cost is per line.
"""

from __future__ import annotations

MAX_EXTRACT_LINE_CHARS = 20_000
MAX_EXTRACT_CHARS = 2_000_000
MAX_SENTENCE_CHARS = 2_000
# The most lines a document may have: each line costs a row, an index entry and its own pass, so a
# file of a million two-character lines would take a minute and more than a gigabyte. Longer is refused.
MAX_DOCUMENT_LINES = 100_000


def too_many_lines(text: str) -> str | None:
    """Why ``text`` has too many lines to be one document, else None (counted before splitting)."""
    count = text.count("\n") + 1 - (len(text) > 1 and text.endswith("\n"))  # a final newline starts no line
    if count <= MAX_DOCUMENT_LINES:
        return None
    return f"too many lines ({count:,}; a document may have at most {MAX_DOCUMENT_LINES:,})"


def limit_extraction(masked: list[str]) -> list[str]:
    """Blank (in place) what extraction must not see; the notes saying so."""
    notes: list[str] = []
    budget = MAX_EXTRACT_CHARS
    long_lines: list[int] = []
    for n, line in enumerate(masked):
        if budget <= 0:
            if any(rest.strip() for rest in masked[n:]):
                notes.append(
                    f"only the first {MAX_EXTRACT_CHARS:,} characters were searched for entities, claims"
                    f" and dates (not line {n + 1} onwards)"
                )
            for rest in range(n, len(masked)):
                masked[rest] = " " * len(masked[rest])
            break
        size = len(line)
        keep = min(size, MAX_EXTRACT_LINE_CHARS, budget)
        if size > MAX_EXTRACT_LINE_CHARS:
            long_lines.append(n + 1)
        if keep < size:
            masked[n] = line[:keep] + " " * (size - keep)
        budget -= keep
    if long_lines:
        shown = ", ".join(map(str, long_lines[:5])) + (", …" if len(long_lines) > 5 else "")
        notes.insert(
            0,
            f"only the first {MAX_EXTRACT_LINE_CHARS:,} characters of a line were searched for"
            f" entities, claims and dates (longer: line {shown})",
        )
    return notes
