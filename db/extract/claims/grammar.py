"""The claim finder's regular expressions, built from its word lists (lexicon.py).

Word alternations come from ``db.text.patterns.alternation`` (longest first,
factored by first letter). Each is followed by a word boundary, a space or an
end anchor, so the order of its words cannot change what matches; only where
a month name ends may ("sep"/"sept"), and those two regexes are only tested.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from db.extract.claims.lexicon import (
    ADVERBIAL_STARTS,
    AUXILIARIES,
    NOT_A_SOURCE_NOUNS,
    NOUN_BEFORE_VERB,
    NUMBER_WORDS,
    PERSON_REFERENCE_NOUNS,
    QUOTE_CUE_VERBS_EXTRA,
    RECIPIENTS,
    REFERENCE_NOUNS,
    SAYING_VERBS_WITH_THAT,
    SPEAKS_FOR_NOUNS,
    SPEECH_VERBS,
    SPEECH_VERBS_WITH_THAT,
)
from db.extract.lowered import same_lower
from db.text.calendar import MONTH_ABBREVIATIONS, MONTH_NUMBER, WEEKDAYS
from db.text.patterns import alternation

VERB_ALT = alternation(SPEECH_VERBS | SPEECH_VERBS_WITH_THAT)
VERB_RE = re.compile(rf"\b(?:{VERB_ALT})\b", re.IGNORECASE)
_VERB_LOWER_RE = re.compile(rf"\b(?:{VERB_ALT})\b")


def speech_verbs(s: str) -> Iterator[re.Match[str]]:
    """``VERB_RE.finditer(s)``, read on the lower case of ``s`` where that finds the same verbs at
    the same offsets (db.extract.lowered): the matches' text may be in lower case."""
    low = same_lower(s)
    return VERB_RE.finditer(s) if low is None else _VERB_LOWER_RE.finditer(low)


def figures(s: str) -> Iterator[re.Match[str]]:
    """``FIGURE_RE.finditer(s)``, read on the lower case where that is the same (db.extract.lowered):
    the matches' text may be in lower case."""
    low = same_lower(s)
    return FIGURE_RE.finditer(s) if low is None else _FIGURE_LOWER_RE.finditer(low)


AUX = alternation(AUXILIARIES) + r"|has\s+also|had\s+also|on\s+\w+day"
AUX_GAP_RE = re.compile(rf"(?:\s|,\s*however\s*,|\b(?:{AUX})\b)*")

# a back-reference: a pronoun, or a definite description of an organisation or a person ("the
# firm", "the Dallas oil and gas concern", "Canada's largest retailer", "the 21-year-old")
_REF_NOUN = rf"(?:{alternation(REFERENCE_NOUNS | PERSON_REFERENCE_NOUNS)}|\d+-years?-old)(?![\w-])"
_REF = rf"(?:he|she|it|they|(?:(?:the|this)\s+|[A-Z][\w-]+['’]s\s+)(?:[\w’'-]+\s+){{0,10}}?(?:{_REF_NOUN}))"
# a back-reference (or pronoun) directly before a verb; matched on the text before the verb
REF_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\s,(—–-]))(?P<ref>{_REF})(?:\s*,[^,]{{1,120}},)?{AUX_GAP_RE.pattern}$",
    re.IGNORECASE,
)
# a back-reference at the start of a region (after a post-quote cue)
REF_AFTER_RE = re.compile(rf"[\s,]*(?P<ref>{_REF})\b", re.IGNORECASE)
COORD_RE = re.compile(rf"\b(?:and|but)(?:\s+(?:{AUX}))*\s*$", re.IGNORECASE)
# after a possessive name, before the verb: who speaks for it ("X's office said")
SPEAKS_FOR_RE = re.compile(
    rf"(?:['’]s)?\s+(?:(?:press|own)\s+)?(?:{alternation(SPEAKS_FOR_NOUNS)}){AUX_GAP_RE.pattern}", re.IGNORECASE
)
NOUN_BEFORE_RE = re.compile(rf"\b(?:{alternation(NOUN_BEFORE_VERB)})\s+$", re.IGNORECASE)

_ADVERBIALS = ADVERBIAL_STARTS | {name.lower() for name, _ in WEEKDAYS}  # "announced Friday"
_ADV_START = r"to(?=\s+(?:the|a|an|its|his|her|their|our|reporters|journalists|[A-Z]))|" + alternation(_ADVERBIALS)
ADV_RE = re.compile(rf"(?:{_ADV_START})$", re.IGNORECASE)
# gap between a verb and "that": an adverbial phrase, no sentence punctuation or comma-clauses
THAT_GAP_RE = re.compile(
    rf"(?P<gap>\s*,?\s*(?:(?:{_ADV_START})\b[^.;:!?“”\"]{{0,120}}?)?\s*,?\s*)\bthat\b",
    re.IGNORECASE,
)
RECIPIENT_RE = re.compile(
    r"\s+(?:(?:the|a|an|his|her|their|its|our|local|state|foreign|national)\s+)?(?:[\w-]+\s+){0,2}?"
    rf"(?:{alternation(RECIPIENTS)})\b"
    r"|\s+(?:the\s+)?(?:[A-Z][\w.&’'-]*)(?:\s+[A-Z][\w.&’'-]*){0,3}"
    # any short noun phrase directly before "that": "told the cabinet that"
    r"|\s+(?:the|his|her|their|its|a)\s+(?:[\w-]+\s+){0,2}?[\w-]+(?=\s+that\b)"
    # or with no determiner: "told stock market regulators that"
    r"|\s+(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*(?=\s+that\b)",
)
NOT_A_SOURCE_RE = re.compile(rf"\b(?:{alternation(NOT_A_SOURCE_NOUNS)})\b", re.IGNORECASE)
ACCORDING_RE = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
SAYING_RE = re.compile(
    rf",\s*(?:(?P<cue>saying)(?P<that>\s+that)?|(?P<cue2>{alternation(SAYING_VERBS_WITH_THAT)})(?P<that2>\s+that))\b",
    re.IGNORECASE,
)
POST_CUE_RE = re.compile(
    rf"[\s,;:—–-]*(?P<cue>(?:(?:{AUX})\s+)*(?:{VERB_ALT}|{alternation(QUOTE_CUE_VERBS_EXTRA)}|according\s+to))\b",
    re.IGNORECASE,
)
PRE_QUOTE_GAP_RE = re.compile(
    rf"\s*(?:,?\s*(?:{_ADV_START})\b[^“”\".;!?,]{{0,60}}?)?\s*,?\s*(?:that\s*)?[:,—–-]?\s*",
    re.IGNORECASE,
)
PRE_ACCORDING_RE = re.compile(r"\baccording\s+to\b(?P<src>[^“”\".;!?,]{1,100}?)[\s,:—–-]*$", re.IGNORECASE)
INFINITIVE_RE = re.compile(r"\b(?:to|not|n't|never|would not|did not|does not)\s*$", re.IGNORECASE)
# end of a clause/region: sentence punctuation (not after an initial), a quote mark
REGION_END_RE = re.compile(
    r"(?<![\s.][A-Z])[.!?;](?=\s|$|[\"”’'])|[“\"]|``|,\s*(?:which|who|where|when)\b|\s(?:which|who)\s"
)
QMARK_RE = re.compile(r"``|''|[“”„«»\"]")
WORD_RE = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")

_FIGURE = (
    rf"[$€£¥₹]\s?\d|\d\s?%|\d\s?(?:per\s?cent|percent)\b|\b(?:{alternation(NUMBER_WORDS)})\b|"
    r"(?<![\w.])\d[\d,.]*(?:\s?(?:m|bn|k|mn|million|billion|trillion|crore|lakh))?\b(?![\d-])"
)
FIGURE_RE = re.compile(_FIGURE, re.IGNORECASE)
_FIGURE_LOWER_RE = re.compile(_FIGURE)
YEAR_RE = re.compile(r"(?:1[89]|20)\d\d$")
# "sep" and "sept", "may": each month's first three letters and its abbreviations
_MONTHS = alternation(set(MONTH_NUMBER) | {a.lower() for a in MONTH_ABBREVIATIONS})
DATE_DAY_BEFORE_RE = re.compile(rf"^\s*(?:st|nd|rd|th)?\s+(?:{_MONTHS})", re.IGNORECASE)
DATE_DAY_AFTER_RE = re.compile(rf"(?:{_MONTHS})[a-z]*\.?\s+$", re.IGNORECASE)
