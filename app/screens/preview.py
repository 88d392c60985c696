"""The source previews the timeline's cursor row (issue 17), as three-pane tools do: debounced, so holding
``j`` costs one read at the end; ``enter`` still commits the selection (marks, entities, history).
Off until ``v`` turns it on (the source otherwise keeps what was selected)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from app.widgets.source import Span
from app.widgets.timeline import TimelinePane
from db import read
from db.read import Document, Item

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Callable

    from app.selection import Selection
    from app.widgets.source import SourcePane

DEBOUNCE = 0.15  # seconds the cursor rests before the source follows it


@dataclass
class ItemPreviewed(Message):
    item: Item
    document: Document | None


def item_previewed(conn: sqlite3.Connection, item: Item) -> ItemPreviewed:
    return ItemPreviewed(item, read.document(conn, item.document_id))


class PreviewMixin(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "v",
            "toggle_preview",
            "Preview",
            show=False,
            tooltip="preview: the source follows the timeline's cursor (on / off)",
        ),
    ]

    if TYPE_CHECKING:
        selection: Selection

        @property
        def entity_id(self) -> int | None: ...

        @property
        def timeline(self) -> TimelinePane: ...

        @property
        def source(self) -> SourcePane: ...

        def load(self, group: str, loader: Callable[..., Message | None], *args: object) -> None: ...

    previewing: bool = False  # off until asked: the source keeps what was selected
    _preview_timer: Timer | None = None

    @on(TimelinePane.Highlighted)
    def preview_soon(self, message: TimelinePane.Highlighted) -> None:
        if not self.previewing or not self.timeline.has_focus:
            return  # only the user's own moves in the timeline, not a list reset or a jump from elsewhere
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._preview_timer = self.set_timer(DEBOUNCE, self._preview)

    def _preview(self) -> None:
        self._preview_timer = None
        row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        if row is None or row.ref == self.selection.item:
            return
        self.load("preview", item_previewed, row)

    @on(ItemPreviewed)
    def show_preview(self, message: ItemPreviewed) -> None:
        row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        if row is None or row.ref != message.item.ref or message.document is None:
            return  # the cursor moved on
        item = message.item
        self.source.show(message.document, item.line, Span(item.line, item.column, item.length), self.entity_id)
        self.source.border_subtitle = "preview · enter selects"

    def action_toggle_preview(self) -> None:
        self.previewing = not self.previewing
        self.notify(f"preview {'on' if self.previewing else 'off'}", timeout=1.5, markup=False)
