"""The help screen: every key, where it works."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("tab / shift+tab", "next / previous pane"),
            ("1 2 3", "focus timeline, entities, source"),
            ("/", "search entities by name or alias (prefix, then fuzzy)"),
            ("ctrl+f", "search the documents' text"),
            ("n / N", "next / previous mention of the entity, or hit of the last text search"),
            ("escape", "clear the entity filter on the timeline"),
            ("e", "open the source file at the line in $EDITOR"),
            ("y", 'copy a citation  doc:line — "text"'),
            ("r", "refresh (re-read the database)"),
            ("ctrl+p", "command palette: go to entity, go to document, toggle theme"),
            ("?", "this help"),
            ("q", "quit"),
        ),
    ),
    (
        "In a pane",
        (
            ("j / k, ↓ / ↑", "move"),
            ("g / G", "top / bottom"),
            ("ctrl+d / ctrl+u", "half a page down / up"),
            ("enter", "select: an item, an entity, or a source line"),
            ("t", "entities: cycle the type filter (all, PERSON, ORG, PLACE, MISC)"),
        ),
    ),
    (
        "The timeline",
        (
            ("•", "an event: a sentence with a date"),
            ("»  … — Name", "a claim: what someone said (a quote keeps its own “marks”), and who"),
            ("·", "a fact: a claim nobody in the text is said to have made"),
            ("undated", "no date could be read; undated items come last"),
        ),
    ),
    (
        "Links",
        (
            ("timeline item", "source shows its line and span; its entities get ◆ in the entity pane"),
            ("entity", "timeline shows only its items; source jumps to its first mention"),
            ("source line", "its claims/events get ◆ on the timeline, its entities in the entity pane"),
        ),
    ),
)


def help_table() -> Table:
    """Every key, as Text cells (never read as markup)."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("what")
    for section, rows in KEYS:
        table.add_row(Text(section, style="underline"), Text(""))
        for key, what in rows:
            table.add_row(Text(key), Text(what))
        table.add_row(Text(""), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_table(), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = Text("Storyline keys")
        self.query_one("#help").border_subtitle = Text("escape closes")
