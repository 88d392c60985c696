"""The help screen: every key, built from the bindings themselves, so it cannot drift from them.

Each section is a list of bindings (the App's, the main screen's, the panes'); a
binding's ``tooltip`` is its help text. Only the timeline's legend and the links
between panes are written here: they describe marks and behaviour, not keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# How a key reads in the help and the README ("slash" is typed as "/").
KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "at": "@",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "apostrophe": "'",
}

LEGEND: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "The timeline",
        (
            ("•", "an event: a sentence with a date"),
            ("»  … — Name", "a claim: what someone said (a quote keeps its own “marks”), and who"),
            ("·", "a fact: a claim nobody in the text is said to have made"),
            ("•»  •·", "a dated sentence that is also a claim or a fact: one row with both marks"),
            ("undated", "no date could be read; undated items come last"),
            ("★", "after the date: an item on a line you marked (m); in the source's gutter, a marked line"),
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

Section = tuple[str, Sequence[BindingType]]


def key_names(binding: Binding) -> list[str]:
    """The keys of a binding as a person types them: "j,down" -> ["j", "down"]."""
    return [KEY_NAMES.get(k.strip(), k.strip()) for k in binding.key.split(",")]


def key_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding with help text, in order; one row per action."""
    rows: list[tuple[str, str]] = []
    for b in bindings:
        if not isinstance(b, Binding) or not (b.tooltip or b.description):
            continue
        rows.append((" / ".join(key_names(b)), b.tooltip or b.description))
    return rows


def help_table(sections: Sequence[Section]) -> Table:
    """Every key of ``sections``, then the legend, as Text cells (never read as markup)."""
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", no_wrap=True)
    table.add_column("what")
    written = [(title, key_rows(bindings)) for title, bindings in sections] + [(t, list(r)) for t, r in LEGEND]
    for title, rows in written:
        table.add_row(Text(title, style="underline"), Text(""))
        for key, what in rows:
            table.add_row(Text(key), Text(what))
        table.add_row(Text(""), Text(""))
    return table


class HelpScreen(ModalScreen[None]):
    """Shows the key sections it is given (the App builds them from the screens' and panes' bindings)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
        Binding("j,down", "scroll(1)", "Down", show=False),
        Binding("k,up", "scroll(-1)", "Up", show=False),
    ]

    def __init__(self, sections: Sequence[Section]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(help_table(self.sections), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help").border_title = Text("Storyline keys")
        self.query_one("#help").border_subtitle = Text("escape closes · j/k scroll")

    def action_scroll(self, lines: int) -> None:
        self.query_one("#help", VerticalScroll).scroll_relative(y=lines, animate=False)
