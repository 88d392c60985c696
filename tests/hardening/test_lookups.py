"""Looking documents up and reading databases where they lie: huge line numbers and names, names that
differ only in case, a database in a folder this user cannot write. A clear answer, never a traceback."""

from __future__ import annotations

import os
import sqlite3

from click.testing import CliRunner

from app.cli import main
from tests.hardening.helpers import cli

GOOD = "date 2024-03-05\n\nMaria Lopez visited Madrid on Tuesday.\n"


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def _ingest(tmp_path, files: dict[str, str]):
    folder = tmp_path / "news"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = tmp_path / "s.db"
    assert run("ingest", str(folder), "--db", str(db)).exit_code == 0
    return db


def test_show_a_huge_line_number_is_out_of_range(tmp_path):
    db = _ingest(tmp_path, {"a.txt": GOOD})
    for digits in ("9" * 19, "1" + "0" * 5000, "9" * 100_000):
        result = run("show", f"a.txt:{digits}", "--db", str(db))
        assert result.exit_code == 2
        assert "has lines 1 to 3; there is no line" in result.stderr and len(result.stderr) < 300


def test_show_a_huge_name_is_no_document(tmp_path):
    db = _ingest(tmp_path, {"a.txt": GOOD})
    for name in ("x" * 60_000, "%" * 30_000, "_" * 50_001 + ":3"):
        result = run("show", name, "--db", str(db))
        assert result.exit_code == 1
        assert "no document" in result.stderr and "pattern too complex" not in result.stderr


def test_names_that_differ_only_in_case_are_two_documents(tmp_path):
    db = _ingest(tmp_path, {"A.txt": "Upper case.\n", "a.txt": "Lower case.\n", "Only.txt": "Just one.\n"})
    upper = run("show", "A.txt", "--db", str(db))
    lower = run("show", "news/a.txt", "--db", str(db))
    assert upper.exit_code == 0 and "Upper case." in upper.stdout
    assert lower.exit_code == 0 and "Lower case." in lower.stdout
    assert "Just one." in run("show", "only.txt", "--db", str(db)).stdout  # another case, when only one matches
    assert run("show", "A.TXT", "--db", str(db)).exit_code == 1  # two in another case: neither is guessed


def _unwritable_folder(tmp_path, monkeypatch):
    """Simulated (the tests run as root, who may write anywhere): the folder is not writable, and SQLite
    cannot make the -shm file a WAL reader needs, as it fails on a read-only folder or file system."""
    import db.store.connection as connection
    import db.store.open as store_open

    real_connect, real_access = sqlite3.connect, os.access

    def connect(database, *args, **kwargs):
        if kwargs.get("uri") and "mode=ro" in str(database) and "immutable=1" not in str(database):
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return real_connect(database, *args, **kwargs)

    def access(path, mode, **kwargs):
        return False if os.fspath(path) == str(tmp_path) and mode & os.W_OK else real_access(path, mode, **kwargs)

    monkeypatch.setattr(connection.sqlite3, "connect", connect)
    monkeypatch.setattr(store_open.os, "access", access)


def test_a_database_in_a_folder_that_cannot_be_written_is_read(tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "s.db"
    assert cli("ingest", str(folder), "--db", str(db)).returncode == 0  # a whole run: its -wal is folded in
    _unwritable_folder(tmp_path, monkeypatch)
    result = run("documents", "--json", "--db", str(db))
    assert result.exit_code == 0, result.output
    assert '"a.txt"' in result.stdout or "a.txt" in result.stdout
    shown = run("show", "a.txt:3", "--db", str(db))
    assert shown.exit_code == 0 and "Maria Lopez visited Madrid" in shown.stdout


def test_a_database_with_pending_changes_in_a_folder_that_cannot_be_written_says_why(tmp_path, monkeypatch):
    db = _ingest(tmp_path, {"a.txt": GOOD})
    (tmp_path / "s.db-wal").write_bytes(b"pending" * 100)
    _unwritable_folder(tmp_path, monkeypatch)
    result = run("documents", "--db", str(db))
    assert result.exit_code == 1
    assert "its folder is not writable and s.db-wal holds changes not yet in the database" in result.stderr
