"""The word lists alias resolution reads: the shared lists of db/text/lexicon plus this folder's.

Each ``*-extra.txt`` here is what alias resolution reads besides the shared
list of that kind (the NER reads the shared one with extras of its own, frozen
with its model). All words are normalised: lower case, no dots.
"""

from __future__ import annotations

from pathlib import Path

from db.text import lexicon

HERE = Path(__file__).parent


def _own(name: str) -> frozenset[str]:
    return lexicon.words(name, HERE)


# Legal forms in two tiers: tier 1 is dropped from any name but a PLACE's, tier
# 2 (tier 1 and the rest) only from ORG and MISC names.
LEGAL_ANY_TYPE = _own("legal-forms-any-type")
LEGAL_ORG = LEGAL_ANY_TYPE | lexicon.words("legal-forms") | _own("legal-forms-extra")

HONORIFICS = lexicon.words("honorifics") | _own("honorifics-extra")

# Words after which a trailing country is part of the name ("Bank of India").
CONNECTORS = lexicon.words("name-connectors") | _own("name-connectors-extra")

COUNTRIES: frozenset[tuple[str, ...]] = frozenset(
    tuple(name.replace("-", " ").split()) for name in lexicon.entries("countries", HERE)
)
MAX_COUNTRY_WORDS = max(len(c) for c in COUNTRIES)
COUNTRY_WORDS = frozenset(c[0] for c in COUNTRIES if len(c) == 1)

# demonyms-split-leftovers.txt holds "south" and "lankan", which are no
# demonyms: see that file.
DEMONYMS = lexicon.words("demonyms") | _own("demonyms-extra") | _own("demonyms-split-leftovers")

# Last word of a multi-word base that makes it "clearly a company name".
COMPANY_WORDS = _own("company-words")

# Single words that with a country make a distinct name ("Air India").
GENERIC_WORDS = _own("generic-words")

# Lower-case words an ORG's name does not go on with ("Acme in India").
CUT_WORDS = _own("cut-words")

# Last words of a party's name the cross-document key leaves out ("Labour Party" is "labour").
PARTY_WORDS = _own("party-words")

# Last words of a fuller form that a bare name's prefix may join ("Acme" is "Acme Electronics",
# "Real" is "Real Madrid"); other tails make a product or a programme ("Nintendo DS", "BBC News")
# that the bare name is not.
COMPANY_TAILS = _own("company-words") | _own("company-tails-extra") | PARTY_WORDS

# Names no spelling rule relates ("tory" / "conservative"), both ways.
_SYN = lexicon.table("name-synonyms", HERE)
NAME_SYNONYMS: dict[str, str] = {**_SYN, **{v: k for k, v in _SYN.items()}}

# Words an ORG's acronym skips ("Bank of India" -> "BI").
ACRONYM_SKIP = _own("acronym-skip")

# Heads of institutions whose names go on with "of"/"for" ("Bank of England", "Office for National
# Statistics"), or end one ("European Commission"): tidy.py joins the head and its name, and a bare
# head ("the Bank", "the Commission") is a short form of such a name in its document.
INSTITUTION_HEADS = _own("institution-heads")
