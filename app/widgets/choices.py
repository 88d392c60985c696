"""The search dialogs' list of choices: Textual's OptionList, cheaper to refill at every keystroke.

Two changes, both for a list whose box CSS sizes (``height: 1fr``), refilled with ``set_options``:

- a new number of options changes the list's virtual size without a layout of the screen (and of the
  main screen under the dialog, which shows through): the box keeps its size, only its scrolling
  changes (as ``VirtualList.reset`` does). A list sized by its content (``height: auto``) still lays out.
- an option given again (the same ``Option`` object: the dialogs keep them by row id) keeps its
  rendered lines across ``set_options``; OptionList drops them all, so each keystroke rendered every
  shown option anew, most of them shown at the keystroke before too. The lines are kept without the
  option's index (a click's target), which is applied as they are shown.

Written against Textual 8.2.8 (pinned): ``_update_lines`` and ``_get_option_render`` are its own but for these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.style import Style
from textual.visual import Padding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from textual.css.styles import RulesMap

# rendered options kept: a few keystrokes' worth of 50 (every kept line is a dozen objects the garbage
# collector walks at each full pass)
KEEP = 200


class ChoiceList(OptionList):
    def __init__(self, *content: Option, **kwargs: object) -> None:
        self._kept: dict[tuple[Option, Style, object, int], list[Strip]] = {}
        super().__init__(*content, **kwargs)  # type: ignore[arg-type]

    def on_unmount(self) -> None:
        """Let go of the options and everything drawn for them as the dialog closes: the closed dialog is a
        cycle of objects only a full garbage collection frees, and what it still held (some 16,000 objects a
        dialog, most of them drawn lines and their caches) made that pass ~100 ms longer after a few
        searches. Emptied here, they are freed at once."""
        self._kept.clear()
        for node in self._option_render_cache._cache.values():  # a linked ring of lists: clear() leaves it a cycle
            node.clear()
        self._option_render_cache.clear()
        self._line_cache.lines.clear()
        self._line_cache.heights.clear()
        self._line_cache.index_to_line.clear()
        self._options.clear()
        self._id_to_option.clear()
        self._option_to_index.clear()
        self._styles_cache.clear()

    def _update_lines(self) -> None:
        if self.styles.auto_dimensions or not self.scrollable_content_region:
            super()._update_lines()
            return
        line_cache = self._line_cache
        lines = line_cache.lines
        next_index = lines[-1][0] + 1 if lines else 0
        get_visual = self._get_visual
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        if next_index < len(self.options):
            padding = self.get_component_styles("option-list--option").padding
            for index, option in enumerate(self.options[next_index:], next_index):
                line_cache.index_to_line[index] = len(line_cache.lines)
                rules = cast("RulesMap", self.styles)
                line_count = get_visual(option).get_height(rules, width - padding.width) + option._divider
                line_cache.heights[index] = line_count
                line_cache.lines.extend([(index, line_no) for line_no in range(0, line_count)])
        last_divider = self.options and self.options[-1]._divider
        virtual_size = Size(width, len(lines) - (1 if last_divider else 0))
        if virtual_size != self.virtual_size:
            # not through the reactive, which lays out the screen: the box is CSS's, its scrolling changes
            self.set_reactive(OptionList.virtual_size, virtual_size)
            self._scroll_update(virtual_size)
            self.refresh()

    def _get_option_render(self, option: Option, style: Style) -> list[Strip]:
        padding = self.get_component_styles("option-list--option").padding
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        cache_key = (option, style, padding)
        if (strips := self._option_render_cache.get(cache_key)) is not None:
            return strips
        key = (option, style, padding, width)
        kept = self._kept.get(key)
        if kept is None:
            visual = self._get_visual(option)
            if padding:
                visual = Padding(visual, padding)
            drawn = visual.to_strips(self, visual, width, None, style)
            kept = [strip.extend_cell_length(width, style.rich_style) for strip in drawn]
            if len(self._kept) >= KEEP:
                self._kept.clear()
            self._kept[key] = kept
        meta = {"option": self._option_to_index[option]}
        strips = [strip.apply_meta(meta) for strip in kept]
        if option._divider:
            rule = self.get_visual_style("option-list--separator")
            strips.append(Strip([Segment("─" * width, rule.rich_style)], width))
        self._option_render_cache[cache_key] = strips
        return strips
