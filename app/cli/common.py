"""What every command shares: the database option and path, literal text arguments, a clean exit."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

import click

if TYPE_CHECKING:
    import sqlite_utils

DEFAULT_DB = "storyline.db"


def default_db_path() -> str:
    return os.environ.get("STORYLINE_DB") or DEFAULT_DB


def db_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--db on a command, so it may be written before or after the command's name."""
    return click.option(
        "--db",
        "db_path",
        metavar="PATH",
        default=None,
        help="Database file (default: $STORYLINE_DB, else ./storyline.db).",
    )(command)


def json_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--json, and --wide for the table printed without it (kept in the context: no command reads it)."""

    def keep_wide(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
        ctx.meta["storyline.wide"] = value
        return value

    command = click.option(
        "--wide", is_flag=True, expose_value=False, callback=keep_wide, help="Table cells uncut, whatever the width."
    )(command)
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON array on stdout.")(command)


def limit_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--limit N on a listing: at most N rows (the first N, in the listing's order)."""
    return click.option(
        "--limit", "limit", type=click.IntRange(min=0), default=None, metavar="N", help="Print at most N rows."
    )(command)


def resolve_db(ctx: click.Context, db_path: str | None) -> str:
    if db_path:
        return db_path
    root = ctx.find_root()
    return (root.obj or {}).get("db") or default_db_path()


def fail(message: str, code: int = 1) -> NoReturn:
    from app.inert import inert

    click.echo(f"storyline: {inert(message)}", err=True)
    sys.exit(code)


def note(message: str) -> None:
    """A remark on stderr that does not stop the command (stdout stays clean for --json)."""
    from app.inert import inert

    click.echo(f"storyline: {inert(message)}", err=True)


def text_arg(value: str | None) -> str | None:
    """A text argument as the user meant it: bytes that are not UTF-8 (which
    Python passes on as lone surrogates) become U+FFFD, so they can be
    searched for and printed."""
    if value is None:
        return None
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def read_conn(ctx: click.Context, db_path: str | None) -> sqlite3.Connection:
    """A read-only connection to the command's database, or a clear message and exit 1."""
    from db.store.connection import StoreError
    from db.store.open import open_db

    path = _opening(ctx, db_path)
    try:
        return open_db(path, create=False, readonly=True).conn
    except StoreError as exc:
        fail(str(exc))


def open_writable(ctx: click.Context, db_path: str | None) -> sqlite_utils.Database:
    """The command's database opened for writing (created or migrated), or a clear message and exit 1."""
    from db.store.connection import StoreError
    from db.store.open import open_db

    path = _opening(ctx, db_path)
    try:
        return open_db(path)
    except StoreError as exc:
        fail(str(exc))


def _opening(ctx: click.Context, db_path: str | None) -> str:
    path = resolve_db(ctx, db_path)
    root = ctx.find_root()
    root.obj = {**(root.obj or {}), "opened": path}  # named in any later database error
    return path


def db_for_message(ctx: click.Context) -> str:
    """The database a failing command was using, for the message."""
    obj = ctx.find_root().obj or {}
    return obj.get("opened") or obj.get("db") or default_db_path()
