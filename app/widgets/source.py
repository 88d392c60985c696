"""The source pane: one document with line numbers, read like a pager.

Only the lines on screen are fetched (through ``loader``, a quick indexed
read) and wrapped; a huge line arrives clipped. The highlighted span, entity
mentions and boilerplate are styled from positions, never from the text, and
every piece of text goes through ``inert``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.events import MouseScrollDown, MouseScrollUp, Resize
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from app.inert import inert
from app.widgets.format import KEPT, date_label, fit_path, literal, one_line
from app.widgets.virtual_list import MOTION_BINDINGS
from db.read import Document, MentionSpan, SourceLine

Loader = Callable[[int, int, int, "tuple[int, int] | None"], "tuple[list[SourceLine], list[MentionSpan]]"]


@dataclass(frozen=True)
class Span:
    line: int
    column: int
    length: int


class SourcePane(Widget, can_focus=True):
    """Posts ``LineSelected`` on enter; the screen sets document, cursor, span and entity."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *MOTION_BINDINGS,
        Binding("enter", "choose", "Select", tooltip="mark the items and entities on this line"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source--header",
        "source--gutter",
        "source--cursor",
        "source--span",
        "source--mention",
        "source--entity",
        "source--boilerplate",
        "source--kept",
    }

    @dataclass
    class LineSelected(Message):
        document_id: int
        line: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: Document | None = None
        self.loader: Loader | None = None
        self.cursor = 1
        self.top = 1
        self.span: Span | None = None
        self.entity: int | None = None
        self.kept: frozenset[tuple[int, int]] = frozenset()  # (document id, line) of the marks: a ★ in the gutter
        self._lines: dict[int, SourceLine] = {}
        self._mentions: dict[int, list[MentionSpan]] = {}
        self._rows: list[Strip] | None = None
        self._blank = Strip.blank(0)
        self._last_visible = 1
        self.within: int | None = None  # the first row shown of a cursor line taller than the pane, once scrolled
        self._window: tuple[int, int, int] | None = None  # the cursor line's rows shown: first, end, of how many

    # --- what the screen sets ---------------------------------------------------------

    def show(
        self, document: Document | None, line: int = 1, span: Span | None = None, entity: int | None = None
    ) -> None:
        """Show ``document`` with ``line`` a third of the way down and ``span`` highlighted."""
        if document is None or self.document is None or document.id != self.document.id:
            self.forget()
        self.document = document
        self._title()
        self.span = span
        self.entity = entity
        self.within, self._window = None, None
        self.cursor = max(1, min(line, document.lines if document else 1))
        self._scroll_to_cursor()
        self._invalidate()

    def _title(self) -> None:
        """ "3 " and the document's path, cut on the left to fit the border."""
        if self.document is None:
            self.border_title = "3 source"
            return
        room = max(8, self.size.width - 8) if self.size.width else 200
        self.border_title = literal("3 " + fit_path(self.document.doc, room))

    def set_span(self, span: Span | None) -> None:
        if span != self.span:
            self.span = span
            self._invalidate()

    def set_kept(self, kept: frozenset[tuple[int, int]]) -> None:
        if kept != self.kept:
            self.kept = kept
            self._invalidate()

    def set_entity(self, entity: int | None) -> None:
        self.entity = entity
        self._invalidate()

    def forget(self) -> None:
        """Drop cached lines (a refresh, or another document)."""
        self._lines.clear()
        self._mentions.clear()
        self._invalidate()

    @property
    def line_count(self) -> int:
        return self.document.lines if self.document else 0

    def line_text(self, number: int) -> str | None:
        self._ensure(number, number)
        line = self._lines.get(number)
        return line.text if line else None

    def span_text(self) -> str | None:
        """The highlighted text as shown (None when there is none, or it is cut off the clipped line)."""
        if self.span is None:
            return None
        line = self._lines.get(self.span.line)
        if line is None:
            return None
        start = self.span.column - 1 - line.start
        if start < 0 or start + self.span.length > len(line.text):
            return None
        return line.text[start : start + self.span.length]

    # --- keys --------------------------------------------------------------------------

    def move_cursor(self, line: int) -> None:
        if not self.document:
            return
        if max(1, min(line, self.line_count)) != self.cursor:
            self.within, self._window = None, None
        self.cursor = max(1, min(line, self.line_count))
        if self.cursor < self.top:
            self.top = self.cursor
        self._invalidate()
        self._layout()
        while self.cursor > self._last_visible and self.top < self.cursor:
            self.top += 1
            self._invalidate()
            self._layout()
        if self._window is not None and self.top < self.cursor:  # taller than the rows left: give it the pane
            self.top = self.cursor
            self._invalidate()

    def action_move(self, delta: int) -> None:
        if not self._scroll_within(delta):
            line = self.cursor
            self.move_cursor(self.cursor + delta)
            if self.cursor != line:  # a tall line is entered at its start going down, at its end going up
                self.within = 0 if delta > 0 else 1 << 30
                self._invalidate()

    def _scroll_within(self, rows: int) -> bool:
        """Scroll inside the cursor's line when it is taller than the pane and has more rows that way."""
        self._layout()
        if self._window is None:
            return False
        first, end, n = self._window
        if (rows > 0 and end >= n) or (rows < 0 and first <= 0):
            return False
        self.within = max(0, first + rows)
        self.top = self.cursor
        self._invalidate()
        return True

    def action_top(self) -> None:
        self.move_cursor(1)

    def action_bottom(self) -> None:
        self.top = max(1, self.line_count - self._text_height())
        self.move_cursor(self.line_count)

    def action_half(self, direction: int) -> None:
        if self._scroll_within(direction * max(1, self._text_height() // 2)):
            return
        step = max(1, (self._last_visible - self.top + 1) // 2)
        self.top = max(1, min(self.top + direction * step, self.line_count))
        self.move_cursor(self.cursor + direction * step)

    def action_choose(self) -> None:
        if self.document:
            self.post_message(self.LineSelected(self.document.id, self.cursor))

    def on_mouse_scroll_down(self, event: MouseScrollDown) -> None:
        self.top = min(self.top + 3, max(1, self.line_count))
        self.cursor = max(self.cursor, self.top)
        self._invalidate()

    def on_mouse_scroll_up(self, event: MouseScrollUp) -> None:
        self.top = max(1, self.top - 3)
        self._invalidate()
        self._layout()
        self.cursor = min(self.cursor, self._last_visible)

    def on_mount(self) -> None:
        self._title()

    def on_resize(self, event: Resize) -> None:
        self._title()
        self._invalidate()
        if self.document is not None:
            self.move_cursor(self.cursor)  # a smaller pane must still show the cursor's line

    def notify_style_update(self) -> None:
        self._rows = None  # the rows keep the styles they were drawn with: a new theme must redraw them
        super().notify_style_update()

    def on_focus(self) -> None:
        self._invalidate()

    def on_blur(self) -> None:
        self._invalidate()

    # --- rendering ---------------------------------------------------------------------

    def _invalidate(self) -> None:
        self._rows = None
        self.refresh()

    def _text_height(self) -> int:
        return max(1, self.content_size.height - 1)

    def _gutter(self) -> int:
        return len(str(max(1, self.line_count))) + 2

    def _scroll_to_cursor(self) -> None:
        """Put the cursor line about a third of the way down, counting wrapped rows, with the
        highlighted span in view (the lines above give way to it)."""
        height = self._text_height()
        width = max(4, self.content_size.width - self._gutter())
        budget = height // 3
        if self.content_size.width and self.document is not None:
            self._ensure(max(1, self.cursor - budget), self.cursor)
            line = self._lines.get(self.cursor)
            if line is not None and len(self._rows_of(self._line_text(line), width)[0]) >= height - 1:
                self.top = self.cursor  # taller than the pane: the whole pane is its window
                return
            if line is not None and self.span and self.span.line == self.cursor:
                rows = self._wrap(line, width, max(2, height))
                end = self.span.column - 1 + self.span.length - line.start + (1 if line.start else 0)
                seen = 0
                for i, part in enumerate(rows):
                    seen += len(part.plain)
                    if seen >= end:
                        budget = max(0, min(budget, height - 1 - i))
                        break
        top, used = self.cursor, 0
        while top > 1:
            above = self._lines.get(top - 1) if self.content_size.width else None
            count = len(self._wrap(above, width, max(2, height))) if above is not None else 1
            if used + count > budget:
                break
            used += count
            top -= 1
        self.top = top

    def _ensure(self, start: int, end: int) -> None:
        if self.document is None or self.loader is None:
            return
        end = min(end, self.line_count)
        if all(n in self._lines for n in range(start, end + 1)):
            return
        if len(self._lines) > 2000:
            self._lines.clear()
            self._mentions.clear()
        focus = (self.span.line, self.span.column) if self.span else None
        lines, mentions = self.loader(self.document.id, start, end, focus)
        for line in lines:
            self._lines[line.number] = line
            self._mentions[line.number] = []
        for m in mentions:
            self._mentions.setdefault(m.line, []).append(m)

    def render_line(self, y: int) -> Strip:
        rows = self._layout()
        return rows[y] if y < len(rows) else self._blank

    def _layout(self) -> list[Strip]:
        if self._rows is not None:
            return self._rows
        width, height = self.content_size.width, self.content_size.height
        base = self.rich_style  # costly (a walk of every ancestor's styles): once a layout, not once a row
        self._blank = Strip.blank(width, base)  # the rows past the document's end
        rows: list[Strip] = []
        if self.document is None:
            rows.append(self._strip(Text("select an item or an entity", style="italic"), width, base))
            self._rows = rows
            return rows
        doc = self.document
        header = Text(one_line(doc.title or "(untitled)"), style="bold")
        header.append("  " + date_label(doc.date, doc.precision))
        header.truncate(width, overflow="ellipsis")
        rows.append(self._strip(header, width, base + self.get_component_rich_style("source--header")))
        gutter = self._gutter()
        text_width = max(4, width - gutter)
        self._ensure(self.top, self.top + height)
        number = self.top
        self._last_visible = self.top
        while len(rows) < height and number <= doc.lines:
            line = self._lines.get(number)
            if line is None:
                break
            is_cursor = number == self.cursor
            # the cursor's line gets the rows left, so that a tall one's markers stay in view
            wrapped = self._wrap(line, text_width, max(2, (height - len(rows)) if is_cursor else height - 1))
            num_style = self.get_component_rich_style(
                "source--cursor" if is_cursor and self.has_focus else "source--gutter"
            )
            if is_cursor and not self.has_focus:
                num_style += Style(bold=True, underline=True)
            kept = (doc.id, number) in self.kept
            for i, part in enumerate(wrapped):
                if len(rows) >= height:
                    break
                label = (str(number) if i == 0 else "").rjust(gutter - 1) + ("▶" if is_cursor and i == 0 else " ")
                row = Text()  # no base style: the gutter's style must not spill over the text
                if kept and i == 0:  # a marked line: a ★ in the gutter's first cell (always free)
                    row.append(KEPT, style=self.get_component_rich_style("source--kept"))
                    label = label[1:]
                row.append(label, style=num_style if i == 0 else self.get_component_rich_style("source--gutter"))
                row.append_text(part)
                rows.append(self._strip(row, width, base))
            else:
                self._last_visible = number
            number += 1
        self._rows = rows
        return rows

    def _wrap(self, line: SourceLine, width: int, most: int) -> list[Text]:
        """The line's rows at ``width``, at most ``most`` of them.

        Only the clipped text the loader gave is wrapped (at most read.CLIP characters). A line
        taller than the pane shows a window of its rows: around the highlighted span, or where
        j/k scrolled it to (the cursor's line), with a row above and below it counting the
        characters not shown.
        """
        body = self._line_text(line)
        if not body.plain:
            return [Text("")]
        rows, starts = self._rows_of(body, width)
        lead = self._lead(line)
        rest = line.length - line.start - len(line.text)  # past the clipped text: never loaded
        if len(rows) <= most:
            if rest > 0:
                body.append(f" … (+{rest:,} characters not shown)", style="dim italic")
                rows, _ = self._rows_of(body, width)
            if line.number == self.cursor:
                self._window = None
            return rows
        n, keys = len(rows), line.number == self.cursor
        first = self._first_row(line, rows, most)
        room = most - (1 if first else 0)
        end = n if n - first <= room else first + max(1, room - 1)
        if keys:
            self._window = (first, end, n)
        kept = rows[first:end]
        if first:
            above = line.start + starts[first] - lead
            kept.insert(0, Text(f"… {above:,} characters above" + (" · k" if keys else ""), style="dim italic"))
        if end < n:
            below = line.length - line.start - (starts[end] - lead)
            kept.append(Text(f"… {below:,} characters below" + (" · j" if keys else ""), style="dim italic"))
        elif rest > 0:
            kept.append(Text(f"… (+{rest:,} characters not shown)", style="dim italic"))
        return kept

    def _rows_of(self, body: Text, width: int) -> tuple[list[Text], list[int]]:
        """The wrapped rows of ``body`` and where each starts in its text (a wrap drops the spaces it falls on,
        so the rows' lengths do not add up to the text's)."""
        rows = list(body.wrap(self.app.console, width, overflow="fold"))
        plain, at, starts = body.plain, 0, []
        for row in rows:
            found = plain.find(row.plain, at) if row.plain else -1
            at = found if found >= 0 else at
            starts.append(at)
            at += len(row.plain)
        return rows, starts

    def _lead(self, line: SourceLine) -> int:
        """Characters put before a line clipped before its window starts."""
        return len(self._clipped_mark(line)) if line.start else 0

    @staticmethod
    def _clipped_mark(line: SourceLine) -> str:
        return f"…({line.start:,} characters before) "

    def _first_row(self, line: SourceLine, rows: list[Text], most: int) -> int:
        """The first row of a tall line to show: where j/k scrolled it, else the row before the span's."""
        last = max(0, len(rows) - (most - 1))  # the last window: the marker above and the line's end
        if line.number == self.cursor and self.within is not None:
            return max(0, min(self.within, last))
        if self.span and self.span.line == line.number:
            at, seen = self.span.column - 1 - line.start + self._lead(line), 0
            for i, part in enumerate(rows):
                if seen + len(part.plain) > at:
                    return max(0, min(i - 1, last))
                seen += len(part.plain)
        return 0

    def _line_text(self, line: SourceLine) -> Text:
        """The line with styles placed by position, each piece made inert."""
        raw = line.text
        spans: list[tuple[int, int, Style]] = []
        mention_style = self.get_component_rich_style("source--mention")
        entity_style = self.get_component_rich_style("source--entity")
        for m in self._mentions.get(line.number, []):
            style = entity_style if m.entity_id == self.entity else mention_style
            # columns are 1-based (as in the store); line.start is a 0-based index
            spans.append((m.column - 1 - line.start, m.column - 1 - line.start + m.length, style))
        if self.span and self.span.line == line.number:
            s = self.span.column - 1 - line.start
            spans.append((s, s + self.span.length, self.get_component_rich_style("source--span")))
        cuts = sorted({0, len(raw), *(max(0, min(len(raw), p)) for a, b, _ in spans for p in (a, b))})
        base = self.get_component_rich_style("source--boilerplate") if line.boilerplate else Style()
        text = Text(no_wrap=False)
        if line.start:
            text.append(self._clipped_mark(line), style="dim italic")
        for a, b in pairwise(cuts):
            style = base
            for s, e, st in spans:
                if s <= a and b <= e and a < b:
                    style = style + st
            text.append(inert(raw[a:b]), style=style)
        return text

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.no_wrap = True
        text.truncate(width)
        segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)]
        return Strip(segments).crop_extend(0, width, style)
