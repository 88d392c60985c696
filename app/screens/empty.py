"""The screen shown when there is no database, or nothing in it yet."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from app.inert import inert


class EmptyScreen(Screen[None]):
    """Says why there is nothing to explore and how to ingest; r tries again."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "app.reload", "Try again"),
    ]

    def __init__(self, reason: str, db_path: str, foreign: bool = False) -> None:
        super().__init__()
        self.reason = reason
        self.db_path = db_path
        self.foreign = foreign  # another program's file: Storyline will not ingest into it either

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Nothing to explore yet\n\n", style="bold")
        text.append(inert(self.reason) + "\n\n")
        if self.foreign:
            text.append("Storyline leaves it alone. Open a Storyline database with:\n\n")
            text.append("    storyline --db PATH\n\n", style="bold")
            text.append("or ingest a folder of articles into a new file:\n\n")
            text.append("    storyline ingest FOLDER --db news.db", style="bold")
        else:
            text.append("Ingest a folder of articles (.txt or .md) with:\n\n")
            text.append(f"    storyline ingest FOLDER --db {inert(self.db_path)}\n\n", style="bold")
            text.append("then press r here, or run: storyline explore --db " + inert(self.db_path))
        with Middle(), Center():
            yield Static(text, id="empty-message")
        yield Footer()
