"""Who appears with whom (issue 17): the entities named on the same lines as the selected entity; choosing
one narrows the timeline to the items naming both."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen

from app.screens.copies import _ListDialog
from app.widgets.format import literal, one_line, shorten
from db import read
from db.read import CooccurRow, EntityRow, Reader

if TYPE_CHECKING:
    from db.read import Filters

NAME = 24


class AppearsWithDialog(_ListDialog):
    TITLE = "Appears with"

    def __init__(self, reader: Reader, entity: EntityRow) -> None:
        super().__init__(reader)
        self.entity = entity

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".dialog").border_title = literal("Appears with " + shorten(one_line(self.entity.name), NAME))

    def read(self) -> list[CooccurRow]:
        return self.reader(read.cooccurring, self.entity.id, 200)

    def prompt(self, row: CooccurRow) -> Text:
        prompt = Text(f"{row.together:>5} lines {row.documents:>4} docs  ", style="bold")
        prompt.append_text(literal(one_line(row.name)))
        prompt.append(f"  {row.type}", style="dim")
        return prompt

    def status(self, rows: list[CooccurRow]) -> str:
        if not rows:
            return "nobody is named on the same lines"
        return f"{len(rows)} entities on the same lines, most first — enter: the items naming both"


class TogetherMixin(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "w",
            "appears_with",
            "With",
            show=False,
            tooltip="who appears with the selected entity; enter: only the items naming both",
        ),
    ]

    if TYPE_CHECKING:
        reader: Reader
        filter: EntityRow | None
        narrow: Filters

        def narrow_to(self, filters: Filters, chip: str, label: str | None) -> None: ...

    def action_appears_with(self) -> None:
        if self.filter is None:
            self.notify("select an entity first (2, enter or /)", severity="warning", markup=False)
            return

        def chosen(row: CooccurRow | None) -> None:
            if row is not None:
                label = "with " + shorten(one_line(row.name), NAME)
                self.narrow_to(self.narrow.but(with_entity=row.id), "with", label)

        self.app.push_screen(AppearsWithDialog(self.reader, self.filter), chosen)
