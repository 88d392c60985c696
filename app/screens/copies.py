"""Two lists about wire copies: who carries an item (its copies and the independent reports of a
claim), and the statements reported by the most independent sources."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from app.widgets.format import literal, one_line, relative_doc, shorten
from db import read
from db.read import Carrier, Item, Reader, Statement


class _ListDialog(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]
    TITLE = ""

    def __init__(self, reader: Reader, root: str = "") -> None:
        super().__init__()
        self.reader = reader
        self.root = root
        self.rows: list[Any] = []
        self._dismissing = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("reading…", classes="status")
            yield OptionList()

    def on_mount(self) -> None:
        self.query_one(".dialog").border_title = Text(self.TITLE)
        self.query_one(OptionList).focus()
        self.fill()

    @work(thread=True, exclusive=True, group="list-dialog")
    def fill(self) -> None:
        rows = self.read()
        self.app.call_from_thread(self._show, rows)

    def read(self) -> list[Any]:
        raise NotImplementedError

    def prompt(self, row: Any) -> Text:
        raise NotImplementedError

    def _show(self, rows: list[Any]) -> None:
        self.rows = rows
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options([Option(self.prompt(row)) for row in rows])
        if rows:
            options.highlighted = 0
        self.query_one(".status", Static).update(literal(self.status(rows)))

    def status(self, rows: list[Any]) -> str:
        raise NotImplementedError

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.close(None)

    def close(self, result: Any) -> None:
        """Dismiss once (enter pressed again before the dialog is gone: ScreenStackError)."""
        if self._dismissing or not self.is_active:
            return
        self._dismissing = True
        self.dismiss(result)

    @on(OptionList.OptionSelected)
    def take(self, event: OptionList.OptionSelected) -> None:
        self.close(self.rows[event.option_index])


class CarriersDialog(_ListDialog):
    """The documents carrying a timeline item: the copies folded into it and, for a claim, every
    report of its statement (independent ones marked); enter opens one at its line."""

    TITLE = "Who carries this"

    def __init__(self, reader: Reader, item: Item, root: str = "") -> None:
        super().__init__(reader, root)
        self.item = item

    def read(self) -> list[Carrier]:
        return self.reader(read.carriers, read.KIND[self.item.kind], self.item.id)

    def prompt(self, row: Carrier) -> Text:
        prompt = literal(f"{relative_doc(row.doc, self.root)}:{row.line}", style="bold")
        prompt.append(f"  {row.date or 'undated'}  ", style="dim")
        prompt.append("copy" if row.copy_of else "original" if row.same_group else "independent", style="italic")
        prompt.append("  " + one_line(shorten(row.title or "", 60)), style="dim")
        return prompt

    def status(self, rows: list[Carrier]) -> str:
        groups = len({r.copy_of or r.doc for r in rows})
        return f"{_count(len(rows), 'document')} in {_count(groups, 'independent group')} — enter opens one"


class StatementsDialog(_ListDialog):
    """Statements reported by two or more independent groups, the most corroborated first; enter
    selects its claim."""

    TITLE = "Corroborated statements"

    def read(self) -> list[Statement]:
        return self.reader(read.corroborated)

    def prompt(self, row: Statement) -> Text:
        prompt = Text(f"{row.sources:>3} sources {row.documents:>4} docs  ", style="bold")
        prompt.append_text(literal(shorten(" ".join(row.text.split()), 140)))
        if row.speaker:
            prompt.append(" — " + one_line(row.speaker), style="italic")
        return prompt

    def status(self, rows: list[Statement]) -> str:
        if not rows:
            return "no statement is reported by more than one independent source"
        return f"{_count(len(rows), 'statement')} reported by 2 or more independent sources — enter selects"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"
