"""The sentence around a match: the text either side, the tense of its clause, and cues in it."""

from __future__ import annotations

import re

from db.extract.dates.vocabulary import phrases, words

# tense around a relative expression: local prepositions first, else the
# nearest tense cue in the clause (future: "will", "is to", ...; past: "said",
# "was", "-ed" verbs, ...)
_LOCAL_FUTURE = re.compile(
    r"(?i)(?<![\w-])(?:" + phrases(words("tense-future-before")) + r")\s+(?:(?:on|in)\s+)?(?:the\s+)?$"
)
_LOCAL_PAST = re.compile(
    r"(?i)(?<![\w-])(?:" + phrases(words("tense-past-before")) + r")\s+(?:(?:on|in)\s+)?(?:the\s+)?$"
)
_CUE = re.compile(
    r"(?<![\w'’-])(?:(?P<f>(?i:" + phrases(words("tense-future-cues")) + r")|['’]ll)"
    r"|(?P<p>(?i:" + phrases(words("tense-past-cues")) + r")|(?<!be\s)(?<!been\s)(?<!being\s)[a-z]{2,}ed))(?![\w'’-])"
)
_NOT_PAST_ED = words("not-past-ed")

# "every July", "each Friday": a set, not a date
SET_BEFORE = re.compile(r"(?i)(?<![\w])(?:" + phrases(words("set-words")) + r")\s+(?:other\s+)?$")


class Context:
    """One sentence, ``text[start:end]``, and what the text around a position in it says."""

    __slots__ = ("text", "start", "end")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text = text
        self.start = start
        self.end = end

    def before(self, pos: int, width: int = 40) -> str:
        return self.text[max(self.start, pos - width) : pos]

    def after(self, pos: int, width: int = 40) -> str:
        return self.text[pos : min(self.end, pos + width)]

    def tense(self, s: int, e: int) -> int:
        """+1 if the clause around text[s:e] looks future, -1 if past, else 0.

        (Asked once per match: matches do not overlap, so a cache by position never hit.)
        """
        t = 0
        local = self.text[max(self.start, s - 30) : s]
        if self.text.startswith(("'s", "’s"), e):  # "Friday's vote" has happened
            t = -1
        elif _LOCAL_FUTURE.search(local):
            t = 1
        elif _LOCAL_PAST.search(local):
            t = -1
        else:
            lo = max(self.start, s - 70)
            hi = min(self.end, e + 50)
            left = self.text[lo:s]
            cut = max(left.rfind(";"), left.rfind(":"))
            if cut >= 0:
                lo += cut + 1
            right = self.text[e:hi]
            for ch in ";:":
                k = right.find(ch)
                if k >= 0:
                    hi = e + k
            best = 10**9
            for cm in _CUE.finditer(self.text, lo, hi):
                if cm.start() < e and cm.end() > s:
                    continue
                if cm["p"] and cm["p"].endswith("ed") and cm["p"].lower() in _NOT_PAST_ED:
                    continue
                dist = s - cm.end() if cm.end() <= s else cm.start() - e
                if dist < best:
                    best = dist
                    t = 1 if cm["f"] else -1
        return t


def is_sentence_start(text: str, lo: int, pos: int) -> bool:
    """Whether ``pos`` starts the sentence that begins at ``lo`` (or follows a quote, bracket or colon)."""
    before = text[lo:pos].rstrip()
    return not before or before[-1] in ".!?\"'`“‘(:;"


def title_not_at_start(m: re.Match[str], ctx: Context) -> bool:
    """A capitalised "This Week" / "Today" inside a sentence is a name."""
    ws = m.group(0).split()
    if not ws or not all(w[:1].isupper() for w in ws):
        return False
    if len(ws) == 1 and ws[0].isupper():
        return False
    before = ctx.text[ctx.start : m.start()].rstrip()
    if not before or before[-1] in ".!?:;":
        return False
    # after an opening quote: "Today, I am here" is a sentence; "This Week" a title
    return len(ws) > 1 or before[-1] not in "\"'`“‘(—–-"
