"""Marks in the explorer: ``m`` marks what is selected (with an optional note), ``M`` opens the evidence
board (the marks: jump to one, edit its note, remove it, export them as a memo).

The explorer reads through read-only connections; a mark is written through a short-lived writable
connection in a thread worker, one short transaction (db/store/marks.py), so a read-only database
still opens and says, when marking, that marks need a writable one. ``MarksActions`` is a mixin of
the main screen: its BINDINGS are listed in the main screen's.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from app.selection import Selection
from app.served import READ_ONLY_REASON, read_only, served
from app.widgets.format import literal, one_line, relative_doc, shorten
from app.widgets.source import Span
from db import read
from db.read import Document, MarkRow, Reader
from db.store.connection import StoreError, connect

if TYPE_CHECKING:
    from app.screens.main import MainScreen

MEMO = "storyline-marks.md"  # the board's export, in the working folder unless another name is typed


def write_mark(db_path: str, fn: Callable[..., object], *args: object, **kwargs: object) -> object:
    """``fn(conn, *args)`` on a writable connection to ``db_path``, closed after (in a worker thread)."""
    if read_only():
        raise StoreError(READ_ONLY_REASON)
    conn = connect(db_path)
    try:
        return fn(conn, *args, **kwargs)
    finally:
        conn.close()


def _problem(exc: Exception) -> str:
    if isinstance(exc, StoreError) and "read-only" in str(exc):
        return f"marks need a writable database: {exc}"
    return str(exc)


class TextPrompt(ModalScreen[str | None]):
    """One line of text (a note, a file name): enter takes it, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, what: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.what = what
        self.value = value
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="prompt"):
            yield Static(literal(self.what), classes="what")
            yield Input(self.value, placeholder=self.placeholder)
            yield Static("enter: ok · escape: cancel", classes="status")

    def on_mount(self) -> None:
        self.query_one(".prompt").border_title = Text(self.title_text)
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def take(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BoardScreen(Screen[MarkRow | None]):
    """The evidence board: every mark, oldest first, with its note and tags; enter jumps to it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,M", "close", "Close", tooltip="close the board"),
        Binding("e", "edit_note", "Edit note", tooltip="edit the mark's note"),
        Binding("d,delete", "remove", "Remove", tooltip="remove the mark"),
        Binding("x", "export", "Export", tooltip="export the marks: a memo with citations (md)"),
        Binding("t", "tag_filter", "Tag", tooltip="show only the marks with a tag: type it (right completes)"),
    ]

    def __init__(self, reader: Reader, db_path: str, root: str = "", changed: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.reader = reader
        self.db_path = db_path
        self.root = root
        self.changed = changed  # called (on the app's thread) after each write: the main screen's stars follow
        self.every: list[MarkRow] = []  # all the marks
        self.rows: list[MarkRow] = []  # those listed: the ones with the tag typed in the filter
        self.tag = ""  # the tag filter: a mark is listed when one of its tags starts with it (any case)

    def compose(self) -> ComposeResult:
        with Vertical(id="board"):
            yield Static("reading…", classes="status")
            yield Input(placeholder="t: tag filter (type a tag; right completes; enter back to the list)")
            yield OptionList()
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#board").border_title = Text("Evidence board")
        self.query_one("#board").border_subtitle = Text(
            "enter jumps · e note · d remove · x export · t tag · esc closes"
        )
        self.query_one(OptionList).focus()
        self.fill()

    @work(thread=True, exclusive=True, group="board")
    def fill(self, keep: int | None = None) -> None:
        rows = self.reader(read.marks)
        self.app.call_from_thread(self._show, rows, keep)

    def _show(self, rows: list[MarkRow], keep: int | None) -> None:
        self.every = rows
        tags = sorted({t for r in rows for t in r.tags}, key=str.casefold)
        self.query_one(Input).suggester = SuggestFromList(tags, case_sensitive=False)
        self._list(keep)

    def _list(self, keep: int | None = None) -> None:
        """List the marks the tag filter lets through; the title says how many of all."""
        wanted = self.tag.strip().casefold()
        rows = [r for r in self.every if any(t.casefold().startswith(wanted) for t in r.tags)] if wanted else self.every
        self.rows = rows
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self.prompt(row)) for row in rows])
        if rows:
            options.highlighted = min(keep or 0, len(rows) - 1)
        title = Text("Evidence board")
        if wanted:
            title.append_text(
                literal(f" · tag {shorten(one_line(self.tag.strip()), 30)}: {len(rows)} of {len(self.every)}")
            )
        self.query_one("#board").border_title = title
        lost = sum(r.lost for r in rows)
        if not self.every:
            status = "no marks yet: m marks what is selected"
        elif not rows:
            status = f"no mark has a tag starting {self.tag.strip()!r} (of {len(self.every)})"
        else:
            status = f"{len(rows)} mark{'s' if len(rows) != 1 else ''}"
        if lost:
            status += f" · {lost} whose text is gone from its document"
        self.query_one(".status", Static).update(literal(status))

    def action_tag_filter(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Changed)
    def tag_typed(self, event: Input.Changed) -> None:
        if event.value != self.tag:
            self.tag = event.value
            self._list()

    @on(Input.Submitted)
    def tag_taken(self, event: Input.Submitted) -> None:
        self.query_one(OptionList).focus()

    def exact_tag(self) -> str | None:
        """The tag filter when it names one tag exactly (the export takes only its marks), else None."""
        wanted = self.tag.strip().casefold()
        return next((t for r in self.every for t in r.tags if t.casefold() == wanted), None) if wanted else None

    def prompt(self, row: MarkRow) -> Text:
        prompt = literal(f"{row.id:>3}  {relative_doc(row.doc, self.root)}:{row.line}:{row.column}", style="bold")
        prompt.append(f"  {row.kind}", style="italic")
        if row.lost:
            prompt.append("  text gone", style="bold red")
        elif row.moved:
            prompt.append("  moved", style="yellow")
        prompt.append("\n     “")
        prompt.append_text(literal(shorten(one_line(row.text), 140)))
        prompt.append("”")
        if row.note:
            prompt.append("\n     note: ", style="dim")
            prompt.append_text(literal(shorten(one_line(row.note), 140)))
        if row.tags:
            prompt.append("\n     tags: " + ", ".join(one_line(t) for t in row.tags), style="dim")
        return prompt

    def _current(self) -> MarkRow | None:
        index = self.query_one(OptionList).highlighted
        return self.rows[index] if index is not None and 0 <= index < len(self.rows) else None

    @on(OptionList.OptionSelected)
    def jump(self, event: OptionList.OptionSelected) -> None:
        row = self.rows[event.option_index]
        if row.document_id is None:
            self.notify("its document is no longer in the database", severity="warning", markup=False)
            return
        self.dismiss(row)

    def action_close(self) -> None:
        tag_filter = self.query_one(Input)
        if self.focused is tag_filter:  # escape in the tag filter: back to the list, the filter kept
            self.query_one(OptionList).focus()
            return
        self.dismiss(None)

    def action_edit_note(self) -> None:
        row = self._current()
        if row is None:
            return

        def edited(note: str | None) -> None:
            if note is not None:
                self.change(row.id, "note", note)

        what = f"mark {row.id}: “{shorten(one_line(row.text), 80)}”"
        self.app.push_screen(TextPrompt("Note", what, row.note or "", "a note (empty: none)"), edited)

    def action_remove(self) -> None:
        row = self._current()
        if row is not None:
            self.change(row.id, "remove", None)

    @work(thread=True, exclusive=True, group="board-write")
    def change(self, mark_id: int, what: str, note: str | None) -> None:
        from db.store import marks

        keep = self.query_one(OptionList).highlighted
        try:
            if what == "note":
                write_mark(self.db_path, marks.set_note, mark_id, note)
                done = f"note of mark {mark_id} saved"
            else:
                write_mark(self.db_path, marks.remove, mark_id)
                done = f"removed mark {mark_id}"
        except (StoreError, marks.BadMark) as exc:
            self.app.call_from_thread(self.notify, _problem(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self.notify, done, timeout=3, markup=False)
        if self.changed is not None:  # even when the board has closed meanwhile (d then escape at once)
            self.app.call_from_thread(self.changed)
        rows = self.reader(read.marks)
        self.app.call_from_thread(self._show, rows, keep)

    def action_export(self) -> None:
        tag = self.exact_tag()  # the filter names a tag: export its marks only

        def named(path: str | None) -> None:
            if path and path.strip():
                self.export(path.strip(), tag)

        what = "the marks as a memo (md) with citations, notes and tags"
        if tag is not None:
            what = f"the marks tagged {one_line(tag)} as a memo (md) with citations, notes and tags"
        if served():  # a visitor's file: the browser downloads it; nothing is written where they name
            self.app.push_screen(TextPrompt("Download", what, MEMO, "file name"), named)
        else:
            self.app.push_screen(TextPrompt("Export", what, MEMO, "file name"), named)

    @work(thread=True, exclusive=True, group="board-export")
    def export(self, path: str, tag: str | None = None) -> None:
        """The memo is what `storyline export --marked [--tag T]` writes, so the two can never differ.
        Served, it is written to a temporary file on the server and delivered to the visitor's browser as a
        download (textual-serve's file delivery), under the typed name's last part only."""
        if not served():
            self._export_to(path, tag, f"wrote {path}")
            return
        name = Path(path).name or MEMO
        with tempfile.TemporaryDirectory(prefix="storyline-export-") as folder:
            memo = Path(folder) / "memo.md"
            if not self._export_to(str(memo), tag, None):
                return
            data = memo.read_bytes()  # the driver reads the delivery later, in chunks: hold it in memory
        self.app.call_from_thread(self._deliver, data, name)

    def _deliver(self, data: bytes, name: str) -> None:
        self.app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type="text/markdown")
        self.notify(f"downloading {name} ({len(data):,} bytes)", timeout=6, markup=False)

    def _export_to(self, path: str, tag: str | None, success: str | None) -> bool:
        command = [sys.executable, "-m", "app", "export", "--marked", "--format", "md", "-o", path]
        if tag is not None:
            command += ["--tag", tag]
        done = subprocess.run([*command, "--db", self.db_path], capture_output=True, text=True, timeout=300)
        failed = done.returncode != 0
        message = done.stderr.strip().replace("storyline: ", "") or success
        if message:
            self.app.call_from_thread(
                self.notify, message, severity="error" if failed else "information", markup=False, timeout=6
            )
        return not failed


class MarksActions:
    """The main screen's keys for marks (a mixin: MainScreen lists these BINDINGS in its own)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "m",
            "mark",
            "Mark",
            show=False,  # the footer is full at 80 columns; the help lists it
            tooltip="mark the selected item, mention, span or line, with a note",
        ),
        Binding(
            "M",
            "board",
            "Board",
            show=False,
            tooltip="the evidence board: the marks; jump, edit a note, remove, export",
        ),
    ]

    @property
    def _main(self) -> MainScreen:
        return cast("MainScreen", self)

    def _db_path(self) -> str:
        return str(getattr(self._main.app, "db_path", ""))

    def _mark_target(self) -> tuple[int, int, int | None, int | None, str] | None:
        """(document id, line, column, length, what) of what ``m`` marks now."""
        screen = self._main
        if screen.focused is screen.timeline and screen.timeline.total:
            row = screen.timeline.row(screen.timeline.cursor)
            if row is not None:
                return row.document_id, row.line, row.column, row.length, f"this {row.kind}"
        if screen.focused is screen.entities and screen.mention is not None:
            m = screen.mention
            return m.document_id, m.line, m.column, m.length, "this mention"
        doc = screen.source.document
        if doc is None:
            return None
        line, s = screen.source.cursor, screen.selection
        if s.doc == doc.id and s.line == line and s.length > 0:
            return doc.id, line, s.column, s.length, "the highlighted text"
        return doc.id, line, None, None, f"line {line}"

    def load_kept(self) -> None:
        """Read the marked lines (a thread worker), then show them: a ★ in the timeline and the gutter."""
        screen = self._main

        def run() -> None:
            kept = screen.reader(read.marked_lines)
            screen.app.call_from_thread(self._show_kept, kept)

        screen.run_worker(run, thread=True, exclusive=True, group="kept", name="marked_lines")

    def _show_kept(self, kept: frozenset[tuple[int, int]]) -> None:
        self._main.timeline.set_kept(kept)
        self._main.source.set_kept(kept)

    def action_mark(self) -> None:
        screen = self._main
        target = self._mark_target()
        if target is None:
            screen.notify(
                "nothing to mark: select an item, an entity or a line first", severity="warning", markup=False
            )
            return
        doc_id, line, column, length, what = target
        doc = screen.source.document
        name = relative_doc(doc.doc, screen.root) if doc is not None and doc.id == doc_id else "the document"
        where = f"{name}:{line}" + (f":{column}" if column else "")

        def noted(note: str | None) -> None:
            if note is not None:
                screen.run_worker(
                    lambda: self._write_mark(doc_id, line, column, length, note), thread=True, group="mark-write"
                )

        screen.app.push_screen(TextPrompt("Mark", f"Mark {what} at {where}", "", "a note (optional)"), noted)

    def _write_mark(self, doc_id: int, line: int, column: int | None, length: int | None, note: str) -> None:
        """In a worker thread: write the mark, and say what was marked."""
        from db.store import marks

        screen = self._main
        try:
            mark_id = write_mark(self._db_path(), marks.add, doc_id, line, column, length=length, note=note)
        except (StoreError, marks.BadMark) as exc:
            screen.app.call_from_thread(screen.notify, _problem(exc), severity="error", markup=False, timeout=8)
            return
        (row,) = screen.reader(read.marks, mark_id=mark_id)
        text = f"marked {row.id}: {relative_doc(row.doc, screen.root)}:{row.line}:{row.column} ({row.kind}) — M: board"
        screen.app.call_from_thread(screen.notify, text, markup=False, timeout=4)
        screen.app.call_from_thread(self.load_kept)

    def action_board(self) -> None:
        screen = self._main

        def chosen(row: MarkRow | None) -> None:
            self.load_kept()  # a mark may have been removed on the board
            if row is not None and row.document_id is not None:
                doc_id = row.document_id
                screen.run_worker(lambda: self._open_mark(row, doc_id), thread=True, exclusive=True, group="link")

        screen.app.push_screen(BoardScreen(screen.reader, self._db_path(), screen.root, self.load_kept), chosen)

    def _open_mark(self, row: MarkRow, doc_id: int) -> None:
        """In a worker thread: read the mark's document, then show the mark in the source."""
        screen = self._main
        document = screen.reader(read.document, doc_id)
        if document is not None:
            screen.app.call_from_thread(self._show_mark, row, document)

    def _show_mark(self, row: MarkRow, document: Document) -> None:
        screen = self._main
        length = 0 if row.lost else len(row.text)
        screen.selection = Selection(row.document_id, row.line, row.column, length, screen.selection.entity, None)
        span = Span(row.line, row.column, length) if length else None
        screen.source.show(document, row.line, span, screen.entity_id)
        subtitle = f"mark {row.id}" + (" · its text is gone from this document" if row.lost else "")
        screen.source.border_subtitle = Text(subtitle)
        screen.source.focus()
