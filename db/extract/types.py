"""The small, documented interface between the pipeline and the extractors.

Every extractor is a pure function over text. Offsets are character offsets
(Python ``str`` indices) into the text the extractor was given; the pipeline
turns them into (line, column) of the original file. ``end`` is exclusive, so
``text[start:end]`` is always exactly the span's ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "MISC")
PRECISIONS = ("day", "month", "year")
RELATIONS = ("on", "before", "after")


@dataclass(frozen=True, slots=True)
class EntitySpan:
    """One mention of a named entity.

    ``name`` is the mention's own surface form cleaned for display (titles,
    possessives and legal punctuation left out); alias resolution merges
    mentions into entities later.
    """

    start: int
    end: int
    text: str
    type: str  # one of ENTITY_TYPES
    name: str = ""


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in text, resolved as far as the text allows.

    ``date`` is ISO at ``precision`` ("2023", "2023-09", "2023-09-13") or None
    when it cannot be resolved (a weekday in an undated document).
    ``relation`` is "on" for a plain date, "before"/"after" for ordering
    phrases ("months after ...", "since 2019").
    """

    start: int
    end: int
    text: str
    date: str | None
    precision: str | None
    relation: str = "on"


@dataclass(frozen=True, slots=True)
class ClaimSpan:
    """An attributed statement (or an unattributed fact tying entities together).

    ``speaker`` is the index into the entity list given to the claim finder
    of the mention that speaks, or None. ``speaker_ref`` is also set when the
    speaker was named by a back-reference ("the firm", "she"): the phrase as
    written; the claim finder resolves it to the mention it points to.
    """

    start: int
    end: int
    text: str
    cue: str | None
    speaker: int | None = None
    speaker_ref: str | None = None
    entities: tuple[int, ...] = field(default_factory=tuple)
