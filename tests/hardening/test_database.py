"""The database itself: missing folder, read-only, not SQLite, newer schema, damaged, locked."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from db.store import connection, schema
from db.store.connection import StoreError
from db.store.open import open_db
from db.store.schema import SCHEMA_VERSION

COMMANDS = [["documents"], ["entities"], ["timeline", "--json"], ["show", "x.txt"]]


def _news(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir(exist_ok=True)
    (folder / "a.txt").write_text("Maria Lopez visited Madrid on Tuesday.\n", encoding="utf-8")
    return folder


def run(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output, result.output
    return result


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_in_a_missing_folder(tmp_path):
    path = tmp_path / "no" / "such" / "s.db"
    result = run("ingest", str(_news(tmp_path)), "--db", str(path))
    assert result.exit_code == 1
    assert "folder" in result.output and "does not exist" in result.output
    assert not path.parent.exists()
    for command in COMMANDS:
        assert run(*command, "--db", str(path)).exit_code == 1


@pytest.mark.parametrize("content", [b"not a database at all\n" * 100, b"%PDF-1.4\n" + bytes(range(256)) * 8])
def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    result = run("ingest", str(_news(tmp_path)), "--db", str(path))
    assert result.exit_code == 1 and "not a Storyline database" in result.output
    for command in COMMANDS:
        out = run(*command, "--db", str(path))
        assert out.exit_code == 1 and "not a Storyline database" in out.output
    assert path.read_bytes() == content


def test_another_programs_sqlite_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    before = digest(path)
    result = run("ingest", str(_news(tmp_path)), "--db", str(path))
    assert result.exit_code == 1 and "not a Storyline one" in result.output
    assert digest(path) == before


def test_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "s.db"
    assert run("ingest", str(_news(tmp_path)), "--db", str(path)).exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(path)
    (_news(tmp_path) / "b.txt").write_text("Lena Novak flew to Oslo.\n")
    for args in (["ingest", str(tmp_path / "news")], *COMMANDS):
        result = run(*args, "--db", str(path))
        assert result.exit_code == 1
        assert "newer Storyline" in result.output
    assert digest(path) == before


def test_a_damaged_database_is_a_clear_message(tmp_path):
    path = tmp_path / "s.db"
    assert run("ingest", str(_news(tmp_path)), "--db", str(path)).exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    data[page:] = b"\xde\xad" * ((len(data) - page) // 2)  # scribble over every page but the schema's
    path.write_bytes(bytes(data))
    for args in (["documents"], ["entities"], ["mentions"], ["ingest", str(tmp_path / "news")]):
        result = run(*args, "--db", str(path))
        assert result.exit_code == 1, (args, result.output)
        assert result.output.startswith("storyline: ")


def test_read_only_database_ingest_says_why(tmp_path, monkeypatch):
    """Simulated: as root every file is writable, so the store's connection is opened read-only (mode=ro)."""
    path = tmp_path / "s.db"
    assert run("ingest", str(_news(tmp_path)), "--db", str(path)).exit_code == 0
    before = digest(path)
    real_connect = connection.connect
    monkeypatch.setattr(connection, "connect", lambda p, readonly=False: real_connect(p, readonly=True))
    (tmp_path / "news" / "b.txt").write_text("Lena Novak flew to Oslo.\n")
    result = run("ingest", str(tmp_path / "news"), "--db", str(path))
    assert result.exit_code == 1
    assert "cannot write" in result.output and "read-only" in result.output
    assert "stopped: added 0" in result.output
    assert digest(path) == before
    # reading a read-only database works
    listed = run("documents", "--json", "--db", str(path))
    assert listed.exit_code == 0 and "a.txt" in listed.output


def test_read_only_new_database_cannot_be_created_says_why(tmp_path, monkeypatch):
    real_connect = connection.connect
    path = tmp_path / "s.db"
    sqlite3.connect(path).close()  # an empty file: would become a new database
    monkeypatch.setattr(connection, "connect", lambda p, readonly=False: real_connect(p, readonly=True))
    with pytest.raises(StoreError, match="read-only"):
        open_db(path)


def test_a_long_lock_wait_ends_in_a_clear_message(tmp_path, monkeypatch):
    path = tmp_path / "s.db"
    open_db(path).conn.close()
    holder = sqlite3.connect(path)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and not letting go
    monkeypatch.setattr(connection, "LOCK_WAIT_SECONDS", 0.5)
    try:
        result = run("ingest", str(_news(tmp_path)), "--db", str(path))
    finally:
        holder.rollback()
        holder.close()
    assert result.exit_code == 1
    assert "another process (another ingest?) has held it" in result.output
    assert "stopped: added 0" in result.output


def test_a_short_lock_wait_is_simply_waited_out(tmp_path):
    path = tmp_path / "s.db"
    open_db(path).conn.close()
    holder = sqlite3.connect(path, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(0.6, holder.rollback)
    timer.start()
    try:
        result = run("ingest", str(_news(tmp_path)), "--db", str(path))
    finally:
        timer.join()
        holder.close()
    assert result.exit_code == 0 and "added 1" in result.output


def test_creating_the_schema_is_one_transaction(tmp_path, monkeypatch):
    """A crash (here: an error) while creating the schema leaves an empty database, not half a schema."""
    path = tmp_path / "s.db"
    real = schema.statements

    def failing(script):
        statements = real(script)
        return statements[:5] + ["CREATE TABLE broken (("]

    monkeypatch.setattr(schema, "statements", failing)
    with pytest.raises(StoreError):
        open_db(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    conn.close()
    monkeypatch.undo()
    db = open_db(path)
    assert db["lines"].detect_fts() == "lines_fts" and db["aliases"].detect_fts() == "aliases_fts"
