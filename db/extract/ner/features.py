"""The CRF features: word shapes, each word's own features, a sentence's, a document's statistics.

``Features.sentence`` gives the feature strings the models were trained on
(``scripts/train_ner.py``); at run time ``runtime.Runtime`` assembles the same
features, less those the models ignore, from ``Features.word``.
"""

from __future__ import annotations

import re
from itertools import groupby

from db.extract.ner.lexicons import Lexicons

# Tokens after which a capital says nothing about a name (a sentence or a quote opens).
SENT_BREAK = frozenset([".", "!", "?", ":", ";", '"', "“", "”", "‘", "'", "(", "[", "-", "--", "—", "–", "...", "*"])

_SHAPE_TABLE = {}
for _c in range(0x250):
    ch = chr(_c)
    if ch.isupper():
        _SHAPE_TABLE[_c] = "X"
    elif ch.islower():
        _SHAPE_TABLE[_c] = "x"
    elif ch.isdigit():
        _SHAPE_TABLE[_c] = "d"
del _c, ch

_RUN_RE = re.compile(r"(.)\1{3,}")


def _first_four(m: re.Match[str]) -> str:
    return m.group()[:4]


# A word's shapes are computed at every item-cache miss (tens of thousands of words an
# ingest worker): a function replacement, not a template ("\1\1\1\1", which re expands
# in Python at every match), and groupby for the short shape: ~2 µs a shape, not ~5.
def word_shape(w: str) -> str:
    """'Beijing-based' -> 'Xxxxx-xxxx' (runs cut at 4)."""
    s = w.translate(_SHAPE_TABLE)
    return _RUN_RE.sub(_first_four, s) if len(s) > 3 else s


def short_shape(w: str) -> str:
    """'Beijing-based' -> 'Xx-x' (a word holds no newline, so every run collapses)."""
    return "".join([k for k, _ in groupby(w.translate(_SHAPE_TABLE))])


def is_headline(words: list[str]) -> bool:
    """All words with letters are upper case (and there is at least one)."""
    seen = False
    for w in words:
        # w.isalpha() first: most words are all letters, no per-character scan
        if w.isalpha() or any(c.isalpha() for c in w):
            if not w.isupper():
                return False
            seen = True
    return seen


def doc_stats(lines: list[list[str]]) -> dict[str, int]:
    """lowercased word -> bit flags over the document.

    1: seen capitalised where capitals are informative (not first in a
    sentence, not in an all-caps line); 2: seen in lower case.
    """
    # distinct word strings first, so each is lowercased once
    caps: set[str] = set()
    lower: set[str] = set()
    for words in lines:
        if is_headline(words):
            continue
        lower.update([w for w in words if w[:1].islower()])
        caps.update([w for p, w in zip(words, words[1:]) if w[:1].isupper() and p not in SENT_BREAK])  # noqa: B905 - per line: strict= costs ~150 ns a call
    stats: dict[str, int] = {}
    for w in caps:
        stats[w.lower()] = 1
    for w in lower:
        lw = w.lower()
        stats[lw] = stats.get(lw, 0) | 2
    return stats


WordFeatures = tuple[list[str], dict[int, list[str]], str, str]


class Features:
    """The features of words and sentences over one model's lexicons.

    Nothing is cached: the run time caches its own items (``Runtime.words``),
    and uncached, CoNLL train's features take 2.2 s instead of 0.9 s, against
    minutes of training.
    """

    __slots__ = (
        "lex",
        "place_words",
        "place_first",
    )

    def __init__(self, lex: Lexicons):
        self.lex = lex
        self.place_words = frozenset(k[0] for k in lex.places if len(k) == 1)
        first: dict[str, int] = {}  # first word -> longest place name starting with it
        for k in lex.places:
            first[k[0]] = max(first.get(k[0], 0), len(k))
        self.place_first = first

    def word(self, w: str) -> WordFeatures:
        """(centre features, {offset: features a neighbour at that offset sees}, lowercased, short shape)."""
        titles = self.lex.titles
        legal = self.lex.legal_suffixes
        demonyms = self.lex.demonyms
        lw = w.lower()
        sh = word_shape(w)
        ss = short_shape(w)
        f = [
            "w=" + lw,
            "sh=" + sh,
            "ss=" + ss,
            "p2=" + w[:2],
            "p3=" + w[:3],
            "p4=" + w[:4],
            "s2=" + lw[-2:],
            "s3=" + lw[-3:],
            "s4=" + lw[-4:],
        ]
        if len(w) > 1 and w[0].isupper():
            f.append("T" if not w.isupper() else "U")
        if "-" in w:
            f.append("H")
            head = lw.split("-", 1)[0]
            f.append("hd=" + head)
            f.append("tl=" + lw.rsplit("-", 1)[1])
        if "." in w:
            f.append("P")
        if lw in titles:
            f.append("lx=ttl")
        if lw in legal:
            f.append("lx=leg")
        if lw in demonyms or (lw.endswith("s") and lw[:-1] in demonyms):
            f.append("lx=dem")
        if lw in self.lex.months:
            f.append("lx=mon")
        if lw in self.lex.days:
            f.append("lx=day")
        if lw in self.place_words:
            f.append("lx=plc")
        if lw in self.lex.common_words:
            f.append("lx=com")
        if lw in self.lex.first_names:
            f.append("lx=fn")
        cl = self.lex.clusters.get(lw)
        if cl is not None:
            f.append("c1=" + cl[0])
            f.append("c2=" + cl[1])
        # lower-case nouns that introduce or follow a name: "tech firm X", "X district"
        cue = None
        if w[:1].islower():
            if lw in self.lex.org_nouns:
                cue = "org"
            elif lw in self.lex.place_nouns:
                cue = "plc"
        nb = {}
        for o in (-2, -1, 1, 2):
            p = str(o)
            g = [p + "w=" + lw]
            if o in (-1, 1):
                g.append(p + "ss=" + ss)
                g.append(p + "s3=" + lw[-3:])
                if lw in titles:
                    g.append(p + "lx=ttl")
                if lw in legal:
                    g.append(p + "lx=leg")
                if cl is not None:
                    g.append(p + "c2=" + cl[1])
            elif cl is not None:
                g.append(p + "c1=" + cl[0])
            if cue:
                g.append(p + "cue=" + cue)
            nb[o] = g
        return (f, nb, lw, ss)

    def gazetteer(self, words: list[str], lws: list[str]) -> list[str | None] | None:
        """Longest place match starting on a capitalised word: "gz=B" / "gz=I" per word (None if none)."""
        gaz: list[str | None] | None = None
        places = self.lex.places
        first = self.place_first
        n = len(words)
        after = 0  # end of the last match: matches do not overlap
        for i in [i for i, lw in enumerate(lws) if lw in first]:
            if i < after or not words[i][:1].isupper():
                continue
            for k in range(min(first[lws[i]], n - i), 0, -1):
                if tuple(lws[i : i + k]) in places:
                    if gaz is None:
                        gaz = [None] * n
                    gaz[i] = "gz=B"
                    for j in range(i + 1, i + k):
                        gaz[j] = "gz=I"
                    after = i + k
                    break
        return gaz

    def sentence(self, words: list[str], stats: dict[str, int] | None = None) -> list[list[str]]:
        """CRF features for the words of one sentence (``stats``: ``doc_stats`` of its document)."""
        n = len(words)
        word = self.word
        info = [word(w) for w in words]
        hl = is_headline(words)
        gaz = self.gazetteer(words, [x[2] for x in info]) or [None] * n
        out = []
        for i in range(n):
            f, _, lw, ss = info[i]
            feats = ["b"]
            feats.extend(f)
            if i >= 1:
                feats.extend(info[i - 1][1][-1])
                feats.append("w-1|w=" + info[i - 1][2] + "|" + lw)
                if i >= 2:
                    feats.extend(info[i - 2][1][-2])
                else:
                    feats.append("-2BOS")
            else:
                feats.append("BOS")
            if i + 1 < n:
                feats.extend(info[i + 1][1][1])
                feats.append("w|w+1=" + lw + "|" + info[i + 1][2])
                if i + 2 < n:
                    feats.extend(info[i + 2][1][2])
                else:
                    feats.append("+2EOS")
            else:
                feats.append("EOS")
            feats.append(
                "ss3=" + (info[i - 1][3] if i else "^") + "|" + ss + "|" + (info[i + 1][3] if i + 1 < n else "$")
            )
            g = gaz[i]
            if g:
                feats.append(g)
            if hl:
                feats.append("HL")
                feats.append("HL|ss=" + ss)
            if stats is not None and (hl or i == 0 or words[i - 1] in SENT_BREAK) and words[i][:1].isupper():
                st = stats.get(lw, 0)
                feats.append(f"dc={st}")
            out.append(feats)
        return out
