"""The main screen: three panes linked by one selection.

The panes post typed messages (an item, an entity, a line was chosen); this
screen asks ``loaders`` for what to show next (in thread workers, which post
typed results back) and sets what each pane shows. Only this screen writes
``selection``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.message import Message
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from app.editor import open_in_editor, stored_text_file, why_not_write_stored_text
from app.screens import loaders
from app.screens.copies import CarriersDialog, StatementsDialog
from app.screens.corrections import CorrectionsMixin
from app.screens.documents import DocumentsMixin
from app.screens.filters import FiltersMixin
from app.screens.histogram import HistogramMixin
from app.screens.history import HistoryMixin
from app.screens.linked import LinkedMixin
from app.screens.loaders import (
    ClaimPlaced,
    DocumentOpened,
    EntitiesCounted,
    EntityLinked,
    HitOpened,
    ItemLinked,
    LineLinked,
    MentionStepped,
    Overview,
)
from app.screens.marks import MarksActions
from app.screens.preview import PreviewMixin
from app.screens.search import DocumentSearch, EntitySearch, TextSearch
from app.screens.together import TogetherMixin
from app.selection import Selection
from app.widgets.cite import cite_place
from app.widgets.clipboard import system_copy
from app.widgets.entities import EntityPane
from app.widgets.footer import StorylineFooter
from app.widgets.format import literal, one_line, shorten
from app.widgets.histogram import HistogramStrip
from app.widgets.source import SourcePane, Span
from app.widgets.timeline import TimelinePane
from db.read import Carrier, Document, EntityRow, Item, LineHit, MentionSpan, Reader, Statement

NARROW = 120  # below this width the timeline spans the top and the other two share the bottom
COMPACT = 100  # below this width the footer and the masthead are compact
PANES = Binding.Group("Panes", compact=True)  # tab 1 2 3: one footer entry
NAME = 28  # characters of a name or a query in a border title, so the counts after it stay in view


class MainScreen(
    CorrectionsMixin,
    MarksActions,
    FiltersMixin,
    HistogramMixin,
    DocumentsMixin,
    HistoryMixin,
    TogetherMixin,
    PreviewMixin,
    LinkedMixin,
    Screen[None],
):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "cycle(1)", "Next pane", tooltip="next pane", group=PANES),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False, tooltip="previous pane"),
        Binding("1", "focus_pane('timeline')", "Timeline", tooltip="focus the timeline", group=PANES),
        Binding("2", "focus_pane('entities')", "Entities", tooltip="focus the entities", group=PANES),
        Binding("3", "focus_pane('source')", "Source", tooltip="focus the source", group=PANES),
        Binding("slash", "entity_search", "Entity", tooltip="search entities by name or alias (prefix, then fuzzy)"),
        Binding(
            "ctrl+f",
            "text_search",
            "Text",
            tooltip='search the text: words, "a phrase", prefix*, /regex/; enter on a hit jumps to its line',
        ),
        Binding("n", "step(1)", "Next", tooltip="next mention of the selected entity, or hit of the last text search"),
        Binding("N", "step(-1)", "Previous", show=False, tooltip="previous mention, or hit"),
        Binding(
            "escape",
            "clear_filter",
            "Unfilter",
            tooltip="pop the last timeline filter (the entity, a kind, dated, a document, a speaker, a period)",
        ),
        Binding(
            "e",
            "edit",
            "Edit",
            tooltip="open the source at the line in $VISUAL / $EDITOR (HTML, PDF…: its text)",
        ),
        Binding(
            "c",
            "carriers",
            "Copies",
            show=False,
            tooltip="who carries the timeline item: its copies and independent sources",
        ),
        Binding("C", "statements", "Corroborated", show=False, tooltip="statements by the most independent sources"),
        Binding("y", "cite", "Cite", tooltip="copy a citation: doc:line:column — Speaker: “text” — Title (date)"),
        *LinkedMixin.BINDINGS,
        Binding("r", "refresh", "Refresh", tooltip="refresh: re-read the database"),
        *MarksActions.BINDINGS,
    ]

    selection: var[Selection] = var(Selection)  # read by actions and tests; nothing repaints on it

    def __init__(self, reader: Reader, fallback_name: str) -> None:
        super().__init__()
        self.reader = reader
        self.fallback_name = fallback_name
        self.filter: EntityRow | None = None
        self.entity_type: str | None = None
        self.walk: str | None = None  # "entity" or "search": what n/N walk
        self.mention: MentionSpan | None = None
        self.search: tuple[str, list[LineHit], int] | None = None
        self.search_more = False  # the search's last page read was full: n past its end reads the next
        self.pending_steps = 0  # n (+1) and N (-1) typed while a step is being read: taken with the next one
        self.stepping = False
        # where the reader went since the walk's last step (an item, a line, a document): n/N go on from there
        self.walk_from: tuple[int, int] | None = None
        self.loaded = False
        self.root = ""  # the corpus folder, left out of document paths in lists
        self.overview: Overview | None = None
        self.init_filters()
        self.init_history()
        self.init_linked()

    def compose(self) -> ComposeResult:
        yield Static("", id="masthead")
        with Container(id="panes"):
            # grid order: timeline top-left, source on the right, entities below the timeline
            with Vertical(id="timeline-column"):
                yield HistogramStrip(id="histogram")
                yield TimelinePane(id="timeline")
            yield SourcePane(id="source")
            yield EntityPane(id="entities")
        yield StorylineFooter()

    def on_mount(self) -> None:
        self.timeline.border_title = "1 timeline"
        self.entities.set_title("2 entities")
        self.source.loader = loaders.source_loader(self.reader)
        self.timeline.focus()
        self.load_overview()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")
        self.query_one(StorylineFooter).compact = self.size.width < COMPACT
        self._masthead()

    @property
    def timeline(self) -> TimelinePane:
        return self.query_one(TimelinePane)

    @property
    def entities(self) -> EntityPane:
        return self.query_one(EntityPane)

    @property
    def source(self) -> SourcePane:
        return self.query_one(SourcePane)

    @property
    def entity_id(self) -> int | None:
        """The entity filtering the timeline, if any."""
        return self.filter.id if self.filter else None

    # --- reading the database -------------------------------------------------------------

    def load(self, group: str, loader: Callable[..., Message | None], *args: object) -> None:
        """Run ``loader(conn, *args)`` in a thread worker and post the message it returns.

        Exclusive within ``group``: a newer request cancels an older one still queued.
        """
        if group == "link" and loader is not loaders.mention_stepped:
            self.pending_steps, self.stepping = 0, False  # another selection replaces a walk's step in flight

        def run() -> None:
            with self.reader.conn() as conn:
                message = loader(conn, *args)
            if message is not None:
                self.post_message(message)

        self.run_worker(run, thread=True, exclusive=True, group=group, name=loader.__name__)

    # --- overview (mount, refresh, filter cleared) -------------------------------------------

    def load_overview(self, keep: Item | None = None, reading: loaders.Reading | None = None) -> None:
        self.load(
            "overview",
            loaders.overview,
            self.fallback_name,
            self.entity_id,
            self.entity_type,
            keep,
            self.narrow,
            reading,
            0 if self.loaded else self._first_rows(),  # the first screen: both lists' first rows with the rest
            self.entities.order,
        )

    @on(Overview)
    def show_overview(self, message: Overview) -> None:
        self.overview = message
        self._masthead()
        self.root = message.root
        self.timeline.root = message.root
        self.timeline.reset(
            message.timeline_total,
            loaders.timeline_fetch(self.reader, self.entity_id, message.timeline_total, self.narrow),
            cursor=self.timeline.cursor if self.loaded and not message.place else 0,
            first=message.timeline_first,
        )
        if message.place:
            self.timeline.place(*message.place)
        self.whole = message.whole
        self._timeline_title()
        self.entities.reset(
            message.entity_total,
            loaders.entity_fetch(self.reader, self.entity_type, self.entities.order),
            cursor=self.entities.cursor,
            first=message.entities_first,
        )
        self.source.forget()
        if message.reopened is not None:
            self._reopen(message.reopened)
        self.loaded = True
        self.overview_shown()
        self.load_histogram()
        self.load_kept()
        self.note_step()

    def _reopen(self, again: loaders.Reopened) -> None:
        """Show the document being read as the database now has it (``r`` after a re-ingest)."""
        source, top = self.source, self.source.top
        same = source.document is not None and again.document is not None and source.document.id == again.document.id
        chosen = self.selection.item is not None
        if again.span is None:
            self.selection = Selection(
                again.document.id if again.document else None, again.cursor, 0, 0, self.selection.entity, None
            )
            source.show(again.document, again.cursor, None, self.entity_id)
        else:
            line, column, length = again.span
            ref = again.item.ref if again.item else None
            self.selection = Selection(again.document.id, line, column, length, self.selection.entity, ref)  # type: ignore[union-attr]
            source.show(again.document, again.cursor, Span(line, column, length), self.entity_id)
        if same and source.cursor == again.cursor:
            source.top = top  # nothing moved: the view stays
        elif again.document is not None and (self.mention or self.search):
            self._walk_from(again.document.id, source.cursor)  # the walk's positions were in the old rows
        if chosen:
            self.timeline.set_chosen(again.item.ref if again.item else None)
        if again.note:
            self.notify(again.note, severity="warning", markup=False)

    def _masthead(self) -> None:
        if self.overview is None:
            return
        c = self.overview.counts
        head = Text("Storyline", style="bold")
        head.append(" · " + shorten(one_line(self.overview.name), NAME), style="bold")
        docs = "docs" if self.size.width < COMPACT else "documents"
        head.append(f"  {c.documents:,} {docs} · {c.entities:,} entities · {c.events:,} events · {c.claims:,} claims")
        self.query_one("#masthead", Static).update(head)

    def _timeline_title(self) -> None:
        title = Text("1 timeline")
        if self.filter and self.chips == ["entity"] and self.narrow.by == "event":
            title.append(" — ")
            title.append_text(literal(shorten(one_line(self.filter.name), NAME)))
            title.append(f" ({self.timeline.total}) · esc clears")
        else:
            title.append_text(self.chips_title())
        self.timeline.border_title = title

    def filters_changed(self) -> None:
        self.load_histogram()

    # --- a timeline item ---------------------------------------------------------------

    @on(TimelinePane.Selected)
    def item_selected(self, message: TimelinePane.Selected) -> None:
        self.load("link", loaders.item_linked, message.item)

    @on(ItemLinked)
    def show_item(self, message: ItemLinked) -> None:
        item = message.item
        self.timeline.set_chosen(item.ref)
        self.timeline.set_marked(frozenset())
        _clear_subtitle(self.timeline)
        self.selection = Selection(
            item.document_id, item.line, item.column, item.length, self.selection.entity, item.ref
        )
        self.source.show(message.document, item.line, Span(item.line, item.column, item.length), entity=self.entity_id)
        self._walk_from(item.document_id, item.line)
        self.mark_entities(message.entities, "on this item")
        self.note_step()

    # --- an entity ---------------------------------------------------------------------

    @on(EntityPane.Selected)
    def entity_selected(self, message: EntityPane.Selected) -> None:
        self.load(
            "link",
            loaders.entity_linked,
            message.entity.id,
            self.entity_type,
            False,
            self.narrow,
            self.entities.order,
            *self._chart(),
        )

    def select_entity(self, entity_id: int) -> None:
        """Select an entity chosen elsewhere (a search, the palette): also move the entity list to it."""
        self.load(
            "link",
            loaders.entity_linked,
            entity_id,
            self.entity_type,
            True,
            self.narrow,
            self.entities.order,
            *self._chart(),
        )

    def _chart(self) -> tuple[bool, int | None, int]:
        """Whether an entity's select reads its histogram strip too (the strip is shown), at what zoom, and
        how many rows of its timeline it reads with the rest."""
        return bool(self.histogram.display), self.zoom, self._first_rows()

    def _first_rows(self) -> int:
        """Rows of a list read with what is shown beside it: those on screen and a few for the cursor (the
        list reads the rest of its first page when it needs them)."""
        laid_out = max(self.timeline.size.height, self.entities.size.height)
        return (laid_out or self.app.size.height) + 8  # before the first layout: the terminal's height

    @on(EntityLinked)
    def show_entity(self, message: EntityLinked) -> None:
        entity = message.entity
        self.filter = entity
        self.set_chip("entity", shorten(one_line(entity.name), NAME))
        self.refresh_bindings()  # esc clears it now
        self.walk = "entity"
        # only the rows whose marks change are repainted in the entity list
        self.entities.set_chosen(entity.id)
        self.clear_linked()  # marks of an earlier item or line no longer apply
        _clear_subtitle(self.entities)
        if message.position is not None:
            self.entities.move_to(message.position)
        self.timeline.set_chosen(None)
        self.timeline.set_marked(frozenset())
        _clear_subtitle(self.timeline)
        self.timeline.reset(
            message.timeline_total,
            loaders.timeline_fetch(self.reader, entity.id, message.timeline_total, self.narrow),
            first=message.timeline_first,
        )
        self.timeline.empty_text = f"no events or claims mention {one_line(entity.name)}"
        self._timeline_title()
        if message.histogram is not None:
            self.show_histogram(message.histogram)
        else:
            self.load_histogram()
        self.selection = Selection(entity=entity.id)
        self._show_mention(entity.id, message.mention, message.index, message.count, message.document)
        self.note_step()

    def _walk_from(self, doc_id: int, line: int) -> None:
        """The reader moved off the walk (chose an item, a line, a document): n/N go on from this line, and
        the source's subtitle says so instead of the old walk's position."""
        self.walk_from = (doc_id, line)
        if self.walk == "entity" and self.filter:
            what = literal(shorten(one_line(self.filter.name), NAME)) + Text(" · n/N: its mentions from here")
        elif self.walk == "search" and self.search:
            what = literal(shorten(repr(self.search[0]), NAME)) + Text(" · n/N: its hits from here")
        else:
            self.source.border_subtitle = None
            return
        self.source.border_subtitle = what

    def _show_mention(
        self, entity_id: int, mention: MentionSpan | None, index: int, count: int, document: Document | None
    ) -> None:
        self.mention = mention
        self.walk_from = None
        name = literal(shorten(one_line(self.filter.name), NAME)) if self.filter else Text()
        if mention is None or document is None:
            self.source.border_subtitle = name + Text(": no mentions")
            return
        self.selection = Selection(mention.document_id, mention.line, mention.column, mention.length, entity_id, None)
        self.source.show(document, mention.line, Span(mention.line, mention.column, mention.length), entity_id)
        self.source.border_subtitle = name + Text(f" {index + 1}/{count} · n/N")

    def _step_mentions(self) -> None:
        """Read the mention ``steps`` away (the n/N typed since the last one was shown), one read for all."""
        if self.filter is None or not self.pending_steps:
            self.stepping, self.pending_steps = False, 0
            return
        at = self.mention
        if self.walk_from:  # from the start of the line being read: forward includes its mentions
            at = MentionSpan(self.filter.id, self.walk_from[0], self.walk_from[1], 0, 0)
        steps, self.pending_steps, self.stepping = self.pending_steps, 0, True
        self.load("link", loaders.mention_stepped, self.filter.id, at, steps < 0, abs(steps))

    @on(MentionStepped)
    def show_stepped_mention(self, message: MentionStepped) -> None:
        self.stepping = False
        if self.filter is None or message.entity_id != self.filter.id:
            self.pending_steps = 0
            return
        self._show_mention(message.entity_id, message.mention, message.index, message.count, message.document)

    @on(Worker.StateChanged)
    def _step_again(self, event: Worker.StateChanged) -> None:
        """Once a step's worker is done (not before: a new one in its group would cancel it), take the n/N
        typed while it was read."""
        if event.worker.group != "link" or not event.worker.is_finished:
            return
        if event.state != WorkerState.SUCCESS:
            self.stepping = False  # no answer is coming
        if self.pending_steps and not self.stepping:
            self._step_mentions()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """esc shows in the footer (dimmed until a filter narrows the timeline)."""
        if action == "clear_filter" and self.filter is None and not self.chips:
            return None
        # nothing is marked ◆: the footer leaves ' out
        return not (action == "next_linked" and not getattr(self, "linked", None))

    def action_clear_filter(self) -> None:
        if self.pop_filter() or self.filter is None:
            return
        self.filter = None
        self.set_chip("entity", None)
        self.refresh_bindings()
        self.walk = None if self.walk == "entity" else self.walk
        self.entities.set_chosen(None)
        self.source.set_entity(None)
        self.source.border_subtitle = None
        self.timeline.empty_text = "no events or claims"
        keep = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        self.load_overview(keep)

    # --- a source line -----------------------------------------------------------------

    @on(SourcePane.LineSelected)
    def line_selected(self, message: SourcePane.LineSelected) -> None:
        self.load(
            "link",
            loaders.line_linked,
            message.document_id,
            message.line,
            self.entity_id,
            self.narrow,
        )

    @on(LineLinked)
    def show_line(self, message: LineLinked) -> None:
        self.selection = Selection(message.document_id, message.line, 0, 0, self.selection.entity, None)
        self.source.set_span(None)  # the line is the selection now: an earlier span no longer is
        self._walk_from(message.document_id, message.line)
        self.timeline.set_chosen(None)
        self.timeline.set_marked(frozenset(i.ref for i in message.items))
        if message.place:
            self.timeline.place(*message.place)
        self.timeline.border_subtitle = _line_items(len(message.items), message.shown, message.line)
        self.mark_entities(message.entities, f"on line {message.line}")

    # --- keys --------------------------------------------------------------------------

    def action_focus_pane(self, name: str) -> None:
        # set_focus at once (Widget.focus defers it), so keys typed right after land in the new pane
        self.set_focus(self.query_one(f"#{name}"))

    def action_cycle(self, step: int) -> None:
        order = ["timeline", "entities", "source"]
        current = self.focused.id if self.focused and self.focused.id in order else "source"
        self.action_focus_pane(order[(order.index(current) + step) % 3])

    def action_entity_search(self) -> None:
        def chosen(entity_id: int | None) -> None:
            if entity_id is not None:
                self.select_entity(entity_id)

        self.app.push_screen(EntitySearch(self.reader), chosen)

    def action_document_search(self) -> None:
        def chosen(doc_id: int | None) -> None:
            if doc_id is not None:
                self.open_document(doc_id)

        self.app.push_screen(DocumentSearch(self.reader), chosen)

    def open_document(self, doc_id: int) -> None:
        self.load("link", loaders.document_opened, doc_id)

    @on(DocumentOpened)
    def show_document(self, message: DocumentOpened) -> None:
        doc = message.document
        self.selection = Selection(doc.id, 1, 0, 0, self.selection.entity, None)
        self.source.show(doc, 1, None, self.entity_id)
        self._walk_from(doc.id, 1)
        self.source.focus()
        self.note_step()

    def action_text_search(self) -> None:
        def chosen(result) -> None:
            if result is not None:
                self.search, self.search_more = result[:3], result[3]
                self.walk = "search"
                self.open_hit(result[1][result[2]], result[0])

        query, hits, index = self.search if self.search else ("", None, 0)
        self.app.push_screen(TextSearch(self.reader, query, root=self.root, index=index, hits=hits), chosen)

    def open_hit(self, hit: LineHit, query: str, walk: bool = True) -> None:
        """Open a text-search hit (``walk``: a step of the search's n/N walk) or a line found elsewhere."""
        self.load("link", loaders.hit_opened, hit, query, walk)

    @on(HitOpened)
    def show_hit(self, message: HitOpened) -> None:
        hit = message.hit
        self.selection = Selection(
            hit.document_id, hit.line, message.column, message.length, self.selection.entity, None
        )
        self.source.show(message.document, hit.line, Span(hit.line, message.column, message.length), self.entity_id)
        if not message.walk:
            self._walk_from(hit.document_id, hit.line)
        elif self.search:
            self.walk_from = None
            query, hits, index = self.search
            more = "+" if self.search_more else ""  # read so far: n at the end reads on
            self.source.border_subtitle = literal(shorten(repr(query), NAME)) + Text(
                f" {index + 1}/{len(hits)}{more} · n/N"
            )

    def action_step(self, delta: int) -> None:
        if self.walk == "search" and self.search and self.search[1]:
            query, hits, index = self.search
            if self.search_more and delta > 0 and index == len(hits) - 1 and not self.walk_from:
                self.load("link", loaders.more_hits, query, hits)  # the next page, then its first hit
                return
            index = _hit_from(hits, self.walk_from, delta) if self.walk_from else (index + delta) % len(hits)
            if delta < 0 and index == len(hits) - 1 and self.search_more:
                self.notify(
                    f"N wrapped to the last of the {len(hits)} hits read so far: n from there reads on",
                    severity="warning",
                    markup=False,
                )
            self.search = (query, hits, index)
            self.open_hit(hits[index], query)
        elif self.walk == "entity" and self.filter:
            self.pending_steps += delta
            if not self.stepping:
                self._step_mentions()
        else:
            self.notify(
                "n/N walk the mentions of a selected entity, or the hits of a text search (ctrl+f)",
                severity="warning",
                markup=False,
            )

    @on(loaders.MoreHits)
    def walk_on(self, message: loaders.MoreHits) -> None:
        if not self.search or message.query != self.search[0]:
            return
        query, hits, index = self.search
        self.search_more = message.more
        if not message.hits:  # there were no more after all: round to the first
            self.search = (query, hits, 0)
            self.open_hit(hits[0], query)
            return
        hits = hits + message.hits
        self.search = (query, hits, index + 1)
        self.open_hit(hits[index + 1], query)

    def action_carriers(self) -> None:
        row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        if row is None:
            self.notify("no timeline item to look up", severity="warning", markup=False)
            return

        def chosen(carrier: Carrier | None) -> None:
            if carrier is not None:
                self.open_hit(LineHit(carrier.document_id, carrier.doc, carrier.line, ""), "", walk=False)

        self.app.push_screen(CarriersDialog(self.reader, row, self.root), chosen)

    def action_statements(self) -> None:
        def chosen(statement: Statement | None) -> None:
            if statement is not None:
                self.load("link", loaders.claim_placed, statement.claim_id, self.entity_id, self.narrow)

        self.app.push_screen(StatementsDialog(self.reader, self.root), chosen)

    @on(ClaimPlaced)
    def show_placed_claim(self, message: ClaimPlaced) -> None:
        if message.place is not None:
            self.timeline.place(*message.place)
        self.item_selected(TimelinePane.Selected(message.item))

    def _reading(self) -> loaders.Reading | None:
        """The document being read, where, and the text highlighted, to find them again after a re-ingest."""
        doc, span = self.source.document, self.source.span
        if doc is None:
            return None
        text = (self.source.span_text() or "") if span else ""
        line, column = (span.line, span.column) if span else (self.source.cursor, 0)
        return loaders.Reading(doc.path, self.source.cursor, line, column, text, self.selection.item is not None)

    def _place(self) -> tuple[Document, int] | None:
        doc = self.source.document
        return (doc, self.source.cursor) if doc else None

    def action_cite(self) -> None:
        place = self._place()
        if place is None:
            self.notify("nothing to cite: select an item, an entity or a line first", severity="warning", markup=False)
            return
        doc, line = place
        quote = cite_place(self.reader, doc, line, self.selection, self._chosen_row())
        self.app.copy_to_clipboard(quote)  # OSC 52
        tool = system_copy(quote)
        if tool:
            self.notify(one_line(quote), title=f"Copied citation ({tool})", markup=False)
        else:  # an OSC 52 request: nobody can tell whether the terminal honoured it
            self.notify(
                one_line(quote) + "\n\n(sent to the terminal's clipboard; if it does not paste, copy it from here)",
                title="Citation",
                markup=False,
                timeout=15,
            )

    def _chosen_row(self) -> Item | None:
        row = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        return row if row is not None and row.ref == self.selection.item else None

    def action_edit(self) -> None:
        place = self._place()
        if place is None:
            self.notify("no document to open", severity="warning", markup=False)
            return
        doc, line = place
        path = doc.path
        if doc.converted:  # the file is HTML, a dump, a PDF: open the text Storyline stored, read-only
            refused = why_not_write_stored_text(path)
            if refused:
                self.notify(refused, severity="error", markup=False)
                return
            path = self.reader(stored_text_file, doc)
        problem = open_in_editor(self.app, path, line)
        if problem:
            self.notify(problem, severity="error", markup=False)
        self.app.refresh()

    def action_refresh(self) -> None:
        loaders.forget_counts()
        keep = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        self.load_overview(keep, self._reading())
        self.notify("refreshed", timeout=1.5, markup=False)

    # --- entity type filter --------------------------------------------------------------

    @on(EntityPane.TypeChanged)
    def type_changed(self, message: EntityPane.TypeChanged) -> None:
        self.entity_type = message.type
        self.load("entities", loaders.entities_counted, message.type)
        self.linked_type_changed()

    @on(EntityPane.SortChanged)
    def sort_changed(self, message: EntityPane.SortChanged) -> None:
        # the same entities in another order: the cursor goes back to the top, the selection stays marked
        self.entities.reset(self.entities.total, loaders.entity_fetch(self.reader, self.entity_type, message.order))
        self.linked_type_changed()  # the ◆ entities' rows follow the order

    @on(EntitiesCounted)
    def show_entity_count(self, message: EntitiesCounted) -> None:
        if message.type != self.entity_type:
            return
        self.entities.reset(message.total, loaders.entity_fetch(self.reader, message.type, self.entities.order))
        self.entities.set_title("2 entities" + (f" · {message.type}" if message.type else ""))
        self.entities.empty_text = f"no {message.type or ''} entities".replace("  ", " ")


def _line_items(n: int, shown: int, line: int) -> str:
    """What the timeline's ◆ marks of a line are, and how many of them its filters hide."""
    if not n:
        return f"nothing dated on line {line}"
    said = f"◆ {n} item{'s' if n != 1 else ''} on line {line}"
    hidden = n - shown
    if not hidden:
        return said
    if n == 1:
        return said + ", hidden by the filter (esc)"
    which = "all" if hidden == n and n > 2 else "both" if hidden == n else f"{hidden} of them"
    return said + f", {which} hidden by the filter (esc)"


def _hit_from(hits: list[LineHit], at: tuple[int, int], delta: int) -> int:
    """The index of the first hit after (``delta`` > 0) or before the line ``at``, wrapping around."""
    keys = sorted(range(len(hits)), key=lambda i: (hits[i].document_id, hits[i].line))
    if delta > 0:
        return next((i for i in keys if (hits[i].document_id, hits[i].line) > at), keys[0])
    return next((i for i in reversed(keys) if (hits[i].document_id, hits[i].line) < at), keys[-1])


def _clear_subtitle(widget: Widget) -> None:
    """Clear a border subtitle only when one is shown: Textual repaints the whole widget on every set."""
    if widget.border_subtitle is not None:
        widget.border_subtitle = None
