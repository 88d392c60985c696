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
from db.extract.aliases.vocabulary import ACRONYM_SKIP, COMPANY_TAILS, NAME_SYNONYMS, PARTY_WORDS


def entity_key(name: str, type: str) -> str:  # noqa: A002 - the brief's signature
    """Normalised key for merging entities across documents (type not included)."""
    words = base_words(name, type)
    words = strip_qualifier(words, type, None)
    return " ".join(key_of(words))


def acronym_of_key(key: str) -> str:
    """ "european union" -> "eu" (skipping "of", "and", "the"); "" for a one-word key."""
    words = key.split()
    return "".join(w[0] for w in words if w not in ACRONYM_SKIP) if len(words) > 1 else ""


def key_variants(key: str) -> list[str]:
    """:func:`_plain_variants`, and those of a synonym ("tory" / "conservative", name-synonyms.txt)."""
    out = _plain_variants(key)
    for k in [key, *out]:
        synonym = NAME_SYNONYMS.get(k)
        if synonym is not None:
            out += [synonym, *_plain_variants(synonym)]
    return [k for k in dict.fromkeys(out) if k != key]


def _plain_variants(key: str) -> list[str]:
    """Other keys an organisation's or a MISC name's entity may be stored under in other
    documents: with or without a trailing "Party" ("labour party" / "labour"), singular or
    plural ("tories" / "tory", "liberal democrats" / "liberal democrat"), and both
    ("conservatives" / "conservative party"). A company's plural is its name ("Infosys
    Technologies"): never varied."""
    words = key.split()
    if not words or words[-1] in COMPANY_TAILS - PARTY_WORDS:
        return []
    bases = [words[:-1]] if len(words) > 1 and words[-1] in PARTY_WORDS else [words]
    out: list[str] = []
    for base in bases:
        last = base[-1]
        one = singular(last)
        forms = [base]
        if one != last:
            forms.append([*base[:-1], one])
        elif last.isalpha() and len(last) >= 4:
            forms.append(
                [*base[:-1], last[:-1] + "ies" if last.endswith("y") and last[-2] not in "aeiou" else last + "s"]
            )
        for form in forms:
            out.append(" ".join(form))
            out.extend(" ".join([*form, p]) for p in sorted(PARTY_WORDS))
    return [k for k in dict.fromkeys(out) if k != key]


def singular(word: str) -> str:
    """ "tories" -> "tory", "democrats" -> "democrat"; short words and "-ss", "-us", "-is" kept."""
    if len(word) < 4 or not word.isalpha() or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def is_mergeable_across_documents(name: str, type: str) -> bool:  # noqa: A002
    """Whether an entity may merge with same-key entities of other documents.

    False for an empty key and for a one-word PERSON (a bare surname or first
    name is too thin to identify a person across documents).
    """
    return mergeable_key(entity_key(name, type), type)


def mergeable_key(key: str, type: str) -> bool:  # noqa: A002
    """:func:`is_mergeable_across_documents` of a name whose key is ``key``."""
    return bool(key) and not (type == "PERSON" and len(key.split()) < 2)
