"""The command group's one job beyond click's: no traceback gets past it.

A database problem, an OS error, Ctrl+C or an unexpected exception becomes one
line on stderr (exit 1, Ctrl+C 130, a closed pipe 141); bad usage stays click's
(exit 2). STORYLINE_DEBUG=1 shows the traceback instead.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from typing import Any

import click

from app.cli.common import db_for_message, fail


class StorylineGroup(click.Group):
    """The command group; its ``invoke`` is where no traceback gets past."""

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
