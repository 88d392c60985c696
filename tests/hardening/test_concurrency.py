"""Concurrent use: two ingests at once serialize; readers keep reading while an ingest writes."""

from __future__ import annotations

import sqlite3
import time

from db import read
from db.store.connection import connect
from db.store.open import open_db
from tests.hardening.helpers import assert_consistent, cli, make_corpus, snapshot, spawn


def test_two_ingests_at_once_into_a_new_database(tmp_path):
    """Both start on a database that does not exist yet, over overlapping folders: no error, no corruption."""
    corpus = make_corpus(tmp_path / "news", 240)
    db = tmp_path / "s.db"
    first = spawn("ingest", str(corpus), "--db", str(db), "--jobs", "1")
    second = spawn("ingest", str(corpus), "--db", str(db), "--jobs", "1")
    out1, err1 = first.communicate(timeout=120)
    out2, err2 = second.communicate(timeout=120)
    assert (first.returncode, second.returncode) == (0, 0), (err1, err2)
    assert "Traceback" not in err1 + err2
    for out in (out1, out2):
        assert "failed 0" in out
    # between them every document was added exactly once; the other skipped it
    added = [int(o.split("added ")[1].split()[0]) for o in (out1, out2)]
    assert sum(added) == 240
    assert assert_consistent(db) == 240
    clean = tmp_path / "clean.db"
    assert cli("ingest", str(corpus), "--db", str(clean), "--jobs", "1").returncode == 0
    assert snapshot(db) == snapshot(clean)


def test_two_ingests_of_different_folders_merge_entities(tmp_path):
    a = make_corpus(tmp_path / "a", 120, seed=1)
    b = make_corpus(tmp_path / "b", 120, seed=2)
    db = tmp_path / "s.db"
    open_db(db).conn.close()
    procs = [spawn("ingest", str(folder), "--db", str(db), "--jobs", "1") for folder in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert assert_consistent(db) == 240
    clean = tmp_path / "clean.db"
    assert cli("ingest", str(a), str(b), "--db", str(clean), "--jobs", "1").returncode == 0
    assert snapshot(db) == snapshot(clean)


def test_readers_keep_reading_while_an_ingest_writes(tmp_path):
    corpus = make_corpus(tmp_path / "news", 300)
    db = tmp_path / "s.db"
    assert cli("ingest", str(make_corpus(tmp_path / "first", 5)), "--db", str(db)).returncode == 0
    reader = connect(db, readonly=True)
    proc = spawn("ingest", str(corpus), "--db", str(db), "--jobs", "1")
    seen, slowest = [], 0.0
    try:
        while proc.poll() is None:
            started = time.perf_counter()
            with reader:  # one short read transaction, as the explorer's queries are
                seen.append(len(read.documents(reader)))
                read.entities(reader, limit=50)
                read.search_lines(reader, "Madrid", limit=20)
            slowest = max(slowest, time.perf_counter() - started)
            time.sleep(0.02)
    finally:
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert slowest < 5.0, f"a read waited {slowest:.2f} s for the writer"
    assert seen == sorted(seen) and seen[0] >= 5  # documents appear, whole batches at a time
    assert len(read.documents(reader)) == 305  # a new read sees everything
    reader.close()


def test_a_read_only_connection_cannot_write(tmp_path):
    db = tmp_path / "s.db"
    open_db(db).conn.close()
    conn = connect(db, readonly=True)
    try:
        conn.execute("DELETE FROM documents")
    except sqlite3.OperationalError as exc:
        assert "readonly" in str(exc)
    else:
        raise AssertionError("a read-only connection wrote")
