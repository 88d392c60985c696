"""Two search dialogs: entities by name (incremental) and the documents' text (FTS5)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from app.widgets.choices import ChoiceList
from app.widgets.format import literal, one_line, relative_doc
from app.widgets.preview import hit_preview
from db import read
from db.read import Document, EntityRow, LineHit, Reader
from db.read.sql import MAX_SEARCH_CHARS


class SearchInput(Input):
    """Textual's Input, without a layout of the whole screen at every keystroke.

    Input's value watcher sets its virtual size (the text's width), a reactive that lays out the
    screen, and with it every widget of the main screen under the dialog (it shows through): a third
    of a search keystroke on the 100k-article database. The box is one row of fixed width, so only its
    scrolling needs the new size: set here without the layout (Input's own assignment then changes
    nothing)."""

    def _watch_value(self, value: str) -> None:
        size = Size(self.content_width, 1)
        if size != self.virtual_size and not self.styles.auto_dimensions:
            self.set_reactive(Input.virtual_size, size)
            self._scroll_update(size)
        super()._watch_value(value)


class _SearchDialog(ModalScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
    ]
    PLACEHOLDER = ""
    TITLE = ""

    def __init__(self, reader: Reader, value: str = "") -> None:
        super().__init__()
        self.reader = reader
        self.value = value
        self._dismissing = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # capped: longer matches nothing, and a paste of a megabyte should not reach a query
            yield SearchInput(self.value[:MAX_SEARCH_CHARS], placeholder=self.PLACEHOLDER, max_length=MAX_SEARCH_CHARS)
            yield Static("", classes="status")
            yield ChoiceList()

    def on_mount(self) -> None:
        self.query_one(".dialog").border_title = Text(self.TITLE)
        self.query_one(Input).focus()

    def action_move(self, delta: int) -> None:
        options = self.query_one(OptionList)
        if options.option_count:
            current = options.highlighted if options.highlighted is not None else -1
            options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.close(None)

    def close(self, result: Any) -> None:
        """Dismiss with ``result``, once: enter pressed again before the dialog is gone would
        dismiss it a second time, from under the screen beneath (ScreenStackError)."""
        if self._dismissing or not self.is_active:
            return
        self._dismissing = True
        self.dismiss(result)
        # the lines drawn for it, dropped now: the closed dialog is a cycle of objects only a full garbage
        # collection frees, and what it held (a few thousand drawn lines, a dozen objects each) made that
        # pass ~100 ms longer after a few searches (ChoiceList lets go of its options the same way)
        for node in (self, *self.walk_children(Widget)):
            node._styles_cache.clear()

    def status(self, text: str) -> None:
        # one row, fixed (explorer.tcss): no layout of the screen (and of the main screen under it) per keystroke
        self.query_one(".status", Static).update(literal(text), layout=False)


class _PickOne(_SearchDialog):
    """A search whose choices are read as you type; it dismisses with the chosen row's id."""

    NOUN, NOUNS = "", ""
    LIMIT = 50

    @dataclass
    class Found(Message):
        query: str
        choices: list[tuple[Text, int]]

    def on_mount(self) -> None:
        super().on_mount()
        # the options listed so far, by row id: one listed again is given as the same object, whose lines
        # the list keeps (most of a keystroke's choices were the keystroke before's too)
        self.made: dict[str, Option] = {}
        self.shown: str | None = None  # the query the listed choices are for
        self.submitted = False  # enter came before the choices for what is typed: take the first of them
        self.find(self.value)

    def on_unmount(self) -> None:
        self.made.clear()  # freed now, not by the next full garbage collection (ChoiceList.on_unmount)

    def rows(self, query: str) -> Sequence[Any]:
        """The rows matching ``query`` (run in a worker thread)."""
        raise NotImplementedError

    def choice(self, row: Any) -> tuple[Text, int]:
        """A row as it is listed, and its id."""
        raise NotImplementedError

    @on(Input.Changed)
    def search(self, event: Input.Changed) -> None:
        self.find(event.value)

    @work(thread=True, exclusive=True, group="pick-one")
    def find(self, query: str) -> None:
        self.post_message(self.Found(query, [self.choice(row) for row in self.rows(query)]))

    @on(Found)
    def show_choices(self, message: Found) -> None:
        if message.query != self.query_one(Input).value:
            return
        options = self.query_one(OptionList)
        # replaced in one step: clear_options then add_options changed the list's size twice (0 rows, then
        # 50), each a layout of the screen, its scrollbar going and coming back
        if message.choices:
            options.set_options([self._option(prompt, str(row_id)) for prompt, row_id in message.choices])
        else:
            options.clear_options()  # set_options([]) returns before its refresh: clear explicitly
        self.shown = message.query
        if message.choices:
            options.highlighted = 0
            self.status(_count(len(message.choices), self.NOUN, self.NOUNS, more=len(message.choices) == self.LIMIT))
        else:
            self.status(f"no {self.NOUN} matches {message.query!r}")
            self.submitted = False
        if self.submitted:
            self.take_highlighted()

    def _option(self, prompt: Text, key: str) -> Option:
        option = self.made.get(key)
        if option is None or option.prompt != prompt:  # its row changed (a refresh): drawn again
            if len(self.made) >= 4 * self.LIMIT:  # a few keystrokes' worth
                self.made.clear()
            option = self.made[key] = Option(prompt, id=key)
        return option

    @on(Input.Submitted)
    def take_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if self.shown != self.query_one(Input).value:  # typed fast: the list is still an earlier query's
            self.submitted = True
            return
        if options.highlighted is not None:
            self.close(int(options.get_option_at_index(options.highlighted).id or 0))

    @on(OptionList.OptionSelected)
    def take(self, event: OptionList.OptionSelected) -> None:
        self.close(int(event.option.id or 0))


class EntitySearch(_PickOne):
    """Names and aliases, by prefix then fuzzy, as you type; enter takes the highlighted one."""

    PLACEHOLDER = "entity name or alias"
    TITLE = "Go to entity"
    NOUN, NOUNS = "entity", "entities"

    def rows(self, query: str) -> Sequence[EntityRow]:
        if query.strip():
            return self.reader(read.fuzzy_entities, query, self.LIMIT)
        return self.reader(read.entities, limit=self.LIMIT)

    def choice(self, row: EntityRow) -> tuple[Text, int]:
        prompt = literal(row.name, style="bold")
        prompt.append(f"  {row.type}  {row.mentions} mention{'' if row.mentions == 1 else 's'}", style="dim")
        if row.aliases:
            prompt.append("  aka " + one_line(", ".join(row.aliases[:3])), style="dim italic")
        return prompt, row.id


class DocumentSearch(_PickOne):
    """Documents whose path or title holds the typed text; enter opens the highlighted one."""

    PLACEHOLDER = "document path or title"
    TITLE = "Go to document"
    NOUN, NOUNS = "document", "documents"

    def rows(self, query: str) -> Sequence[Document]:
        return self.reader(read.documents_named, query.strip(), self.LIMIT)

    def choice(self, row: Document) -> tuple[Text, int]:
        prompt = literal(row.doc, style="bold")
        prompt.append(f"  {row.date or 'undated'}  " + one_line(row.title or ""), style="dim")
        return prompt, row.id


class TextSearch(_SearchDialog):
    """Full-text search over every line: words, "phrases", prefix* and a /regex/ over what the words find.
    Hits are grouped by document, each with the stretch of its line around the match; the list reads the
    next page when the cursor reaches its end, so every hit can be reached. Enter on a hit jumps to it."""

    PLACEHOLDER = 'words, "a phrase", prefix*, /regex/ (enter searches)'
    TITLE = "Search the text"

    @dataclass
    class Found(Message):
        query: str
        hits: list[LineHit]
        more: bool  # the page was full: there may be more after it
        error: str = ""
        appended: bool = False  # a next page, after the hits shown

    def __init__(
        self, reader: Reader, value: str = "", root: str = "", index: int = 0, hits: list[LineHit] | None = None
    ) -> None:
        super().__init__(reader, value)
        self.hits: list[LineHit] = []
        self.more = False
        self.reading = False
        self.rows: list[int | None] = []  # per option: the hit it is, or None for a document's heading
        self.root = root
        self.index = index  # the hit to highlight when the last search is shown again
        self.given = hits

    def on_mount(self) -> None:
        super().on_mount()
        if self.value and self.given:  # reopened: the last search's hits (every page read), not a new search
            self.on_text_search_found(self.Found(self.value, self.given, len(self.given) % read.HITS == 0))
        elif self.value:
            self.status("searching…")
            self.find(self.value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        hit = self._highlighted_hit()
        if self.hits and hit is not None and event.value == self.value:
            self.close((self.value, self.hits, hit, self.more))
            return
        self.value = event.value
        self.status("searching…")
        self.find(event.value)

    def action_move(self, delta: int) -> None:
        """Up and down over the hits, past the documents' headings."""
        options = self.query_one(OptionList)
        at = options.highlighted if options.highlighted is not None else -1
        step = 1 if delta > 0 else -1
        nxt = at + step
        while 0 <= nxt < len(self.rows) and self.rows[nxt] is None:
            nxt += step
        if 0 <= nxt < len(self.rows):
            options.highlighted = nxt

    def _highlighted_hit(self) -> int | None:
        options = self.query_one(OptionList)
        at = options.highlighted
        return self.rows[at] if at is not None and at < len(self.rows) else None

    @work(thread=True, exclusive=True, group="text-search")
    def find(self, query: str, after: LineHit | None = None) -> None:
        key = (after.document_id, after.line) if after is not None else None
        try:
            hits = self.reader(read.search_lines, query, read.HITS, after=key)
        except read.BadQuery as exc:
            self.post_message(self.Found(query, [], False, str(exc)))
            return
        self.post_message(self.Found(query, hits, len(hits) >= read.HITS, appended=after is not None))

    def on_text_search_found(self, message: Found) -> None:
        if message.query != self.value:
            return
        options = self.query_one(OptionList)
        self.reading = False
        if not message.appended:
            self.hits, self.rows = [], []
            options.clear_options()
        self.more = message.more
        last = self.hits[-1].document_id if self.hits else None
        added: list[Option] = []
        for hit in message.hits:
            if hit.document_id != last:
                added.append(Option(literal(relative_doc(hit.doc, self.root), style="bold"), disabled=True))
                self.rows.append(None)
                last = hit.document_id
            prompt = literal(f"  {hit.line:>5}  ", style="dim")
            prompt.append_text(hit_preview(hit.text, read.matched_words(hit.text, message.query)))
            added.append(Option(prompt))
            self.rows.append(len(self.hits))
            self.hits.append(hit)
        options.add_options(added)
        if message.error:
            self.status(message.error)
        elif self.hits:
            if not message.appended:
                wanted = self.index if self.index < len(self.hits) else 0
                options.highlighted = self.rows.index(wanted)
                self.index = 0
            documents = len({h.document_id for h in self.hits})
            self.status(
                _count(len(self.hits), "line matches", "lines match", more=self.more)
                + f" {message.query!r} in {_count(documents, 'document', 'documents', more=self.more)}"
                + (" — ↓ at the end reads more" if self.more else "")
                + " — enter jumps, n/N walk them"
            )
        else:
            self.status(f"no line matches {message.query!r}")

    @on(OptionList.OptionHighlighted)
    def near_the_end(self, event: OptionList.OptionHighlighted) -> None:
        if self.more and not self.reading and event.option_index >= len(self.rows) - 1 and self.hits:
            self.reading = True
            self.find(self.value, self.hits[-1])

    @on(OptionList.OptionSelected)
    def take(self, event: OptionList.OptionSelected) -> None:
        hit = self.rows[event.option_index] if event.option_index < len(self.rows) else None
        if hit is not None:
            self.close((self.value, self.hits, hit, self.more))


def _count(n: int, one: str, many: str, more: bool = False) -> str:
    """ "1 entity", "50+ entities": ``more`` when the list was cut at its limit."""
    return f"{n}{'+' if more else ''} {one if n == 1 else many}"
