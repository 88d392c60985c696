"""Facts: unattributed sentences that tie entities together or carry a figure.

A sentence with no quote claim over it and no reported speech is a fact when
it names two or more distinct entities (after alias resolution) or carries a
figure (a number that is not a bare year, an amount, a percentage, a number
word). cue and speaker are None and the span is the sentence. Questions,
headlines (a whole line without final punctuation, 25 words or fewer) and
fragments under four words are skipped. find_claims applies the rule; this
module has its tests for figures and headlines.
"""

from __future__ import annotations

from db.extract.claims.document import n_words
from db.extract.claims.grammar import DATE_DAY_AFTER_RE, DATE_DAY_BEFORE_RE, YEAR_RE, figures
from db.text.types import Sentence

_TERMINAL = '.!?…"”’)]'


def has_figure(s: str) -> bool:
    for m in figures(s):  # the match's text may be in lower case: only its digits are read
        g = m.group()
        if g[0].isdigit():
            num = g.rstrip(",.")
            if YEAR_RE.match(num) and num == g.strip(",."):
                continue  # a bare year is a date, not a figure
            if (
                num.isdigit()
                and len(num) <= 2
                and (DATE_DAY_BEFORE_RE.match(s, m.end()) or DATE_DAY_AFTER_RE.search(s[: m.start()]))
            ):
                continue  # "13 September", "Sept. 13"
        return True
    return False


def is_headline(line_text: str, s: Sentence) -> bool:
    stripped = line_text.strip()
    if s.text.strip() != stripped:
        return False
    return stripped[-1:] not in _TERMINAL and n_words(stripped) <= 25
