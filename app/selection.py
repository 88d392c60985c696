"""What the reader has selected: the one state the main screen owns."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Selection:
    """A place in a document (and what put us there). Frozen: an equal assignment is a no-op."""

    doc: int | None = None
    line: int | None = None
    column: int = 0
    length: int = 0
    entity: int | None = None  # the entity filtering the timeline
    item: tuple[str, int] | None = None  # ("event" | "claim", id) chosen in the timeline
