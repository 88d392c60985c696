"""The footer: Textual's, with the keys a newcomer needs next to what they do, and in a narrow
terminal the less used of them as bare keys (``?`` explains every one), so that Help and Quit
still fit at 80 columns."""

from __future__ import annotations

from textual.app import ComposeResult
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

    def watch_compact(self, compact: bool) -> None:
        self.call_after_refresh(self.recompose)


def _in_entities(footer: Footer) -> bool:
    focused = footer.screen.focused
    return focused is not None and focused.id == "entities"
