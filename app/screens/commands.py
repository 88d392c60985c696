"""Command palette entries: go to entity, go to document, toggle theme."""

from __future__ import annotations

import asyncio
import re
from functools import partial
from typing import Protocol, runtime_checkable

from rich.text import Text
from textual.command import Hit, Hits, Provider

from app.widgets.format import one_line
from db import read
from db.read import Reader


@runtime_checkable
class Navigator(Protocol):
    """What the palette needs of the screen it navigates (the main screen), without importing it."""

    reader: Reader

    def select_entity(self, entity_id: int) -> None: ...

    def open_document(self, doc_id: int) -> None: ...


class StorylineCommands(Provider):
    """Entities and documents by name: "xiaomi", "entity xiaomi", "go to document bbc/tech".

    The commands themselves ("Go to entity…", "Go to document…", "Toggle theme") are system
    commands (``Explorer.get_system_commands``), listed first when the palette opens.
    """

    def _main(self) -> Navigator | None:
        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, Navigator):
                return screen
        return None

    async def search(self, query: str) -> Hits:
        main = self._main()
        if main is None:
            return
        kind, words = split_query(query)
        if not words:
            return
        if kind in (None, "entity"):
            for row in await asyncio.to_thread(main.reader, read.fuzzy_entities, words, 8):
                label = Text("Go to entity: ", style="dim")
                label.append(one_line(row.name), style="bold")
                label.append(f"  {row.type} · {row.mentions} mention{'' if row.mentions == 1 else 's'}", style="dim")
                yield Hit(0.9, label, partial(main.select_entity, row.id), text=f"Go to entity: {one_line(row.name)}")
        if kind in (None, "document"):
            for doc in await asyncio.to_thread(main.reader, read.documents_named, words, 8):
                label = Text("Go to document: ", style="dim")
                label.append(one_line(doc.doc), style="bold")
                if doc.title:
                    label.append("  " + one_line(doc.title), style="dim")
                yield Hit(0.8, label, partial(main.open_document, doc.id), text=f"Go to document: {one_line(doc.doc)}")


_KIND = re.compile(r"(entity|ent|document|doc)(?:\s+|$)", re.IGNORECASE)


def split_query(query: str) -> tuple[str | None, str]:
    """("entity" | "document" | None, the name typed): "go to doc tech" -> ("document", "tech")."""
    text = query.strip()
    if "go to".startswith(text.lower()):
        return None, ""  # still typing a command's name
    if text.lower().startswith("go to "):
        text = text[6:].strip()
    found = _KIND.match(text)
    if found is None:
        return None, text
    return ("entity" if found.group(1).lower().startswith("ent") else "document"), text[found.end() :].strip()
