"""Command palette entries: go to entity, go to document, toggle theme."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from app.inert import inert
from db import browse, queries


class StorylineCommands(Provider):
    """Entities and documents by name, plus the explorer's own commands."""

    def _main(self):
        from app.screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    async def discover(self) -> Hits:
        main = self._main()
        if main is not None:
            yield DiscoveryHit("Go to entity…", main.action_entity_search, help="Search entities by name or alias")
            yield DiscoveryHit("Go to document…", main.action_document_search,
                               help="Pick a document by path or title")
        yield DiscoveryHit("Toggle theme", self.app.action_toggle_theme, help="Switch between dark and light")

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for label, action, help_text in (
            ("Toggle theme", self.app.action_toggle_theme, "Switch between dark and light"),
        ):
            score = matcher.match(label)
            if score > 0:
                yield Hit(score, matcher.highlight(label), action, help=help_text)
        main = self._main()
        if main is None:
            return
        words = query.strip()
        for prefix in ("go to entity", "entity", "go to document", "document"):
            if words.lower().startswith(prefix + " ") or words.lower() == prefix:
                words = words[len(prefix):].strip()
                break
        if not words:
            for label, action in (("Go to entity…", main.action_entity_search),
                                  ("Go to document…", main.action_document_search)):
                score = matcher.match(label)
                if score > 0:
                    yield Hit(score, matcher.highlight(label), action)
            return
        entities = await self._thread(main.reader, queries.fuzzy_entities, words, 8)
        for row in entities:
            label = Text("Go to entity: ", style="dim")
            label.append(inert(row.name), style="bold")
            label.append(f"  {row.type} · {row.mentions} mentions", style="dim")
            yield Hit(0.9, label, partial(main.select_entity, row.id), text=f"Go to entity: {row.name}")
        documents = await self._thread(main.reader, browse.documents_named, words, 8)
        for doc in documents:
            label = Text("Go to document: ", style="dim")
            label.append(inert(doc.doc), style="bold")
            if doc.title:
                label.append("  " + inert(doc.title), style="dim")
            yield Hit(0.8, label, partial(main.open_document, doc.id), text=f"Go to document: {doc.doc}")

    async def _thread(self, reader, fn, *args):
        import asyncio

        return await asyncio.to_thread(reader, fn, *args)
