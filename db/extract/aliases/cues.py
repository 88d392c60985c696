"""A "place" that is no known place, read again by what its document writes around it.

The tagger types a name it never saw by its spelling and the company it keeps; a one-word
company or a film's title often comes out a place, and every mention of the document then
agrees with the first, so no vote among them can mend it. A place is re-read only when it is no
known place (not in the gazetteer the NER ships, places.txt from GeoNames; not a country, not
a demonym, no place noun in it: see ``known_place``) and its document's mentions of it stand
where organisations or titles stand and places do not:

  * an organisation: the word after it (or after its possessive) is one of org-cues-after.txt
    ("X's shares", "the X unit", "X chairman"), or the words before it are one of
    org-cues-before.txt ("rivals X", "shares in X", "firms such as X");
  * a work (MISC): the word before it (past an opening quote) is one of work-cues-before.txt ("the film X");
  * against both, a place's cue before it (place-cues-before.txt: "in X", "near X").

The entity becomes what has more cues than the place's cues (an organisation before a work on a
tie), and its mentions typed a place take its new type. A place that stays one without a single
mention where places stand ("in X", "at X", "from X") is unsettled: the store takes it for the
organisation or work of its name that other documents showed (db/store/ingest/entities.py).
A person is re-read the same way (``reread_person``): more mentions after a work's noun ("the
film X") than as a person's (after an honorific, before "said") make it a work. CoNLL-2003 dev
and train do not move (see BENCHMARKS.md, "Entity typing (issue-14f)").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from db.extract.aliases.normalise import base_words, key_of
from db.extract.aliases.vocabulary import COUNTRIES, DEMONYMS, HERE, HONORIFICS
from db.extract.types import EntitySpan
from db.text import lexicon

NER_MODEL_DIR = HERE.parent / "ner" / "model"
_WORD_RE = re.compile(r"[^\W\d_][\w'’-]*|[^\w\s]")
_POSSESSIVE = ("'s", "’s", "'", "’")
_PEEK = 48  # characters read each side of a mention


@cache
def _lists() -> tuple[frozenset[tuple[str, ...]], frozenset[str], frozenset[str], frozenset[str]]:
    places = frozenset(key_of(name.split()) for name in lexicon.entries("places", NER_MODEL_DIR))
    return (
        places | COUNTRIES,
        lexicon.words("place-nouns", NER_MODEL_DIR),
        lexicon.words("org-cues-after", HERE),
        lexicon.words("org-cues-before", HERE),
    )


@cache
def _before_lists() -> tuple[frozenset[str], frozenset[str]]:
    return lexicon.words("work-cues-before", HERE), lexicon.words("place-cues-before", HERE)


@lru_cache(maxsize=65_536)
def known_place(name: str) -> bool:
    """Whether a name is a place this stage knows: in the gazetteer or a country, a demonym, or
    with a place noun in it ("X County")."""
    places, place_nouns, *_ = _lists()
    key = key_of(base_words(name, "PLACE"))
    if not key or key in places or (key[0] == "the" and key[1:] in places):
        return True
    return any(w in place_nouns or w in DEMONYMS for w in key)


def known_place_key(key: tuple[str, ...]) -> bool:
    """Whether a place's key is in the gazetteer or a country ("london", "new york city")."""
    places = _lists()[0]
    return key in places or (len(key) > 1 and key[0] == "the" and key[1:] in places)


def _cue(text: str, m: EntitySpan) -> str:
    """What the words around one mention say: "ORG", "MISC", "PLACE" or ""."""
    _, _, after_cues, before_cues = _lists()
    work_cues, place_cues = _before_lists()
    before = _unquoted(_WORD_RE.findall(text[max(0, m.start - _PEEK) : m.start]))
    after = _WORD_RE.findall(text[m.end : m.end + _PEEK])
    if after and after[0] in _POSSESSIVE:
        after = after[1:]
    elif after and after[0] in ("'", "’") and len(after) > 1 and after[1] == "s":
        after = after[2:]
    if after and after[0] in after_cues:
        return "ORG"
    one = before[-1] if before else ""
    two = " ".join(before[-2:]) if len(before) >= 2 else ""
    three = " ".join(before[-3:]) if len(before) >= 3 else ""
    if one in before_cues or two in before_cues or three in before_cues:
        return "ORG"
    if one in work_cues:
        return "MISC"
    if one in place_cues:
        return "PLACE"
    return ""


def reread(text: str, mentions: list[EntitySpan], idx: list[int], name: str) -> tuple[str, bool]:
    """What the cues make of a PLACE entity of the document named ``name`` whose mentions are
    ``idx`` (indices into ``mentions``): its type ("ORG", "MISC", or "PLACE" as it was), and
    whether that is settled. A place stays unsettled when it is no known place and no mention of
    it stands where places stand ("in X", "at X", "from X", "to X": place-cues-broad.txt); the
    store then takes it for the organisation or work of its name where one is stored."""
    if known_place(name):
        return "PLACE", True
    votes = {"ORG": 0, "MISC": 0, "PLACE": 0}
    broad = _broad()
    settled = False
    for i in idx:
        cue = _cue(text, mentions[i])
        if cue:
            votes[cue] += 1
        if not settled:
            before = _WORD_RE.findall(text[max(0, mentions[i].start - 16) : mentions[i].start])
            settled = bool(before) and before[-1] in broad
    if votes["ORG"] > votes["PLACE"] and votes["ORG"] >= votes["MISC"]:
        return "ORG", True
    if votes["MISC"] > votes["PLACE"]:
        return "MISC", True
    return "PLACE", settled


@cache
def _broad() -> frozenset[str]:
    return lexicon.words("place-cues-before", HERE) | lexicon.words("place-cues-broad", HERE)


@cache
def _work_after() -> frozenset[str]:
    return lexicon.words("work-cues-after", HERE)


_ORDINALS = frozenset(("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "latest", "next"))
_SPEECH = frozenset(("said", "says", "told", "added", "asked", "explained"))


def reread_person(text: str, mentions: list[EntitySpan], idx: list[int]) -> str:
    """What the cues make of a PERSON entity of the document: "MISC" when more of its mentions
    follow a work's noun ("the film X", "the album X") or stand before a series' ("the X films",
    work-cues-after.txt) or an instalment's ("the third X film") than stand as a person's do
    (after an honorific, before "said"), else "PERSON"."""
    work_cues, _ = _before_lists()
    work = person = 0
    for i in idx:
        m = mentions[i]
        before = _unquoted(_WORD_RE.findall(text[max(0, m.start - 24) : m.start]))
        after = _WORD_RE.findall(text[m.end : m.end + 16])
        last = before[-1].lower() if before else ""
        if (
            last in work_cues
            or (after and after[0] in _work_after() and last in ("the", "a", "an"))
            or (after and after[0] in work_cues and last in _ORDINALS)  # "the third X film"
        ):
            work += 1
        elif (before and _norm(before[-1]) in HONORIFICS) or (after and after[0] in _SPEECH):
            person += 1
    return "MISC" if work and work > person else "PERSON"


@cache
def _work_nouns() -> frozenset[str]:
    return lexicon.words("work-nouns", HERE)


def reread_org(text: str, mentions: list[EntitySpan], idx: list[int]) -> str:
    """What the cues make of an ORG entity of the document: "MISC" when more of its mentions follow
    a work's noun on their line ("her book X", "the show X": work-nouns.txt) than stand as an
    organisation's do (org-cues: "X's shares", "rivals X", "X chairman"; "X said"), else "ORG".
    (A noun after the name is no cue: "Peel's BBC Radio 1 show" is the broadcaster's.)"""
    nouns = _work_nouns()
    work = 0
    cued = []
    for i in idx:
        m = mentions[i]
        window = text[max(0, m.start - 24) : m.start]
        before = _unquoted(_WORD_RE.findall(window[window.rfind("\n") + 1 :]))  # (a title's words are not)
        if before and before[-1].lower() in nouns:
            work += 1
            cued.append(i)
    if not work:
        return "ORG"
    org = 0
    for i in idx:
        if i in cued:
            continue
        m = mentions[i]
        after = _WORD_RE.findall(text[m.end : m.end + 16])
        if _cue(text, m) == "ORG" or (after and after[0] in _SPEECH):
            org += 1
    return "MISC" if work and work > org else "ORG"


@cache
def _person_titles() -> frozenset[str]:
    return lexicon.words("person-titles", HERE)


def titled(text: str, mentions: list[EntitySpan], idx: list[int]) -> bool:
    """Whether a mention of ``idx`` follows a capitalised person's title ("President X", "Mr. X";
    person-titles.txt): an entity typed an organisation or a work is then a person."""
    titles = _person_titles()
    for i in idx:
        m = mentions[i]
        before = text[max(0, m.start - 16) : m.start]
        if not before.endswith(" "):
            continue
        words = before.split()
        if words and words[-1][:1].isupper() and _norm(words[-1]) in titles:
            return True
    return False


@cache
def first_names() -> frozenset[str]:
    """The first names of db/text/lexicon's first-names.txt (lower case)."""
    return frozenset(lexicon.table("first-names"))


def common_words_person(text: str, name: str) -> bool:
    """Whether a PERSON entity named ``name`` reads as a heading or a product of its document: two
    or more words, none a first name or an honorific, one of them written in lower case elsewhere
    in the document ("Post-Workout Meal" beside "a pre-workout meal", "Retina MacBook Pro" beside
    "the pro model"). A person's surname is seldom also a common word of the same page."""
    key = key_of(base_words(name, "PERSON"))
    if len(key) < 2:
        return False
    firsts = first_names()
    if any(w in firsts or w in HONORIFICS for w in key):
        return False
    return any(len(w) >= 3 and w.isalpha() and w.isascii() and _word_pattern(w).search(text) for w in key)


@lru_cache(maxsize=4096)
def _word_pattern(w: str) -> re.Pattern[str]:
    """``w`` written alone (a word of letters: no character to escape), compiled once: the
    module ``re``'s own cache (512 patterns) overflows on a corpus's names, and compiling took
    ~6x the search."""
    return re.compile(rf"(?<![\w'’-]){w}(?![\w'’])")


@cache
def _space_lists() -> tuple[frozenset[str], re.Pattern[str]]:
    words = lexicon.words("space-words", HERE)
    return lexicon.words("celestial-bodies", HERE), re.compile(r"\b(?:" + "|".join(sorted(words)) + r")\b")


def celestial(text: str, name: str) -> bool:
    """Whether a one-word entity named ``name`` is a planet or moon of a document that writes of
    space ("Europa" beside "orbit", "spacecraft": celestial-bodies.txt, space-words.txt)."""
    bodies, space = _space_lists()
    key = key_of(name.split())
    return len(key) == 1 and key[0] in bodies and space.search(text) is not None


def _unquoted(words: list[str]) -> list[str]:
    """The words before a mention without the quotes that open it ("the film `X'")."""
    while words and words[-1] in _QUOTES:
        words = words[:-1]
    return words


_QUOTES = frozenset(("'", "‘", '"', "“", "`"))


def _norm(word: str) -> str:
    return word.lower().rstrip(".")
