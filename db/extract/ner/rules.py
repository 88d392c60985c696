"""The news rules after tagging: titles, possessives, apposition, "-based" compounds, display names.

The CRF is trained on CoNLL-2003; these rules clean its mentions for ordinary
news: titles and roles left out of names, possessives split off,
"Beijing-based" read as the place "Beijing", lone capitalised common words at
the start of a sentence or in an all-caps headline dropped.
"""

from __future__ import annotations

import re

from db.extract.ner.features import SENT_BREAK
from db.extract.ner.lexicons import Lexicons
from db.extract.ner.spans import bio_spans

_POSSESSIVE = ("'s", "’s", "'S", "’S", "'", "’")
_POSSESSIVE_REST = ("s", "'s", "’s")
_STRIP_CHARS = " \t\n\"'“”‘’`,;:!?()[]{}<>*—–"
_BASED_RE = re.compile(r"^(.+?)-(based|born|headquartered|listed)$", re.I)
_LEGAL_DOT = re.compile(r"\b(Corp|Inc|Ltd|Co|Bros|Cos|Plc|Llc)\.$", re.I)
_SPACES_RE = re.compile(r"\s+")
_NUMBER_RE = re.compile(r"\d{1,3}$")

# (i, j, TYPE, characters to cut off the end): a mention's tokens words[i:j]
Span = tuple[int, int, str, int]


def clean_name(s: str) -> str:
    """Display name: no possessive, no stray or legal punctuation."""
    s = s.strip(_STRIP_CHARS)
    for p in ("'s", "’s", "'S", "’S"):
        if s.endswith(p):
            s = s[: -len(p)]
    s = s.rstrip(_STRIP_CHARS)
    if s.endswith("."):  # (the only case _LEGAL_DOT can match)
        s = _LEGAL_DOT.sub(r"\1", s)
    # every whitespace character but " " is non-printable: most names need no regex
    if "  " in s or not s.isprintable():
        s = _SPACES_RE.sub(" ", s)
    return s


class Rules:
    """The rules over one model's lexicons."""

    __slots__ = ("lex",)

    def __init__(self, lex: Lexicons):
        self.lex = lex

    def is_title_word(self, w: str) -> bool:
        lw = w.lower()
        titles = self.lex.titles
        if lw in titles:
            return True
        if "-" in lw:
            prefixes = self.lex.title_prefixes
            return all(p in titles or p in prefixes for p in lw.split("-"))
        return False

    def spans(self, words: list[str], labels: list[str], hl: bool) -> list[Span]:
        """Token spans of a sentence's BIO ``labels`` after the news rules (``hl``: a headline)."""
        out: list[Span] = []
        found = bio_spans(labels)
        if not found:  # most sentences
            return out if hl else self.based_compounds(words, out)
        common = self.lex.common_words
        connectors = self.lex.name_connectors
        glue = self.lex.title_glue
        is_title = self.is_title_word
        for i, j, typ in found:
            # possessive / stray punctuation tokens at the edges
            while j > i and (words[j - 1] in _POSSESSIVE or not any(c.isalnum() for c in words[j - 1])):
                j -= 1
            while i < j and not any(c.isalnum() for c in words[i]):
                i += 1
            if i >= j:
                continue
            # what a split possessive leaves is no start of a name ("America's Cup" -> not "s Cup")
            while j - i > 1 and words[i] in _POSSESSIVE_REST:
                i += 1
            if j - i == 1 and words[i].lower() in self.lex.generic_acronyms:
                continue  # "a new PC", "1400 GMT": common nouns
            # "For Acme, ...": a sentence's opening preposition or conjunction is no part of a name
            opens = i == 0 or words[i - 1] in SENT_BREAK
            if j - i > 1 and opens and words[i].lower() in self.lex.not_name_starts and not words[i].isupper():
                i += 1
            # a lower-case function word that cannot sit inside a name ends it: "Acme in India"
            for k in range(i + 1, j):
                w = words[k]
                if w[:1].islower() and w in common and w not in connectors:
                    j = k
                    break
            while j > i and words[j - 1] in connectors:
                j -= 1
            # "Radio 4": the number the tagger left out of a name that takes one
            if j < len(words) and words[j - 1].lower() in self.lex.numbered_name_heads and _NUMBER_RE.match(words[j]):
                j += 1
            # "Labour MP Jane Smith" tagged as one organisation: the organisation, then the person
            if typ != "PER" and j - i >= 3:
                cut = self.inner_role(words, i, j)
                if cut is not None:
                    out.append((i, cut[0], typ, 0))
                    i, typ = cut[1], "PER"
            # titles and roles: "Prime Minister Narendra Modi" -> "Narendra Modi"
            k = i
            while k < j and (is_title(words[k]) or (k > i and words[k].lower() in glue)):
                k += 1
            if k >= j:
                if typ == "PER" or all(is_title(w) or w.lower() in glue for w in words[i:j]):
                    continue  # only a title
            elif (typ == "PER" or k - i >= 1 and typ == "MISC") and (typ == "PER" or is_title(words[i])):
                i = k
            if not hl:
                typ = self.apposition_type(words, i, j, typ)
            # lone common word at sentence start or in a headline
            if j - i == 1:
                w = words[i]
                lw = w.lower()
                if (i == 0 or hl or (i > 0 and words[i - 1] in SENT_BREAK)) and lw in common:
                    continue
            out.append((i, j, typ, 0))
        if not hl:
            out = self.based_compounds(words, out)
        return out

    def inner_role(self, words: list[str], i: int, j: int) -> tuple[int, int] | None:
        """(end of the organisation, start of the person) of an organisation's span words[i:j] that
        holds a role in lower case or as an acronym before a capitalised name ("Liberal Democrat
        leader Charles Kennedy", "Lib Dem MP X", "Acme chief executive Y"), or None."""
        roles = self.lex.inner_roles
        is_title = self.is_title_word
        for k in range(i + 1, j - 1):
            w = words[k]
            if not words[k + 1][:1].isupper():
                continue
            lw = w.lower()
            if not ((w[:1].islower() and (lw in roles or is_title(w))) or (w.isupper() and lw in roles)):
                continue
            start = k
            while start > i + 1 and words[start - 1][:1].islower() and is_title(words[start - 1]):
                start -= 1  # "chief executive"
            person = k + 1
            while person < j - 1 and is_title(words[person]):
                person += 1  # "peer Lord Carlile"
            return start, person
        return None

    def apposition_type(self, words: list[str], i: int, j: int, typ: str) -> str:
        """The type the words around the mention words[i:j] call for (news apposition cues).

        "tech firm X" and "carmaker X" name an organisation, "X district" a
        place, "Mr X" a person; a multi-word "person" with an acronym in it
        ("Acme IBC") is an organisation.
        """
        prev = words[i - 1] if i > 0 else ""
        if typ != "PER" and prev.lower() in self.lex.personal_titles:
            return "PER"
        if typ in ("PER", "LOC") and prev in self.lex.org_nouns:
            return "ORG"
        if typ in ("PER", "ORG") and j < len(words) and words[j] in self.lex.place_nouns_after:
            return "LOC"
        if typ == "MISC" and j - i > 1 and j < len(words) and words[j] in self.lex.place_nouns_after:
            return "LOC"  # "the Greater Manchester district" (one word is an adjective: "the Arctic town")
        if typ == "PER" and j - i > 1:
            for w in words[i:j]:
                if len(w) >= 2 and w.isupper() and w.isalpha() and w not in self.lex.roman_numerals:
                    return "ORG"
        return typ

    def based_compounds(self, words: list[str], spans: list[Span]) -> list[Span]:
        """Read "Beijing-based" as the place "Beijing" (CoNLL itself tags
        "Beijing-based" as MISC; news readers want the place)."""
        spans = sorted(spans)
        for i, w in enumerate(words):
            if "-" not in w:
                continue
            m = _BASED_RE.match(w)
            if not m or not m.group(1)[:1].isupper():
                continue
            pre = m.group(1)
            cut = len(w) - len(pre)
            typ = "MISC" if pre.lower() in self.lex.demonyms else "LOC"
            first = i
            keep = []
            for a, b, t, trim in spans:
                if a <= i < b:
                    if a < i:
                        first = a  # "Hong Kong-based": the whole place
                    if b > i + 1:
                        keep.append((i + 1, b, t, trim))  # "Boston-based Acme" -> Acme stays
                elif b == i and a < i and t == "LOC" and first == i:
                    first = a
                else:
                    keep.append((a, b, t, trim))
            keep.append((first, i + 1, typ, cut))
            spans = sorted(keep)
        return spans
