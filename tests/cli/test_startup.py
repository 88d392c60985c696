"""A command imports what it needs: `storyline entities` starts without the explorer, Textual, Rich,
sqlite-utils or the other commands' modules (the CLI benchmark's start-up, BENCHMARKS.md), and the
group's table of commands names every command its modules define."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import click

import app.cli
from app.cli import main

# Never needed to list entities: the explorer and its toolkit, the writer's library, the dates parser.
HEAVY = ("textual", "rich", "sqlite_utils", "dateutil", "app.explorer", "app.screens", "app.widgets")


def _modules_after(code: str) -> set[str]:
    shown = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json\nprint(json.dumps(sorted(sys.modules)), file=sys.stderr)"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(app.cli.__file__).parents[2],
    )
    assert shown.returncode == 0, shown.stderr
    return set(json.loads(shown.stderr.strip().splitlines()[-1]))


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY))


def test_importing_the_cli_pulls_in_no_textual_and_no_command_module():
    loaded = _modules_after("import app.cli")
    assert _heavy(loaded) == []
    commands = {m for m in loaded if m.startswith("app.cli.")}
    assert commands <= {"app.cli.common", "app.cli.group"}, commands


def test_listing_entities_imports_only_what_it_needs(seeds_db):
    run = (
        "from app.cli import main\ntry:\n"
        f"    main(['--db', {str(seeds_db)!r}, 'entities', '--search', 'Jo', '--json'])\n"
        "except SystemExit as e:\n    assert not e.code, e.code"
    )
    loaded = _modules_after(run)
    assert _heavy(loaded) == []
    others = {m for m in loaded if m.startswith("app.cli.")} - {
        "app.cli.common",
        "app.cli.group",
        "app.cli.listings",
        "app.cli.filters",
        "app.cli.output",
    }
    assert others == set()
    assert "db.store.migrations" not in loaded  # an up-to-date database is read, not migrated


def test_the_table_of_commands_names_every_command_of_every_module():
    defined: dict[str, str] = {}
    for info in pkgutil.iter_modules(app.cli.__path__):
        module = importlib.import_module(f"app.cli.{info.name}")
        commands = [c for c in vars(module).values() if isinstance(c, click.Command) and c.callback is not None]
        nested = {id(sub) for c in commands if isinstance(c, click.Group) for sub in c.commands.values()}
        for command in commands:
            if id(command) not in nested and command.callback.__module__ == module.__name__:
                assert command.name is not None
                defined[command.name] = info.name
    registered = {name: main.commands._modules[name] for name in main.commands}
    assert registered == defined


def test_a_command_looked_up_is_the_one_its_module_defines():
    from app.cli import listings

    assert main.commands["entities"] is listings.entities
    assert main.get_command(click.Context(main), "no-such-command") is None
