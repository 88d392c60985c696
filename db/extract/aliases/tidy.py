"""Tagged spans mended by their words before alias resolution: what web pages add to news prose.

The tagger learned names from news wire; a saved web page also holds tweets, slogans, recipes
and product sheets, where it glues a greeting or an imperative to a name and takes a measure or a
colour for one. ``tidy(text, spans)`` keeps the spans in order and

  * drops the first word of a multi-word span when it is one of span-openers.txt (an
    interjection, a form of address or an imperative verb: "Hey Twitter", "Make Trump") and the
    word after it is capitalised, so "Meet the Press" stays whole;
  * drops a one-word span that follows a number and is a unit of measure (units-of-measure.txt:
    "1 Tbsp") or, unless a person (a surname), a colour word (colour-words.txt: "1 Green, 1 Red");
  * drops a one-word span that is a month of another language (month-names-other-languages.txt:
    "12 de Agosto", a saved page's date line);
  * drops the first word of a multi-word span that is not a place when it is a describing word of
    descriptor-openers.txt ("Veteran Labour MP", "Former Liberal Democrat", "Called Speegle") and
    the word after it is capitalised;
  * cuts a role noun written in lower case or as an acronym (trailing-roles.txt, a plural too) from
    the end of a multi-word span that is not a person: "Labour MPs", "Lib Dem MP", "Tory leader"
    name the party;
  * splits a fixture ("Faroe Islands v Republic of Ireland", "X vs Y") into its two names;
  * ends a person's span before a parenthesis (a line-up's "Byrne (Morrison 75)": a substitute);
  * types a person's span that ends in a party word (party-words.txt) an organisation: "the Robert
    Kilroy-Silk Party" is a party named after him;
  * splits two names joined by "and", a comma or a lower-case word that is no name's connector
    ("Labour and the Tories", "Nintendo, Nokia", a headline's "Tories accuse Labour", "Xbox game
    Halo") when the document writes each on its own elsewhere ("Securities and Exchange Commission", "Bosnia
    and Herzegovina", a known place, stay whole);
  * splits an organisation glued to the person after it ("Lib Dem Norman Baker", "Liberal Democrat
    Alan Beith": a first name of db/text/lexicon's first-names.txt and a capitalised word or two)
    when the document writes the organisation on its own elsewhere;
  * joins an institution's head that ends a span (or stands capitalised just before a name) with
    the name its "of"/"for" (and "the") introduces (institution-heads.txt): "Church" + "England"
    is "Church of England", "Office" + "National Statistics" "Office for National Statistics", and
    "Office of the Deputy Prime Minister", whose words after "of the" were not tagged, is one name
    (an organisation).

General vocabularies only: no names of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache

from db.extract.aliases.cues import first_names, known_place
from db.extract.aliases.vocabulary import COMPANY_WORDS, CONNECTORS, COUNTRIES, HERE, LEGAL_ORG, PARTY_WORDS
from db.extract.types import EntitySpan
from db.text import lexicon

_FIRST_WORD_RE = re.compile(r"([^\W\d_][\w'’]*)[\s,!.:]+(?=\S)")
_NUMBER_BEFORE_RE = re.compile(r"(?:\d|[½¼¾⅓⅔⅛])[\d.,/]*\s+$")


_FIXTURE_RE = re.compile(r"\s+(?:v|vs|vs\.|versus)\s+(?=[A-Z])")
_JOIN_GAP_RE = re.compile(r"\s+(of|for)(\s+the)?\s+")
# a capitalised run after "of the" that no span covers: "Office of the Deputy Prime Minister"
_RUN_AFTER_RE = re.compile(r"\s+(of|for)(\s+the)?\s+([A-Z][\w'’-]*(?:\s+(?:and\s+)?[A-Z][\w'’-]*){0,4})(?![\w'’-])")
_HEAD_BEFORE_RE = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)(\s+(?:of|for)(?:\s+the)?\s+)$")


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    return (
        lexicon.words("span-openers", HERE),
        lexicon.words("units-of-measure", HERE),
        lexicon.words("colour-words", HERE),
        lexicon.words("month-names-other-languages", HERE),
    )


@cache
def _more_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    return (
        lexicon.words("descriptor-openers", HERE),
        lexicon.words("trailing-roles", HERE),
        lexicon.words("institution-heads", HERE),
    )


def tidy(text: str, spans: list[EntitySpan]) -> list[EntitySpan | None]:
    """Each span as mended, in order, or None where it is no name or joined to the one before (a
    fixture gives two spans; see the module docstring)."""
    openers, units, colours, months = _lists()
    descriptors, _, _ = _more_lists()
    out: list[EntitySpan | None] = []
    for s in _glued_people(text, _coordinated(text, _fixtures(spans))):
        if s.type == "PERSON" and s.text.rsplit(" ", 1)[-1].lower() in PARTY_WORDS and " " in s.text:
            s = replace(s, type="ORG")
        if s.type == "PERSON" and " (" in s.text:
            cut = s.text.index(" (")
            s = replace(s, end=s.start + cut, text=s.text[:cut], name=(s.name or s.text).split(" (")[0])
        words = s.text.split()
        if len(words) == 1:
            w = words[0].lower().rstrip(".")
            if w in months:
                out.append(None)
                continue
            if (w in units or (w in colours and s.type != "PERSON")) and _NUMBER_BEFORE_RE.search(
                text[max(0, s.start - 12) : s.start]
            ):
                out.append(None)
                continue
            out.append(s)
            continue
        m = _FIRST_WORD_RE.match(s.text)
        if (
            m
            and (m.group(1).lower() in openers or (m.group(1).lower() in descriptors and s.type != "PLACE"))
            and s.text[m.end()].isupper()
        ):
            cut = m.end()
            rest = s.text[cut:]
            name = s.name
            if name:
                nm = _FIRST_WORD_RE.match(name)
                name = name[nm.end() :] if nm and nm.group(1).lower() == m.group(1).lower() else rest
            out.append(_role_cut(replace(s, start=s.start + cut, text=rest, name=name)))
            continue
        out.append(_role_cut(s))
    return _institutions(text, out)


def _fixtures(spans: list[EntitySpan]) -> list[EntitySpan]:
    """A span naming both sides of a fixture ("X v Y") as two spans of its type."""
    if not any(" v" in s.text for s in spans):
        return spans
    out: list[EntitySpan] = []
    for s in spans:
        m = _FIXTURE_RE.search(s.text)
        if m is None or m.start() == 0 or s.name != s.text:
            out.append(s)
            continue
        left, right = s.text[: m.start()], s.text[m.end() :]
        out.append(replace(s, end=s.start + len(left), text=left, name=left))
        start = s.start + m.end()
        out.append(replace(s, start=start, text=right, name=right))
    return out


# "and", a comma, or one lower-case word (a headline's verb, a noun of apposition: "Tories accuse
# Labour", "Xbox game Halo"), between two capitalised names
_JOINER_RE = re.compile(r"(?:\s+and|\s*,|\s+([a-z][a-z'’-]*))\s+(?:the\s+)?(?=[A-Z])")


_LOWER_WORD_RE = re.compile(r" [a-z]")


def _coordinated(text: str, spans: list[EntitySpan]) -> list[EntitySpan]:
    """A span of two names joined by "and", a comma or a lower-case word as two spans of its type,
    when the document writes each of them on its own elsewhere (outside this span's words)."""
    if not any(" and " in s.text or ", " in s.text or _LOWER_WORD_RE.search(s.text) for s in spans):
        return spans
    out: list[EntitySpan] = []
    for s in spans:
        parts = _two_names(text, s) if s.name == s.text and s.text[:1].isupper() else None
        if parts is None:
            out.append(s)
            continue
        (a0, a1), (b0, b1) = parts
        out.append(replace(s, end=s.start + a1, text=s.text[:a1], name=s.text[:a1]))
        out.append(replace(s, start=s.start + b0, end=s.start + b1, text=s.text[b0:b1], name=s.text[b0:b1]))
    return out


def _glued_people(text: str, spans: list[EntitySpan]) -> list[EntitySpan]:
    """An organisation's span that ends in a person's name as the two (see the module docstring)."""
    out: list[EntitySpan] = []
    firsts = first_names()
    for s in spans:
        words = s.text.split(" ")
        if s.type == "PERSON" or len(words) < 3 or s.name != s.text:
            out.append(s)
            continue
        cut = next(
            (
                k
                for k in range(max(1, len(words) - 3), len(words) - 1)
                if words[k].lower() in firsts
                and all(w[:1].isupper() and w[1:].islower() for w in words[k:])
                and not _company_like(words[k:])
                and _alone(text, " ".join(words[:k]), s, whole=True)
            ),
            0,
        )
        if not cut:
            out.append(s)
            continue
        head = " ".join(words[:cut])
        out.append(replace(s, end=s.start + len(head), text=head, name=head))
        start = s.start + len(head) + 1
        person = s.text[len(head) + 1 :]
        out.append(EntitySpan(start, s.end, person, "PERSON", person))
    return out


def _company_like(words: list[str]) -> bool:
    """Whether a would-be person's words hold a country, a legal form or a company word ("India
    Ltd" of "X Technologies India Ltd": "India" is a first name too)."""
    return any(
        (w.lower(),) in COUNTRIES or w.lower().rstrip(".") in LEGAL_ORG or w.lower() in COMPANY_WORDS for w in words
    )


def _two_names(text: str, s: EntitySpan) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The (start, end) in ``s.text`` of its two names, or None (see ``_coordinated``)."""
    joins = list(_JOINER_RE.finditer(s.text))
    if not joins or known_place(s.text):
        return None  # "Bosnia and Herzegovina"
    for m in joins:
        if m.group(1) and (m.group(1) in CONNECTORS or s.type == "PERSON"):
            continue  # "Bank of X", "Ludwig van Y", "David dal Z": one name
        left, right = s.text[: m.start()], s.text[m.end() :]
        if not left or not right:
            continue
        if _alone(text, left, s) and _alone(text, right, s):
            return (0, m.start()), (m.end(), len(s.text))
    return None


def _alone(text: str, name: str, s: EntitySpan, whole: bool = False) -> bool:
    """Whether ``name`` stands in ``text`` outside the span ``s`` (a plural counts: "Liberal
    Democrats"); ``whole``: as a whole name, no capitalised word right after it or right before it
    (but "The", "A"...): "Aston" of "Aston Martin" is not on its own."""
    for start, end in _word_runs(text, name):
        if s.start <= start < s.end:
            continue
        if not whole:
            return True
        if _CAPITAL_AFTER_RE.match(text, end):
            continue
        before = _WORD_BEFORE_RE.search(text, max(0, start - 24), start)
        if before is None or before.group(1).lower() in _DETERMINERS:
            return True
    return False


_WORD_BEFORE_RE = re.compile(r"([A-Z][\w'’-]*)\s+$")
_CAPITAL_AFTER_RE = re.compile(r"\s+[A-Z]")
_DETERMINERS = frozenset(("the", "a", "an", "but", "and", "or", "as", "if", "when", "while", "for", "in", "on", "at"))


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _word_runs(text: str, name: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each whole-word ``name`` (or its plural in -s) in ``text`` (found by
    str.find: a pattern compiled for each name cost more than the search)."""
    n = len(text)
    i = text.find(name)
    while i >= 0:
        if i == 0 or not (_word_char(text[i - 1]) or text[i - 1] in "'’-"):
            j = i + len(name)
            if j < n and text[j] == "s" and (j + 1 == n or not (_word_char(text[j + 1]) or text[j + 1] == "-")):
                yield i, j + 1
            elif j == n or not (_word_char(text[j]) or text[j] == "-"):
                yield i, j
        i = text.find(name, i + 1)


def _role_cut(s: EntitySpan) -> EntitySpan:
    """``s`` without a trailing role noun in lower case or as an acronym ("Labour MPs" -> "Labour")."""
    if s.type == "PERSON" or " " not in s.text:
        return s
    _, roles, _ = _more_lists()
    head, _, last = s.text.rpartition(" ")
    one = last[:-1] if last.endswith("s") and len(last) > 2 else last
    if not (last.islower() or one.isupper()) or one.lower() not in roles or not head[:1].isupper():
        return s
    name = s.name[: -len(last)].rstrip() if s.name.endswith(last) else head
    return replace(s, end=s.start + len(head), text=head, name=name or head)


def _institutions(text: str, spans: list[EntitySpan | None]) -> list[EntitySpan | None]:
    """An institution's head joined with the name its "of"/"for" introduces (see the module docstring)."""
    _, _, heads = _more_lists()
    out: list[EntitySpan | None] = []
    i = 0
    n = len(spans)
    while i < n:
        s = spans[i]
        if s is None:
            out.append(s)
            i += 1
            continue
        last = s.text.rsplit(" ", 1)[-1]
        if last[:1].isupper() and last.lower() in heads and s.type != "PLACE":
            # the next span, when only "of"/"for" (and "the") stands between
            j = i + 1
            while j < n and spans[j] is None:
                j += 1
            nxt = spans[j] if j < n else None
            gap = text[s.end : nxt.start] if nxt is not None else ""
            g = _JOIN_GAP_RE.fullmatch(gap) if nxt is not None else None
            if nxt is not None and g and nxt.type != "PERSON" and nxt.text[:1].isupper():
                out.append(_joined(s, nxt, g, text))
                out.extend([None] * (j - i))
                i = j + 1
                continue
            r = _RUN_AFTER_RE.match(text, s.end)
            if r and (nxt is None or nxt.start >= r.end()):
                out.append(_joined(s, None, r, text))
                i += 1
                continue
        elif s.type != "PERSON" and s.text[:1].isupper() and _after_of(text, s.start):
            # the head untagged just before: "... the Church of England" with "England" alone a span
            h = _HEAD_BEFORE_RE.search(text, max(0, s.start - 24), s.start)
            if h and h.group(1).lower() in heads and (not out or out[-1] is None or out[-1].end <= h.start()):
                head = EntitySpan(h.start(), h.start() + len(h.group(1)), h.group(1), "ORG", h.group(1))
                g = _JOIN_GAP_RE.fullmatch(h.group(2))
                assert g is not None
                out.append(_joined(head, s, g, text))
                i += 1
                continue
        out.append(s)
        i += 1
    return out


def _after_of(text: str, at: int) -> bool:
    """Whether "of", "for" or "the" and a space stand just before ``at`` (what _HEAD_BEFORE_RE needs)."""
    tail = text[max(0, at - 12) : at]
    return tail[-1:].isspace() and tail.rstrip().endswith((" of", " for", " the"))


def _joined(head: EntitySpan, name: EntitySpan | None, gap: re.Match[str], text: str) -> EntitySpan:
    """One organisation from ``head`` through ``name`` (or through the capitalised run ``gap`` matched)."""
    words = " ".join(w for w in (gap.group(1), (gap.group(2) or "").strip()) if w)
    if name is None:
        run = gap.group(3)
        end = gap.end()
        tail = run
    else:
        end = name.end
        tail = name.name or name.text
    full = text[head.start : end]
    return EntitySpan(head.start, end, full, "ORG", f"{head.name or head.text} {words} {tail}")
