"""Reading what the explorer shows: the text of a pane as rendered, line by line."""

from __future__ import annotations

from textual.app import App
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget


def pane_text(widget: Widget) -> str:
    """The rendered rows of a Line-API pane (what the terminal shows inside its border)."""
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.content_size.height)).rstrip()


def pane_lines(widget: Widget) -> list[str]:
    return [line for line in pane_text(widget).splitlines() if line.strip()]


def shown_lines(widget: Widget) -> list[str]:
    """The widget's rows as the terminal last got them (the lines Textual keeps between repaints,
    borders included): a row the widget forgot to repaint shows here as it was."""
    return [strip.text for strip in widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))]


async def settle(pilot: Pilot, app: App | None = None) -> None:
    """Let workers finish and their messages be handled (twice: results start more work)."""
    app = app or pilot.app
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()
        for screen in app.screen_stack:
            await screen.workers.wait_for_complete() if hasattr(screen, "workers") else None
    await pilot.pause()


def widget_text(widget: Widget) -> str:
    """The rendered text of any widget, its wrapped lines joined by single spaces (borders dropped)."""
    strips = widget.render_lines(widget.content_region.reset_offset)
    words = " ".join(strip.text for strip in strips).split()
    return " ".join(w for w in words if w.strip("╭╮╰╯─│"))
