"""The entity pane: entities by mentions, filterable by type, virtual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from app.widgets.format import one_line
from app.widgets.virtual_list import VirtualList
from db.read import EntityRow

TYPES: tuple[str | None, ...] = (None, "PERSON", "ORG", "PLACE", "MISC")


class EntityPane(VirtualList[EntityRow]):
    """Posts ``Selected`` on enter and ``TypeChanged`` when ``t`` cycles the type filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "cycle_type", "Type", tooltip="cycle the type filter: all, PERSON, ORG, PLACE, MISC"),
    ]

    @dataclass
    class Selected(Message):
        entity: EntityRow

    @dataclass
    class TypeChanged(Message):
        type: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.type: str | None = None
        self.empty_text = "no entities"

    def action_cycle_type(self) -> None:
        self.type = TYPES[(TYPES.index(self.type) + 1) % len(TYPES)]
        self.post_message(self.TypeChanged(self.type))

    def key(self, row: EntityRow) -> int:
        return row.id

    def row_chosen(self, row: EntityRow) -> None:
        self.post_message(self.Selected(row))

    def render_row(self, row: EntityRow, index: int, width: int) -> Text:
        mark = self.mark(row)
        counts = f" {row.type[:6]:<6} {row.mentions:>6} {row.documents:>5}" if width >= 40 else f" {row.mentions:>5}"
        room = max(1, width - 2 - len(counts))
        name = one_line(row.name)
        if len(name) > room:
            name = name[: room - 1] + "…"
        text = Text(no_wrap=True)
        text.append(mark, style=self.get_component_rich_style("list--mark") if mark != " " else "")
        text.append(" ")
        text.append(name.ljust(room), style="bold" if row.id in self.marked else "")
        text.append(counts, style="dim")
        return text
