"""The source pane: one document with line numbers, read like a pager.

Only the lines on screen are fetched (through ``loader``, a quick indexed
read) and wrapped; a huge line arrives clipped. The highlighted span, entity
mentions and boilerplate are styled from positions, never from the text, and
every piece of text goes through ``inert``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from app.widgets.format import date_label
from db.browse import Document, Mention, SourceLine

Loader = Callable[[int, int, int, "tuple[int, int] | None"], "tuple[list[SourceLine], list[Mention]]"]


@dataclass(frozen=True)
class Span:
    line: int
    column: int
    length: int


class SourcePane(Widget, can_focus=True):
    """Posts ``LineSelected`` on enter; the screen sets document, cursor, span and entity."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "move(1)", "Down", show=False),
        Binding("k,up", "move(-1)", "Up", show=False),
        Binding("g,home", "top", "Top", show=False),
        Binding("G,end", "bottom", "Bottom", show=False),
        Binding("ctrl+d,pagedown", "half(1)", "Half page down", show=False),
        Binding("ctrl+u,pageup", "half(-1)", "Half page up", show=False),
        Binding("enter", "choose", "Select line"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source--header", "source--gutter", "source--cursor", "source--span", "source--mention",
        "source--entity", "source--boilerplate",
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
        self._lines: dict[int, SourceLine] = {}
        self._mentions: dict[int, list[Mention]] = {}
        self._rows: list[Strip] | None = None
        self._last_visible = 1

    # --- what the screen sets ---------------------------------------------------------

    def show(self, document: Document | None, line: int = 1, span: Span | None = None,
             entity: int | None = None) -> None:
        """Show ``document`` with ``line`` a third of the way down and ``span`` highlighted."""
        if document is None or self.document is None or document.id != self.document.id:
            self.forget()
        self.document = document
        self.border_title = inert(document.doc) if document else "source"
        self.span = span
        self.entity = entity
        self.cursor = max(1, min(line, document.line_count if document else 1))
        self.top = max(1, self.cursor - max(0, self._text_height() // 3))
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
        return self.document.line_count if self.document else 0

    def line_text(self, number: int) -> str | None:
        self._ensure(number, number)
        line = self._lines.get(number)
        return line.text if line else None

    # --- keys --------------------------------------------------------------------------

    def move_cursor(self, line: int) -> None:
        if not self.document:
            return
        self.cursor = max(1, min(line, self.line_count))
        if self.cursor < self.top:
            self.top = self.cursor
        self._invalidate()
        self._layout()
        while self.cursor > self._last_visible and self.top < self.cursor:
            self.top += 1
            self._invalidate()
            self._layout()

    def action_move(self, delta: int) -> None:
        self.move_cursor(self.cursor + delta)

    def action_top(self) -> None:
        self.move_cursor(1)

    def action_bottom(self) -> None:
        self.top = max(1, self.line_count - self._text_height())
        self.move_cursor(self.line_count)

    def action_half(self, direction: int) -> None:
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

    def on_resize(self, event: Resize) -> None:
        self._invalidate()

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
        width = self.content_size.width
        return rows[y] if y < len(rows) else Strip.blank(width, self.rich_style)

    def _layout(self) -> list[Strip]:
        if self._rows is not None:
            return self._rows
        width, height = self.content_size.width, self.content_size.height
        base = self.rich_style
        rows: list[Strip] = []
        if self.document is None:
            rows.append(self._strip(Text("select an item or an entity", style="italic"), width, base))
            self._rows = rows
            return rows
        doc = self.document
        header = Text(inert(doc.title or "(untitled)"), style="bold")
        header.append("  " + date_label(doc.date, doc.precision))
        rows.append(self._strip(header, width, base + self.get_component_rich_style("source--header")))
        gutter = len(str(max(1, doc.line_count))) + 2
        text_width = max(4, width - gutter)
        self._ensure(self.top, self.top + height)
        number = self.top
        self._last_visible = self.top
        console = self.app.console
        while len(rows) < height and number <= doc.line_count:
            line = self._lines.get(number)
            if line is None:
                break
            body = self._line_text(line)
            wrapped = body.wrap(console, text_width, overflow="fold") if body.plain else [Text("")]
            is_cursor = number == self.cursor
            num_style = self.get_component_rich_style(
                "source--cursor" if is_cursor and self.has_focus else "source--gutter")
            if is_cursor and not self.has_focus:
                num_style += Style(bold=True, underline=True)
            for i, part in enumerate(wrapped):
                if len(rows) >= height:
                    break
                label = (str(number) if i == 0 else "").rjust(gutter - 1) + ("▶" if is_cursor and i == 0 else " ")
                row = Text(label, style=num_style if i == 0 else self.get_component_rich_style("source--gutter"))
                row.append_text(part)
                rows.append(self._strip(row, width, base))
            else:
                self._last_visible = number
            number += 1
        self._rows = rows
        return rows

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
            text.append("…", style="dim")
        for a, b in zip(cuts, cuts[1:]):
            style = base
            for s, e, st in spans:
                if s <= a and b <= e and a < b:
                    style = style + st
            text.append(inert(raw[a:b]), style=style)
        rest = line.length - line.start - len(raw)
        if rest > 0:
            text.append(f" … (+{rest:,} characters)", style="dim italic")
        return text

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.no_wrap = True
        text.truncate(width)
        segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)]
        return Strip(segments).crop_extend(0, width, style)
