"""The cross-document key: what the store merges entities of different documents on.

``entity_key`` runs the canonical pipeline on one name: lowercased, accents
and punctuation removed, "&" read as "and", runs of single letters joined
("J. K." -> "jk"), honorifics of a PERSON and legal suffixes dropped, and for
ORG/MISC a trailing country qualifier dropped when the rest is clearly a
company name or a single non-generic word ("Acme India" -> "acme", but "Air
India", "Coal India" and "Radio Free Europe" stay whole). The key does not
include the type: the store should merge on (type, key).
"""

from __future__ import annotations

from db.extract.aliases.normalise import base_words, key_of, strip_qualifier


def entity_key(name: str, type: str) -> str:  # noqa: A002 - the brief's signature
    """Normalised key for merging entities across documents (type not included)."""
    words = base_words(name, type)
    words = strip_qualifier(words, type, None)
    return " ".join(key_of(words))


def is_mergeable_across_documents(name: str, type: str) -> bool:  # noqa: A002
    """Whether an entity may merge with same-key entities of other documents.

    False for an empty key and for a one-word PERSON (a bare surname or first
    name is too thin to identify a person across documents).
    """
    return mergeable_key(entity_key(name, type), type)


def mergeable_key(key: str, type: str) -> bool:  # noqa: A002
    """:func:`is_mergeable_across_documents` of a name whose key is ``key``."""
    return bool(key) and not (type == "PERSON" and len(key.split()) < 2)
