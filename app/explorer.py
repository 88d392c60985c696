"""The explorer App: opens the database read-only and shows the main screen.

``run_explorer(path)`` is what ``storyline explore`` calls. Without a usable
database (none, not Storyline's, empty) the empty-state screen explains how
to ingest.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import WorkerFailed

from app import textual_fixes
from app.quiet_gc import QuietCollector
from app.screens.commands import StorylineCommands
from app.screens.corrections import CorrectionsMixin
from app.screens.documents import DocumentsMixin, DocumentsScreen
from app.screens.empty import EmptyScreen
from app.screens.filters import FiltersMixin
from app.screens.help import HelpScreen, Section
from app.screens.histogram import HistogramMixin
from app.screens.history import HistoryMixin
from app.screens.main import MainScreen
from app.screens.marks import BoardScreen
from app.screens.preview import PreviewMixin
from app.screens.together import TogetherMixin
from app.widgets.entities import EntityPane
from app.widgets.format import visible_chars
from app.widgets.source import SourcePane
from app.widgets.virtual_list import MOTION_BINDINGS, VirtualList
from db import read
from db.read import Reader
from db.read.sql import MAX_SEARCH_CHARS
from db.store.connection import ForeignDatabase, StoreError, connect
from db.store.open import open_db


class Explorer(App[int]):
    """Timeline, entities and source, linked by selection."""

    CSS_PATH = Path(__file__).parent / "explorer.tcss"
    TITLE = "Storyline"
    COMMANDS = App.COMMANDS | {StorylineCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", tooltip="this help: every key"),
        Binding("q", "quit", "Quit", tooltip="quit"),
        Binding(
            "ctrl+p",
            "command_palette",
            "Commands",
            show=False,
            tooltip="command palette: go to entity, go to document, toggle theme",
        ),
    ]

    def __init__(self, db_path: str | Path) -> None:
        super().__init__()
        self.db_path = str(db_path)
        self.reader: Reader | None = None
        self.foreign = False  # the file is another program's database
        self.collector = QuietCollector(self)
        self._last_recovery = 0.0

    def on_mount(self) -> None:
        textual_fixes.apply()
        self.action_reload()
        self.call_after_refresh(self.collector.start)

    def action_reload(self) -> None:
        """Open the database and show the main screen, or the empty state."""
        self.foreign = False
        problem = self._open()
        while len(self.screen_stack) > 1:
            self.pop_screen()
        if problem is None:
            assert self.reader is not None
            self.push_screen(MainScreen(self.reader, Path(self.db_path).stem))
        else:
            self.push_screen(EmptyScreen(problem, self.db_path, foreign=self.foreign))

    def _open(self) -> str | None:
        if self.reader is not None:
            self.reader.close()
            self.reader = None
        try:
            open_db(self.db_path, create=False, readonly=True).conn.close()
        except StoreError as exc:
            self.foreign = isinstance(exc, ForeignDatabase)  # ingesting into it would be refused as well
            return str(exc)
        reader = Reader(lambda: connect(self.db_path, readonly=True))
        if reader(read.counts).documents == 0:
            reader.close()
            return f"{self.db_path} holds no documents yet"
        self.reader = reader
        return None

    def _handle_exception(self, error: Exception) -> None:
        """A database error in a worker or a handler (the file deleted, replaced or damaged while
        open) is said and the database re-opened, not a crash; anything else still ends the app,
        with a non-zero exit code (Textual sets it)."""
        cause = error.error if isinstance(error, WorkerFailed) else error
        if isinstance(cause, (sqlite3.Error, StoreError)) and self.is_running:
            self.notify(
                f"the database could not be read ({cause}); it was re-opened (was it deleted or replaced?)",
                severity="error",
                markup=False,
                timeout=8,
            )
            now = time.monotonic()
            if now - self._last_recovery > 2.0:  # not again and again if re-opening fails the same way
                self._last_recovery = now
                self.call_later(self.action_reload)
            return
        super()._handle_exception(error)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp, events.Paste)
        ):
            self.collector.input_seen()
        # A paste is the one way untrusted text gets into an input box (keys only type printable
        # characters): make its control and invisible characters visible before any widget sees it.
        if isinstance(event, events.Paste) and not event.is_forwarded:
            # and no longer than a search box takes (the box refuses a paste it cannot hold whole)
            event.text = visible_chars(event.text[: 2 * MAX_SEARCH_CHARS])[:MAX_SEARCH_CHARS]
        await super().on_event(event)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette's commands: ours, then Textual's (keys, quit, screenshot, themes)."""
        if isinstance(screen, MainScreen):
            yield SystemCommand("Go to entity…", "Search entities by name or alias", screen.action_entity_search)
            yield SystemCommand("Go to document…", "Pick a document by path or title", screen.action_document_search)
        yield SystemCommand("Toggle theme", "Switch between dark and light", self.action_toggle_theme)
        yield from super().get_system_commands(screen)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(key_sections()))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.theme != "textual-light" else "textual-dark"

    def on_unmount(self) -> None:
        self.collector.stop()
        if self.reader is not None:
            self.reader.close()


def key_sections() -> list[Section]:
    """Every key of the explorer, where it works: what the help screen and the README list."""
    source_only = [b for b in SourcePane.BINDINGS if b not in MOTION_BINDINGS]
    return [
        ("Anywhere", [*Explorer.BINDINGS, *MainScreen.BINDINGS]),
        ("The timeline's filters", FiltersMixin.BINDINGS),
        ("The histogram", HistogramMixin.BINDINGS),
        ("History", HistoryMixin.BINDINGS),
        ("Who appears with whom", TogetherMixin.BINDINGS),
        ("Preview", PreviewMixin.BINDINGS),
        (
            "Documents",
            [*DocumentsMixin.BINDINGS, *(b for b in DocumentsScreen.BINDINGS if isinstance(b, Binding) and b.tooltip)],
        ),
        ("In a pane", VirtualList.BINDINGS),
        ("The entities", EntityPane.BINDINGS),
        ("The source", source_only),
        ("Corrections (the selected entity; kept across ingests)", CorrectionsMixin.BINDINGS),
        ("The board", BoardScreen.BINDINGS),
    ]


def run_explorer(path: str, **run_options: Any) -> int:
    """Run the explorer on the database at ``path``; the exit code: non-zero after any crash."""
    app = Explorer(path)
    result = app.run(**run_options)
    if app.return_code:
        return app.return_code
    return result if isinstance(result, int) else 0
