"""Corrections: merge, rename, retype, split, drop, speaker; the log (`corrections`, `corrections apply`); undo.

Each command resolves its names as every command does (``NAME`` or ``TYPE:NAME``), records the
correction by stable identities (``db.store.corrections``), applies it in one write transaction
and prints what it changed. Bad input (an unknown or ambiguous name, a merge into itself or into a
dropped entity, a claim that is not there) and a database that cannot be written: a message and
exit 2, nothing changed.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from app.cli.common import db_option, fail, json_option, note, resolve_db, text_arg
from app.cli.output import emit_table
from db.extract.types import ENTITY_TYPES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from db.read import EntityRow
    from db.store.corrections import Correction, Outcome

BAD = 2  # the exit code of bad input and of a database that cannot be written


def _bad(message: str) -> NoReturn:
    fail(message, code=BAD)


def _open(ctx: click.Context, db_path: str | None) -> sqlite3.Connection:
    """The command's database, opened for writing (never created)."""
    from db.store.connection import StoreError
    from db.store.corrections import open_store

    path = resolve_db(ctx, db_path)
    root = ctx.find_root()
    root.obj = {**(root.obj or {}), "opened": path}
    try:
        return open_store(path)
    except StoreError as exc:
        _bad(str(exc))


def _resolve(conn: sqlite3.Connection, name: str) -> EntityRow:
    """The one entity NAME (or TYPE:NAME) means, or a message and exit 2."""
    from db import read
    from db.store import corrections

    name = text_arg(name) or ""
    try:
        chosen, _ = read.resolve_name(conn, name)
    except read.NameNotFound:
        gone = corrections.dropped(conn, read.split_typed_name(name)[1])
        if gone is not None:
            _bad(f"{name!r} was dropped (correction {gone.id}); storyline undo {gone.id} restores it")
        word = read.split_typed_name(name)[1].split()
        _bad(f"no entity named {name!r} (try: storyline entities --search {word[0] if word else name!r})")
    except read.AmbiguousName as exc:
        from app.cli.listings import _choices  # only to say what the name could mean

        if _alike(exc.candidates):
            first = exc.candidates[0]
            _bad(
                f"{len(exc.candidates)} entities are named {first.name!r} ({first.type}), each found apart (a single"
                f" name is kept per document); merge them into one first: storyline merge '{first.type}:{first.name}'"
                f" --into '{first.type}:{first.name}'"
            )
        _bad(f"{name!r} is ambiguous: {_choices(name, exc.candidates)}")
    return chosen


def _alike(candidates: Sequence[EntityRow]) -> bool:
    """Whether the entities a name could mean are all of one type and one name (a single name such as "Brown"
    is kept per document, so a corpus holds many): merging names them all."""
    return len({(e.type, e.name.casefold()) for e in candidates}) == 1


def _resolve_many(conn: sqlite3.Connection, name: str) -> list[EntityRow]:
    """The entities NAME means for a merge: the one it names, or every one of its kind when all it could mean
    are of one name and type; otherwise a message and exit 2."""
    from db import read

    try:
        chosen, others = read.resolve_name(conn, text_arg(name) or "")
    except read.AmbiguousName as exc:
        if _alike(exc.candidates):
            return list(exc.candidates)
        return [_resolve(conn, name)]  # says why
    except read.NameNotFound:
        return [_resolve(conn, name)]  # says why
    alike = [chosen, *(e for e in others if _alike((chosen, e)))]
    return alike


def _record(conn: sqlite3.Connection, action: str, args: dict[str, Any]) -> None:
    """Record and apply one correction; print what it did."""
    from db.store import corrections
    from db.store.connection import StoreError

    try:
        correction, outcome = corrections.record(conn, action, args)
    except corrections.CorrectionError as exc:
        _bad(str(exc))
    except StoreError as exc:
        _bad(str(exc))
    _said(correction, outcome)


def _said(correction: Correction, outcome: Outcome) -> None:
    from app.inert import inert

    pending = "" if outcome.applied else " (not applied: its target is not in the store)"
    click.echo(f"correction {correction.id}: {inert(outcome.message)}{pending}")


def _identity(conn: sqlite3.Connection, entity: EntityRow) -> dict[str, Any]:
    from db.store import corrections

    return corrections.identity(conn, entity.id)


# --- the corrections ------------------------------------------------------------------------


@click.command(short_help="Merge entities into one: aliases, mentions, claims, timeline.")
@click.argument("names", nargs=-1, required=True)
@click.option("--into", "target", required=True, metavar="TARGET", help="The entity they become (NAME or TYPE:NAME).")
@db_option
@click.pass_context
def merge(ctx: click.Context, names: tuple[str, ...], target: str, db_path: str | None) -> None:
    """Merge the entities NAME... into TARGET: their aliases, mentions, claims (as subject and as
    speaker) and timeline items move to it, and the counts follow. Kept across ingests. A name that
    several entities of one type share (a single surname is kept apart per document) names them all.

    \b
    Example: storyline merge EU "European Commission" --into "European Union"
    """
    conn = _open(ctx, db_path)
    into, *alike = _resolve_many(conn, target)  # several of one name: into the most mentioned, with the rest
    sources: list[EntityRow] = list(alike)
    for name in names:
        found = _resolve_many(conn, name)
        if len(found) == 1 and found[0].id == into.id and not alike:
            _bad(f"cannot merge {into.name} into itself")
        sources += [e for e in found if e.id != into.id and all(s.id != e.id for s in sources)]
    if not sources:
        _bad(f"cannot merge {into.name} into itself")
    args = {"sources": [_identity(conn, s) for s in sources], "into": _identity(conn, into)}
    _record(conn, "merge", args)


@click.command(short_help="Rename an entity (its old name stays an alias).")
@click.argument("name")
@click.argument("new")
@db_option
@click.pass_context
def rename(ctx: click.Context, name: str, new: str, db_path: str | None) -> None:
    """Give the entity NAME the name NEW; the old name stays one of its aliases. Kept across ingests.

    \b
    Example: storyline rename "Blair" "Tony Blair"
    """
    conn = _open(ctx, db_path)
    entity = _resolve(conn, name)
    new_name = (text_arg(new) or "").strip()
    if not new_name:
        _bad("the new name is empty")
    if new_name == entity.name:
        _bad(f"{entity.name} already has that name")
    _record(conn, "rename", {"entity": _identity(conn, entity), "name": new_name})


@click.command(short_help="Change an entity's type (PERSON, ORG, PLACE, MISC).")
@click.argument("name")
@click.argument("etype", metavar="TYPE", type=click.Choice(ENTITY_TYPES, case_sensitive=False))
@db_option
@click.pass_context
def retype(ctx: click.Context, name: str, etype: str, db_path: str | None) -> None:
    """Make the entity NAME a TYPE (one of PERSON, ORG, PLACE, MISC). Where an entity of that type and
    key exists already, the two become one. Kept across ingests.

    \b
    Example: storyline retype "Labour" ORG
    """
    conn = _open(ctx, db_path)
    entity = _resolve(conn, name)
    etype = etype.upper()
    if etype == entity.type:
        _bad(f"{entity.name} is already {etype}")
    _record(conn, "retype", {"entity": _identity(conn, entity), "type": etype})


@click.command(short_help="Split an alias and its mentions out into their own entity.")
@click.argument("name")
@click.argument("alias")
@click.option(
    "--type", "-t", "etype", type=click.Choice(ENTITY_TYPES, case_sensitive=False), help="The new entity's type."
)
@db_option
@click.pass_context
def split(ctx: click.Context, name: str, alias: str, etype: str | None, db_path: str | None) -> None:
    """Make the alias ALIAS of the entity NAME, and the mentions that read so, an entity of their own
    (of NAME's type unless --type says otherwise). Kept across ingests.

    \b
    Example: storyline split "European Union" EU --type ORG
    """
    from db.extract.aliases import entity_key

    conn = _open(ctx, db_path)
    entity = _resolve(conn, name)
    wanted = (text_arg(alias) or "").strip()
    forms = (entity.name, *entity.aliases)
    exact = [a for a in forms if a == wanted] or [a for a in forms if a.lower() == wanted.lower()]
    if not exact:
        _bad(f"{entity.name} has no alias {wanted!r} (its aliases: {'; '.join(entity.aliases) or 'none'})")
    form = exact[0]
    if form == entity.name:
        _bad(f"{form!r} is the name of {entity.name}: split one of its other aliases, or rename it")
    new_type = (etype or entity.type).upper()
    key = entity_key(form, new_type) or form.lower()
    ident = _identity(conn, entity)
    if (new_type, key) == (ident["type"], ident["key"]):
        _bad(f"{form!r} is how {entity.name} is known (its key); split another alias, or rename it")
    _record(conn, "split", {"entity": ident, "alias": form, "type": new_type, "key": key})


@click.command(short_help="Drop an entity that is not one: hidden everywhere, restorable.")
@click.argument("name")
@db_option
@click.pass_context
def drop(ctx: click.Context, name: str, db_path: str | None) -> None:
    """Drop NAME, a name the machine took for an entity ("s Cup"): its mentions, links and aliases go
    from every listing and pane. Kept across ingests; `storyline undo ID` restores it.

    \b
    Example: storyline drop "s Cup"
    """
    conn = _open(ctx, db_path)
    entity = _resolve(conn, name)
    _record(conn, "drop", {"entity": _identity(conn, entity)})


def _position(text: str) -> tuple[str, int, int | None]:
    """DOC:LINE[:COLUMN] as (doc, line, column)."""
    parts = text.rsplit(":", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return parts[0], int(parts[1]), int(parts[2])
    doc, _, line = text.rpartition(":")
    if doc and line.isdigit():
        return doc, int(line), None
    _bad(f"{text!r} is not DOC:LINE or DOC:LINE:COLUMN")


@click.command(short_help="Set or clear the speaker of a claim at DOC:LINE[:COLUMN].")
@click.argument("where", metavar="DOC:LINE[:COLUMN]")
@click.argument("name", required=False)
@click.option("--none", "clear", is_flag=True, help="The claim has no speaker.")
@db_option
@click.pass_context
def speaker(ctx: click.Context, where: str, name: str | None, clear: bool, db_path: str | None) -> None:
    """Make NAME the speaker of the claim at DOC:LINE (the one starting at or spanning COLUMN), or,
    with --none, leave it without one. DOC as `storyline documents` prints it. Kept across ingests:
    the claim is found again by its line's text.

    \b
    Example: storyline speaker news/a.txt:12 "Tony Blair"
    """
    from db.store import corrections

    if clear == (name is not None):
        _bad("give either a speaker NAME or --none")
    doc, line, column = _position(text_arg(where) or "")
    conn = _open(ctx, db_path)
    found = conn.execute("SELECT id, path, doc FROM documents WHERE doc = ? OR path = ?", (doc, doc)).fetchone()
    if found is None:
        resolved = str(Path(doc).resolve())
        found = conn.execute("SELECT id, path, doc FROM documents WHERE path = ?", (resolved,)).fetchone()
    if found is None:
        _bad(f"no document {doc!r} (storyline documents lists them)")
    doc_id, path, shown = found
    text = conn.execute("SELECT text FROM lines WHERE document_id = ? AND number = ?", (doc_id, line)).fetchone()
    if text is None:
        _bad(f"{shown} has no line {line}")
    args: dict[str, Any] = {"doc": shown, "path": path, "line": line, "text": text[0], "column": column}
    if corrections.locate_claim(conn, args) is None:
        at = f"{shown}:{line}" + (f":{column}" if column is not None else "")
        _bad(f"no claim at {at} (storyline claims lists them)")
    args["speaker"] = None if clear else _identity(conn, _resolve(conn, name or ""))
    _record(conn, "speaker", args)


# --- the log --------------------------------------------------------------------------------


def _what(c: Correction) -> str:
    a = c.args
    if c.action == "merge":
        return f"{', '.join(s['name'] for s in a['sources'])} into {a['into']['name']}"
    if c.action == "rename":
        return f"{a['entity']['name']} to {a['name']}"
    if c.action == "retype":
        return f"{a['entity']['name']} ({a['entity']['type']}) as {a['type']}"
    if c.action == "split":
        return f"{a['alias']} out of {a['entity']['name']}"
    if c.action == "drop":
        return a["entity"]["name"]
    if c.action == "speaker":
        who = a["speaker"]["name"] if a["speaker"] else "no one"
        column = f":{a['column']}" if a.get("column") is not None else ""
        return f"{a['doc']}:{a['line']}{column} said by {who}"
    return json.dumps(a)


@click.group(
    "corrections",
    invoke_without_command=True,
    short_help="The corrections made, in order; `corrections apply FILE` re-applies a log.",
)
@json_option
@db_option
@click.pass_context
def corrections_group(ctx: click.Context, as_json: bool, db_path: str | None) -> None:
    """The corrections made (merge, rename, retype, split, drop, speaker), in the order they apply
    after every ingest. `applied` is false while a correction's target is not in the store.

    JSON fields: {id, action, args, at, applied}; that output is what `corrections apply FILE` reads.

    \b
    Example: storyline corrections --json > corrections.json
    """
    if ctx.invoked_subcommand is not None:
        if db_path:  # `corrections --db PATH apply FILE`
            root = ctx.find_root()
            root.obj = {**(root.obj or {}), "db": db_path}
        return
    from app.cli.common import read_conn
    from app.inert import escape_json
    from db.store import corrections

    log = corrections.list_corrections(read_conn(ctx, db_path))
    if as_json:
        rows = [json.dumps(c.as_json(), ensure_ascii=False, sort_keys=False) for c in log]
        sys.stdout.write("[" + ",".join(f"\n  {escape_json(r)}" for r in rows) + ("\n]\n" if rows else "]\n"))
        return
    emit_table(
        ("ID", "ACTION", "WHAT", "AT", "APPLIED"),
        ((c.id, c.action, _what(c), c.at, "yes" if c.applied else "no") for c in log),
        {2: 70},
    )


@corrections_group.command("apply", short_help="Apply the corrections of a log file (corrections --json).")
@click.argument("file", type=click.File("r", encoding="utf-8"))
@db_option
@click.pass_context
def apply_log(ctx: click.Context, file: Any, db_path: str | None) -> None:
    """Apply, in order, the corrections in FILE (what `storyline corrections --json` printed, from this
    database or another one ingested from the same folder). One whose target is not here is kept,
    not applied.

    \b
    Example: storyline corrections apply corrections.json
    """
    from db.store import corrections
    from db.store.connection import StoreError

    try:
        entries = json.load(file)
    except ValueError as exc:
        _bad(f"{file.name} is not JSON: {exc}")
    if not isinstance(entries, list) or not all(_valid(e) for e in entries):
        _bad(f"{file.name} is not a corrections log (a JSON array of {{id, action, args, at, applied}})")
    conn = _open(ctx, db_path)
    for entry in entries:
        try:
            correction, outcome = corrections.record(
                conn, entry["action"], entry["args"], at=entry.get("at"), strict=False
            )
        except (corrections.CorrectionError, StoreError) as exc:
            _bad(str(exc))
        except (KeyError, TypeError) as exc:
            _bad(f"correction {entry.get('id')} in {file.name} lacks an argument ({exc})")
        _said(correction, outcome)
    if not entries:
        note(f"{file.name} holds no corrections")


def _valid(entry: object) -> bool:
    from db.store.corrections import ACTIONS

    return isinstance(entry, dict) and entry.get("action") in ACTIONS and isinstance(entry.get("args"), dict)


@click.command(short_help="Undo a correction exactly (default: the last).")
@click.argument("correction_id", metavar="[ID]", type=int, required=False)
@db_option
@click.pass_context
def undo(ctx: click.Context, correction_id: int | None, db_path: str | None) -> None:
    """Undo the correction ID (default: the last one) and take it out of the log: every listing is
    again what it was before it. Later corrections stay (they are applied again).

    \b
    Example: storyline undo 3
    """
    from db.store import corrections
    from db.store.connection import StoreError

    conn = _open(ctx, db_path)
    try:
        undone, _ = corrections.undo(conn, correction_id)
    except (corrections.CorrectionError, StoreError) as exc:
        _bad(str(exc))
    click.echo(f"undid correction {undone.id}: {undone.action} {_what(undone)}")


COMMANDS = (merge, rename, retype, split, drop, speaker, corrections_group, undo)
