"""History (issue 17): every selection and every change of filters is a step; back and forward restore it.

A step is what the timeline shows (the entity filter and the other filters, their chips) and what was
chosen (the item whose source is shown), with the cursor's item: back puts all of it back, the cursor on
the same row. Moving the cursor is not a step. Like the vim jump list: going back and then choosing
something new drops the steps ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from app.screens import loaders

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.message import Message

    from app.selection import Selection
    from app.widgets.entities import EntityPane
    from app.widgets.timeline import TimelinePane
    from db.read import EntityRow, Filters, Item

MOST = 200  # steps kept


@dataclass(frozen=True, slots=True)
class Step:
    entity: EntityRow | None
    narrow: Filters
    chips: tuple[tuple[str, str], ...]  # (chip, label) in the order applied
    chosen: Item | None  # the item whose source was shown
    cursor: Item | None  # the row under the timeline's cursor

    @property
    def key(self) -> tuple[object, ...]:
        return (
            self.entity.id if self.entity else None,
            self.narrow,
            self.chips,
            self.chosen.ref if self.chosen else None,
        )


class HistoryMixin(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o,alt+left", "history(-1)", "Back", show=False, tooltip="back: the last selection, filters"),
        Binding("ctrl+n,alt+right", "history(1)", "Forward", show=False, tooltip="forward again (after back)"),
    ]

    if TYPE_CHECKING:
        entity_type: str | None
        filter: EntityRow | None
        narrow: Filters
        chips: list[str]
        chip_labels: dict[str, str]
        selection: Selection
        walk: str | None

        @property
        def timeline(self) -> TimelinePane: ...

        @property
        def entities(self) -> EntityPane: ...

        def load(self, group: str, loader: Callable[..., Message | None], *args: object) -> None: ...

        def _timeline_title(self) -> None: ...

    steps: list[Step]
    step_index: int = -1

    def init_history(self) -> None:
        self.steps = []
        self.step_index = -1

    def _now(self) -> Step:
        cursor = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        chosen = None
        if self.selection.item is not None:
            row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
            chosen = row if row is not None and row.ref == self.selection.item else self._chosen_before()
        chips = tuple((c, self.chip_labels.get(c, c)) for c in self.chips)
        return Step(self.filter, self.narrow, chips, chosen, cursor)

    def _chosen_before(self) -> Item | None:
        """The chosen item as the step being replaced knew it (it may have scrolled out of the pages)."""
        if 0 <= self.step_index < len(self.steps):
            known = self.steps[self.step_index].chosen
            if known is not None and known.ref == self.selection.item:
                return known
        return None

    def note_step(self) -> None:
        """Record where the user is now: a new step, or the current one updated when only the cursor moved."""
        now = self._now()
        if 0 <= self.step_index < len(self.steps) and self.steps[self.step_index].key == now.key:
            self.steps[self.step_index] = now
            return
        del self.steps[self.step_index + 1 :]
        self.steps.append(now)
        if len(self.steps) > MOST:
            del self.steps[0]
        self.step_index = len(self.steps) - 1

    def action_history(self, delta: int) -> None:
        if self.steps and 0 <= self.step_index < len(self.steps):
            self.steps[self.step_index] = self._now()  # where the cursor was, for coming back
        target = self.step_index + delta
        if not 0 <= target < len(self.steps):
            self.notify(
                "no step " + ("back" if delta < 0 else "forward"), severity="warning", timeout=1.5, markup=False
            )
            return
        self.step_index = target
        self.restore(self.steps[target])

    def restore(self, step: Step) -> None:
        self.filter = step.entity
        self.narrow = step.narrow
        self.chips = [c for c, _ in step.chips]
        self.chip_labels = dict(step.chips)
        self.walk = "entity" if step.entity else (None if self.walk == "entity" else self.walk)
        self.entities.set_chosen(step.entity.id if step.entity else None)
        self.timeline.set_chosen(step.chosen.ref if step.chosen else None)
        self.load(
            "narrow", loaders.timeline_narrowed, step.entity.id if step.entity else None, step.narrow, step.cursor
        )
        if step.chosen is not None:
            self.load("link", loaders.item_linked, step.chosen)
