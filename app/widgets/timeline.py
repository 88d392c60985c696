"""The timeline pane: events and claims in date order, one row each, virtual."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.message import Message

from app.widgets.format import KEPT, copies_label, doc_label, fit_middle, gist, item_date, item_kinds, one_line, shorten
from app.widgets.virtual_list import VirtualList
from db.read import Item

DATE_WIDTH = 18  # "before 2023-09-13" and a space


class TimelinePane(VirtualList[Item]):
    """Posts ``TimelinePane.Selected`` on enter; shows ``marked`` items with a ◆, and an item on a line
    the analyst marked (``kept``: document id and line of each mark) with a ★ after its date."""

    COMPONENT_CLASSES: ClassVar[set[str]] = VirtualList.COMPONENT_CLASSES | {
        "timeline--event",
        "timeline--claim",
        "timeline--fact",
        "timeline--speaker",
        "timeline--copies",
        "timeline--other",
        "timeline--kept",
    }

    @dataclass
    class Selected(Message):
        item: Item

    @dataclass
    class Highlighted(Message):
        """The cursor moved (or its row arrived): the histogram and the preview follow it."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty_text = "no events or claims"
        self.root = ""  # the corpus folder, left out of document paths
        self.axis = "event"  # or "reported": the date column is the document's, the item's own in the row
        self.kept: frozenset[tuple[int, int]] = frozenset()  # (document id, line) of the marks

    def set_kept(self, kept: frozenset[tuple[int, int]]) -> None:
        """The lines the analyst marked (the evidence board's): their items show a ★."""
        if kept != self.kept:
            self.kept = kept
            self.refresh()

    def key(self, row: Item) -> tuple[str, int]:
        return row.ref

    def row_chosen(self, row: Item) -> None:
        self.post_message(self.Selected(row))

    def watch_cursor(self, old: int, cursor: int) -> None:
        super().watch_cursor(old, cursor)
        self.post_message(self.Highlighted(cursor))

    def rows_loaded(self) -> None:
        self.post_message(self.Highlighted(self.cursor))

    def render_row(self, row: Item, index: int, width: int) -> Text:
        date_width = DATE_WIDTH if width >= 90 else 15
        mark = self.mark(row)
        text = Text(no_wrap=True)
        reported = self.axis == "reported"
        own = row.reported if reported else row.date
        label = _fit_date(row.reported or "undated" if reported else item_date(row), date_width - 1)
        date_style = "bold" if own else "dim italic"
        text.append(label.ljust(date_width - 1), style=date_style)
        if (row.document_id, row.line) in self.kept:  # the date column always has this last cell free
            text.append(KEPT, style=self.get_component_rich_style("timeline--kept"))
        else:
            text.append(" ", style=date_style)
        text.append(mark, style=self.get_component_rich_style("list--mark") if mark != " " else "")
        # the kind's mark in three cells (" » "); an event holding its sentence's claim shows both ("•» ")
        kinds = item_kinds(row)
        text.append(" " * (2 - len(kinds)))
        for kind in kinds:
            text.append(KIND_MARK[kind], style=self.get_component_rich_style(f"timeline--{kind}"))
        text.append(" ")
        column = 12 if width < 90 else min(28, width // 5)  # the document's column, left-aligned
        label = doc_label(row.doc, self.root, row.title)
        cut = shorten if label is not None and row.title and label == one_line(row.title) else fit_middle
        doc = cut(one_line(label), column).ljust(column)  # a title cut at its end, a path in its middle
        room = width - text.cell_len - column - 2
        tail = Text()
        if row.speaker:
            speaker = Text(one_line(row.speaker))
            speaker.truncate(max(8, min(22, room // 2)), overflow="ellipsis")
            tail.append(" — ")
            tail.append_text(speaker)
            tail.stylize(self.get_component_rich_style("timeline--speaker"))
        marks = Text(copies_label(row, wide=room >= 45), style=self.get_component_rich_style("timeline--copies"))
        other = _other_axis(row, reported)
        if other and room >= 40:
            marks.append(other, style=self.get_component_rich_style("timeline--other"))
        body = Text(one_line(gist(row)))
        body.truncate(max(0, room - tail.cell_len - marks.cell_len), overflow="ellipsis", pad=False)
        text.append_text(body)
        text.append_text(tail)
        text.append_text(marks)
        text.append(" " * max(0, width - text.cell_len - column - 2))
        text.append("  " + doc, style="dim")
        return text


# One cell after the date says what a row is: an event (a dated sentence), a claim someone made
# (a speaker or a cue such as "according to"), or a fact (a claim nobody is said to have made).
KIND_MARK = {"event": "•", "claim": "»", "fact": "·"}


def _other_axis(row: Item, reported: bool) -> str:
    """The other time axis where it differs: " · about 1992" (by when said), " · said 2005-03" (by event)."""
    if reported:
        return f" · about {row.date}" if row.date and row.date != row.reported else ""
    if row.reported and row.date and not row.reported.startswith(row.date) and not row.date.startswith(row.reported):
        return f" · said {row.reported}"
    return ""


def _fit_date(label: str, width: int) -> str:
    """ "before 2023-09-13" as "bef 2023-09-13" when the column is narrow; never cut the date itself."""
    if len(label) <= width:
        return label
    for word, short in (("before ", "bef "), ("after ", "aft ")):
        label = label.replace(word, short)
    return label if len(label) <= width else label[: width - 1] + "…"
