"""Attributed claims: who says what, and unattributed facts tying entities together.

API
---
``find_claims(text, sentences, entities, resolution) -> list[ClaimSpan]``
    The claims of one document. ``resolution`` is ``aliases.resolve(entities)``
    (the pipeline has it already; the finder reads each mention's cluster
    and type from it). Spans come in text order, offsets absolute
    (``text[c.start:c.end] == c.text``); a span never crosses a line break.

Kinds of claim: direct quotes when attributed (quotes.py), reported speech
(reported.py) and facts, sentences that name two or more distinct entities or
carry a figure (facts.py). ``speaker`` (a mention index) and ``speaker_ref``
(a back-reference as written, "the firm", "he") follow speakers.py. ``cue``
is the cue as written: "said", "according to"/"According to", "indicated
that", "add that", "saying", "told"; "that" is part of the cue only when it
directly follows the verb. ``entities`` are the indices of the mentions
inside the span.

Modules
-------
``lexicon``    the word lists (speech verbs, reference nouns, recipients, number words...), data files here
``grammar``    the regular expressions built from them
``document``   the per-document state (mentions, quotes, sentences) and text helpers
``speakers``   the speaker of a cue, appositions, sentence subjects for "saying"
``references`` what "he", "it", "the company", "the minister" point to (subjects, speakers, roles, gender)
``quotes``     quote claims and their attribution
``reported``   reported speech
``facts``      facts: figures, headlines
``finder``     ``find_claims``: one pass over the lines
"""

from __future__ import annotations

from db.extract.claims.finder import find_claims

__all__ = ["find_claims"]
