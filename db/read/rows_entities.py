"""The entity list's rows and who appears with whom (``storyline entities`` reads only these).

Imported through db.read.rows, which loads a module when one of its rows is first used."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntityRow:
    id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: int
    documents: int
    first_seen: str | None = None  # the earliest and latest date of a document naming it (None: none dated)
    last_seen: str | None = None

    @property
    def entity_id(self) -> int:
        return self.id


@dataclass(frozen=True, slots=True)
class CooccurRow:
    """An entity named on the same lines as another: on how many lines, in how many documents."""

    id: int
    name: str
    type: str
    together: int
    documents: int
