"""The histogram strip's keys and reads (issue 17): it follows every filter and the timeline's cursor."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.screen import Screen

from app.screens import loaders
from app.screens.loaders import HistogramRead
from app.widgets.histogram import HistogramStrip
from app.widgets.timeline import TimelinePane

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.message import Message

    from db.read import Filters

ZOOMS = (4, 7, 10)  # years, months, days: characters of the date per bar


class HistogramMixin(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("H", "toggle_histogram", "Histogram", show=False, tooltip="show / hide the histogram strip"),
        Binding("left_square_bracket", "zoom(-1)", "Coarser", show=False, tooltip="histogram: coarser periods"),
        Binding("right_square_bracket", "zoom(1)", "Finer", show=False, tooltip="histogram: finer periods"),
        Binding("p", "pick_period", "Period", show=False, tooltip="timeline: only the cursor's period (again: all)"),
    ]

    if TYPE_CHECKING:
        narrow: Filters

        @property
        def timeline(self) -> TimelinePane: ...

        @property
        def entity_id(self) -> int | None: ...

        def load(self, group: str, loader: Callable[..., Message | None], *args: object) -> None: ...

        def narrow_to_period(self, period: str) -> None: ...

    zoom: int | None = None  # None: chosen for the span shown

    @property
    def histogram(self) -> HistogramStrip:
        return self.query_one(HistogramStrip)

    def load_histogram(self) -> None:
        if self.histogram.display:
            self.load("histogram", loaders.histogram, self.entity_id, self.narrow, self.zoom)

    @on(HistogramRead)
    def show_histogram(self, message: HistogramRead) -> None:
        if message.entity_id != self.entity_id or (message.filters is not None and message.filters != self.narrow):
            return  # read for a view since left (an entity select brings its own strip)
        self.histogram.show(message.bars, message.width, message.undated)
        self._follow_cursor()

    @on(TimelinePane.Highlighted)
    def cursor_moved(self, message: TimelinePane.Highlighted) -> None:
        self._follow_cursor()

    def _follow_cursor(self) -> None:
        row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        self.histogram.set_cursor(row.sort_key if row is not None else None)

    @on(HistogramStrip.Picked)
    def bar_picked(self, message: HistogramStrip.Picked) -> None:
        self.narrow_to_period(message.period)

    def action_toggle_histogram(self) -> None:
        self.histogram.display = not self.histogram.display
        self.load_histogram()

    def action_zoom(self, step: int) -> None:
        current = self.zoom or self.histogram.width_chars
        index = max(0, min(len(ZOOMS) - 1, ZOOMS.index(current) + step if current in ZOOMS else 0))
        self.zoom = ZOOMS[index]
        self.load_histogram()

    def action_pick_period(self) -> None:
        row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        if self.narrow.start is not None and self.narrow.start == self.narrow.end:
            self.narrow_to_period(self.narrow.start)  # again: every period
        elif row is None or not row.date:
            self.notify("the cursor's item is undated: no period to take", severity="warning", markup=False)
        else:
            self.narrow_to_period(row.sort_key[: self.histogram.width_chars])
