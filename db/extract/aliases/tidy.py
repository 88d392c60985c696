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
    "12 de Agosto", a saved page's date line).

General vocabularies only: no names of any corpus.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from db.extract.aliases.vocabulary import HERE
from db.extract.types import EntitySpan
from db.text import lexicon

_FIRST_WORD_RE = re.compile(r"([^\W\d_][\w'’]*)[\s,!.:]+(?=\S)")
_NUMBER_BEFORE_RE = re.compile(r"(?:\d|[½¼¾⅓⅔⅛])[\d.,/]*\s+$")


@cache
def _lists() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    return (
        lexicon.words("span-openers", HERE),
        lexicon.words("units-of-measure", HERE),
        lexicon.words("colour-words", HERE),
        lexicon.words("month-names-other-languages", HERE),
    )


def tidy(text: str, spans: list[EntitySpan]) -> list[EntitySpan | None]:
    """Each span as mended (same order), or None where it is no name (see the module docstring)."""
    openers, units, colours, months = _lists()
    out: list[EntitySpan | None] = []
    for s in spans:
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
        if m and m.group(1).lower() in openers and s.text[m.end()].isupper():
            cut = m.end()
            rest = s.text[cut:]
            name = s.name
            if name:
                nm = _FIRST_WORD_RE.match(name)
                name = name[nm.end() :] if nm and nm.group(1).lower() == m.group(1).lower() else rest
            out.append(replace(s, start=s.start + cut, text=rest, name=name))
            continue
        out.append(s)
    return out
