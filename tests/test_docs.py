"""README's key and command tables say exactly what the explorer's bindings and the CLI's commands are."""

from __future__ import annotations

import re

from app.cli import main
from app.explorer import key_sections
from app.screens.help import key_names
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _table(heading: str) -> list[str]:
    """The first column of the first table after ``heading``."""
    rest = README[README.index(heading) :]
    rows = re.findall(r"^\|([^|\n]+)\|", rest.split("\n\n", 1)[0], re.M)
    return [r.strip() for r in rows[2:]]  # after the header and the |---| line


def _ticked(cells: list[str]) -> set[str]:
    return {token for cell in cells for token in re.findall(r"`([^`]+)`", cell)}


def test_readme_key_table_matches_the_bindings():
    bound = {key for _, bindings in key_sections() for b in bindings for key in key_names(b)}
    written = _ticked(_table("| key | does |"))
    assert written == bound, {"not in README": sorted(bound - written), "not bound": sorted(written - bound)}


def test_readme_command_table_matches_the_commands():
    written = set()
    for cell in _table("| command | what it does |"):
        written.update(re.findall(r"`storyline (?!\[)([a-z][a-z-]*)", cell))
    assert written == set(main.commands), {
        "not in README": sorted(set(main.commands) - written),
        "no such command": sorted(written - set(main.commands)),
    }


def test_every_command_says_what_it_is_for():
    for name, command in main.commands.items():
        assert command.help and command.help.strip(), name
        assert command.get_short_help_str(), name
