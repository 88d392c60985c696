"""The entity pane: entities by mentions, filterable by type, virtual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from app.widgets.format import one_line
from app.widgets.virtual_list import VirtualList
from db.read import EntityRow

TYPES: tuple[str | None, ...] = (None, "PERSON", "ORG", "PLACE", "MISC")


# The sort columns in the order O cycles them, and which way each sorts (db.read.names.ORDERS).
SORTS = ("mentions", "documents", "name", "type", "first_seen", "last_seen")
_ARROW = {"mentions": "▼", "documents": "▼", "name": "▲", "type": "▲", "first_seen": "▲", "last_seen": "▼"}
# the columns' names over them; a seen date is a column while the list is sorted by it
_HEADS = {"type": "type", "mentions": "mentions", "documents": "docs", "first_seen": "first", "last_seen": "last"}
_DATE = 10  # a seen date's column: YYYY-MM-DD


class EntityPane(VirtualList[EntityRow]):
    """Posts ``Selected`` on enter, ``TypeChanged`` when ``t`` cycles the type filter and ``SortChanged``
    when ``O`` or a click on a column's name in the title sorts by that column."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "cycle_type", "Type", tooltip="cycle the type filter: all, PERSON, ORG, PLACE, MISC"),
        Binding(
            "O",
            "cycle_sort",
            "Sort",
            show=False,
            tooltip="sort by the next column: mentions, documents, name, type, first seen, last seen",
        ),
    ]

    @dataclass
    class SortChanged(Message):
        order: str

    @dataclass
    class Selected(Message):
        entity: EntityRow

    @dataclass
    class TypeChanged(Message):
        type: str | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.type: str | None = None
        self.order = "mentions"
        self._heads: list[tuple[int, int, str]] = []  # (first x, end x, order) of each name in the title
        self.empty_text = "no entities"
        self.title = "2 entities"
        self._row_width = 0  # the width rows were last drawn at (a scrollbar coming or going changes it)

    def set_title(self, title: str) -> None:
        """The border title, with the names of the count columns placed over them."""
        self.title = title
        self._retitle()

    def _retitle(self) -> None:
        width = self._row_width
        wide = width >= 40
        # each column's name ends where its numbers do (a row ends with 2 spaces: a border title cannot
        # reach the corner); the title starts 3 cells into the border ("╭─ "), the counts after its 1 and the
        # names. The sorted column's name is underlined with its arrow before it; "name" follows the title.
        columns = [(" ", "type"), (" ", "mentions"), ("  ", "documents")] if wide else [("", "mentions")]
        if wide and self.order in _SEEN:
            columns.append((" " * (1 + _DATE - len(_HEADS[self.order])), self.order))
        title = Text(self.title)
        self._heads = [(3 + len(self.title), 3 + len(self.title) + 5, "name")]
        self._head(title, " ", "name")
        heads = Text()
        for lead, order in columns:
            self._head(heads, lead, order)
        pad = 1 + width - 2 - len(heads) - 3 - len(title)
        if pad >= 2 and width:
            x = 3 + len(title) + pad
            for lead, order in columns:
                name = _HEADS.get(order, order)
                width_here = max(1, len(lead)) + len(name) if order == self.order else len(lead) + len(name)
                self._heads.append((x, x + width_here, order))
                x += width_here
            title.append(" " * pad)
            title.append_text(heads)
        self.border_title = title

    def _head(self, text: Text, lead: str, order: str) -> None:
        name = _HEADS.get(order, order)
        if order == self.order:
            text.append((lead[:-1] if lead else "") + _ARROW[order], style="bold")
            text.append(name, style="bold underline")
        else:
            text.append(lead + name, style="dim")

    def action_cycle_sort(self) -> None:
        self.sort_by(SORTS[(SORTS.index(self.order) + 1) % len(SORTS)])

    def sort_by(self, order: str) -> None:
        if order != self.order:
            self.order = order
            self._retitle()
            self.post_message(self.SortChanged(order))

    def on_click(self, event: Any) -> None:
        # the title: a column's name sorts by it (rows: VirtualList's handler, which Textual calls after this)
        if event.y == 0:
            event.prevent_default()
            for first, end, order in self._heads:
                if first <= event.x < end:
                    self.sort_by(order)

    def action_cycle_type(self) -> None:
        self.type = TYPES[(TYPES.index(self.type) + 1) % len(TYPES)]
        self.post_message(self.TypeChanged(self.type))

    def key(self, row: EntityRow) -> int:
        return row.id

    def row_chosen(self, row: EntityRow) -> None:
        self.post_message(self.Selected(row))

    def render_row(self, row: EntityRow, index: int, width: int) -> Text:
        if width != self._row_width:  # the columns moved: so do their names in the title
            self._row_width = width
            self.call_later(self._retitle)
        mark = self.mark(row)
        seen = (row.first_seen if self.order == "first_seen" else row.last_seen) if self.order in _SEEN else False
        counts = _counts(row.mentions, row.type, row.documents, width >= 40, seen)
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


_SEEN = ("first_seen", "last_seen")


def _counts(mentions: int, type_: str, documents: int, wide: bool, seen: str | None | bool = False) -> str:
    """A row's columns after its name: type, mentions, documents (only mentions when narrow), and the seen
    date the list is sorted by (``seen`` False: it is not; None: no dated document names the entity)."""
    if not wide:
        return f" {mentions:>5}  "
    date = "" if seen is False else f" {seen or 'undated':>{_DATE}}"
    return f" {type_[:6]:<6} {mentions:>6} {documents:>5}{date}  "
