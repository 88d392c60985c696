"""Direct quotes.

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
"""

from __future__ import annotations

import re

from db.extract.claims.document import Doc, Proto, n_words, relative_clause_end
from db.extract.claims.grammar import (
    ADV_RE,
    AUX_GAP_RE,
    INFINITIVE_RE,
    POST_CUE_RE,
    PRE_ACCORDING_RE,
    PRE_QUOTE_GAP_RE,
    RECIPIENT_RE,
    VERB_RE,
    WORD_RE,
)
from db.extract.claims.lexicon import QUOTE_SUBJECT_VERBS, RECIPIENT_VERBS
from db.extract.claims.speakers import speaker_after, speaker_before

_INVERTED = re.compile(r"(?P<who>[^.!?;:“”\"]{1,80}?)\s*:\s*")
_TITLE_GLUE = frozenset({"of", "the", "and", "a", "an", "in", "on", "for", "to", "at"})


def is_title(text: str, o: int, e: int) -> bool:
    """Whether a quote is a name in title case (“This Week”, “Lord of the Rings”): 2 to 5 words."""
    words = WORD_RE.findall(text, o, e)
    return (
        2 <= len(words) <= 5
        and words[0][0].isupper()
        and words[-1][0].isupper()
        and all(w[0].isupper() or w in _TITLE_GLUE for w in words)
    )


def quote_claims(d: Doc, lo: int, hi: int, prev_line_quote: Proto | None) -> tuple[list[Proto], list[tuple[int, int]]]:
    text = d.text
    protos: list[Proto] = []
    covered: list[tuple[int, int]] = []
    quotes = d.line_quotes[lo]
    last_cover_hi = lo
    for qi, (o, e, closed) in enumerate(quotes):
        nxt = quotes[qi + 1][0] if qi + 1 < len(quotes) else hi
        if is_title(text, o, e):
            continue  # on ABC's “This Week,” said ...: a programme's name, not speech
        p = Proto(o, e, None)
        cover_lo, cover_hi = o, e
        # ---- attribution after the quote
        if closed:
            mark = 2 if text.startswith("''", e - 2) else 1  # the closing mark: ” or "; '' on the wires
            k = e - 1 - mark
            while k > o and text[k] in " \t’'":
                k -= 1  # “... ‘Oh no,’ ”: a nested quote's closing mark and a space before the outer one
            inner_end = text[k] if k > o else ""
            post_lo = e
            post_hi = min(nxt, hi, e + 250)
            ends_punct = inner_end in ",!?…—–-" or text[post_lo : post_lo + 1] in (",", "—", "–")
            if inner_end == ".":
                # “... .” ends a sentence: only a lowercase word can attach an attribution
                nw = WORD_RE.search(text, post_lo, post_hi)
                ends_punct = nw is not None and nw.group()[0].islower() and not text[post_lo : nw.start()].strip()
            m = POST_CUE_RE.match(text, post_lo, post_hi) if ends_punct else None
            if m:
                cue_txt = m.group("cue")
                vm = VERB_RE.search(cue_txt)
                p.cue = (
                    " ".join((vm.group() if vm else cue_txt).split())
                    if "ccording" not in cue_txt
                    else " ".join(cue_txt.split()[-2:])
                )
                r_lo = m.end()
                r_hi = d.region_end(r_lo, post_hi)
                p.speaker, p.ref, p.ref_pos = speaker_after(d, r_lo, r_hi)
                p.attributed = True
                cover_hi = r_hi
            elif ends_punct:
                # “...,” SUBJECT said; “...,” SUBJECT, who CLAUSE, said
                r_hi = d.region_end(post_lo, post_hi)
                subj_hi = r_hi
                vm = VERB_RE.search(text, post_lo, r_hi)
                rel = relative_clause_end(text, r_hi, post_hi) if vm is None else None
                if rel is not None:
                    r_hi = d.region_end(rel, post_hi)
                    vm = VERB_RE.search(text, rel, r_hi)
                    if vm and not AUX_GAP_RE.fullmatch(text, rel, vm.start()):
                        vm = None  # the verb must follow the relative clause directly
                if vm and vm.group().lower() in QUOTE_SUBJECT_VERBS:
                    subj_hi = vm.start() if rel is None else subj_hi
                    subj = text[post_lo:subj_hi]
                    rest_lo = vm.end()
                    if vm.group().lower() in RECIPIENT_VERBS:
                        rm = RECIPIENT_RE.match(text, rest_lo, r_hi)
                        rest_lo = rm.end() if rm else rest_lo
                    rest = text[rest_lo:r_hi]
                    rw = WORD_RE.search(rest)
                    # the attribution ends the sentence or goes on with an adverbial
                    short = not rw or rest[: rw.start()].strip() or ADV_RE.match(rw.group()) or n_words(rest) <= 3
                    if short and n_words(subj) <= 8 and not INFINITIVE_RE.search(subj):
                        p.cue = vm.group()
                        p.speaker, p.ref, p.ref_pos = speaker_before(d, post_lo, subj_hi)
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
                am = PRE_ACCORDING_RE.search(pre)
                last_v = None
                for vm in VERB_RE.finditer(text, s_lo, o):
                    last_v = vm
                if am:
                    src_lo = s_lo + am.start("src")
                    src_hi = s_lo + am.end("src")
                    p.cue = " ".join(pre[am.start() : am.start("src")].split())
                    p.speaker, p.ref, p.ref_pos = speaker_after(d, src_lo, src_hi)
                    p.attributed = True
                    cover_lo = s_lo
                elif last_v is not None:
                    gap_lo = last_v.end()
                    verb = last_v.group().lower()
                    if verb in RECIPIENT_VERBS:
                        rm = RECIPIENT_RE.match(text, gap_lo, o)
                        if rm:
                            gap_lo = rm.end()
                    if PRE_QUOTE_GAP_RE.fullmatch(text, gap_lo, o) and not INFINITIVE_RE.search(
                        text, s_lo, last_v.start()
                    ):
                        p.cue = last_v.group()
                        p.speaker, p.ref, p.ref_pos = speaker_before(d, s_lo, last_v.start())
                        p.attributed = True
                        cover_lo = s_lo
                    elif not text[s_lo : last_v.start()].strip() and (inv := _INVERTED.fullmatch(text, gap_lo, o)):
                        # Said Wales coach X: "..." (the verb first, the speaker after it, a colon)
                        who = speaker_after(d, gap_lo, gap_lo + len(inv.group("who")))
                        if who[0] is not None:
                            p.cue = last_v.group()
                            p.speaker, p.ref, p.ref_pos = who
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
