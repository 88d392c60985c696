"""The timeline pane: events and claims in date order, one row each, virtual."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message

from app.inert import inert
from app.widgets.format import gist, item_date, short_doc
from app.widgets.virtual_list import VirtualList
from db.browse import Item

DATE_WIDTH = 17


class TimelinePane(VirtualList[Item]):
    """Posts ``TimelinePane.Selected`` on enter; shows ``marked`` items with a ◆."""

    @dataclass
    class Selected(Message):
        item: Item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.marked: frozenset[tuple[str, int]] = frozenset()
        self.chosen_ref: tuple[str, int] | None = None
        self.empty_text = "no events or claims"

    def set_marked(self, refs: frozenset[tuple[str, int]]) -> None:
        self.marked = refs
        self.refresh()

    def chosen(self, row: Item) -> None:
        self.chosen_ref = row.ref
        self.post_message(self.Selected(row))

    def render_row(self, row: Item, index: int, width: int) -> Text:
        date_width = DATE_WIDTH if width >= 70 else 14
        mark = "▶" if row.ref == self.chosen_ref else "◆" if row.ref in self.marked else " "
        text = Text(no_wrap=True)
        label = item_date(row)
        label = label if len(label) < date_width else label[: date_width - 2] + "…"
        text.append(label.ljust(date_width), style="bold" if row.date else "dim italic")
        text.append(mark, style=self.get_component_rich_style("list--mark") if mark != " " else "")
        text.append(" ")
        doc = inert(short_doc(row.doc))
        limit = max(12, width // 4)
        doc = doc if len(doc) <= limit else doc[: limit - 1] + "…"
        tail = Text()
        room = width - text.cell_len - len(doc) - 2
        if row.speaker and room >= 30:
            speaker = inert(row.speaker)
            speaker = speaker if len(speaker) <= room // 3 else speaker[: room // 3 - 1] + "…"
            tail.append(" — " + speaker, style="italic")
        tail.append("  " + doc, style="dim")
        room = width - text.cell_len - tail.cell_len
        body = inert(gist(row))
        if len(body) > room:
            body = body[: max(0, room - 1)] + "…"
        text.append(body.ljust(max(0, room)), style="" if row.kind == "event" else "italic")
        text.append_text(tail)
        return text
