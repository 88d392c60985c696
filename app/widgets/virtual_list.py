"""A cursor list over rows it never holds all of: pages are fetched on demand.

The owner gives a ``fetch(offset, limit, hint)`` callable (run in a thread
worker) and the row count; ``hint`` is a known ``(index, row)`` next to or in
the page (or None) so that a fetcher can read by key instead of by offset; the list
renders only the rows on screen (Line API) and keeps the pages it has seen. Subclasses turn a row into a rich Text.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, ClassVar, Generic, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from db.read import PAGE  # rows fetched at once: the read layer pages by it too

Row = TypeVar("Row")
Key = Hashable
Fetch = Callable[[int, int, "tuple[int, Any] | None"], list]
KEEP_PAGES = 64


# The contract's movement keys, shared by every pane (each implements the actions).
MOTION_BINDINGS: list[BindingType] = [
    Binding("j,down", "move(1)", "Down", show=False, tooltip="move down"),
    Binding("k,up", "move(-1)", "Up", show=False, tooltip="move up"),
    Binding("g,home", "top", "Top", show=False, tooltip="top"),
    Binding("G,end", "bottom", "Bottom", show=False, tooltip="bottom"),
    Binding("ctrl+d,pagedown", "half(1)", "Half page down", show=False, tooltip="half a page down"),
    Binding("ctrl+u,pageup", "half(-1)", "Half page up", show=False, tooltip="half a page up"),
]


class VirtualList(ScrollView, Generic[Row], can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        *MOTION_BINDINGS,
        Binding("enter", "choose", "Select", tooltip="select: the item or the entity"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"list--cursor", "list--cursor-blur", "list--mark"}

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)  # watch_cursor repaints what changed

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = 0
        self.fetch: Fetch | None = None
        self.empty_text = "nothing here"
        self._pages: dict[int, list[Row]] = {}
        self._pending: set[int] = set()
        self._partial = False  # page 0 holds only the rows first shown (reset's ``first``): the rest on demand
        self._anchors: dict[int, Row] = {}
        self._generation = 0
        self._base_style: Style | None = None
        self.chosen_key: Key | None = None  # the row last chosen (▶), by key
        self.marked: frozenset[Key] = frozenset()  # rows linked to the selection elsewhere (◆), by key

    # --- data --------------------------------------------------------------------------

    def reset(self, total: int, fetch: Fetch | None = None, cursor: int = 0, first: list[Row] | None = None) -> None:
        """New rows: forget every page, keep the cursor where asked; ``first`` is page 0 when already read,
        or its start (the rows on screen, read with what the screen shows beside them): the rest of page 0
        is read when a row past them is needed."""
        if fetch is not None:
            self.fetch = fetch
        self._generation += 1
        self._pages.clear()
        self._pending.clear()
        self._anchors.clear()
        self._partial = False
        if first is not None:
            self._pages[0] = first
            self._partial = len(first) < min(PAGE, total)
        self.total = total
        size = Size(self.size.width, total)
        if size != self.virtual_size:
            # Not through the reactive: it lays out the whole screen. The scrollbar
            # update lays out only when the scrollbar appears or goes (its own reactive).
            self.set_reactive(VirtualList.virtual_size, size)
            self._scroll_update(size)
        self.cursor = max(0, min(cursor, total - 1))
        self.refresh()

    def row(self, index: int) -> Row | None:
        page = self._pages.get(index // PAGE)
        if page is None:
            self._request(index // PAGE)
            return None
        offset = index % PAGE
        if offset >= len(page):
            if self._partial and index // PAGE == 0 and index < self.total:
                self._request(0)
            return None
        return page[offset]

    @property
    def current(self) -> Row | None:
        return self.row(self.cursor) if self.total else None

    def _request(self, page: int) -> None:
        if page in self._pending or self.fetch is None:
            return
        self._pending.add(page)
        self._load(self._generation, page, self.fetch, self._hint(page))

    def _hint(self, page: int) -> tuple[int, Row] | None:
        start = page * PAGE
        for index, row in self._anchors.items():
            if start <= index < start + PAGE:
                return index, row
        before, after = self._pages.get(page - 1), self._pages.get(page + 1)
        if before and len(before) == PAGE:
            return start - 1, before[-1]
        if after:
            return start + PAGE, after[0]
        return None

    def place(self, index: int, row: Row) -> None:
        """Move the cursor to ``index``, where ``row`` is known to be (its page is read around it)."""
        self._anchors[index] = row
        self.move_to(index)

    @work(thread=True)
    def _load(self, generation: int, page: int, fetch: Fetch, hint: tuple[int, Row] | None) -> None:
        rows = fetch(page * PAGE, PAGE, hint)
        self.app.call_from_thread(self._loaded, generation, page, rows)

    def _loaded(self, generation: int, page: int, rows: list[Row]) -> None:
        if generation != self._generation:
            return
        self._pending.discard(page)
        if page == 0:
            self._partial = False
        if len(self._pages) >= KEEP_PAGES:
            far = max(self._pages, key=lambda p: abs(p - self.cursor // PAGE))
            del self._pages[far]
        self._pages[page] = rows
        self.refresh()
        self.rows_loaded()

    def rows_loaded(self) -> None:
        """A page arrived (the cursor row may now be known)."""

    # --- movement ----------------------------------------------------------------------

    def watch_cursor(self, old: int, cursor: int) -> None:
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_offset.y)
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
            self.refresh()
        elif cursor >= top + height:
            self.scroll_to(y=cursor - height + 1, animate=False, immediate=True)
            self.refresh()
        else:  # only the two rows the cursor left and reached change
            self.refresh_line(old)
            self.refresh_line(cursor)

    # --- marks -------------------------------------------------------------------------

    def key(self, row: Row) -> Key:
        """What identifies a row across pages and refetches."""
        raise NotImplementedError

    def set_chosen(self, key: Key | None) -> None:
        if key != self.chosen_key:
            changed = {self.chosen_key, key}
            self.chosen_key = key
            self._refresh_keys(changed)

    def set_marked(self, keys: frozenset[Key]) -> None:
        if keys != self.marked:
            changed = keys ^ self.marked
            self.marked = keys
            self._refresh_keys(changed)

    def _refresh_keys(self, keys: set[Key] | frozenset[Key]) -> None:
        """Repaint only the rows on screen with these keys (a mark moved): not the whole list."""
        top = int(self.scroll_offset.y)
        for index in range(top, min(self.total, top + self.scrollable_content_region.height)):
            row = self.row(index)
            if row is not None and self.key(row) in keys:
                self.refresh_line(index)

    def mark(self, row: Row) -> str:
        """The one-cell mark before a row: ▶ chosen, ◆ marked, else a space."""
        key = self.key(row)
        return "▶" if key == self.chosen_key else "◆" if key in self.marked else " "

    def move_to(self, index: int) -> None:
        self.cursor = max(0, min(index, self.total - 1))

    def bring_to_top(self, index: int) -> None:
        """Move the cursor to ``index`` with its row at the top of the view (the rows after it in view too)."""
        index = max(0, min(index, self.total - 1))
        self.scroll_to(y=index, animate=False, immediate=True)
        self.refresh()
        self.cursor = index

    def action_move(self, delta: int) -> None:
        self.move_to(self.cursor + delta)

    def action_top(self) -> None:
        self.move_to(0)

    def action_bottom(self) -> None:
        self.move_to(self.total - 1)

    def action_half(self, direction: int) -> None:
        self.move_to(self.cursor + direction * max(1, self.scrollable_content_region.height // 2))

    def action_choose(self) -> None:
        row = self.current
        if row is not None:
            self.row_chosen(row)  # the owner marks it chosen when it shows what it links to: one repaint

    def row_chosen(self, row: Row) -> None:
        """Enter on a loaded row: subclasses post their message."""

    def on_click(self, event: Any) -> None:
        """A click puts the cursor on the row (the preview follows it); a click on the cursor's row, or a
        double click, chooses it as enter does. Rows start under the border: the offset is the content's."""
        offset = event.get_content_offset(self)
        if offset is None:  # the border or a scrollbar
            return
        index = int(self.scroll_offset.y) + offset.y
        if not 0 <= index < self.total:
            return
        if index == self.cursor or getattr(event, "chain", 1) > 1:
            self.cursor = index
            self.action_choose()
        else:
            self.cursor = index

    # --- rendering ---------------------------------------------------------------------

    def render_row(self, row: Row, index: int, width: int) -> Text:
        raise NotImplementedError

    @property
    def base_style(self) -> Style:
        """``rich_style`` (colours inherited through every ancestor), kept until the styles change:
        computing it costs more than rendering a row."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    def notify_style_update(self) -> None:
        self._base_style = None  # new rules (a theme, a pseudo-class such as :focus) may change it
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.base_style
        index = int(self.scroll_offset.y) + y
        if self.total == 0:
            text = Text(self.empty_text if y == 0 else "", style="italic")
            return self._strip(text, width, base)
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.row(index)
        text = Text("…", style="dim") if row is None else self.render_row(row, index, width)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("list--cursor" if self.has_focus else "list--cursor-blur")
            text.stylize(style)
        return self._strip(text, width, style)

    def _strip(self, text: Text, width: int, style: Style) -> Strip:
        text.no_wrap = True
        text.overflow = "ellipsis"
        text.truncate(width, overflow="ellipsis")
        segments = [Segment(s.text, style + s.style if s.style else style) for s in text.render(self.app.console)]
        return Strip(segments).crop_extend(0, width, style)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
