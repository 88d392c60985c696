"""The entities marked ◆ (those of the chosen item or line), made visible in the entity list.

The list is ranked by mentions, so an item's entities are usually far below what the pane
shows: choosing the item brings the first of them into view (unless one already is), and
``'`` steps the entity cursor through them (the list keeps its order: lnav's and VisiData's
marks stay where they are too, and a key jumps between them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.binding import Binding, BindingType

from app.screens import loaders
from app.screens.loaders import EntitiesPlaced
from app.widgets.format import literal, one_line, shorten

if TYPE_CHECKING:
    from app.screens.main import MainScreen

NAME = 28


class LinkedMixin:
    """The main screen's key for the ◆ entities (a mixin: MainScreen lists these BINDINGS in its own, so that
    the footer shows it beside y; only while something is marked)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "apostrophe",
            "next_linked",
            "◆",
            tooltip="step the entity list through the entities marked ◆ (the chosen item's or line's)",
        ),
    ]

    @property
    def _main(self) -> MainScreen:
        return cast("MainScreen", self)

    def init_linked(self) -> None:
        self.linked: list[tuple[int, str]] = []  # the ◆ entities (id, name), most mentioned first
        self.linked_at: dict[int, int | None] = {}  # their rows in the entity list (None: not of its type)
        self.linked_where = ""  # "on this item", "on line 19"
        self.linked_step: int | None = None  # the entity ' last moved to (None: none since they were marked)
        self.linked_fresh = False  # just marked: the first of them comes into view once placed

    def mark_entities(self, entities: list[tuple[int, str]], where: str) -> None:
        """Mark ``entities`` ◆ at once; where they sit in the entity list is read after (a count over the
        list, in a worker of its own so the panes never wait for it), then the first of them is brought
        into view if none is on screen."""
        self._main.entities.set_marked(frozenset(i for i, _ in entities))
        self.linked = list(entities)
        self.linked_at = {}
        self.linked_where = where
        self.linked_step = None
        self.linked_fresh = True  # bring one into view when they are placed
        self._main.refresh_bindings()  # the footer shows ' while something is marked
        self._linked_subtitle()
        self._place_linked()

    def _place_linked(self) -> None:
        if self.linked:
            entities = self._main.entities
            ids = [i for i, _ in self.linked]
            self._main.load("linked", loaders.entities_placed, ids, self._main.entity_type, entities.order)

    def clear_linked(self) -> None:
        self._main.entities.set_marked(frozenset())
        self.linked, self.linked_at, self.linked_where, self.linked_step = [], {}, "", None
        self._main.refresh_bindings()

    def _on_screen(self, row: int) -> bool:
        top = int(self._main.entities.scroll_offset.y)
        return top <= row < top + max(1, self._main.entities.scrollable_content_region.height)

    def _hidden(self) -> int:
        return sum(p is None for p in self.linked_at.values())  # of those placed (none before)

    def _linked_subtitle(self, step: tuple[int, str] | None = None) -> None:
        n, where = len(self.linked), self.linked_where
        if not n:
            self._main.entities.border_subtitle = f"no entities {where}" if where else None
            return
        hidden = self._hidden()
        kind = f"{self._main.entity_type}s" if self._main.entity_type else "listed"
        not_shown = f", {hidden} not {kind} (t)" if hidden else ""
        if step is not None:
            k, name = step
            text = literal(f"◆ {k}/{n - hidden} (' next) ") + literal(shorten(one_line(name), NAME))
            self._main.entities.border_subtitle = text + Text(f" {where}{not_shown}")
            return
        names = ", ".join(name for _, name in self.linked)
        self._main.entities.border_subtitle = literal(f"◆ {n} {where}{not_shown} (' steps): {names}")

    def action_next_linked(self) -> None:
        if not self.linked:
            self._main.notify(
                "nothing is marked ◆: enter on a timeline item or a source line marks its entities",
                severity="warning",
                markup=False,
            )
            return
        if not self.linked_at:
            self._main.notify("placing the ◆ entities in the list: a moment", timeout=2, markup=False)
            return
        rows = [(self.linked_at[i], i, name) for i, name in self.linked if self.linked_at.get(i) is not None]
        if not rows:
            self._main.notify(
                f"the ◆ entities are not {self._main.entity_type}s: t cycles the type filter",
                severity="warning",
                markup=False,
            )
            return
        cursor = self._main.entities.cursor
        if self.linked_step is None:  # the first ' after marking: the first of them
            k = 0
        else:  # the next after the cursor (moved by hand since, or still on the last one stepped to)
            after = [r for r in rows if r[0] > cursor]  # type: ignore[operator]
            k = rows.index(after[0]) if after else 0  # past the last: round to the first
        row, self.linked_step, name = rows[k]
        self._main.entities.move_to(row)  # type: ignore[arg-type]
        self._main.set_focus(self._main.entities)  # enter now selects it
        self._linked_subtitle((k + 1, name))

    def linked_type_changed(self) -> None:
        """The type filter or the order changed: the ◆ entities' rows in the list did too."""
        self._place_linked()

    def on_entities_placed(self, message: EntitiesPlaced) -> None:
        entities = self._main.entities
        current = (self._main.entity_type, entities.order, [i for i, _ in self.linked])
        if (message.type, message.order, message.ids) != current:
            return
        self.linked_at = dict(zip(message.ids, message.positions, strict=True))
        self.linked.sort(key=lambda e: _rank(self.linked_at[e[0]]))
        self._linked_subtitle()
        rows = sorted(p for p in message.positions if p is not None)
        if self.linked_fresh and rows and not any(self._on_screen(p) for p in rows):
            entities.bring_to_top(rows[0])
        self.linked_fresh = False


def _rank(position: int | None) -> float:
    return float("inf") if position is None else position
