"""The one BIO decoder: token spans of a sentence's entity labels.

Used by the recognizer (its own BIO labels), by the document-consistency
features and by the evaluation (gold CoNLL tags, IOB1 or BIO).
"""

from __future__ import annotations

# The CoNLL types, by the names Storyline gives them.
TYPE_OF_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "MISC": "MISC"}


def bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end exclusive, TYPE) token spans of IOB1 or BIO labels (lenient).

    A span starts at "B-", or at "I-" after "O" or after another type; a label
    without "-" counts as "O".
    """
    spans: list[tuple[int, int, str]] = []
    if labels.count("O") == len(labels):
        return spans  # most sentences: no mention, no loop
    cur = None
    start = 0
    for i, lab in enumerate(labels):
        if lab != "O":
            pre, dash, typ = lab.partition("-")
            if dash:
                if pre == "B" or typ != cur:
                    if cur is not None:
                        spans.append((start, i, cur))
                    cur, start = typ, i
                continue
        if cur is not None:
            spans.append((start, i, cur))
            cur = None
    if cur is not None:
        spans.append((start, len(labels), cur))
    return spans
