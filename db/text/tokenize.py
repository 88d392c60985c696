"""Tokenizer and sentence splitter for English news.

``tokenize`` returns (start, end) character offsets. On text that is already
tokenized CoNLL-style (tokens separated by single spaces) it reproduces those
tokens; on ordinary text it splits Penn-Treebank style: punctuation, brackets,
straight and curly quotes, em/en dashes and the clitics 's / ’s / n't / 're
are tokens of their own, while abbreviations (U.S., Corp., Dr., St.), numbers
(18,000  3.5  1996-08-22) and hyphenated words (Beijing-based) stay whole.

``split_sentences`` splits one line or paragraph into sentences, aware of
abbreviations and initials.
"""

from __future__ import annotations

import re

from db.text import lexicon
from db.text.calendar import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS

# Words that keep their trailing period (compared lowercased): the lexicon's
# abbreviations and those of the months and weekdays.
ABBREVIATIONS = (
    lexicon.words("abbreviations")
    | {a.lower() for a in MONTH_ABBREVIATIONS}
    | {a.lower() for a in WEEKDAY_ABBREVIATIONS}
)

_CLITIC = r"(?:[sSdDmM]|re|ve|ll|RE|VE|LL)(?!\w)"
_TOKEN_RE = re.compile(
    r"""
    (?=\S)  # no token starts with a space: fail there on one test, not on every branch
    (?:
    # junk: every form below holds one of = ; @ ` * - . ) ( + : , so a chunk
    # without one is rejected by the first (cheap) lookahead
    (?P<junk>(?<!\S)(?=[^\s=;@`*\-.)(+:]*[=;@`*\-.)(+:])(?=\S*(?:\S[=;@`]\S|[=`]\S|\S=|\w\*|\*\w|\w--|--\w|\.\.\.\w|\)\d|\d\(|,\(|\(\*|\d\)\.|\+\+|[A-Z]{2}\.[A-Z]{2}|\w-(?:[A-Z]\.){2}|[A-Za-z]:[A-Z]))\S+|(?<!\S)[a-z]\.\.\.(?!\S))
  | (?P<url>(?:https?://|www\.)[^\s<>"“”]*[^\s<>"“”.,;:!?)\]'’])
  | (?P<clitic>['’]"""
    + _CLITIC
    + r""")
  | (?P<word>
        (?:[A-Z]{1,3}\$(?=\d|\s|$))              # C$ US$ HK$
      | (?:(?:\+|(?<![\w.])\.)?(?=\w)             # +44  .500
         \w+
         (?:(?:-|&|\+(?=\d)|(?<=\d)[,:/](?=\d)|\.(?=\w)|['’](?!"""
    + _CLITIC
    + r""")(?=\w))\w+)*
         (?:-(?=\s|$)|(?<=[A-Z])\+(?=\s|$))?     # "pre-", "AA+"
        )
    )
  | (?P<rep>(?P<rch>[-.*=_~?!])(?P=rch)+)                     # -- --- ... ** ?!
  | (?P<other>\S)
    )
    """,
    re.VERBOSE,
)

_DOTTED_RE = re.compile(r"^(?:[A-Za-z]{1,2}\.)+[A-Za-z]{1,2}$")  # U.S  m.p.h  H.K
_HYPHEN_TAIL_RE = re.compile(r"-\w+(?:-\w+)*\.?(?=[\s,;:)]|$)")
_NT_TAILS = frozenset(["'t", "'T", "’t", "’T"])


def _keeps_period(tok: str, text: str, start: int, end: int) -> bool:
    """Whether the word text[start:end] keeps the period that follows it."""
    if tok.lower() in ABBREVIATIONS:
        return True
    if _DOTTED_RE.match(tok):
        return True
    nxt = text[end + 1 : end + 2]
    if len(tok) == 1 and tok.isupper():
        # an initial ("John B. Smith") unless the text ends there
        return nxt != "" and nxt != "\n"
    if tok.isdigit() and len(tok) <= 3:
        # a list number at the start of a line: "3. Dennis Smith"
        i = start - 1
        while i >= 0 and text[i] in " \t":
            i -= 1
        return (i < 0 or text[i] == "\n") and nxt in ("", " ", "\t", "\n")
    return False


# The ingest pipeline reads each line twice (sentence splitting in the
# parser, then the NER), so the tokens and sentences of the last lines seen
# are kept: text -> [token offsets, sentences as token index ranges or None].
_MEMO: dict[str, list] = {}
_MEMO_MAX = 512
_MEMO_MIN_CHARS = 40


def _memo(text: str) -> list:
    hit = _MEMO.get(text)
    if hit is None:
        if len(_MEMO) >= _MEMO_MAX:
            _MEMO.clear()
        hit = _MEMO[text] = [tuple(_tokenize(text)), None]
    return hit


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the tokens of ``text``."""
    if len(text) < _MEMO_MIN_CHARS:
        return _tokenize(text)
    return list(_memo(text)[0])


def tokenize_sentences(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Token offsets of ``text`` and its sentences as (first, end exclusive) token indices."""
    if len(text) < _MEMO_MIN_CHARS:
        toks = _tokenize(text)
        return toks, split_token_offsets(text, toks)
    hit = _memo(text)
    if hit[1] is None:
        hit[1] = tuple(split_token_offsets(text, hit[0]))
    return list(hit[0]), list(hit[1])


_CHUNK_RE = re.compile(r"\S+")


def _tokenize(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    append = out.append
    n = len(text)
    swallowed = False
    finditer = _TOKEN_RE.finditer
    # Most whitespace-separated chunks are letters only: one word, which the
    # token regex would find after trying every other branch. Only the other
    # chunks go through it (every token lies within one chunk: none holds a
    # space, and the regex's look-arounds see the same text either way).
    for chunk in _CHUNK_RE.finditer(text):
        c = chunk.group()
        if c.isalpha():
            append(chunk.span())
            continue
        # and a word then a comma, a period it does not keep, or "'s"
        last = c[-1]
        if (last == "," or last == ".") and c[:-1].isalpha():
            s, e = chunk.span()
            if last == "," or not _keeps_period(c[:-1], text, s, e - 1):
                append((s, e - 1))
                append((e - 1, e))
                continue
        elif last in "sS" and c[-2:-1] in ("'", "’") and c[:-2].isalpha():
            s, e = chunk.span()
            append((s, e - 2))
            append((e - 2, e))
            continue
        for m in finditer(text, *chunk.span()):
            s, e = m.span()
            if m.lastgroup == "word":
                if e < n and text[e] == "." and _keeps_period(text[s:e], text, s, e):
                    e += 1
                    swallowed = True
                    m2 = _HYPHEN_TAIL_RE.match(text, e)
                    if m2:  # "U.S.-led", "Ill.-based"
                        e = m2.end()
                # "don't" -> "do" "n't" (a word ending in [nN]['’][tT])
                elif e - s > 3 and text[e - 2 : e] in _NT_TAILS and text[e - 3] in "nN":
                    append((s, e - 3))
                    s = e - 3
            append((s, e))
    # A word that swallowed the period of an abbreviation may be followed by
    # text the regex will re-scan; finditer does not know, so drop overlaps.
    if swallowed:
        fixed = [out[0]]
        for s, e in out[1:]:
            pe = fixed[-1][1]
            if s < pe:
                if e <= pe:
                    continue
                s = pe
            fixed.append((s, e))
        out = fixed
    return out


def tokens(text: str) -> list[str]:
    """The token strings of ``text`` (convenience for tests and tools)."""
    return [text[s:e] for s, e in tokenize(text)]


_SENT_END = frozenset(".!?")
_CLOSERS = frozenset("\"'”’)]»")
_OPENERS = frozenset("\"'“‘([«")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one line or paragraph.

    A sentence ends at . ! or ? (plus any closing quotes or brackets) that
    is followed by a token starting with an uppercase letter, a digit or an
    opening quote, unless the period belongs to an abbreviation or an
    initial. Offsets exclude surrounding whitespace.
    """
    toks, sents = tokenize_sentences(text)
    return [(toks[a][0], toks[b - 1][1]) for a, b in sents]


def split_token_offsets(text: str, toks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentences of ``text`` as (first, end exclusive) indices into its tokens ``toks``."""
    sents: list[tuple[int, int]] = []
    if not toks:
        return sents
    begin = 0
    i = 0
    nt = len(toks)
    # Only a token ending in . ! or ? can end a sentence: visit those alone
    # (i is where the scan stands; a candidate it has passed is skipped).
    for c in [k for k, (_, e) in enumerate(toks) if text[e - 1] in ".!?"]:
        if c < i:
            continue
        i = c
        s, e = toks[i]
        tok = text[s:e]
        is_end: bool | None = tok in _SENT_END or tok in ("...", "?!", "!!", "??")
        if not is_end and tok.endswith(".") and len(tok) > 1:
            # an abbreviation ends a sentence only before a clearly new one
            base = tok[:-1]
            if base.lower() in ("inc", "corp", "ltd", "co", "plc", "llc", "etc", "jr", "sr") or _DOTTED_RE.match(base):
                is_end = None  # "maybe": decided by what follows
        if is_end is False:
            continue
        j = i + 1
        while j < nt and text[toks[j][0] : toks[j][1]] in _CLOSERS and toks[j][0] == toks[j - 1][1]:
            j += 1
        if j >= nt:
            break
        ns, ne = toks[j]
        nxt = text[ns:ne]
        first = nxt[0]
        if is_end is None:
            ok = nxt in ("The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "In", "This", "That")
        else:
            ok = first.isupper() or first.isdigit() or first in _OPENERS
            if ok and tok == "." and i > 0:
                ps, pe = toks[i - 1]
                # "No. 1" style or a lone initial before the period
                if pe == s and text[ps:pe].lower() in ABBREVIATIONS:
                    ok = False
        if ok and ns > toks[j - 1][1]:
            sents.append((begin, j))
            begin = j
        i = j
    sents.append((begin, nt))
    return sents
