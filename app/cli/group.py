"""The command group's one job beyond click's: no traceback gets past it.

A database problem, an OS error, Ctrl+C or an unexpected exception becomes one
line on stderr (exit 1, Ctrl+C 130, a closed pipe 141); bad usage stays click's
(exit 2). STORYLINE_DEBUG=1 shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sqlite3
import sys
from collections.abc import Iterator, MutableMapping
from typing import Any

import click

from app.cli.common import db_for_message, fail


class LazyCommands(MutableMapping[str, click.Command]):
    """The group's commands, each imported from its module (``app.cli.<module>``) when first looked up.

    ``storyline entities`` then imports the listings module and nothing of the explorer, the export or
    the corrections; ``--help`` looks every command up (for its short help) and so imports them all."""

    def __init__(self) -> None:
        self._modules: dict[str, str] = {}  # command name -> the module that defines it
        self._loaded: dict[str, click.Command] = {}

    def lazy(self, name: str, module: str) -> None:
        self._modules[name] = module

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            where = f"app.cli.{self._modules[name]}"  # KeyError: no such command
            module = importlib.import_module(where)
            found = [c for c in vars(module).values() if isinstance(c, click.Command) and c.name == name]
            if len(found) != 1:
                raise LookupError(f"{where} defines {len(found)} commands named {name!r}")
            self._loaded[name] = found[0]
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command
        self._modules.setdefault(
            name, (command.callback.__module__ if command.callback else "").removeprefix("app.cli.")
        )

    def __delitem__(self, name: str) -> None:
        self._modules.pop(name)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __contains__(self, name: object) -> bool:
        return name in self._modules


class StorylineGroup(click.Group):
    """The command group: its commands are imported when chosen (LazyCommands), and its ``invoke`` is
    where no traceback gets past."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands: LazyCommands = LazyCommands()

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("storyline: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `storyline mentions | head`: the reader left; say nothing more.
            with contextlib.suppress(OSError):
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - flushing at exit must not fail again
            sys.exit(141)
        except Exception as exc:  # the one place that catches everything
            if os.environ.get("STORYLINE_DEBUG"):
                raise
            from db.store.connection import StoreError, store_error

            if isinstance(exc, StoreError):
                fail(str(exc))
            if isinstance(exc, sqlite3.Error):
                fail(str(store_error(db_for_message(ctx), exc)))
            if isinstance(exc, OSError):
                where = f": {exc.filename}" if exc.filename else ""
                fail(f"{exc.strerror or exc}{where}")
            fail(f"unexpected error: {type(exc).__name__}: {exc} (STORYLINE_DEBUG=1 shows the traceback)")


def safe_streams() -> None:
    """Never fail to print: characters the terminal's encoding lacks are escaped."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
