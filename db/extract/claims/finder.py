"""find_claims: one pass over a document's lines, quotes first, then each sentence's reported speech or fact."""

from __future__ import annotations

from db.extract.aliases import Resolution
from db.extract.claims.document import Doc, Proto, fewer_words, find_quotes, lines_of, trim
from db.extract.claims.facts import has_figure, is_headline
from db.extract.claims.quotes import quote_claims
from db.extract.claims.references import References
from db.extract.claims.reported import reported
from db.extract.claims.speakers import find_subjects
from db.extract.types import ClaimSpan, EntitySpan
from db.text.types import Sentence


def find_claims(
    text: str, sentences: list[Sentence], entities: list[EntitySpan], resolution: Resolution
) -> list[ClaimSpan]:
    """Claims of one document (see :mod:`db.extract.claims`); ``resolution`` is
    ``aliases.resolve(entities)``, which the pipeline has already computed."""
    if len(resolution.of_mention) != len(entities):
        raise ValueError(f"a resolution of {len(resolution.of_mention)} mentions for {len(entities)} entities")
    if not sentences:
        return []
    d = Doc(text, sentences, entities, resolution)
    lines = lines_of(text, sentences)
    for lo, hi, _ in lines:
        d.line_quotes[lo] = find_quotes(text, lo, hi)
        d.quotes.extend(d.line_quotes[lo])
    d.quote_starts = [q[0] for q in d.quotes]
    find_subjects(d)

    protos: list[Proto] = []
    prev_line_quote: Proto | None = None
    for lo, hi, sents in lines:
        qprotos, covered = quote_claims(d, lo, hi, prev_line_quote)
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
            p = reported(d, s, masked)
            if p is not None:
                protos.append(p)
                continue
            if fewer_words(s.text, 4) or is_headline(line_text, s):
                continue
            idx = d.mentions_in(s.start, s.end)
            distinct = {d.cluster[i] for i in idx}
            if len(distinct) >= 2 or has_figure(s.text):
                c_lo, c_hi = trim(text, s.start, s.end)
                protos.append(Proto(c_lo, c_hi, None))

    refs = References(d, protos)

    out: list[ClaimSpan] = []
    seen: set[tuple[int, int]] = set()
    resolved: dict[int, int | None] = {}  # a back-reference's position -> its speaker
    for p in sorted(protos, key=lambda p: (p.start, p.end)):
        if (p.start, p.end) in seen or p.end <= p.start:
            continue
        seen.add((p.start, p.end))
        speaker = p.speaker if p.speaker is None else d.full_person(p.speaker)
        if speaker is None and p.ref is not None:
            if p.ref_pos in resolved:
                speaker = resolved[p.ref_pos]  # a quote that goes on from one attributed before: the same speaker
                if speaker is not None and d.cluster[speaker] in {d.cluster[i] for i in d.mentions_in(p.start, p.end)}:
                    speaker = None  # ... unless this part names that speaker in the third person
            else:
                speaker = refs.resolve(p)
                if speaker is not None:
                    speaker = d.full_person(speaker)
                    refs.spoke(p.ref_pos, speaker)
                resolved[p.ref_pos] = speaker
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
