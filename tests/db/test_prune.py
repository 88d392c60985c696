"""Prune deletes in batches: one transaction per batch, the lock let go between them, Ctrl+C stops
after the batch being written with the summary saying how many were pruned."""

from __future__ import annotations

import os
import signal
import sqlite3

from db.store.ingest import ingest, rows, writer
from db.store.open import open_db


def _corpus(folder, count):
    folder.mkdir()
    for i in range(count):
        (folder / f"{i:03d}.txt").write_text(f"Maria Lopez met John Smith in Paris, story {i}.\n", encoding="utf-8")
    return folder


def test_prune_takes_the_lock_once_per_batch(tmp_path, monkeypatch):
    folder = _corpus(tmp_path / "news", 12)
    db = open_db(tmp_path / "s.db")
    assert ingest(db, [str(folder)], jobs=1).added == 12
    for i in range(9):
        (folder / f"{i:03d}.txt").unlink()
    monkeypatch.setattr(writer, "PRUNE_BATCH_SIZE", 2)
    begins: list[str] = []
    db.conn.set_trace_callback(lambda sql: begins.append(sql) if sql.startswith("BEGIN IMMEDIATE") else None)
    report = ingest(db, [str(folder)], jobs=1, prune=True)
    db.conn.set_trace_callback(None)
    assert report.pruned == 9 and report.skipped == 3
    assert len(begins) >= 5  # 9 documents, 2 a batch: five transactions (and the counts' one)
    assert db.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3


def test_ctrl_c_during_a_prune_stops_after_the_batch_and_says_how_many(tmp_path, monkeypatch):
    folder = _corpus(tmp_path / "news", 10)
    db = open_db(tmp_path / "s.db")
    ingest(db, [str(folder)], jobs=1)
    for i in range(10):
        (folder / f"{i:03d}.txt").unlink()
    monkeypatch.setattr(writer, "PRUNE_BATCH_SIZE", 2)
    real_delete = rows.delete_document
    calls = []

    def delete(conn, doc_id):
        calls.append(doc_id)
        if len(calls) == 5:  # in the third batch
            os.kill(os.getpid(), signal.SIGINT)
        real_delete(conn, doc_id)

    monkeypatch.setattr(rows, "delete_document", delete)
    report = ingest(db, [str(folder)], jobs=1, prune=True)
    assert report.interrupted and report.pruned == 6
    assert "pruned 6" in report.summary() and report.summary().startswith("interrupted:")
    db.conn.close()
    conn = sqlite3.connect(tmp_path / "s.db")
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 4
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
