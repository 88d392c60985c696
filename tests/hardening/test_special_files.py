"""Special files and odd database paths: a FIFO, socket or device is skipped or refused with what it is,
reads are bounded, a database path is taken literally. Every command returns (a hang fails the timeout)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from db.store.ingest import ingest
from db.store.open import open_db
from tests.conftest import ROOT
from tests.hardening.helpers import assert_consistent, cli

GOOD = "date 2024-03-05\n\nMaria Lopez visited Madrid on Tuesday.\n"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder


@needs_fifo
def test_a_fifo_a_socket_and_device_links_in_a_folder_are_skipped_with_what_they_are(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    os.mkfifo(folder / "x.txt")
    monkeypatch.chdir(folder)  # a socket's path must be short
    server = socket.socket(socket.AF_UNIX)
    server.bind("sock.txt")
    monkeypatch.chdir(tmp_path)
    for name, target in (("zero.txt", "/dev/zero"), ("random.md", "/dev/urandom"), ("stdin.txt", "/dev/stdin")):
        (folder / name).symlink_to(target)
    try:
        result = cli("ingest", str(folder), "--db", str(tmp_path / "s.db"), timeout=60, input="typed secret\n")
    finally:
        server.close()
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "x.txt: not a regular file (a named pipe (FIFO))" in result.stderr
    assert "sock.txt: not a regular file (a socket)" in result.stderr
    assert "zero.txt: not a regular file (a character device)" in result.stderr
    assert "random.md: not a regular file (a character device)" in result.stderr
    assert "stdin.txt: not a regular file" in result.stderr
    assert "added 1 · updated 0 · skipped 0 · failed 5" in result.stdout
    assert assert_consistent(tmp_path / "s.db") == 1
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT count(*) FROM lines WHERE text LIKE '%secret%'").fetchone()[0] == 0


@needs_fifo
def test_a_fifo_given_as_the_path_to_ingest_is_skipped(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = cli("ingest", str(tmp_path / "pipe.txt"), "--db", str(tmp_path / "s.db"), timeout=60)
    assert result.returncode == 1
    assert "pipe.txt: not a regular file (a named pipe (FIFO))" in result.stderr


@needs_fifo
@pytest.mark.parametrize("command", [["documents"], ["ingest", "NEWS"], ["entities", "--json"]])
def test_a_fifo_as_the_database_is_refused(tmp_path, command):
    folder = _folder(tmp_path)
    os.mkfifo(tmp_path / "db.fifo")
    args = [str(folder) if a == "NEWS" else a for a in command]
    result = cli(*args, "--db", str(tmp_path / "db.fifo"), timeout=60)
    assert result.returncode != 0
    assert "db.fifo is a named pipe (FIFO), not a database file" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["db.fifo", "news"]


@needs_fifo
def test_a_fifo_as_eval_ner_input_is_refused(tmp_path):
    os.mkfifo(tmp_path / "gold.conll")
    result = cli("eval-ner", str(tmp_path / "gold.conll"), timeout=60)
    assert result.returncode == 2
    assert "gold.conll: not a regular file (a named pipe (FIFO))" in result.stderr


def test_eval_ner_on_a_binary_file_says_so(tmp_path):
    (tmp_path / "gold.conll").write_bytes(b"\xff\xfe\x00\x81" * 100)
    result = cli("eval-ner", str(tmp_path / "gold.conll"), timeout=60)
    assert result.returncode == 2
    assert "not UTF-8 text" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_as_the_database_is_refused_before_sqlite_touches_it(tmp_path, device, monkeypatch):
    folder = _folder(tmp_path)
    before = set(os.listdir("/dev"))
    monkeypatch.setenv("STORYLINE_DB", device)
    for args in (["ingest", str(folder)], ["documents"]):
        result = cli(*args, timeout=60)
        assert result.returncode != 0
        assert f"{device} is a character device, not a database file" in result.stderr
    assert set(os.listdir("/dev")) - before == set()  # no /dev/null-journal, no /dev/null-wal


@pytest.mark.parametrize("name", ["hash#x.db", "what?x.db", "pct%41.db", "amp&mode=rw.db", "sp ace;'q\".db", "ü.db"])
def test_a_database_path_with_uri_characters_is_that_file(tmp_path, name):
    folder = _folder(tmp_path)
    dbs = tmp_path / "dbs"
    dbs.mkdir()
    assert cli("ingest", str(folder), "--db", str(dbs / name), timeout=60).returncode == 0
    listed = cli("documents", "--json", "--db", str(dbs / name), timeout=60)  # read-only: an SQLite URI
    assert listed.returncode == 0, listed.stderr
    assert '"good.txt"' in listed.stdout or "good.txt" in listed.stdout
    assert {p for p in os.listdir(dbs) if not p.endswith(("-wal", "-shm"))} == {name}  # no stray "hash", "what"


def test_a_database_path_with_a_trailing_slash_is_refused(tmp_path):
    folder = _folder(tmp_path)
    result = cli("ingest", str(folder), "--db", str(tmp_path / "db.db") + "/", timeout=60)
    assert result.returncode != 0
    assert "names a folder (a trailing slash)" in result.stderr
    assert not (tmp_path / "db.db").exists()


def test_a_file_over_the_size_limit_is_skipped_and_the_rest_ingest(tmp_path, monkeypatch):
    import db.store.ingest.worker as worker

    monkeypatch.setattr(worker, "MAX_FILE_BYTES", 4096)
    folder = _folder(tmp_path)
    (folder / "big.txt").write_text("Maria Lopez spoke. " * 1000, encoding="utf-8")
    report = ingest(open_db(tmp_path / "s.db"), [str(folder)], jobs=1)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason.split(" (")[0]) for f in report.failed] == [
        ("big.txt", "file too large")
    ]
    assert report.added == 1


def test_a_memory_error_on_one_file_skips_that_file_only(tmp_path, monkeypatch):
    import db.store.ingest.worker as worker

    real = worker.parse_bytes

    def parse(data: bytes):
        if b"balloon" in data:
            raise MemoryError
        return real(data)

    monkeypatch.setattr(worker, "parse_bytes", parse)
    folder = _folder(tmp_path)
    (folder / "balloon.txt").write_text("a balloon of text\n", encoding="utf-8")
    (folder / "later.txt").write_text(GOOD, encoding="utf-8")
    report = ingest(open_db(tmp_path / "s.db"), [str(folder)], jobs=1)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed] == [
        ("balloon.txt", "out of memory parsing the file")
    ]
    assert report.added == 2 and report.stopped is None


def test_a_symlink_leading_out_of_the_folder_is_not_followed_unless_asked(tmp_path):
    folder = _folder(tmp_path)
    secret = tmp_path / "home" / ".ssh"
    secret.mkdir(parents=True)
    (secret / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY----- secretkeymaterial\n", encoding="utf-8")
    (folder / "notes.txt").symlink_to(secret / "id_rsa")
    (folder / "inside.txt").symlink_to(folder / "good.txt")  # within the folder: the same document, once
    db = tmp_path / "s.db"
    result = cli("ingest", str(folder), "--db", str(db), timeout=60)
    assert result.returncode == 0, result.stderr
    assert "notes.txt: a symlink to a file outside the paths given, not read (--follow-symlinks" in result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM lines WHERE text LIKE '%secretkey%'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
    conn.close()
    # the file named itself is read; asked to, the link is followed
    assert cli("ingest", str(folder / "notes.txt"), "--db", str(tmp_path / "t.db"), timeout=60).returncode == 0
    followed = cli("ingest", str(folder), "--follow-symlinks", "--db", str(db), timeout=60)
    assert followed.returncode == 0 and "added 1" in followed.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM lines WHERE text LIKE '%secretkey%'").fetchone()[0] == 1


def test_the_stored_path_rule(tmp_path):
    from db.store.files import stored_path_problem

    real = tmp_path / "a.txt"
    real.write_text("text\n")
    assert stored_path_problem(str(real)) is None
    (tmp_path / "link.txt").symlink_to(real)
    assert stored_path_problem(str(tmp_path / "link.txt")) is None
    refused = {
        "-c:!touch /tmp/PWNED": "not absolute",
        "a.txt": "not absolute",
        f"{real}\n-c": "line break",
        f"{real}\x00x": "NUL",
        str(tmp_path): "a folder",
        "/dev/null": "a character device",
        str(tmp_path / "missing.txt"): "names no file",
        "": "empty",
    }
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        refused[str(tmp_path / "pipe")] = "a named pipe"
    for path, why in refused.items():
        problem = stored_path_problem(path)
        assert problem is not None and why in problem, (path, problem)
    assert stored_path_problem(None) is not None and stored_path_problem(42) is not None


def test_export_to_a_terminal_shows_a_crafted_databases_escapes_literally(tmp_path):
    import pty

    folder = _folder(tmp_path)
    (folder / "good.txt").write_text(
        "date 2024-03-05\n\nTitle\n\n“The deal is done,” Maria Lopez said in Madrid on Tuesday.\n", encoding="utf-8"
    )
    db = tmp_path / "s.db"
    assert cli("ingest", str(folder), "--db", str(db), timeout=60).returncode == 0
    with sqlite3.connect(db) as conn:  # what someone could send you
        conn.execute("UPDATE documents SET title = 'T\x1b]52;c;ZXZpbA==\x07', doc = 'x\x1b[2J.txt'")
        conn.execute("UPDATE lines SET text = replace(text, 'deal', 'd\x1b[31ml') WHERE number = 5")
    leader, follower = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "app", "export", "--format", "md", "--db", str(db)],
            stdout=follower,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        os.close(follower)
        follower = -1
        out = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in out and b"\x07" not in out
    assert "␛" in out.decode("utf-8", "replace")


def _dump_db(tmp_path: Path) -> tuple[Path, str]:
    """A database of one JSON Lines record (``dump.jsonl#1``), and that record's ``doc``."""
    news = tmp_path / "news"
    news.mkdir()
    record = {"title": "Talks", "maintext": "Maria Lopez visited Madrid on Tuesday.", "date_publish": "2024-03-05"}
    (news / "dump.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    assert cli("ingest", str(news), "--db", str(db), timeout=60).returncode == 0
    with sqlite3.connect(db) as conn:
        (doc,) = conn.execute("SELECT doc FROM documents").fetchone()
    assert doc.endswith("dump.jsonl#1")
    return db, doc


@needs_fifo
def test_redate_checks_a_crafted_records_container_before_opening_it(tmp_path):
    """`redate` reads the document's file again: a crafted database's ``PIPE.jsonl#1`` must not hang
    it, and a relative ``dump.jsonl#1`` must not read whatever dump lies where the command runs."""
    db, doc = _dump_db(tmp_path)
    os.mkfifo(tmp_path / "pipe.jsonl")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    secret = {"maintext": "secretmaterial from the folder the command ran in"}
    (elsewhere / "dump.jsonl").write_text(json.dumps(secret) + "\n", encoding="utf-8")
    for path, why in ((f"{tmp_path}/pipe.jsonl#1", "a named pipe (FIFO)"), ("dump.jsonl#1", "not absolute")):
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE documents SET path = ?", (path,))
        result = cli("redate", doc, "2023-01-01", "--db", str(db), cwd=elsewhere, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "could not be read again now" in result.stderr and why in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM lines WHERE text LIKE '%secretmaterial%'").fetchone()[0] == 0


@needs_fifo
@pytest.mark.parametrize("name", ["d.jsonl", "d.json", "d.rss", "m.mbox", "w.warc"])
def test_a_container_reader_refuses_a_fifo_at_open_without_waiting(tmp_path, name):
    """Ingest lists a folder, then streams each container from its path: a FIFO put there in between
    (or named by a crafted database) is refused on the open descriptor, not waited on."""
    os.mkfifo(tmp_path / name)
    probe = (
        "import sys\n"
        "from db.text.formats import NO_OPTIONS, FormatError, format_of\n"
        "try:\n"
        "    list(format_of(sys.argv[1]).entries(sys.argv[1], NO_OPTIONS))\n"
        "except FormatError as exc:\n"
        "    print(exc)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / name)],
        capture_output=True,
        text=True,
        timeout=30,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.stdout.strip() == "not a regular file (a named pipe (FIFO))", done.stderr


@needs_fifo
def test_show_export_and_documents_of_a_crafted_record_open_no_file(tmp_path):
    """Only the stored text is shown: a record whose container is a FIFO, with escapes in its name,
    prints at once (a read of the FIFO would hang), with the escapes made visible where they reach a reader."""
    db, doc = _dump_db(tmp_path)
    os.mkfifo(tmp_path / "pipe.jsonl")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE documents SET path = ?, doc = ?", (f"{tmp_path}/pipe.jsonl#1", "x\x1b[2J.jsonl#1"))
    for args in (["show", "x\x1b[2J.jsonl#1"], ["export", "--format", "md"], ["documents"]):
        result = cli(*args, "--db", str(db), timeout=60)
        assert result.returncode == 0, (args, result.stderr)
        # export to a file or pipe keeps values as stored (to a terminal: the test above)
        assert args[0] == "export" or "\x1b" not in result.stdout, args
    assert "Maria Lopez visited Madrid" in cli("show", "x\x1b[2J.jsonl#1", "--db", str(db)).stdout


@needs_fifo
def test_export_refuses_to_write_over_a_fifo_or_device(tmp_path):
    """`export -o` opening a FIFO for writing would wait forever for a reader; a device is no file."""
    db, _ = _dump_db(tmp_path)
    os.mkfifo(tmp_path / "out.md")
    for target in (str(tmp_path / "out.md"), "/dev/null"):
        result = cli("export", "--format", "md", "-o", target, "--db", str(db), timeout=60)
        assert result.returncode == 2, result.stderr
        assert f"refusing to write over {target}: not a regular file" in result.stderr
