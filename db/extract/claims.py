"""Attributed claims: who says what, and unattributed facts tying entities together.

``find_claims(text, sentences, entities, resolution) -> list[ClaimSpan]``
(``resolution`` is ``aliases.resolve(entities)``), spans in text order,
offsets absolute (``text[c.start:c.end] == c.text``); a span never
crosses a line break.

Kinds of claim
--------------
Direct quotes
    The span is the quoted text WITH its quote marks (“...” or "..."; an
    unclosed quote runs to the end of its line, the news convention for a
    quote that goes on in the next paragraph). Single quotes are not taken as
    speech (they are mostly scare quotes and apostrophes). A quote is a claim
    only when attributed: a cue after it (“...,” said X / “...,” X said /
    “...,” according to a statement from X / said, X, Title, Org) or before
    it (X said: “...” / X told Reuters “...” / according to X, “...”). A
    quote with no cue of its own inherits the attribution of the quote just
    before it in the same line (“...,” he said. “...”) or, when it opens a
    line, of the quote that ended the previous line.
Reported speech
    In sentences not covered by a quote claim: "X said (in a filing to Y on
    Wednesday) that CLAUSE", "X told Reuters CLAUSE", "X said CLAUSE", "CLAUSE,
    X said." / "CLAUSE, said X.", "according to X, CLAUSE" / "CLAUSE, according
    to X", "X has denied ..., saying CLAUSE" (", adding that", ", arguing
    that", ... need "that"), and weaker verbs only with "that" ("X indicated
    that", "media reports add that", "X revealed that"). The span is the
    reported clause, up to the end of the sentence (its final punctuation
    included); for "CLAUSE, X said." it is the clause before the comma. One
    claim per sentence: the first cue that parses wins.
Facts
    Other sentences that name two or more distinct entities (after alias
    resolution) or carry a figure (a number that is not a bare year, an
    amount, a percentage, a number word). cue and speaker are None and the
    span is the sentence. Questions, headlines (a whole line without final
    punctuation, 25 words or fewer) and fragments under four words are
    skipped.

Speaker and cue
---------------
``speaker`` is the index into ``entities`` of the mention that speaks; the
mention's cluster type (from :mod:`db.extract.aliases`) decides: a mention
right before the verb, else the nearest PERSON, else ORG. A back-reference
("the firm", "the Chinese company", "it") resolves to the ORG last named as
a subject (an ORG/PERSON mention early in a sentence, not after a
preposition, not possessive, outside quotes; ORG speakers count too);
"he"/"she" to the last PERSON named. Then ``speaker`` is that mention's
index and ``speaker_ref`` holds the back-reference as written (so, unlike
the "instead" in ClaimSpan's docstring, both are set; the caller need not
resolve anything); when nothing fits, ``speaker`` is None and
``speaker_ref`` still says who was meant ("they", an unknown "he"). Non-entity sources
("media reports", "analysts") give ``speaker`` None and ``speaker_ref`` None.
``cue`` is the cue as written: "said", "according to"/"According to",
"indicated that", "add that", "saying", "told". "that" is part of the cue
only when it directly follows the verb. ``entities`` are the indices of the
mentions inside the span.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from db.extract.aliases import Resolution
from db.extract.types import ClaimSpan, EntitySpan
from db.text.types import Sentence

__all__ = ["find_claims"]

# --------------------------------------------------------------------------- lexicon

# Speech verbs that report a statement without "that".
_STRONG = [
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "warned",
    "warns",
    "warn",
    "insisted",
    "insists",
    "insist",
    "argued",
    "argues",
    "argue",
    "explained",
    "explains",
    "explain",
    "stressed",
    "stresses",
    "stress",
    "wrote",
    "writes",
    "commented",
    "replied",
    "replies",
    "responded",
    "conceded",
    "concedes",
    "cautioned",
    "cautions",
    "emphasised",
    "emphasized",
    "emphasises",
    "emphasizes",
    "reiterated",
    "reiterates",
    "asserted",
    "asserts",
    "contended",
    "contends",
    "declared",
    "declares",
    "acknowledged",
    "acknowledges",
    "remarked",
    "quipped",
    "recalled",
    "recalls",
    "tweeted",
    "posted",
]
# Verbs that report speech only with "that".
_WEAK = [
    "indicated",
    "indicates",
    "claimed",
    "claims",
    "announced",
    "announces",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "revealed",
    "reveals",
    "reported",
    "reports",
    "admitted",
    "admits",
    "maintained",
    "maintains",
    "suggested",
    "suggests",
    "disclosed",
    "discloses",
    "alleged",
    "alleges",
    "stated",
    "states",
    "believes",
    "believe",
    "believed",
    "thinks",
    "think",
    "expects",
    "expect",
    "estimated",
    "estimates",
    "predicted",
    "predicts",
    "hopes",
    "hoped",
    "fears",
    "feared",
    "agreed",
    "agrees",
    "promised",
    "promises",
    "vowed",
    "vows",
    "signalled",
    "signaled",
    "signals",
    "mentioned",
    "mentions",
    "observed",
    "observes",
    "add",
    "noted",
    "notes",
    "showed",
    "shows",
    "found",
    "finds",
    "hinted",
    "hints",
    "concluded",
    "concludes",
    "assured",
    "assures",
    "informed",
    "informs",
    "learned",
]
_MULTI = ["pointed out", "points out", "made clear", "makes clear"]
_TOLD = frozenset({"told", "tells", "informed", "informs", "assured", "assures"})
_STRONG_SET = frozenset(_STRONG) | frozenset(_MULTI)


def _by_first_letter(alternatives: list[str]) -> str:
    """``"|".join(alternatives)`` factored by first letter ("s(?:aid|ays)|...").

    The regex engine tries the branches one by one: factored, a word start
    is rejected on one test per letter group instead of one per verb. The
    verbs are lower-case letters, so only one group can match at a position
    and it keeps the given order: every match is the flat list's.
    """
    groups: dict[str, list[str]] = {}
    for a in alternatives:
        groups.setdefault(a[0], []).append(a[1:])
    return "|".join(k + "(?:" + "|".join(rest) + ")" for k, rest in groups.items())


_VERB_ALT = _by_first_letter(sorted((re.escape(v) for v in _STRONG + _WEAK + _MULTI), key=len, reverse=True))
_VERB_RE = re.compile(rf"\b(?:{_VERB_ALT})\b", re.IGNORECASE)

_AUX = (
    r"has|have|had|will|would|could|also|later|further|then|previously|recently|earlier|"
    r"again|separately|publicly|privately|repeatedly|reportedly|once|even|still|already|"
    r"since|subsequently|now|however|has\s+also|had\s+also|on\s+\w+day"
)
_AUX_GAP_RE = re.compile(rf"(?:\s|,\s*however\s*,|\b(?:{_AUX})\b)*")

_REF_NOUNS = (
    r"firm|company|group|corporation|conglomerate|carmaker|automaker|manufacturer|maker|"
    r"lender|bank|insurer|retailer|giant|start-?up|operator|airline|brand|business|outfit|"
    r"chipmaker|vendor|supplier|producer|subsidiary|unit|e-?tailer|miner|broker|platform"
)
_REF = rf"(?:he|she|it|they|(?:the|this)\s+(?:[\w’'-]+\s+){{0,3}}?(?:{_REF_NOUNS}))"
# a back-reference (or pronoun) directly before a verb; matched on the text before the verb
_REF_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\s,(—–-]))(?P<ref>{_REF})(?:\s*,[^,]{{1,40}},)?{_AUX_GAP_RE.pattern}$",
    re.IGNORECASE,
)
# a back-reference at the start of a region (after a post-quote cue)
_COORD_RE = re.compile(rf"\b(?:and|but)(?:\s+(?:{_AUX}))*\s*$", re.IGNORECASE)
_NOUN_BEFORE_RE = re.compile(
    r"\b(?:the|a|an|this|that|these|those|their|his|her|its|our|my|your|no|any|some|final|much|"
    r"little|more|have|has|had|whose|every|each)\s+$",
    re.IGNORECASE,
)
_THAT_PRONOUN_NEXT = frozenset(
    [
        "will",
        "would",
        "is",
        "was",
        "could",
        "can",
        "has",
        "had",
        "may",
        "might",
        "should",
        "must",
        "does",
        "did",
        "means",
        "meant",
        "seems",
        "makes",
        "made",
    ]
)
_REF_AFTER_RE = re.compile(rf"[\s,]*(?P<ref>{_REF})\b", re.IGNORECASE)
_PRONOUN_PERSON = frozenset({"he", "she"})

_ADV_START = (
    r"in|on|at|during|to(?=\s+(?:the|a|an|its|his|her|their|our|reporters|journalists|[A-Z]))|via|through|"
    r"from|after|before|last|this|earlier|later|late|yesterday|"
    r"today|tonight|recently|previously|also|again|separately|further|then|however|publicly|"
    r"privately|repeatedly|when|while|as|for|with|under|over|within|by|of|about|ahead"
)
_ADV_RE = re.compile(rf"(?:{_ADV_START})$", re.IGNORECASE)
# gap between a verb and "that": an adverbial phrase, no sentence punctuation or comma-clauses
_THAT_GAP_RE = re.compile(
    rf"(?P<gap>\s*,?\s*(?:(?:{_ADV_START})\b[^.;:!?“”\"]{{0,120}}?)?\s*,?\s*)\bthat\b",
    re.IGNORECASE,
)
_RECIPIENT_RE = re.compile(
    r"\s+(?:(?:the|a|an|local|state|foreign|national)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:reporters|journalists|media|press|newspaper|paper|agency|investors|analysts|lawmakers|"
    r"legislators|parliament|court|audience|crowd|conference|him|her|them|us|me|shareholders|"
    r"employees|staff|officials|lawmakers|broadcaster|television|radio|website|daily)\b"
    r"|\s+(?:the\s+)?(?:[A-Z][\w.&’'-]*)(?:\s+[A-Z][\w.&’'-]*){0,3}",
)
_NOT_A_SOURCE_RE = re.compile(
    r"\b(?:laws?|rules?|plans?|schedule|regulations?|guidelines?|tradition|custom|agreements?|contracts?|"
    r"terms|needs?|size|age|priority|merit|instructions?|protocols?|procedures?|principles?)\b",
    re.IGNORECASE,
)
_ACCORDING_RE = re.compile(r"\baccording\s+to\b", re.IGNORECASE)
_SAYING_RE = re.compile(
    r",\s*(?:(?P<cue>saying)(?P<that>\s+that)?|(?P<cue2>adding|arguing|claiming|insisting|noting|warning|"
    r"explaining|stressing|stating|maintaining|contending|asserting)(?P<that2>\s+that))\b",
    re.IGNORECASE,
)
_POST_CUE_RE = re.compile(
    rf"[\s,;:—–-]*(?P<cue>(?:(?:{_AUX})\s+)*(?:{_VERB_ALT}|asked|continued|according\s+to))\b",
    re.IGNORECASE,
)
_PRE_QUOTE_GAP_RE = re.compile(
    rf"\s*(?:,?\s*(?:{_ADV_START})\b[^“”\".;!?,]{{0,60}}?)?\s*,?\s*(?:that\s*)?[:,—–-]?\s*",
    re.IGNORECASE,
)
_PRE_ACCORDING_RE = re.compile(r"\baccording\s+to\b(?P<src>[^“”\".;!?,]{1,100}?)[\s,:—–-]*$", re.IGNORECASE)
_INFINITIVE_RE = re.compile(r"\b(?:to|not|n't|never|would not|did not|does not)\s*$", re.IGNORECASE)
# end of a clause/region: sentence punctuation (not after an initial), a quote mark
_REGION_END_RE = re.compile(
    r"(?<![\s.][A-Z])[.!?;](?=\s|$|[\"”’])|[“\"]|,\s*(?:which|who|where|when)\b|\s(?:which|who)\s"
)
_QMARK_RE = re.compile(r"[“”„«»\"]")
_WORD_RE = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*")

_NUMBER_WORDS = (
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    r"ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|"
    r"dozen|dozens|crore|crores|lakh|lakhs|half|quarter|double|doubled|triple|tripled"
)
_FIGURE_RE = re.compile(
    rf"[$€£¥₹]\s?\d|\d\s?%|\d\s?(?:per\s?cent|percent)\b|\b(?:{_NUMBER_WORDS})\b|"
    r"(?<![\w.])\d[\d,.]*(?:\s?(?:m|bn|k|mn|million|billion|trillion|crore|lakh))?\b(?![\d-])",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d$")
_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_DAY_BEFORE_RE = re.compile(rf"^\s*(?:st|nd|rd|th)?\s+(?:{_MONTHS})", re.IGNORECASE)
_DATE_DAY_AFTER_RE = re.compile(rf"(?:{_MONTHS})[a-z]*\.?\s+$", re.IGNORECASE)
_PREPOSITIONS = frozenset(
    [
        "with",
        "of",
        "for",
        "to",
        "from",
        "by",
        "in",
        "on",
        "at",
        "about",
        "against",
        "between",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "than",
        "like",
        "via",
        "including",
        "as",
        "among",
        "across",
        "through",
        "toward",
        "towards",
        "upon",
        "within",
        "without",
        "behind",
        "beyond",
        "despite",
        "during",
        "per",
        "versus",
        "vs",
    ]
)
_TERMINAL = '.!?…"”’)]'
_OPENERS = "“„«"
_SUBJECT_MAX_WORDS = 10


@dataclass(slots=True)
class _Proto:
    start: int
    end: int
    cue: str | None
    speaker: int | None = None
    ref: str | None = None
    ref_pos: int = -1
    is_quote: bool = False
    attributed: bool = False
    entities: tuple[int, ...] = field(default_factory=tuple)


class _Doc:
    """Per-document state shared by the finders."""

    def __init__(self, text: str, sentences: list[Sentence], entities: list[EntitySpan], res: Resolution):
        self.text = text
        self.sentences = sentences
        self.entities = entities
        self.starts = [e.start for e in entities]
        self.cluster = list(res.of_mention)
        self.ctype = [res.entities[c].type for c in res.of_mention]
        self.sent_starts = [s.start for s in sentences]
        self.org_subjects: list[tuple[int, int]] = []  # (position, mention index)
        self.quotes: list[tuple[int, int, bool]] = []  # (open, end, closed), text order
        self.quote_starts: list[int] = []
        self.line_quotes: dict[int, list[tuple[int, int, bool]]] = {}  # line start -> its quotes

    # -- mentions ---------------------------------------------------------------
    def mentions_in(self, lo: int, hi: int) -> list[int]:
        i = bisect.bisect_left(self.starts, lo)
        out = []
        ents = self.entities
        while i < len(ents) and ents[i].start < hi:
            if ents[i].end <= hi:
                out.append(i)
            i += 1
        return out

    def pick(self, idx: list[int], rightmost: bool) -> int | None:
        """PERSON first, then ORG; the nearest to the verb."""
        seq = list(reversed(idx)) if rightmost else idx
        for want in ("PERSON", "ORG"):
            for i in seq:
                if self.ctype[i] == want:
                    return i
        return None

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quote_starts, pos) - 1
        return k >= 0 and pos < self.quotes[k][1]

    def sentence_at(self, pos: int) -> Sentence | None:
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        if k >= 0 and pos < self.sentences[k].end:
            return self.sentences[k]
        return None

    # -- speakers ---------------------------------------------------------------
    def speaker_before(self, lo: int, verb: int) -> tuple[int | None, str | None, int]:
        """Speaker of a verb at ``verb`` whose subject lies in [lo, verb)."""
        text = self.text
        idx = [i for i in self.mentions_in(lo, verb) if not self.in_quote(self.entities[i].start)]
        if idx:
            last = idx[-1]
            gap = text[self.entities[last].end : verb]
            if _AUX_GAP_RE.fullmatch(gap) and self.ctype[last] in ("PERSON", "ORG", "PLACE"):
                return last, None, -1
        m = _REF_BEFORE_RE.search(text, lo, verb)
        if m:
            return None, m.group("ref"), m.start("ref")
        idx = [i for i in idx if not self.possessive(i)]
        if _COORD_RE.search(text, lo, verb):
            # "X did this ... but said ...": the speaker is the sentence's subject
            if idx and _words(text[lo : self.entities[idx[0]].start]) <= 2 and self.ctype[idx[0]] in ("PERSON", "ORG"):
                return idx[0], None, -1
            m = _REF_AFTER_RE.match(text, lo, verb)
            if m and _words(text[lo : m.start("ref")]) <= 1:
                return None, m.group("ref"), m.start("ref")
            return None, None, -1
        pick = self.pick(idx, rightmost=True)
        return pick, None, -1

    def possessive(self, i: int) -> bool:
        e = self.entities[i]
        return e.text.endswith(("’s", "'s")) or self.text.startswith(("’s", "'s"), e.end)

    def speaker_after(self, lo: int, hi: int) -> tuple[int | None, str | None, int]:
        """Speaker named after a cue, in [lo, hi): first PERSON, else ORG, else a back-reference."""
        m = _REF_AFTER_RE.match(self.text, lo, hi)
        idx = self.mentions_in(lo, hi)
        if m and (not idx or self.entities[idx[0]].start >= m.end()):
            return None, m.group("ref"), m.start("ref")
        pick = self.pick(idx, rightmost=False)
        if pick is None and idx and self.entities[idx[0]].start - lo < 40:
            pick = idx[0]
        return pick, None, -1

    def region_end(self, lo: int, hi: int) -> int:
        m = _REGION_END_RE.search(self.text, lo, hi)
        return m.start() if m else hi


# --------------------------------------------------------------------------- helpers


def _lines_of(text: str, sentences: list[Sentence]) -> list[tuple[int, int, list[Sentence]]]:
    out: list[tuple[int, int, list[Sentence]]] = []
    for s in sentences:
        if out and out[-1][0] <= s.start < out[-1][1]:
            out[-1][2].append(s)
            continue
        lo = text.rfind("\n", 0, s.start) + 1
        hi = text.find("\n", s.start)
        if hi < 0:
            hi = len(text)
        out.append((lo, hi, [s]))
    return out


def _find_quotes(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    quotes: list[tuple[int, int, bool]] = []
    open_at = -1
    for m in _QMARK_RE.finditer(text, lo, hi):
        c = m.group()
        p = m.start()
        if open_at < 0:
            if c in _OPENERS or (
                c == '"' and (p == lo or not text[p - 1].isalnum()) and p + 1 < hi and not text[p + 1].isspace()
            ):
                open_at = p
        elif c in "”»" or (c == '"' and not text[p - 1].isspace()):
            quotes.append((open_at, p + 1, True))
            open_at = -1
        elif c in _OPENERS:
            quotes.append((open_at, p, False))
            open_at = p
    if open_at >= 0:
        quotes.append((open_at, hi, False))
    out = []
    for o, e, closed in quotes:
        while e > o + 1 and text[e - 1].isspace():
            e -= 1
        if _WORD_RE.search(text, o, e):
            out.append((o, e, closed))
    return out


def _words(s: str) -> int:
    return len(_WORD_RE.findall(s))


def _trim(text: str, lo: int, hi: int, strip: str = " \t,;:—–-") -> tuple[int, int]:
    while lo < hi and text[lo] in strip:
        lo += 1
    while hi > lo and text[hi - 1] in " \t,;:—–-":
        hi -= 1
    return lo, hi


def _has_figure(s: str) -> bool:
    for m in _FIGURE_RE.finditer(s):
        g = m.group()
        if g[0].isdigit():
            num = g.rstrip(",.")
            if _YEAR_RE.match(num) and num == g.strip(",."):
                continue  # a bare year is a date, not a figure
            if (
                num.isdigit()
                and len(num) <= 2
                and (_DATE_DAY_BEFORE_RE.match(s, m.end()) or _DATE_DAY_AFTER_RE.search(s[: m.start()]))
            ):
                continue  # "13 September", "Sept. 13"
        return True
    return False


def _is_headline(line_text: str, s: Sentence) -> bool:
    stripped = line_text.strip()
    if s.text.strip() != stripped:
        return False
    return stripped[-1:] not in _TERMINAL and _words(stripped) <= 25


# --------------------------------------------------------------------------- finders


def _subjects(d: _Doc) -> None:
    """ORG subjects for back-references: per sentence, the first PERSON/ORG mention
    among its first words, not after a preposition, not possessive, outside quotes."""
    text = d.text
    for s in d.sentences:
        for i in d.mentions_in(s.start, s.end):
            e = d.entities[i]
            if d.ctype[i] not in ("PERSON", "ORG") or d.in_quote(e.start):
                continue
            before = text[s.start : e.start]
            if _words(before) > _SUBJECT_MAX_WORDS:
                break
            prev = before.split()
            if prev and prev[-1].lower().strip(",") in _PREPOSITIONS:
                continue
            if text.startswith(("’s", "'s"), e.end) or e.text.endswith(("’s", "'s")):
                continue
            if d.ctype[i] == "ORG":
                d.org_subjects.append((e.start, i))
            break


def _quote_claims(
    d: _Doc, lo: int, hi: int, prev_line_quote: _Proto | None
) -> tuple[list[_Proto], list[tuple[int, int]]]:
    text = d.text
    protos: list[_Proto] = []
    covered: list[tuple[int, int]] = []
    quotes = d.line_quotes[lo]
    last_cover_hi = lo
    for qi, (o, e, closed) in enumerate(quotes):
        nxt = quotes[qi + 1][0] if qi + 1 < len(quotes) else hi
        p = _Proto(o, e, None, is_quote=True)
        cover_lo, cover_hi = o, e
        # ---- attribution after the quote
        if closed:
            inner_end = text[e - 2] if e - 2 > o else ""
            post_lo = e
            post_hi = min(nxt, hi, e + 250)
            ends_punct = inner_end in ",!?…—–-" or text[post_lo : post_lo + 1] in (",", "—", "–")
            if inner_end == ".":
                # “... .” ends a sentence: only a lowercase word can attach an attribution
                nw = _WORD_RE.search(text, post_lo, post_hi)
                ends_punct = bool(nw) and nw.group()[0].islower() and not text[post_lo : nw.start()].strip()
            m = _POST_CUE_RE.match(text, post_lo, post_hi) if ends_punct else None
            if m:
                cue_txt = m.group("cue")
                verb = _VERB_RE.search(cue_txt)
                p.cue = (
                    " ".join((verb.group() if verb else cue_txt).split())
                    if "ccording" not in cue_txt
                    else " ".join(cue_txt.split()[-2:])
                )
                r_lo = m.end()
                r_hi = d.region_end(r_lo, post_hi)
                p.speaker, p.ref, p.ref_pos = d.speaker_after(r_lo, r_hi)
                p.attributed = True
                cover_hi = r_hi
            elif ends_punct:
                # “...,” SUBJECT said
                r_hi = d.region_end(post_lo, post_hi)
                vm = _VERB_RE.search(text, post_lo, r_hi)
                if vm and vm.group().lower() in _STRONG_SET | {
                    "claimed",
                    "claims",
                    "confirmed",
                    "announced",
                    "noted",
                    "added",
                    "stated",
                    "reported",
                    "revealed",
                }:
                    subj = text[post_lo : vm.start()]
                    rest_lo = vm.end()
                    if vm.group().lower() in _TOLD:
                        rm = _RECIPIENT_RE.match(text, rest_lo, r_hi)
                        rest_lo = rm.end() if rm else rest_lo
                    rest = text[rest_lo:r_hi]
                    rw = _WORD_RE.search(rest)
                    # the attribution ends the sentence or goes on with an adverbial
                    short = not rw or rest[: rw.start()].strip() or _ADV_RE.match(rw.group()) or _words(rest) <= 3
                    if short and _words(subj) <= 8 and not _INFINITIVE_RE.search(subj):
                        p.cue = vm.group()
                        p.speaker, p.ref, p.ref_pos = d.speaker_before(post_lo, vm.start())
                        p.attributed = True
                        cover_hi = d.region_end(vm.end(), post_hi)
        # ---- attribution before the quote
        if not p.attributed:
            s = d.sentence_at(o)
            s_lo = s.start if s else lo
            prev_q_end = max((q[1] for q in quotes[:qi]), default=lo)
            s_lo = max(s_lo, prev_q_end)
            if o > s_lo:
                pre = text[s_lo:o]
                am = _PRE_ACCORDING_RE.search(pre)
                last_v = None
                for vm in _VERB_RE.finditer(text, s_lo, o):
                    last_v = vm
                if am:
                    src_lo = s_lo + am.start("src")
                    src_hi = s_lo + am.end("src")
                    p.cue = " ".join(pre[am.start() : am.start("src")].split())
                    p.speaker, p.ref, p.ref_pos = d.speaker_after(src_lo, src_hi)
                    p.attributed = True
                    cover_lo = s_lo
                elif last_v is not None:
                    gap_lo = last_v.end()
                    verb = last_v.group().lower()
                    if verb in _TOLD:
                        rm = _RECIPIENT_RE.match(text, gap_lo, o)
                        if rm:
                            gap_lo = rm.end()
                    if _PRE_QUOTE_GAP_RE.fullmatch(text, gap_lo, o) and not _INFINITIVE_RE.search(
                        text, s_lo, last_v.start()
                    ):
                        p.cue = last_v.group()
                        p.speaker, p.ref, p.ref_pos = d.speaker_before(s_lo, last_v.start())
                        p.attributed = True
                        cover_lo = s_lo
        # ---- inherited attribution
        if not p.attributed:
            src = None
            if protos and not text[last_cover_hi:o].strip(" \t,.;:—–-"):
                src = protos[-1]  # “...,” he said. “...”
            elif qi == 0 and prev_line_quote is not None and not text[lo:o].strip():
                src = prev_line_quote
            if src is not None:
                p.cue, p.speaker, p.ref, p.ref_pos = src.cue, src.speaker, src.ref, src.ref_pos
                p.attributed = True
        if p.attributed:
            protos.append(p)
            covered.append((cover_lo, cover_hi))
            last_cover_hi = cover_hi
    return protos, covered


def _reported(d: _Doc, s: Sentence, masked: str) -> _Proto | None:
    text = d.text
    base = s.start
    # ---- according to
    am = _ACCORDING_RE.search(masked)
    if am:
        a_lo, a_hi = base + am.start(), base + am.end()
        src_hi = d.region_end(a_hi, s.end)
        comma = text.find(",", a_hi, src_hi)
        if comma >= 0:
            src_hi = comma
        cue = " ".join(text[a_lo:a_hi].split())
        if _NOT_A_SOURCE_RE.search(text, a_hi, src_hi):
            am = None  # "according to the law / the plan"
        speaker, ref, ref_pos = d.speaker_after(a_hi, src_hi)
        before_words = _words(text[s.start : a_lo])
        after_words = _words(text[src_hi : s.end])
        if before_words == 0:
            c_lo, c_hi = _trim(text, src_hi, s.end)
        elif after_words >= 3 and before_words >= 3:
            c_lo, c_hi = s.start, s.end
        else:
            c_lo, c_hi = _trim(text, s.start, a_lo)
        if am and _words(text[c_lo:c_hi]) >= 3:
            return _Proto(c_lo, c_hi, cue, speaker, ref, ref_pos)
    # ---- speech verbs
    for vm in _VERB_RE.finditer(masked):
        v_lo, v_hi = base + vm.start(), base + vm.end()
        verb = vm.group().lower()
        before = masked[: vm.start()]
        if _INFINITIVE_RE.search(before) or _NOUN_BEFORE_RE.search(before) or not before.strip():
            continue
        after_lo = v_hi
        if verb in _TOLD:
            rm = _RECIPIENT_RE.match(text, v_hi, s.end)
            ments = d.mentions_in(v_hi, s.end)
            if ments and text[v_hi : d.entities[ments[0]].start].strip().lower() in ("", "the"):
                after_lo = d.entities[ments[0]].end
            elif rm:
                after_lo = rm.end()
            else:
                continue
        clause_lo = None
        cue = vm.group()
        tm = _THAT_GAP_RE.match(text, after_lo, s.end)
        if tm:
            clause_lo = tm.end()
            nw = _WORD_RE.search(text, tm.end(), s.end)
            if nw and nw.group().lower() in _THAT_PRONOUN_NEXT:
                clause_lo = tm.end() - 4  # "say that will not happen": "that" is the subject
            elif not tm.group("gap").strip() and after_lo == v_hi:
                cue = text[v_lo : tm.end()]
        elif verb in _STRONG_SET or verb in _TOLD:
            rest = text[after_lo : s.end]
            comma = base + before.rfind(",")
            subj = text[comma + 1 : v_lo].strip() if comma >= base else ""
            rest_first = _WORD_RE.search(rest)
            if comma >= base and (
                # "CLAUSE, X said (on Monday)."
                (
                    subj
                    and _words(subj) <= 6
                    and not _COORD_RE.match(subj.split()[0])
                    and (not rest_first or (_words(rest) <= 5 and _ADV_RE.match(rest_first.group())))
                )
                # "CLAUSE, said X (, Title)."
                or (
                    not subj
                    and rest_first
                    and _words(rest) <= 8
                    and (rest_first.group()[0].isupper() or rest_first.group().lower() in ("the", "a", "an"))
                )
            ):
                c_lo, c_hi = _trim(text, s.start, comma)
                if _words(text[c_lo:c_hi]) < 3:
                    continue
                if subj:
                    speaker, ref, ref_pos = d.speaker_before(comma + 1, v_lo)
                else:
                    speaker, ref, ref_pos = d.speaker_after(after_lo, d.region_end(after_lo, s.end))
                return _Proto(c_lo, c_hi, cue, speaker, ref, ref_pos)
            if re.match(r"\s+to\b", rest):
                continue  # "is said to be"
            clause_lo = after_lo
        else:
            continue
        c_lo, c_hi = _trim(text, clause_lo, s.end)
        if _words(text[c_lo:c_hi]) < 3:
            continue
        lo = s.start
        semi = max(masked.rfind(";", 0, vm.start()), masked.rfind(":", 0, vm.start()))
        if semi >= 0:
            lo = base + semi + 1
        speaker, ref, ref_pos = d.speaker_before(lo, v_lo)
        return _Proto(c_lo, c_hi, " ".join(cue.split()), speaker, ref, ref_pos)
    # ---- ", saying ..."
    sm = _SAYING_RE.search(masked)
    if sm:
        c_lo, c_hi = _trim(text, base + sm.end(), s.end)
        if _words(text[c_lo:c_hi]) >= 3:
            cue = (
                sm.group("cue") + (" that" if sm.group("that") else "")
                if sm.group("cue")
                else sm.group("cue2") + " that"
            )
            comma = base + sm.start()
            rm = _REF_AFTER_RE.match(text, s.start, comma)
            if (
                rm
                and rm.group("ref").lower() in ("he", "she", "it", "they")
                or (rm and not d.mentions_in(s.start, rm.end()))
            ):
                return _Proto(c_lo, c_hi, cue, None, rm.group("ref"), rm.start("ref"))
            subj = None
            for pos, i in reversed(d.org_subjects):
                if pos < s.start:
                    break
                if pos < comma:
                    subj = i
            idx = d.mentions_in(s.start, comma)
            if (
                idx
                and d.ctype[idx[0]] == "PERSON"
                and (subj is None or d.entities[idx[0]].start < d.entities[subj].start)
            ):
                subj = idx[0]
            if subj is None:
                subj = d.pick(idx, rightmost=False)
            return _Proto(c_lo, c_hi, cue, subj)
    return None


def _resolve_ref(
    d: _Doc, p: _Proto, persons: list[tuple[int, int]], orgs: list[tuple[int, int]], org_mentions: list[tuple[int, int]]
) -> int | None:
    word = p.ref.split()[0].lower() if p.ref else ""
    if word in _PRONOUN_PERSON:
        pool = persons
    elif word == "they":
        return None
    else:
        pool = orgs
    k = bisect.bisect_left(pool, (p.ref_pos, -1)) - 1
    if k >= 0:
        return pool[k][1]
    if pool is orgs:
        k = bisect.bisect_left(org_mentions, (p.ref_pos, -1)) - 1
        if k >= 0:
            return org_mentions[k][1]
    return None


def find_claims(
    text: str, sentences: list[Sentence], entities: list[EntitySpan], resolution: Resolution
) -> list[ClaimSpan]:
    """Claims of one document (see the module docstring); ``resolution`` is
    ``aliases.resolve(entities)``, which the pipeline has already computed."""
    if not sentences:
        return []
    d = _Doc(text, sentences, entities, resolution)
    lines = _lines_of(text, sentences)
    for lo, hi, _ in lines:
        d.line_quotes[lo] = _find_quotes(text, lo, hi)
        d.quotes.extend(d.line_quotes[lo])
    d.quote_starts = [q[0] for q in d.quotes]
    _subjects(d)

    protos: list[_Proto] = []
    prev_line_quote: _Proto | None = None
    for lo, hi, sents in lines:
        qprotos, covered = _quote_claims(d, lo, hi, prev_line_quote)
        protos.extend(qprotos)
        last_q = None
        line_quotes = d.line_quotes[lo]
        if qprotos and line_quotes and qprotos[-1].start == line_quotes[-1][0]:
            last_q = qprotos[-1]
        prev_line_quote = last_q
        line_text = text[lo:hi]
        for s in sents:
            if any(c_lo < s.end and s.start < c_hi for c_lo, c_hi in covered):
                continue
            st = s.text.rstrip()
            if not st or st.rstrip('”"’)]')[-1:] == "?":
                continue
            masked = s.text
            for o, e, _ in line_quotes:
                if o < s.end and s.start < e:
                    a, b = max(o, s.start) - s.start, min(e, s.end) - s.start
                    masked = masked[:a] + " " * (b - a) + masked[b:]
            p = _reported(d, s, masked)
            if p is not None:
                protos.append(p)
                continue
            if _words(s.text) < 4 or _is_headline(line_text, s):
                continue
            idx = d.mentions_in(s.start, s.end)
            distinct = {d.cluster[i] for i in idx}
            if len(distinct) >= 2 or _has_figure(s.text):
                c_lo, c_hi = _trim(text, s.start, s.end)
                protos.append(_Proto(c_lo, c_hi, None))

    # speakers named as ORG count as subjects for later back-references
    for p in protos:
        if p.speaker is not None and d.ctype[p.speaker] == "ORG":
            d.org_subjects.append((d.entities[p.speaker].start, p.speaker))
    d.org_subjects.sort()
    persons = [(e.start, i) for i, e in enumerate(entities) if d.ctype[i] == "PERSON"]
    org_mentions = [(e.start, i) for i, e in enumerate(entities) if d.ctype[i] == "ORG"]

    out: list[ClaimSpan] = []
    seen: set[tuple[int, int]] = set()
    for p in sorted(protos, key=lambda p: (p.start, p.end)):
        if (p.start, p.end) in seen or p.end <= p.start:
            continue
        seen.add((p.start, p.end))
        speaker = p.speaker
        if speaker is None and p.ref is not None:
            speaker = _resolve_ref(d, p, persons, d.org_subjects, org_mentions)
        ref = " ".join(p.ref.split()) if p.ref else None
        out.append(
            ClaimSpan(
                start=p.start,
                end=p.end,
                text=text[p.start : p.end],
                cue=p.cue,
                speaker=speaker,
                speaker_ref=ref,
                entities=tuple(d.mentions_in(p.start, p.end)),
            )
        )
    return out
