"""The footer: Textual's, with the keys a newcomer needs next to what they do, and in a narrow
terminal the less used of them as bare keys (``?`` explains every one), so that Help and Quit
still fit at 80 columns."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.dom import NoScreen
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

# actions shown as their key alone when the footer is compact
TERSE = frozenset({"cycle(1)", "clear_filter", "refresh", "command_palette", "cycle_type", "next_linked"})


class StorylineFooter(Footer):
    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self.compact and isinstance(widget, FooterLabel):
                continue  # a group's label ("Panes"): its keys say enough here
            if self.compact and isinstance(widget, FooterKey) and widget.action == "next_linked" and _in_entities(self):
                continue  # no room beside the entity list's own keys at 80 columns: its subtitle names the key
            if self.compact and isinstance(widget, FooterKey) and widget.action in TERSE:
                widget.description = ""
            yield widget

    _pending = False  # a recompose is queued
    _shown: Any = None  # the keys the footer last showed (with compact and the focus rule), not their state
    _enabled: Any = None  # and which of them were enabled

    def bindings_changed(self, screen: Screen[Any]) -> None:
        """Textual recomposes the footer at every bindings update, and one selection sends several (a
        chip, the ◆ marks, escape's state): ~50 widgets restyled each time, a third of a second on an
        entity select. Here the updates of one refresh make one recompose, and only if what the footer
        shows has changed; when only keys' enabled states changed (esc lit by a filter), those keys are
        set in place: a recompose is ~80 ms of restyling at every first entity select."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen or self._pending:
            return
        self._pending = True
        self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._pending = False
        if not self.is_attached or not self.is_mounted:  # its screen went meanwhile (a database reopened)
            return
        try:
            shown, enabled = self._showing()
        except NoScreen:
            return
        if shown != self._shown:
            self._shown, self._enabled = shown, enabled
            await self.recompose()
        elif enabled != self._enabled:
            self._enabled = enabled
            self._set_enabled()

    def _showing(self) -> tuple[tuple[object, ...], tuple[bool, ...]]:
        shown = [
            (binding, enabled)
            for (_, binding, enabled, _tooltip) in self.screen.active_bindings.values()
            if binding.show or binding.action == "command_palette"
        ]
        keys = tuple((binding.key, binding.action, binding.description) for binding, _ in shown)
        return (self.compact, _in_entities(self), keys), tuple(enabled for _, enabled in shown)

    def _set_enabled(self) -> None:
        """Each key dimmed or not as its binding now is: what a recompose would show, for a fraction of it.
        A key stands for the first shown binding of its action (as Footer.compose takes them)."""
        enabled: dict[str, bool] = {}
        for _, binding, on, _tooltip in self.screen.active_bindings.values():
            if binding.show or binding.action == "command_palette":
                enabled.setdefault(binding.action, on)
        for key in self.query(FooterKey):
            if key.action in enabled and key._disabled == enabled[key.action]:
                key._disabled = not enabled[key.action]  # what FooterKey's constructor sets: a click rings
                key.set_class(key._disabled, "-disabled")

    def watch_compact(self, compact: bool) -> None:
        self._shown = None  # recompose whatever the keys
        self.call_after_refresh(self.recompose)


def _in_entities(footer: Footer) -> bool:
    focused = footer.screen.focused
    return focused is not None and focused.id == "entities"
