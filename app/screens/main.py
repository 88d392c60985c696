"""The main screen: three panes linked by one selection.

The panes post typed messages (an item, an entity, a line was chosen); this
screen runs the queries in thread workers, which post typed results back, and
sets what each pane shows. Only this screen writes ``selection``.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Static

from app.inert import inert
from app.screens.search import DocumentSearch, EntitySearch, TextSearch
from app.selection import Selection
from app.widgets.entities import EntityPane
from app.widgets.format import citation, short_doc
from app.widgets.source import SourcePane, Span
from app.widgets.timeline import TimelinePane
from db import browse, queries
from db.browse import Counts, Document, Item, Mention, Reader
from db.queries import EntityRow, LineHit

NARROW = 120  # below this width the timeline spans the top and the other two share the bottom


class MainScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "cycle(1)", "Next pane", show=False),
        Binding("shift+tab", "cycle(-1)", "Previous pane", show=False),
        Binding("1", "focus_pane('timeline')", "Timeline", show=False),
        Binding("2", "focus_pane('entities')", "Entities", show=False),
        Binding("3", "focus_pane('source')", "Source", show=False),
        Binding("slash", "entity_search", "Find entity"),
        Binding("ctrl+f", "text_search", "Search text"),
        Binding("n", "step(1)", "Next"),
        Binding("N", "step(-1)", "Previous", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("e", "edit", "Edit"),
        Binding("y", "cite", "Cite"),
        Binding("r", "refresh", "Refresh"),
    ]

    selection: reactive[Selection] = reactive(Selection)

    # --- results posted by the workers ------------------------------------------------------

    @dataclass
    class Overview(Message):
        name: str
        counts: Counts
        timeline_total: int
        entity_total: int
        place: tuple[int, Item] | None

    @dataclass
    class EntitiesCounted(Message):
        type: str | None
        total: int

    @dataclass
    class ItemLinked(Message):
        item: Item
        document: Document | None
        entities: list[tuple[int, str]]

    @dataclass
    class EntityLinked(Message):
        entity: EntityRow
        timeline_total: int
        position: int | None
        mention: Mention | None
        index: int
        count: int
        document: Document | None

    @dataclass
    class MentionStepped(Message):
        entity_id: int
        mention: Mention | None
        index: int
        count: int
        document: Document | None

    @dataclass
    class LineLinked(Message):
        document_id: int
        line: int
        items: list[Item]
        entities: list[tuple[int, str]]
        place: tuple[int, Item] | None

    @dataclass
    class HitOpened(Message):
        hit: LineHit
        document: Document | None
        column: int
        length: int

    @dataclass
    class DocumentOpened(Message):
        document: Document

    def __init__(self, reader: Reader, fallback_name: str) -> None:
        super().__init__()
        self.reader = reader
        self.fallback_name = fallback_name
        self.filter: EntityRow | None = None
        self.entity_type: str | None = None
        self.walk: str | None = None  # "entity" or "search": what n/N walk
        self.mention: Mention | None = None
        self.search: tuple[str, list[LineHit], int] | None = None
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("", id="masthead")
        with Container(id="panes"):
            # grid order: timeline top-left, source on the right, entities below the timeline
            yield TimelinePane(id="timeline")
            yield SourcePane(id="source")
            yield EntityPane(id="entities")
        yield Footer()

    def on_mount(self) -> None:
        self.timeline.border_title = "1 timeline"
        self.entities.border_title = "2 entities"
        self.source.loader = self._load_lines
        self.timeline.focus()
        self.load_overview()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    @property
    def timeline(self) -> TimelinePane:
        return self.query_one(TimelinePane)

    @property
    def entities(self) -> EntityPane:
        return self.query_one(EntityPane)

    @property
    def source(self) -> SourcePane:
        return self.query_one(SourcePane)

    # --- data sources handed to the panes --------------------------------------------------

    def _load_lines(self, doc_id: int, start: int, end: int, focus: tuple[int, int] | None):
        with self.reader.conn() as conn:
            return (browse.source_lines(conn, doc_id, start, end, focus=focus),
                    browse.mentions_between(conn, doc_id, start, end))

    def _timeline_fetch(self, entity_id: int | None, total: int):
        def fetch(offset: int, limit: int, hint):
            return self.reader(browse.timeline_rows, offset, limit, hint, entity_id=entity_id, total=total)
        return fetch

    def _entity_fetch(self, etype: str | None):
        def fetch(offset: int, limit: int, hint):
            return self.reader(queries.entities, type=etype, limit=limit, offset=offset)
        return fetch

    # --- overview (mount, refresh, filter cleared) -------------------------------------------

    @work(thread=True, exclusive=True, group="overview")
    def load_overview(self, keep: Item | None = None) -> None:
        entity_id = self.filter.id if self.filter else None
        with self.reader.conn() as conn:
            counts = browse.counts(conn)
            name = browse.corpus_name(conn, self.fallback_name)
            total = browse.timeline_count(conn, entity_id)
            etotal = browse.entity_count(conn, self.entity_type)
            place = None
            if keep is not None:
                place = (browse.timeline_position(conn, keep, entity_id), keep)
        self.post_message(self.Overview(name, counts, total, etotal, place))

    def on_main_screen_overview(self, message: Overview) -> None:
        c = message.counts
        head = Text("Storyline", style="bold")
        head.append(" · " + inert(message.name), style="bold")
        head.append(f"  {c.documents:,} documents · {c.entities:,} entities · {c.events:,} events"
                    f" · {c.claims:,} claims")
        self.query_one("#masthead", Static).update(head)
        entity_id = self.filter.id if self.filter else None
        self.timeline.reset(message.timeline_total, self._timeline_fetch(entity_id, message.timeline_total),
                            cursor=self.timeline.cursor if self.loaded and not message.place else 0)
        if message.place:
            self.timeline.place(*message.place)
        self._timeline_title()
        self.entities.reset(message.entity_total, self._entity_fetch(self.entity_type), cursor=self.entities.cursor)
        self.source.forget()
        self.loaded = True

    def _timeline_title(self) -> None:
        title = "1 timeline"
        if self.filter:
            title += f" — {inert(self.filter.name)} ({self.timeline.total}) · esc clears"
        self.timeline.border_title = title

    # --- a timeline item ---------------------------------------------------------------

    @on(TimelinePane.Selected)
    def item_selected(self, message: TimelinePane.Selected) -> None:
        self.link_item(message.item)

    @work(thread=True, exclusive=True, group="link")
    def link_item(self, item: Item) -> None:
        with self.reader.conn() as conn:
            document = browse.document(conn, item.document_id)
            ids = browse.item_entities(conn, item.kind, item.id)
            names = browse.entity_names(conn, ids)
        self.post_message(self.ItemLinked(item, document, names))

    def on_main_screen_item_linked(self, message: ItemLinked) -> None:
        item = message.item
        self.timeline.chosen_ref = item.ref
        self.timeline.set_marked(frozenset())
        self.selection = Selection(item.document_id, item.line, item.column, item.length,
                                   self.selection.entity, item.ref)
        self.source.show(message.document, item.line, Span(item.line, item.column, item.length),
                         entity=self.filter.id if self.filter else None)
        self._mark_entities(message.entities, "on this item")

    def _mark_entities(self, entities: list[tuple[int, str]], where: str) -> None:
        self.entities.set_marked(frozenset(i for i, _ in entities))
        if entities:
            names = ", ".join(inert(n) for _, n in entities)
            self.entities.border_subtitle = f"◆ {where}: {names}"
        else:
            self.entities.border_subtitle = f"no entities {where}"

    # --- an entity ---------------------------------------------------------------------

    @on(EntityPane.Selected)
    def entity_selected(self, message: EntityPane.Selected) -> None:
        self.link_entity(message.entity.id)

    def select_entity(self, entity_id: int) -> None:
        self.link_entity(entity_id, place=True)

    @work(thread=True, exclusive=True, group="link")
    def link_entity(self, entity_id: int, place: bool = False) -> None:
        with self.reader.conn() as conn:
            entity = queries.entity(conn, entity_id)
            if entity is None:
                return
            total = browse.timeline_count(conn, entity_id)
            position = browse.entity_position(conn, entity_id, self.entity_type) if place else None
            mention = browse.mention_step(conn, entity_id, None)
            index = browse.mention_index(conn, mention) if mention else 0
            count = browse.mention_count(conn, entity_id)
            document = browse.document(conn, mention.document_id) if mention else None
        self.post_message(self.EntityLinked(entity, total, position, mention, index, count, document))

    def on_main_screen_entity_linked(self, message: EntityLinked) -> None:
        entity = message.entity
        self.filter = entity
        self.walk = "entity"
        self.entities.chosen_id = entity.id
        if message.position is not None:
            self.entities.move_to(message.position)
        self.entities.refresh()
        self.timeline.chosen_ref = None
        self.timeline.set_marked(frozenset())
        self.timeline.reset(message.timeline_total, self._timeline_fetch(entity.id, message.timeline_total))
        self.timeline.empty_text = f"no events or claims mention {inert(entity.name)}"
        self._timeline_title()
        self.selection = Selection(entity=entity.id)
        self._show_mention(entity.id, message.mention, message.index, message.count, message.document)

    def _show_mention(self, entity_id: int, mention: Mention | None, index: int, count: int,
                      document: Document | None) -> None:
        self.mention = mention
        name = inert(self.filter.name) if self.filter else ""
        if mention is None or document is None:
            self.source.border_subtitle = f"{name}: no mentions"
            return
        self.selection = Selection(mention.document_id, mention.line, mention.column, mention.length,
                                   entity_id, None)
        self.source.show(document, mention.line, Span(mention.line, mention.column, mention.length), entity_id)
        self.source.border_subtitle = f"{name} {index + 1}/{count} · n/N"

    @work(thread=True, exclusive=True, group="link")
    def step_mention(self, entity_id: int, at: Mention | None, backward: bool) -> None:
        with self.reader.conn() as conn:
            key = (at.document_id, at.line, at.column) if at else None
            mention = browse.mention_step(conn, entity_id, key, backward=backward)
            index = browse.mention_index(conn, mention) if mention else 0
            count = browse.mention_count(conn, entity_id)
            document = browse.document(conn, mention.document_id) if mention else None
        self.post_message(self.MentionStepped(entity_id, mention, index, count, document))

    def on_main_screen_mention_stepped(self, message: MentionStepped) -> None:
        self._show_mention(message.entity_id, message.mention, message.index, message.count, message.document)

    def action_clear_filter(self) -> None:
        if self.filter is None:
            return
        self.filter = None
        self.walk = None if self.walk == "entity" else self.walk
        self.entities.chosen_id = None
        self.entities.refresh()
        self.source.set_entity(None)
        self.source.border_subtitle = ""
        self.timeline.empty_text = "no events or claims"
        keep = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        self.load_overview(keep)

    # --- a source line -----------------------------------------------------------------

    @on(SourcePane.LineSelected)
    def line_selected(self, message: SourcePane.LineSelected) -> None:
        self.link_line(message.document_id, message.line)

    @work(thread=True, exclusive=True, group="link")
    def link_line(self, doc_id: int, line: int) -> None:
        entity_id = self.filter.id if self.filter else None
        with self.reader.conn() as conn:
            items = browse.items_on_line(conn, doc_id, line)
            names = browse.entity_names(conn, browse.entities_on_line(conn, doc_id, line))
            place = None
            for item in items:
                if entity_id is None or item.ref in {i.ref for i in browse.timeline_near(
                        conn, item.key, 1, entity_id=entity_id, inclusive=True)}:
                    place = (browse.timeline_position(conn, item, entity_id), item)
                    break
        self.post_message(self.LineLinked(doc_id, line, items, names, place))

    def on_main_screen_line_linked(self, message: LineLinked) -> None:
        self.selection = Selection(message.document_id, message.line, 0, 0, self.selection.entity, None)
        self.timeline.chosen_ref = None
        self.timeline.set_marked(frozenset(i.ref for i in message.items))
        if message.place:
            self.timeline.place(*message.place)
        n = len(message.items)
        self.timeline.border_subtitle = (f"◆ {n} item{'s' if n != 1 else ''} on line {message.line}" if n
                                         else f"nothing dated on line {message.line}")
        self._mark_entities(message.entities, f"on line {message.line}")

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

    @work(thread=True, exclusive=True, group="link")
    def open_document(self, doc_id: int) -> None:
        document = self.reader(browse.document, doc_id)
        if document is not None:
            self.post_message(self.DocumentOpened(document))

    def on_main_screen_document_opened(self, message: DocumentOpened) -> None:
        doc = message.document
        self.selection = Selection(doc.id, 1, 0, 0, self.selection.entity, None)
        self.source.show(doc, 1, None, self.filter.id if self.filter else None)
        self.source.border_subtitle = ""
        self.source.focus()

    def action_text_search(self) -> None:
        def chosen(result) -> None:
            if result is not None:
                self.search = result
                self.walk = "search"
                self.open_hit(result[1][result[2]], result[0])
        self.app.push_screen(TextSearch(self.reader, self.search[0] if self.search else ""), chosen)

    @work(thread=True, exclusive=True, group="link")
    def open_hit(self, hit: LineHit, query: str) -> None:
        document = self.reader(browse.document, hit.document_id)
        column, length = _first_word(hit.text, query)
        self.post_message(self.HitOpened(hit, document, column, length))

    def on_main_screen_hit_opened(self, message: HitOpened) -> None:
        hit = message.hit
        self.selection = Selection(hit.document_id, hit.line, message.column, message.length,
                                   self.selection.entity, None)
        self.source.show(message.document, hit.line, Span(hit.line, message.column, message.length),
                         self.filter.id if self.filter else None)
        if self.search:
            self.source.border_subtitle = f"{self.search[0]!r} {self.search[2] + 1}/{len(self.search[1])} · n/N"

    def action_step(self, delta: int) -> None:
        if self.walk == "search" and self.search and self.search[1]:
            query, hits, index = self.search
            index = (index + delta) % len(hits)
            self.search = (query, hits, index)
            self.open_hit(hits[index], query)
        elif self.walk == "entity" and self.filter:
            self.step_mention(self.filter.id, self.mention, delta < 0)
        else:
            self.notify("n/N walk the mentions of a selected entity, or the hits of a text search (ctrl+f)",
                        severity="warning")

    def _place(self) -> tuple[Document, int] | None:
        doc = self.source.document
        return (doc, self.source.cursor) if doc else None

    def action_cite(self) -> None:
        place = self._place()
        if place is None:
            self.notify("nothing to cite: select an item, an entity or a line first", severity="warning")
            return
        doc, line = place
        sel = self.selection
        text = self.source.line_text(line) or ""
        if sel.doc == doc.id and sel.line == line and sel.length and sel.item:
            text = self.timeline_item_text() or text
        quote = citation(doc.doc, line, text)
        self.app.copy_to_clipboard(quote)
        self.notify(inert(quote), title="Copied citation")

    def timeline_item_text(self) -> str | None:
        row = self.timeline.row(self.timeline.cursor)
        if row is not None and row.ref == self.selection.item:
            return row.text
        return None

    def action_edit(self) -> None:
        place = self._place()
        if place is None:
            self.notify("no document to open", severity="warning")
            return
        doc, line = place
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        command = [*shlex.split(editor), f"+{line}", doc.path]
        try:
            with self.app.suspend():
                subprocess.call(command)
        except (OSError, Exception) as exc:  # noqa: BLE001 - report any failure to start the editor
            self.notify(f"could not run {inert(editor)}: {inert(str(exc))}", severity="error")
        self.app.refresh()

    def action_refresh(self) -> None:
        keep = self.timeline.row(self.timeline.cursor) if self.timeline.total else None
        self.load_overview(keep)
        self.notify("refreshed", timeout=1.5)

    # --- entity type filter --------------------------------------------------------------

    @on(EntityPane.TypeChanged)
    def type_changed(self, message: EntityPane.TypeChanged) -> None:
        self.entity_type = message.type
        self.count_entities(message.type)

    @work(thread=True, exclusive=True, group="entities")
    def count_entities(self, etype: str | None) -> None:
        self.post_message(self.EntitiesCounted(etype, self.reader(browse.entity_count, etype)))

    def on_main_screen_entities_counted(self, message: EntitiesCounted) -> None:
        if message.type != self.entity_type:
            return
        self.entities.reset(message.total, self._entity_fetch(message.type))
        self.entities.border_title = "2 entities" + (f" · {message.type}" if message.type else "")
        self.entities.empty_text = f"no {message.type or ''} entities".replace("  ", " ")


def _first_word(text: str, query: str) -> tuple[int, int]:
    """(1-based column, length) of the first searched word in the line (any case), else (1, 0)."""
    lowered = text.lower()
    best = (len(text), 0)
    for word in queries.FTS_TOKEN.findall(query):
        at = lowered.find(word.lower())
        if 0 <= at < best[0]:
            best = (at, len(word))
    return (best[0] + 1, best[1]) if best[1] else (1, 0)
