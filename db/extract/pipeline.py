"""Run every extractor over one parsed document.

The result is plain, picklable data positioned by (line, column) of the
original file, ready for the store to write. Entities here are per document
(aliases already merged within it); the store merges them across documents
by their key.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from db.extract import aliases, claims, dates, ner
from db.extract.aliases.tidy import tidy
from db.extract.types import DateMention, EntitySpan
from db.text.document import ParsedDocument
from db.text.types import Sentence

MAX_ENTITIES_PER_SENTENCE = 200


@dataclass(slots=True)
class DocumentEntity:
    name: str
    type: str
    key: str
    mergeable: bool  # may merge with same-key entities of other documents
    aliases: set[str] = field(default_factory=set)
    settled: bool = True  # False: a place no gazetteer knows and no context shows one (aliases.cues)


@dataclass(slots=True)
class Mention:
    entity: int  # index into Extraction.entities
    line: int
    column: int
    text: str
    type: str = ""  # the type this mention keeps; "" for its entity's


@dataclass(slots=True)
class Claim:
    line: int
    column: int
    text: str
    speaker: int | None
    cue: str | None
    entities: list[int]
    date: str | None
    precision: str | None


@dataclass(slots=True)
class Event:
    line: int
    column: int
    text: str
    expression: str
    expression_column: int
    date: str | None
    precision: str | None
    relation: str | None
    entities: list[int]
    claim: int | None = None  # index into Extraction.claims: the claim of this sentence, one timeline item with it


@dataclass(slots=True)
class Extraction:
    entities: list[DocumentEntity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


# Characters kept after the last sentence: extractors peek a little past a
# sentence (an initial's period, a date's context), never further.
_TAIL_CONTEXT = 100


def _extractable_text(doc: ParsedDocument) -> str:
    """The text up to a little past the last sentence.

    Nothing after the last sentence is extracted from (the parser blanks what
    is over its limits), so the extractors get the text only up to there: a
    50 MB line costs no more than its first MAX_EXTRACT_LINE_CHARS characters.
    """
    text = doc.text
    if doc.sentences and len(text) > doc.sentences[-1].end + _TAIL_CONTEXT:
        text = text[: doc.sentences[-1].end + _TAIL_CONTEXT]
    return text


def find_document_mentions(doc: ParsedDocument, text: str | None = None) -> tuple[list[EntitySpan], list[int]]:
    """Named-entity recognition alone: every sentence's typed spans, and the
    sentence index of each."""
    if text is None:
        text = _extractable_text(doc)
    spans: list[EntitySpan] = []
    sentence_of: list[int] = []  # sentence index of each span
    for si, sentence in enumerate(doc.sentences):
        found = ner.find_entities(text, sentence.start, sentence.end)[:MAX_ENTITIES_PER_SENTENCE]
        for span in tidy(text, found):  # a greeting glued to a name, a measure or a colour taken for one
            if span is None:
                continue
            spans.append(span)
            sentence_of.append(si)
    return spans, sentence_of


def find_document_entities(
    doc: ParsedDocument, text: str | None = None
) -> tuple[list[EntitySpan], list[int], aliases.Resolution]:
    """Entity extraction alone: every sentence's spans (and its sentence index), resolved into entities."""
    if text is None:
        text = _extractable_text(doc)
    spans, sentence_of = find_document_mentions(doc, text)
    # Alias resolution within the document: one entity per cluster (the text: for the cues of cues.py).
    return spans, sentence_of, aliases.resolve(spans, text)


def extract(doc: ParsedDocument) -> Extraction:
    text = _extractable_text(doc)
    out = Extraction()
    spans, sentence_of, resolution = find_document_entities(doc, text)
    out.entities = [
        DocumentEntity(e.name, e.type, e.key, e.mergeable, {e.name, *e.aliases}, e.settled) for e in resolution.entities
    ]
    span_entity = list(resolution.of_mention)
    for span, entity, mtype in zip(spans, span_entity, resolution.type_of_mention, strict=True):
        line, column = doc.position(span.start)
        own = mtype if mtype != out.entities[entity].type else ""
        out.mentions.append(Mention(entity, line, column, span.text, own))

    # Entities per sentence, for linking claims and events to what they mention.
    per_sentence: dict[int, list[int]] = {}
    for si, entity in zip(sentence_of, span_entity, strict=True):
        bucket = per_sentence.setdefault(si, [])
        if entity not in bucket:
            bucket.append(entity)

    sentence_dates: dict[int, list[DateMention]] = {}
    first_event: dict[int, int] = {}  # sentence index -> its first event
    for si, sentence in enumerate(doc.sentences):
        found_dates = dates.find_dates(text, doc.date, sentence.start, sentence.end)
        if not found_dates:
            continue
        sentence_dates[si] = found_dates
        first_event[si] = len(out.events)
        line, column = doc.position(sentence.start)
        for d in found_dates:
            _, expr_column = doc.position(d.start)
            out.events.append(
                Event(
                    line=line,
                    column=column,
                    text=sentence.text,
                    expression=d.text,
                    expression_column=expr_column,
                    date=d.date,
                    precision=d.precision,
                    relation=d.relation,
                    entities=list(per_sentence.get(si, [])),
                )
            )

    doc_date = (doc.date.iso(), doc.date.precision) if doc.date else (None, None)
    starts = [s.start for s in doc.sentences]
    for claim in claims.find_claims(text, doc.sentences, spans, resolution):
        line, column = doc.position(claim.start)
        # a claim that starts in a dated sentence is one timeline item with its first event
        si = bisect.bisect_right(starts, claim.start) - 1
        if si in first_event and claim.start < doc.sentences[si].end:
            event = out.events[first_event.pop(si)]
            event.claim = len(out.claims)
        date, precision = _claim_date(claim.start, starts, doc.sentences, sentence_dates) or doc_date
        linked: list[int] = []
        for i in claim.entities:
            if span_entity[i] not in linked:
                linked.append(span_entity[i])
        out.claims.append(
            Claim(
                line=line,
                column=column,
                text=claim.text,
                speaker=span_entity[claim.speaker] if claim.speaker is not None else None,
                cue=claim.cue,
                entities=linked,
                date=date,
                precision=precision,
            )
        )
    return out


def _claim_date(
    offset: int,
    starts: list[int],
    sentences: list[Sentence],
    sentence_dates: dict[int, list[DateMention]],
) -> tuple[str, str] | None:
    """The first resolved plain date in the sentence holding ``offset``."""
    si = bisect.bisect_right(starts, offset) - 1
    if si < 0 or offset >= sentences[si].end:
        return None
    for d in sentence_dates.get(si, ()):
        if d.date and d.relation == "on":
            return d.date, d.precision or ""
    return None
