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
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from app.widgets.format import literal, one_line, relative_doc
from app.widgets.preview import hit_preview
from db import read
from db.read import Document, EntityRow, LineHit, Reader
from db.read.sql import MAX_SEARCH_CHARS


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
            yield Input(self.value[:MAX_SEARCH_CHARS], placeholder=self.PLACEHOLDER, max_length=MAX_SEARCH_CHARS)
            yield Static("", classes="status")
            yield OptionList()

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

    def status(self, text: str) -> None:
        self.query_one(".status", Static).update(literal(text))


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
        self.find(self.value)

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
        options.clear_options()
        options.add_options([Option(prompt, id=str(row_id)) for prompt, row_id in message.choices])  # one refresh
        if message.choices:
            options.highlighted = 0
            self.status(_count(len(message.choices), self.NOUN, self.NOUNS, more=len(message.choices) == self.LIMIT))
        else:
            self.status(f"no {self.NOUN} matches {message.query!r}")

    @on(Input.Submitted)
    def take_highlighted(self) -> None:
        options = self.query_one(OptionList)
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
    """Full-text search over every line; enter on a hit jumps to its line."""

    PLACEHOLDER = "words in the documents (enter searches)"
    TITLE = "Search the text"

    @dataclass
    class Found(Message):
        query: str
        hits: list[LineHit]

    def __init__(self, reader: Reader, value: str = "", root: str = "", index: int = 0) -> None:
        super().__init__(reader, value)
        self.hits: list[LineHit] = []
        self.root = root
        self.index = index  # the hit to highlight when the last search is shown again

    def on_mount(self) -> None:
        super().on_mount()
        if self.value:  # reopened: the last search's hits again, not an empty list under its query
            self.status("searching…")
            self.find(self.value)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        options = self.query_one(OptionList)
        if self.hits and options.highlighted is not None and event.value == self.value:
            self.close((self.value, self.hits, options.highlighted))
            return
        self.value = event.value
        self.status("searching…")
        self.find(event.value)

    @work(thread=True, exclusive=True, group="text-search")
    def find(self, query: str) -> None:
        self.post_message(self.Found(query, self.reader(read.search_lines, query, read.HITS)))

    def on_text_search_found(self, message: Found) -> None:
        self.hits = message.hits
        options = self.query_one(OptionList)
        options.clear_options()
        for hit in message.hits:
            prompt = literal(f"{relative_doc(hit.doc, self.root)}:{hit.line}  ", style="dim")
            prompt.append_text(hit_preview(hit.text, read.matched_words(hit.text, message.query)))
            options.add_option(Option(prompt))
        if message.hits:
            options.highlighted = self.index if message.query == self.value and self.index < len(message.hits) else 0
            self.index = 0
            self.status(
                _count(len(message.hits), "line matches", "lines match", more=len(message.hits) >= read.HITS)
                + f" {message.query!r} — enter jumps, n/N walk them"
            )
        else:
            self.status(f"no line matches {message.query!r}")

    @on(OptionList.OptionSelected)
    def take(self, event: OptionList.OptionSelected) -> None:
        self.close((self.value, self.hits, event.option_index))


def _count(n: int, one: str, many: str, more: bool = False) -> str:
    """ "1 entity", "50+ entities": ``more`` when the list was cut at its limit."""
    return f"{n}{'+' if more else ''} {one if n == 1 else many}"
