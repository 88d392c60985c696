"""Corrections in the explorer: merge, rename, retype, split, drop and undo, on the selected entity.

The explorer reads through read-only connections; a correction opens the database for writing in a
thread worker for one short transaction (``db.store.corrections``, the log the CLI writes too), then
the main screen reloads and selects what the correction left (the merged entity, the renamed one),
so all three panes show it at once, and a notification says what it did. A database that cannot be
written still opens; a correction then says it needs a writable one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from app.screens.search import EntitySearch
from app.served import READ_ONLY_REASON, read_only
from app.widgets.format import literal, one_line, shorten
from db.extract.types import ENTITY_TYPES

if TYPE_CHECKING:
    import sqlite3

    from app.widgets.entities import EntityPane
    from db.read import EntityRow, Item, Reader


class PromptDialog(ModalScreen[str | None]):
    """One line of text (a new name); enter gives it, escape gives None."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, title: str, value: str = "", hint: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.hint = title, value, hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield Input(self.value, select_on_focus=False)
            yield Static(literal(self.hint), classes="status")

    def on_mount(self) -> None:
        self.query_one(".dialog").border_title = literal(self.title_text)
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """One of a few choices (a type, an alias); enter takes the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]

    def __init__(self, title: str, choices: list[str]) -> None:
        super().__init__()
        self.title_text, self.choices = title, choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog small"):
            yield OptionList(*(Option(literal(c), id=str(i)) for i, c in enumerate(self.choices)))

    def on_mount(self) -> None:
        self.query_one(".dialog").border_title = literal(self.title_text)
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def take(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)


class MergeTarget(EntitySearch):
    """The entity search, choosing what the selected entity merges into."""

    def __init__(self, reader: Reader, source: str) -> None:
        super().__init__(reader)
        self.source = source

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(".dialog").border_title = literal(f"Merge {one_line(self.source)} into…")


NO_SPEAKER = -1  # SpeakerChoice's result for "no speaker"


class SpeakerChoice(EntitySearch):
    """The entity search, choosing who made a claim; its first choice, above the entities while
    nothing is typed, is "no speaker" (up, then enter, clears it)."""

    def __init__(self, reader: Reader, claim: str, speaker: str | None) -> None:
        super().__init__(reader)
        self.claim, self.speaker = claim, speaker

    def on_mount(self) -> None:
        super().on_mount()
        now = f" (now {one_line(self.speaker)})" if self.speaker else " (now no one)"
        self.query_one(".dialog").border_title = literal(f"Who said “{self.claim}”?{now}")

    @on(EntitySearch.Found)
    def show_choices(self, message: EntitySearch.Found) -> None:
        message.prevent_default()  # this replaces the search's own handler (which it calls)
        super().show_choices(message)
        if message.query != self.query_one(Input).value or message.query.strip():
            return
        options = self.query_one(OptionList)
        options.clear_options()
        none = Option(literal("(no speaker: clear it)", style="italic"), id=str(NO_SPEAKER))
        options.add_options([none, *(Option(prompt, id=str(row_id)) for prompt, row_id in message.choices)])
        options.highlighted = 1 if message.choices else 0
        self.status("type a name · enter takes it · up: (no speaker) clears it · escape leaves it")


@dataclass
class Corrected(Message):
    """A correction was made (or undone): what to say, and the entity to select after (if any)."""

    message: str
    select: int | None


@dataclass
class CorrectionFailed(Message):
    message: str


Build = Callable[["sqlite3.Connection"], tuple[str, dict[str, Any]]]


class CorrectionsMixin(Screen[None]):
    """The correction keys of the main screen (which provides the selection and the reload)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("J", "merge_entity", "Merge", show=False, tooltip="merge the selected entity into another (search)"),
        Binding("R", "rename_entity", "Rename", show=False, tooltip="rename the selected entity"),
        Binding("T", "retype_entity", "Retype", show=False, tooltip="change the selected entity's type"),
        Binding("S", "split_entity", "Split", show=False, tooltip="split an alias out of the selected entity"),
        Binding("X", "drop_entity", "Drop", show=False, tooltip="drop the selected entity: not an entity (u undoes)"),
        Binding("u", "undo_correction", "Undo", show=False, tooltip="undo the last correction"),
        Binding(
            "W",
            "set_speaker",
            "Speaker",
            show=False,
            tooltip="who said it: set (entity search) or clear the speaker of the claim under the timeline's cursor",
        ),
    ]

    reader: Reader
    filter: EntityRow | None
    pending_select: int | None = None  # the entity to select once the reloaded overview is shown

    # provided by the main screen

    @property
    def entities(self) -> EntityPane:  # pragma: no cover - the main screen's
        raise NotImplementedError

    def load_overview(self, keep: Any = None) -> None:  # pragma: no cover - the main screen's
        raise NotImplementedError

    def select_entity(self, entity_id: int) -> None:  # pragma: no cover - the main screen's
        raise NotImplementedError

    # --- which entity --------------------------------------------------------------------

    def correction_entity(self) -> EntityRow | None:
        """The entity a correction acts on: the highlighted one in the entity list when it has the focus,
        else the selected entity (filtering the timeline), else the highlighted one."""
        pane = self.entities
        row = pane.row(pane.cursor) if pane.total else None
        if self.focused is pane and row is not None:
            return row
        return self.filter or row

    def _need_entity(self) -> EntityRow | None:
        entity = self.correction_entity()
        if entity is None:
            self.notify("select an entity first (2 focuses the entity list)", severity="warning", markup=False)
        return entity

    # --- the keys --------------------------------------------------------------------------

    def action_merge_entity(self) -> None:
        source = self._need_entity()
        if source is None:
            return

        def chosen(target_id: int | None) -> None:
            if target_id is None:
                return
            if target_id == source.id:
                self.notify(f"cannot merge {one_line(source.name)} into itself", severity="error", markup=False)
                return

            def build(conn: sqlite3.Connection) -> tuple[str, dict[str, Any]]:
                from db.store import corrections

                return "merge", {
                    "sources": [corrections.identity(conn, source.id)],
                    "into": corrections.identity(conn, target_id),
                }

            self.correct(build)

        self.app.push_screen(MergeTarget(self.reader, source.name), chosen)

    def action_rename_entity(self) -> None:
        entity = self._need_entity()
        if entity is None:
            return

        def chosen(name: str | None) -> None:
            if not name or name == entity.name:
                return

            def build(conn: sqlite3.Connection) -> tuple[str, dict[str, Any]]:
                from db.store import corrections

                return "rename", {"entity": corrections.identity(conn, entity.id), "name": name}

            self.correct(build)

        hint = "enter renames (the old name stays an alias), escape leaves it"
        self.app.push_screen(PromptDialog(f"Rename {one_line(entity.name)}", entity.name, hint), chosen)

    def action_retype_entity(self) -> None:
        entity = self._need_entity()
        if entity is None:
            return

        def chosen(etype: str | None) -> None:
            if etype is None:
                return

            def build(conn: sqlite3.Connection) -> tuple[str, dict[str, Any]]:
                from db.store import corrections

                return "retype", {"entity": corrections.identity(conn, entity.id), "type": etype}

            self.correct(build)

        choices = [t for t in ENTITY_TYPES if t != entity.type]
        self.app.push_screen(ChoiceDialog(f"{one_line(entity.name)} ({entity.type}) is a…", choices), chosen)

    def action_split_entity(self) -> None:
        entity = self._need_entity()
        if entity is None:
            return
        aliases = [a for a in entity.aliases if a != entity.name]
        if not aliases:
            self.notify(f"{one_line(entity.name)} has no other alias to split out", severity="warning", markup=False)
            return

        def chosen(alias: str | None) -> None:
            if alias is None:
                return

            def build(conn: sqlite3.Connection) -> tuple[str, dict[str, Any]]:
                from db.extract.aliases import entity_key
                from db.store import corrections

                key = entity_key(alias, entity.type) or alias.lower()
                ident = corrections.identity(conn, entity.id)
                return "split", {"entity": ident, "alias": alias, "type": entity.type, "key": key}

            self.correct(build)

        self.app.push_screen(ChoiceDialog(f"Split out of {one_line(entity.name)}", aliases), chosen)

    def action_drop_entity(self) -> None:
        entity = self._need_entity()
        if entity is None:
            return

        def build(conn: sqlite3.Connection) -> tuple[str, dict[str, Any]]:
            from db.store import corrections

            return "drop", {"entity": corrections.identity(conn, entity.id)}

        self.correct(build)

    def correction_claim(self) -> Item | None:
        """The claim ``W`` acts on: the timeline row under the cursor (a claim, or an event holding one)."""
        from app.widgets.timeline import TimelinePane

        timeline = self.query_one(TimelinePane)
        row = timeline.row(timeline.cursor) if timeline.total else None
        if row is None or (row.kind != "claim" and row.claim is None):
            return None
        return row

    def action_set_speaker(self) -> None:
        row = self.correction_claim()
        if row is None:
            self.notify("put the timeline's cursor on a claim first (1 focuses it)", severity="warning", markup=False)
            return
        claim_id = row.id if row.kind == "claim" else row.claim

        def chosen(entity_id: int | None) -> None:
            if entity_id is None or (entity_id == NO_SPEAKER and row.speaker is None):
                return

            def build(conn: sqlite3.Connection) -> tuple[str, dict[str, Any]]:
                from db.store import corrections

                found = conn.execute(
                    'SELECT d.doc, d.path, c.line, c."column", l.text FROM claims c'
                    " JOIN documents d ON d.id = c.document_id"
                    " JOIN lines l ON l.document_id = c.document_id AND l.number = c.line WHERE c.id = ?",
                    (claim_id,),
                ).fetchone()
                if found is None:
                    raise corrections.CorrectionError("the claim is no longer in the database (r re-reads it)")
                doc, path, line, column, text = found
                who = None if entity_id == NO_SPEAKER else corrections.identity(conn, entity_id)
                args = {"doc": doc, "path": path, "line": line, "text": text, "column": column, "speaker": who}
                return "speaker", args

            self.correct(build)

        self.app.push_screen(SpeakerChoice(self.reader, shorten(one_line(row.text), 50), row.speaker), chosen)

    def action_undo_correction(self) -> None:
        self.correct(None)

    # --- writing ---------------------------------------------------------------------------

    def correct(self, build: Build | None) -> None:
        """Make the correction ``build`` describes (None: undo the last one) in a thread worker."""
        path = str(getattr(self.app, "db_path", ""))

        def run() -> None:
            from db.store import corrections
            from db.store.connection import StoreError

            if read_only():
                self.post_message(CorrectionFailed(READ_ONLY_REASON))
                return
            try:
                conn = corrections.open_store(path)
            except StoreError as exc:
                self.post_message(CorrectionFailed(f"corrections need a writable database: {exc}"))
                return
            try:
                if build is None:
                    undone, _ = corrections.undo(conn)
                    self.post_message(Corrected(f"undid correction {undone.id} ({undone.action})", None))
                    return
                action, args = build(conn)
                _, outcome = corrections.record(conn, action, args)
                self.post_message(Corrected(outcome.message, _left(conn, action, args)))
            except StoreError as exc:
                text = str(exc)
                if "read-only" in text:
                    text = f"corrections need a writable database ({text})"
                self.post_message(CorrectionFailed(text))
            except corrections.CorrectionError as exc:
                self.post_message(CorrectionFailed(str(exc)))
            finally:
                conn.close()

        self.run_worker(run, thread=True, exclusive=True, group="correct", name="correct")

    @on(Corrected)
    def corrected(self, message: Corrected) -> None:
        self.notify(one_line(message.message), title="Corrected", markup=False)
        self.pending_select = message.select
        self.filter = None
        self.load_overview()

    @on(CorrectionFailed)
    def correction_failed(self, message: CorrectionFailed) -> None:
        self.notify(one_line(message.message), title="Not corrected", severity="error", markup=False)

    def overview_shown(self) -> None:
        """Called by the main screen once a reloaded overview is shown: select what a correction left."""
        if self.pending_select is not None:
            entity_id, self.pending_select = self.pending_select, None
            self.select_entity(entity_id)


def _left(conn: sqlite3.Connection, action: str, args: dict[str, Any]) -> int | None:
    """The entity a correction leaves to look at: the merged one, the renamed, retyped or split-out one."""
    from db.store.corrections import find_entity

    if action == "merge":
        return find_entity(conn, args["into"])
    if action == "rename":
        return find_entity(conn, args["entity"])
    if action == "retype":
        return find_entity(conn, {"type": args["type"], "key": args["entity"]["key"]})
    if action == "split":
        return find_entity(conn, {"type": args["type"], "key": args["key"]})
    return None
