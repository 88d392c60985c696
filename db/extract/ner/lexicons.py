"""The NER's word lists: which files it reads, and the sets it makes of them.

A model directory (``model/`` beside this module by default) holds the two
CRFsuite models and the lists only the NER reads; the lists it shares with
alias resolution and the date grammar come from ``db/text/lexicon/``, each
with the NER's own additions in a file of the model directory named for what
it adds ("demonyms-ner-extra"). The lists the features read are frozen with
the model: the directory's manifest holds their hashes (``manifest.py``), so
a list edited without retraining stops the model from loading. The lists only
the news rules read can change freely.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from db.text import calendar, lexicon

MODEL_DIR = Path(__file__).parent / "model"

# The lists the features read, (name, shared): a shared list is in
# db/text/lexicon/, the others in the model directory. Months and weekdays
# come through db.text.calendar, which reads months.txt and weekdays.txt.
FEATURE_LISTS: tuple[tuple[str, bool], ...] = (
    ("honorifics", True),
    ("honorifics-ner-extra", False),
    ("legal-forms", True),
    ("legal-forms-ner-extra", False),
    ("demonyms", True),
    ("demonyms-ner-extra", False),
    ("months", True),
    ("weekdays", True),
    ("common-words", False),
    ("org-nouns", False),
    ("place-nouns", False),
    ("places", False),
    ("first-names", True),
    ("clusters", False),
)
# The lists only the rules read (after tagging; not in the manifest).
RULE_LISTS: tuple[tuple[str, bool], ...] = (
    ("name-connectors", True),
    ("name-connectors-ner-extra", False),
    ("title-glue", False),
    ("title-prefixes", False),
    ("personal-titles", False),
    ("roman-numerals", False),
    ("place-nouns-not-after-names", False),
    ("not-name-starts", False),
    ("generic-acronyms", False),
    ("numbered-name-heads", False),
    ("inner-roles", False),
)


def list_path(name: str, shared: bool, directory: Path = MODEL_DIR) -> Path:
    """The file of list ``name`` for the model in ``directory``."""
    return (lexicon.HERE if shared else directory) / f"{name}.txt"


@dataclass(frozen=True, slots=True)
class Lexicons:
    """The sets the NER's features and rules read, all lower case (but ``roman_numerals``)."""

    titles: frozenset[str]
    legal_suffixes: frozenset[str]
    demonyms: frozenset[str]
    months: frozenset[str]
    days: frozenset[str]
    common_words: frozenset[str]
    org_nouns: frozenset[str]
    place_nouns: frozenset[str]
    places: frozenset[tuple[str, ...]]  # the gazetteer: each name as its lower-case words
    first_names: frozenset[str]
    clusters: dict[str, tuple[str, str]]  # lower-case word -> (coarse, fine) cluster (scripts/build_clusters.py)
    # the rules' own
    name_connectors: frozenset[str]
    title_glue: frozenset[str]
    title_prefixes: frozenset[str]
    personal_titles: frozenset[str]
    roman_numerals: frozenset[str]
    place_nouns_after: frozenset[str]  # the place nouns that make the name before them a place
    not_name_starts: frozenset[str]  # sentence-opening words no name starts with ("For")
    generic_acronyms: frozenset[str]  # "PC", "GMT", "DVD": common nouns, never a name alone
    numbered_name_heads: frozenset[str]  # "radio": a number after it is part of the name ("Radio 4")
    inner_roles: frozenset[str]  # "leader", "mp": inside an ORG span before a name, a person starts ("Labour MP X")


def _clusters(directory: Path) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for word, value in lexicon.table("clusters", directory).items():
        coarse, _, fine = value.partition(" ")
        out[word] = (coarse, fine)
    return out


def load(directory: Path = MODEL_DIR) -> Lexicons:
    """The NER's lists for the model in ``directory`` (not checked against its manifest: see ``Model``)."""

    def own(name: str) -> frozenset[str]:
        return lexicon.words(name, directory)

    def shared(name: str) -> frozenset[str]:
        """A shared list with the NER's additions."""
        return lexicon.words(name) | own(name + "-ner-extra")

    place_nouns = own("place-nouns")
    return Lexicons(
        titles=shared("honorifics"),
        legal_suffixes=shared("legal-forms"),
        demonyms=shared("demonyms"),
        months=frozenset(m.lower() for m in calendar.MONTH_NAMES + calendar.MONTH_ABBREVIATIONS),
        days=frozenset(d.lower() for d in calendar.WEEKDAY_NAMES),
        common_words=own("common-words"),
        org_nouns=own("org-nouns"),
        place_nouns=place_nouns,
        places=frozenset(tuple(name.lower().split()) for name in lexicon.entries("places", directory)),
        first_names=frozenset(lexicon.table("first-names")),
        clusters=_clusters(directory),
        name_connectors=shared("name-connectors"),
        title_glue=own("title-glue"),
        title_prefixes=own("title-prefixes"),
        personal_titles=own("personal-titles"),
        roman_numerals=own("roman-numerals"),
        place_nouns_after=place_nouns - own("place-nouns-not-after-names"),
        not_name_starts=own("not-name-starts"),
        generic_acronyms=own("generic-acronyms"),
        numbered_name_heads=own("numbered-name-heads"),
        inner_roles=own("inner-roles"),
    )
