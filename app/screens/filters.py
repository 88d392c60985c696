"""Narrowing the timeline (issue 17): kind, hide undated, one document, one speaker, a period; going to a date.

Each filter is a chip in the timeline's title, in the order they were applied, with what they leave
("3 filters · 412 of 37,116"); ``escape`` pops the last one (the entity filter is a chip too). The
filters are ``db.read.Filters``: the same the CLI's ``timeline`` and ``claims`` take.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from app.screens import loaders
from app.screens.loaders import DateSought, SpeakerFound, TimelineNarrowed
from app.widgets.format import literal, one_line, relative_doc, shorten
from db import read
from db.read import Filters

if TYPE_CHECKING:
    from collections.abc import Callable

    from textual.message import Message

    from app.widgets.timeline import TimelinePane
    from db.read import EntityRow, Item, Reader

KIND_CYCLE = (None, "event", "claim", "fact")
KIND_CHIP = {"event": "events", "claim": "claims", "fact": "facts"}
NAME = 24  # characters of a name in a chip


class GoToDate(ModalScreen[str | None]):
    """A prompt for a date (``2004``, ``2004-11``, ``2004-11-02``); dismisses with it, normalised."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt"):
            yield Input(placeholder="2004, 2004-11 or 2004-11-02")
            yield Static("the first item at or after it", classes="status")

    def on_mount(self) -> None:
        self.query_one(".dialog").border_title = "go to date"
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        try:
            self.dismiss(read.parse_date(event.value))
        except read.BadDate as exc:
            self.query_one(".status", Static).update(literal(str(exc)))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class FiltersMixin(Screen[None]):
    """The main screen's timeline filters: its keys and what they do."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "cycle_kind", "Kind", show=False, tooltip="timeline: only events, claims, facts, or all (cycles)"),
        Binding("d", "toggle_dated", "Dated", show=False, tooltip="timeline: hide / show the undated items"),
        Binding("o", "only_document", "Doc", show=False, tooltip="timeline: only the items of this item's document"),
        Binding("s", "only_speaker", "Speaker", show=False, tooltip="timeline: only the claims of this item's speaker"),
        Binding(
            "a",
            "toggle_axis",
            "Axis",
            show=False,
            tooltip="timeline: order by when it happened (event) or when it was said (its document's date)",
        ),
        Binding(
            "at",
            "go_to_date",
            "Go to date",
            show=False,
            tooltip="go to a date (2004-11, 2004): the first item at or after it",
        ),
    ]

    if TYPE_CHECKING:  # the main screen's
        reader: Reader
        filter: EntityRow | None
        root: str

        @property
        def timeline(self) -> TimelinePane: ...

        @property
        def entity_id(self) -> int | None: ...

        def load(self, group: str, loader: Callable[..., Message | None], *args: object) -> None: ...

        def _timeline_title(self) -> None: ...

        def note_step(self) -> None: ...

    narrow: Filters = read.Filters()
    chips: list[str]  # the filters applied, in order ("entity", "kind", "dated", "doc", "speaker", "range")
    chip_labels: dict[str, str]
    whole: int | None = None  # the whole timeline's size, for "412 of 37,116"

    def init_filters(self) -> None:
        self.narrow = read.Filters()
        self.chips = []
        self.chip_labels = {}

    # --- applying ----------------------------------------------------------------------

    def set_chip(self, name: str, label: str | None) -> None:
        """Add (or move to the end) the chip ``name``, or drop it (label None)."""
        if name in self.chips:
            self.chips.remove(name)
        self.chip_labels.pop(name, None)
        if label is not None:
            self.chips.append(name)
            self.chip_labels[name] = label
        self.refresh_bindings()  # esc is live while any chip is

    def narrow_to(self, filters: Filters, chip: str, label: str | None) -> None:
        """Apply ``filters`` (one chip changed) and read the timeline again, keeping the cursor's item."""
        self.narrow = filters
        self.set_chip(chip, label)
        self.reload_timeline()

    def reload_timeline(self, keep: Item | None = None) -> None:
        keep = keep or (self.timeline.row(self.timeline.cursor) if self.timeline.total else None)
        self.load("narrow", loaders.timeline_narrowed, self.entity_id, self.narrow, keep)

    @on(TimelineNarrowed)
    def show_narrowed(self, message: TimelineNarrowed) -> None:
        if message.filters != self.narrow or message.entity_id != self.entity_id:
            return  # a later change is on its way
        self.whole = message.whole
        self.timeline.axis = self.narrow.by
        self.timeline.reset(
            message.total, loaders.timeline_fetch(self.reader, self.entity_id, message.total, self.narrow), cursor=0
        )
        if message.place:
            self.timeline.place(*message.place)
        self.timeline.empty_text = "no events or claims" + (" under these filters" if self.chips else "")
        self._timeline_title()
        self.filters_changed()
        self.note_step()

    def filters_changed(self) -> None:
        """The timeline was narrowed or widened (the histogram follows)."""

    def chips_title(self) -> Text:
        """The axis when it is not the event's, the chips and what they leave:
        " by when said — claims · dated · Acme Corp — 3 filters · 2 of 7 · esc pops"."""
        title = Text(" by when said (a)" if self.narrow.by == "reported" else "")
        if not self.chips:
            return title
        title.append(" — ")
        for i, chip in enumerate(self.chips):
            if i:
                title.append(" · ")
            title.append_text(literal(self.chip_labels.get(chip, chip)))
        n = len(self.chips)
        whole = f" of {self.whole:,}" if self.whole is not None else ""
        title.append(f" — {n} filter{'s' if n != 1 else ''} · {self.timeline.total:,}{whole} · esc pops")
        return title

    def pop_filter(self) -> bool:
        """Drop the last filter applied; False when there is none."""
        if not self.chips:
            return False
        last = self.chips[-1]
        if last == "entity":
            return False  # the main screen clears it
        resets: dict[str, dict[str, object]] = {
            "kind": {"kind": None},
            "dated": {"dated": False},
            "doc": {"document_id": None},
            "speaker": {"speaker_ids": None},
            "range": {"start": None, "end": None},
            "with": {"with_entity": None},
        }
        self.narrow_to(self.narrow.but(**resets[last]), last, None)
        return True

    # --- the keys ----------------------------------------------------------------------

    def action_cycle_kind(self) -> None:
        kind = KIND_CYCLE[(KIND_CYCLE.index(self.narrow.kind) + 1) % len(KIND_CYCLE)]
        self.narrow_to(self.narrow.but(kind=kind), "kind", KIND_CHIP.get(kind or ""))

    def action_toggle_axis(self) -> None:
        self.narrow = self.narrow.but(by="reported" if self.narrow.by == "event" else "event")
        self.reload_timeline()

    def action_toggle_dated(self) -> None:
        dated = not self.narrow.dated
        self.narrow_to(self.narrow.but(dated=dated), "dated", "dated" if dated else None)

    def _cursor_item(self, what: str) -> Item | None:
        row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        if row is None:
            self.notify(f"no timeline item to take {what} from", severity="warning", markup=False)
        return row

    def action_only_document(self) -> None:
        if self.narrow.document_id is not None:
            self.narrow_to(self.narrow.but(document_id=None), "doc", None)
            return
        row = self._cursor_item("a document")
        if row is not None:
            label = shorten(one_line(relative_doc(row.doc, self.root)), NAME)
            self.narrow_to(self.narrow.but(document_id=row.document_id), "doc", label)

    def action_only_speaker(self) -> None:
        if self.narrow.speaker_ids is not None:
            self.narrow_to(self.narrow.but(speaker_ids=None), "speaker", None)
            return
        row = self._cursor_item("a speaker")
        if row is not None:
            self.load("narrow", loaders.speaker_of, row)

    @on(SpeakerFound)
    def show_speaker(self, message: SpeakerFound) -> None:
        if message.speaker_id is None or message.name is None:
            self.notify("this item has no speaker", severity="warning", markup=False)
            return
        label = "said by " + shorten(one_line(message.name), NAME)
        self.narrow_to(self.narrow.but(speaker_ids=(message.speaker_id,)), "speaker", label)

    def narrow_to_period(self, period: str) -> None:
        """Only the items of ``period`` (an ISO date at its precision); again: all periods."""
        if self.narrow.start == period and self.narrow.end == period:
            self.narrow_to(self.narrow.but(start=None, end=None), "range", None)
        else:
            self.narrow_to(self.narrow.but(start=period, end=period), "range", period)

    def action_go_to_date(self) -> None:
        def chosen(start: str | None) -> None:
            if start is not None:
                self.load("narrow", loaders.date_sought, start, self.entity_id, self.narrow)

        self.app.push_screen(GoToDate(), chosen)

    @on(DateSought)
    def show_sought(self, message: DateSought) -> None:
        if message.place is None:
            self.notify("nothing dated on this timeline", severity="warning", markup=False)
            return
        index, item = message.place
        self.timeline.place(index, item)
        if not item.sort_key.startswith(message.start) and item.sort_key < message.start:
            self.notify(f"nothing dated at or after {message.start}: the last dated item", markup=False)
        self.timeline.focus()
        self.note_step()
