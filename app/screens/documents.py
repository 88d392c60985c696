"""The documents view (issue 17): every document, sortable and filtered as you type; enter opens one.

A modal list over all documents (paged like the panes: a corpus of 100,000 documents costs a page),
with each one's date, title, source and what was found in it. ``D`` opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static

from app.widgets.format import fit_middle, one_line, relative_doc
from app.widgets.virtual_list import VirtualList
from db import read
from db.read import DocumentEntry, Reader

SORTS = ("date", "title", "source", "size", "path")


class DocumentList(VirtualList[DocumentEntry]):
    @dataclass
    class Chosen(Message):
        document_id: int

    def row_chosen(self, row: DocumentEntry) -> None:
        self.post_message(self.Chosen(row.document.id))

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.root = ""
        self.empty_text = "no documents match"

    def key(self, row: DocumentEntry) -> int:
        return row.document.id

    def render_row(self, row: DocumentEntry, index: int, width: int) -> Text:
        doc = row.document
        text = Text(no_wrap=True)
        text.append((doc.date or "undated").ljust(11), style="bold" if doc.date else "dim italic")
        counts = f"{row.events:>4} ev {row.claims:>4} cl "
        path_width = min(28, max(12, width // 4))
        source = one_line(doc.source or "")[:14]
        room = width - 11 - len(counts) - path_width - len(source) - 3
        title = Text(one_line(doc.title or "(no title)"), style="" if doc.title else "dim italic")
        title.truncate(max(0, room), overflow="ellipsis", pad=True)
        text.append_text(title)
        text.append(" " + source + " ", style="italic")
        text.append(counts, style="dim")
        text.append(fit_middle(one_line(relative_doc(doc.doc, self.root)), path_width), style="dim")
        return text


class DocumentsScreen(ModalScreen[int | None]):
    """Dismisses with the chosen document's id, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("ctrl+s", "sort", "Sort", tooltip="documents view: sort by date, title, source, size, path"),
    ]

    def __init__(self, reader: Reader, root: str = "", sort: str = "date") -> None:
        super().__init__()
        self.reader = reader
        self.root = root
        self.sort = sort
        self.text = ""
        self._asked = 0

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Input(placeholder="type to filter by path, title or source")
            yield Static("", classes="status")
            yield DocumentList(id="documents")

    def on_mount(self) -> None:
        self.query_one(DocumentList).root = self.root
        self.query_one(Input).focus()
        self.refill()

    @property
    def listing(self) -> DocumentList:
        return self.query_one(DocumentList)

    def refill(self) -> None:
        text, sort = self.text, self.sort
        self._asked += 1
        asked = self._asked

        def count() -> None:
            total = self.reader(read.documents_count, text)
            self.app.call_from_thread(self._counted, asked, total, text, sort)

        self.run_worker(count, thread=True, exclusive=True, group="documents")

    def _counted(self, asked: int, total: int, text: str, sort: str) -> None:
        if asked != self._asked:
            return
        reader = self.reader

        def fetch(offset: int, limit: int, hint: object) -> list[DocumentEntry]:
            return reader(read.documents_page, text, sort, offset, limit)

        self.listing.reset(total, fetch)
        self._status(total)

    def _status(self, total: int) -> None:
        self.query_one(".dialog").border_title = Text(f"documents · by {self.sort}")
        what = f"{total:,} document{'s' if total != 1 else ''}" + (f" matching {self.text!r}" if self.text else "")
        self.query_one(".status", Static).update(Text(f"{what} · ctrl+s sorts · enter opens"))

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        self.text = event.value.strip()
        self.refill()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        row = self.listing.current
        if row is not None:
            self.dismiss(row.document.id)

    @on(DocumentList.Chosen)
    def clicked(self, message: DocumentList.Chosen) -> None:
        self.dismiss(message.document_id)  # a click on the cursor's row opens it, as enter does

    def action_move(self, delta: int) -> None:
        self.listing.action_move(delta)

    def action_page(self, direction: int) -> None:
        self.listing.action_half(direction * 2)

    def action_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.refill()

    def action_close(self) -> None:
        self.dismiss(None)


class DocumentsMixin(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("D", "documents", "Documents", show=False, tooltip="every document: sort, filter, enter opens one"),
    ]

    if TYPE_CHECKING:
        reader: Reader
        root: str

        def open_document(self, doc_id: int) -> None: ...

    def action_documents(self) -> None:
        def chosen(doc_id: int | None) -> None:
            if doc_id is not None:
                self.open_document(doc_id)

        self.app.push_screen(DocumentsScreen(self.reader, self.root), chosen)
