"""Speakers and back-references.

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
"""

from __future__ import annotations

import bisect

from db.extract.claims.document import Doc, Proto, n_words
from db.extract.claims.grammar import AUX_GAP_RE, COORD_RE, REF_AFTER_RE, REF_BEFORE_RE
from db.extract.claims.lexicon import PREPOSITIONS

_PRONOUN_PERSON = frozenset({"he", "she"})
_SUBJECT_MAX_WORDS = 10


def pick(d: Doc, idx: list[int], rightmost: bool) -> int | None:
    """PERSON first, then ORG; the nearest to the verb."""
    seq = list(reversed(idx)) if rightmost else idx
    for want in ("PERSON", "ORG"):
        for i in seq:
            if d.ctype[i] == want:
                return i
    return None


def possessive(d: Doc, i: int) -> bool:
    e = d.entities[i]
    return e.text.endswith(("’s", "'s")) or d.text.startswith(("’s", "'s"), e.end)


def speaker_before(d: Doc, lo: int, verb: int) -> tuple[int | None, str | None, int]:
    """Speaker of a verb at ``verb`` whose subject lies in [lo, verb)."""
    text = d.text
    idx = [i for i in d.mentions_in(lo, verb) if not d.in_quote(d.entities[i].start)]
    if idx:
        last = idx[-1]
        gap = text[d.entities[last].end : verb]
        if AUX_GAP_RE.fullmatch(gap) and d.ctype[last] in ("PERSON", "ORG", "PLACE"):
            return last, None, -1
    m = REF_BEFORE_RE.search(text, lo, verb)
    if m:
        return None, m.group("ref"), m.start("ref")
    idx = [i for i in idx if not possessive(d, i)]
    if COORD_RE.search(text, lo, verb):
        # "X did this ... but said ...": the speaker is the sentence's subject
        if idx and n_words(text[lo : d.entities[idx[0]].start]) <= 2 and d.ctype[idx[0]] in ("PERSON", "ORG"):
            return idx[0], None, -1
        m = REF_AFTER_RE.match(text, lo, verb)
        if m and n_words(text[lo : m.start("ref")]) <= 1:
            return None, m.group("ref"), m.start("ref")
        return None, None, -1
    return pick(d, idx, rightmost=True), None, -1


def speaker_after(d: Doc, lo: int, hi: int) -> tuple[int | None, str | None, int]:
    """Speaker named after a cue, in [lo, hi): first PERSON, else ORG, else a back-reference."""
    m = REF_AFTER_RE.match(d.text, lo, hi)
    idx = d.mentions_in(lo, hi)
    if m and (not idx or d.entities[idx[0]].start >= m.end()):
        return None, m.group("ref"), m.start("ref")
    found = pick(d, idx, rightmost=False)
    if found is None and idx and d.entities[idx[0]].start - lo < 40:
        found = idx[0]
    return found, None, -1


def find_subjects(d: Doc) -> None:
    """ORG subjects for back-references: per sentence, the first PERSON/ORG mention
    among its first words, not after a preposition, not possessive, outside quotes."""
    text = d.text
    for s in d.sentences:
        for i in d.mentions_in(s.start, s.end):
            e = d.entities[i]
            if d.ctype[i] not in ("PERSON", "ORG") or d.in_quote(e.start):
                continue
            before = text[s.start : e.start]
            if n_words(before) > _SUBJECT_MAX_WORDS:
                break
            prev = before.split()
            if prev and prev[-1].lower().strip(",") in PREPOSITIONS:
                continue
            if text.startswith(("’s", "'s"), e.end) or e.text.endswith(("’s", "'s")):
                continue
            if d.ctype[i] == "ORG":
                d.org_subjects.append((e.start, i))
            break


def resolve_ref(
    d: Doc, p: Proto, persons: list[tuple[int, int]], orgs: list[tuple[int, int]], org_mentions: list[tuple[int, int]]
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
