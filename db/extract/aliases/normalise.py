"""Names normalised for comparison: surface forms, keys, base words.

A name's key (``key_of``) is its words case-folded, without accents, dots or
apostrophes ("John A. Smith" / "John A Smith"), other punctuation splitting
words, "&" read as "and", runs of single letters joined ("J. K." -> "jk").
Its base words (``base_words``) drop a possessive, honorifics (PERSON), a
leading "The" (other types), what follows a cut word in an ORG ("Acme in
India") and, but for a PLACE, legal suffixes ("Corp", "Ltd", "Pvt Ltd",
"GmbH", ...: vocabulary.py has the two tiers) and trailing parenthesised
qualifiers ("(India)"). For ORG and MISC, ``strip_qualifier`` drops a
trailing country/region qualifier ("X India", "X Technologies India Ltd")
when what remains stands on its own; "Bank of India" keeps its country (it
follows a connector word).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from db.extract.aliases.vocabulary import (
    COMPANY_WORDS,
    CONNECTORS,
    COUNTRIES,
    COUNTRY_WORDS,
    CUT_WORDS,
    DEMONYMS,
    GENERIC_WORDS,
    HONORIFICS,
    LEGAL_ANY_TYPE,
    LEGAL_ORG,
    MAX_COUNTRY_WORDS,
)
from db.extract.types import EntitySpan

POSSESSIVE_RE = re.compile(r"(?:['’]s|(?<=s)['’])(?=\s|$|[,.;:)])")
_EDGE_PUNCT = " \t\n\r,;:\"“”‘’'«»()[]{}–—-"
_SPACES_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w&$£€¥]+")  # a currency sign stays: "US$" (the dollar) is not "US"
_HYPHENS_RE = re.compile(r"[-‐‑‒–—/]")


def surface_form(m: EntitySpan) -> str:
    """The mention's surface form as an alias: its name (or text), possessive
    and surrounding punctuation removed, whitespace folded."""
    s = POSSESSIVE_RE.sub("", m.name or m.text)
    s = _SPACES_RE.sub(" ", s).strip(_EDGE_PUNCT)
    if "(" in s and s.count("(") > s.count(")"):
        s += ")"
    return s


# A name's words recur within and across documents: 96% of the calls are hits
# when resolving the seed and BBC texts (2227 documents, 67k mentions, one
# process). Resolving them all takes 1.4 s of CPU with this cache and 2.1 s
# without (medians of 7), 3-4% of their whole extraction (about 20 s). The
# other string steps (surface_form, base_words, entity_key) had caches too;
# dropping them changed the extraction's time by nothing measurable, so they
# went.
@lru_cache(maxsize=65536)
def _norm_word(w: str) -> tuple[str, ...]:
    """One display word -> its normalised key words (a hyphenated word gives several)."""
    w = unicodedata.normalize("NFKD", w)
    w = "".join(c for c in w if not unicodedata.combining(c)).casefold()
    w = w.replace("’", "").replace("'", "").replace(".", "")
    out: list[str] = []
    for part in _HYPHENS_RE.split(w):
        part = part.replace("&", " and ")
        out.extend(p for p in _NON_WORD_RE.sub(" ", part).split() if p)
    return tuple(out)


def key_of(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The normalised key words of a list of display words."""
    toks: list[str] = []
    for w in words:
        toks.extend(_norm_word(w))
    # Join runs of single letters: "J. K. Rowling" -> "jk rowling", "U. S." -> "us".
    out: list[str] = []
    run = ""
    for t in toks:
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    return tuple(out)


def _norm1(w: str) -> str:
    n = _norm_word(w)
    return " ".join(n)


def _strip_legal(words: list[str], etype: str) -> list[str]:
    """Drop legal suffixes and trailing parenthesised parts (repeatedly)."""
    legal = LEGAL_ORG if etype in ("ORG", "MISC") else LEGAL_ANY_TYPE
    changed = True
    while changed and len(words) > 1:
        changed = False
        last = words[-1]
        if last.startswith("(") or last.endswith(")"):
            # a trailing parenthesised group, possibly several words
            j = len(words) - 1
            while j > 0 and not words[j].startswith("("):
                j -= 1
            if j > 0 and words[j].startswith("("):
                words = words[:j]
                changed = True
                continue
        n = _norm1(last)
        if n in legal:
            words = words[:-1]
            # "& Co", "and Co", "Pvt. Ltd." leftovers
            while len(words) > 1 and _norm1(words[-1]) in ("and", ""):
                words = words[:-1]
            changed = True
    return words


def trailing_country(words: list[str]) -> int:
    """How many trailing words form a country/region name (0 if none)."""
    for k in range(min(MAX_COUNTRY_WORDS, len(words) - 1), 0, -1):
        tail = key_of(words[-k:])
        if tail in COUNTRIES:
            return k
    return 0


def clearly_company(base: list[str]) -> bool:
    """Two or more words, the last a company word (\"Infosys Technologies\")."""
    if len(base) < 2:
        return False
    last = key_of(base[-1:])
    return bool(last) and last[-1] in COMPANY_WORDS


def strip_qualifier(words: list[str], etype: str, known: frozenset[tuple[str, ...]] | None) -> list[str]:
    """Drop a trailing country qualifier when the rest stands on its own.

    ``known`` is the set of base keys seen in the document (document level);
    None means the cross-document rule (rest clearly a company name, or one
    non-generic word).
    """
    if etype not in ("ORG", "MISC"):
        return words
    k = trailing_country(words)
    if not k:
        return words
    base = words[:-k]
    if not base or _norm1(base[-1]) in CONNECTORS:
        return words
    bkey = key_of(base)
    if not bkey:
        return words
    if clearly_company(base):
        return _strip_legal(base, etype)
    if known is not None:
        if bkey in known:
            return base
        return words
    if len(bkey) == 1 and bkey[0] not in GENERIC_WORDS and bkey[0] not in COUNTRY_WORDS and bkey[0] not in DEMONYMS:
        return base
    return words


def base_words(name: str, etype: str) -> list[str]:
    """Display words of a name without possessive, honorifics, leading "The",
    legal suffixes and trailing parenthesised parts."""
    s = POSSESSIVE_RE.sub("", name)
    s = _SPACES_RE.sub(" ", s).strip(_EDGE_PUNCT)
    words = s.split()
    if not words:
        return []
    if etype == "PERSON":
        while len(words) > 1 and _norm1(words[0]) in HONORIFICS:
            words = words[1:]
    elif len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    if etype == "ORG":
        # an ORG name does not go on with a lowercase "in"/"at"/...: "Acme in India" is Acme
        for j in range(1, len(words)):
            if words[j] in CUT_WORDS:
                words = words[:j]
                break
    if etype != "PLACE":
        words = _strip_legal(words, etype)
    return words
