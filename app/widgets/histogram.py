"""The histogram strip above the timeline: dated items per period, in block characters.

One row of bars (one cell per period: years, months or days), the cursor's period highlighted, and a
row of labels: the first and last periods shown, the cursor's period with its count, the undated. A
click on a bar posts ``Picked`` with its period (the screen narrows the timeline to it). It draws what it
is given: the screen reads the counts in a worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

BLOCKS = " ▁▂▃▄▅▆▇█"
UNIT = {4: "year", 7: "month", 10: "day"}


class HistogramStrip(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"histogram--bar", "histogram--cursor", "histogram--label"}

    @dataclass
    class Picked(Message):
        period: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.bars: list[tuple[str, int]] = []
        self.width_chars = 4  # characters of the date per period
        self.undated = 0
        self.cursor_period: str | None = None
        self._first = 0  # the index of the first bar on screen
        self._counts: dict[str, int] = {}
        self._top = 1  # the highest count: a full block

    def show(self, bars: list[tuple[str, int]], width_chars: int, undated: int) -> None:
        self.bars, self.width_chars, self.undated = bars, width_chars, undated
        self._counts = dict(bars)  # read at every repaint: once per strip, not per row
        self._top = max((n for _, n in bars), default=0) or 1
        self.refresh()

    def set_cursor(self, sort_key: str | None) -> None:
        period = sort_key[: self.width_chars] if sort_key and sort_key != "~" else None
        if period != self.cursor_period:
            self.cursor_period = period
            self.refresh()

    @property
    def unit(self) -> str:
        return UNIT.get(self.width_chars, "period")

    def _window(self, width: int) -> list[tuple[str, int]]:
        """The bars that fit, the cursor's period in view."""
        if len(self.bars) <= width:
            self._first = 0
            return self.bars
        index = next((i for i, (p, _) in enumerate(self.bars) if p == self.cursor_period), None)
        if index is not None and not self._first <= index < self._first + width:
            self._first = max(0, min(index - width // 2, len(self.bars) - width))
        self._first = max(0, min(self._first, len(self.bars) - width))
        return self.bars[self._first : self._first + width]

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        shown = self._window(width)
        style = self.rich_style
        if y == 0:
            text = self._bars(shown)
        elif y == 1:
            text = self._labels(shown, width)
        else:
            return Strip.blank(width, style)
        text.truncate(width, overflow="ellipsis", pad=True)
        return Strip(list(text.render(self.app.console)), width).apply_style(style)

    def _bars(self, shown: list[tuple[str, int]]) -> Text:
        text = Text(no_wrap=True)
        if not shown:
            text.append("nothing dated", style=self.get_component_rich_style("histogram--label"))
            return text
        top = self._top
        bar = self.get_component_rich_style("histogram--bar")
        cursor = self.get_component_rich_style("histogram--cursor")
        for period, n in shown:
            level = max(1, round(n / top * (len(BLOCKS) - 1))) if n else 0
            text.append(BLOCKS[level], style=cursor if period == self.cursor_period else bar)
        return text

    def _labels(self, shown: list[tuple[str, int]], width: int) -> Text:
        label = self.get_component_rich_style("histogram--label")
        if not shown:
            return Text(f"{self.undated:,} undated" if self.undated else "", style=label)
        counts = self._counts
        middle = f"{self.unit}s · [ ] zoom · p filters"
        if self.cursor_period in counts:
            middle = f"{self.cursor_period}: {counts[self.cursor_period]:,} · " + middle
        if self.undated:
            middle += f" · {self.undated:,} undated"
        left, right = shown[0][0], shown[-1][0] if len(shown) > 1 else ""
        gap = width - len(left) - len(right) - len(middle)
        if gap < 2:
            return Text(middle, style=label)
        return Text(left + " " * (gap // 2) + middle + " " * (gap - gap // 2) + right, style=label)

    def on_click(self, event: Any) -> None:
        shown = self._window(self.size.width)
        if event.y == 0 and 0 <= event.x < len(shown):
            self.post_message(self.Picked(shown[event.x][0]))
