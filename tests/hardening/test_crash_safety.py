"""Crash safety: SIGKILL at random moments and Ctrl+C during ingest leave a whole, consistent database."""

from __future__ import annotations

import os
import random
import signal
import sys
import time

import pytest

from tests.hardening.helpers import assert_consistent, cli, make_corpus, snapshot, spawn

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_sigkill_at_random_moments_then_rerun_matches_a_clean_ingest(tmp_path):
    corpus = make_corpus(tmp_path / "news", 400)
    # A clean ingest first: its duration scales the kill times to this machine.
    clean = tmp_path / "clean.db"
    started = time.perf_counter()
    assert cli("ingest", str(corpus), "--db", str(clean), "--jobs", "1").returncode == 0
    full = time.perf_counter() - started

    db = tmp_path / "killed.db"
    rng = random.Random(20240531)
    kills = 0
    for attempt in range(8):
        proc = spawn("ingest", str(corpus), "--db", str(db), "--jobs", str(1 + attempt % 2))
        # each run resumes where the last stopped, so kill early in the remaining work
        time.sleep(rng.uniform(0.05, 0.2) * full)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate(timeout=60)
        assert_consistent(db)
    assert kills >= 3, "the ingest finished before most kills: make the corpus bigger"

    finish = cli("ingest", str(corpus), "--db", str(db), "--jobs", "2")
    assert finish.returncode == 0, finish.stderr
    assert "failed 0" in finish.stdout
    assert assert_consistent(db) == 400

    assert snapshot(db) == snapshot(clean)


def _stored_documents(db) -> int:
    import sqlite3

    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.1)
        try:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


@pytest.fixture
def ctrl_c_reaches_us():
    """Ctrl+C delivered as it is in a terminal, whoever started the suite.

    A shell without job control starts a background command with SIGINT ignored (`make test &`
    in a script), and an ignored signal stays ignored across exec: the ingest under test would
    never see the Ctrl+C these tests send. A terminal job has the default disposition; restore it.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_ctrl_c_prints_what_was_done_and_exits_130(tmp_path, ctrl_c_reaches_us):
    total = 1200
    corpus = make_corpus(tmp_path / "news", total)
    db = tmp_path / "s.db"
    proc = spawn("ingest", str(corpus), "--db", str(db), "--jobs", "2")
    # Interrupt once the first batch is stored: mid-run, however fast the machine.
    deadline = time.monotonic() + 60
    while _stored_documents(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the ingest finished before Ctrl+C"
    os.killpg(proc.pid, signal.SIGINT)  # as Ctrl+C does: to the whole job, workers included
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out, err)
    assert out.startswith("interrupted: added "), out
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err  # workers ignore SIGINT
    added = int(out.split("added ")[1].split()[0])
    assert assert_consistent(db) == added  # the summary tells exactly what is stored

    again = cli("ingest", str(corpus), "--db", str(db))
    assert again.returncode == 0
    assert f"added {total - added} · updated 0 · skipped {added}" in again.stdout


def test_ctrl_c_while_writing_a_batch_is_held_until_the_commit(tmp_path, monkeypatch, ctrl_c_reaches_us):
    """A Ctrl+C that lands inside the write transaction stops the run right after the commit."""
    from db.store.ingest import ingest, rows
    from db.store.open import open_db

    corpus = make_corpus(tmp_path / "news", 3)
    store = open_db(tmp_path / "s.db")
    real = rows.insert_document

    def insert_then_ctrl_c(conn, item, *pending):
        doc_id = real(conn, item, *pending)
        os.kill(os.getpid(), signal.SIGINT)  # delivered while the batch is being written
        return doc_id

    monkeypatch.setattr(rows, "insert_document", insert_then_ctrl_c)
    report = ingest(store, [str(corpus)], jobs=1)
    assert report.interrupted
    assert report.added == 3  # the batch was committed whole, and counted
    assert store.conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def _worker_state(_: int) -> bool:
    return signal.getsignal(signal.SIGINT) is signal.SIG_IGN


def test_pool_workers_leave_ctrl_c_to_the_parent():
    """Workers ignore SIGINT (the parent stops the run and reports it); checked inside a real worker."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from db.store.ingest.worker import worker_init

    with ProcessPoolExecutor(
        1, mp_context=multiprocessing.get_context("fork"), initializer=worker_init, initargs=(os.getpid(),)
    ) as pool:
        assert pool.submit(_worker_state, 0).result(timeout=30) is True


def _init_then_wait(parent: int) -> None:
    from db.store.ingest.worker import worker_init

    worker_init(parent)
    time.sleep(30)


def test_a_worker_whose_parent_died_before_it_started_exits():
    """The parent can be killed between fork and the worker's initializer: the worker must
    still notice (it is told its parent's pid; it does not read it after the fact)."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    not_my_parent = 1  # what getppid() says once the real parent is gone
    proc = ctx.Process(target=_init_then_wait, args=(not_my_parent,))
    proc.start()
    proc.join(timeout=10)
    from db.store.ingest.worker import ORPHANED_WORKER_EXIT

    assert proc.exitcode == ORPHANED_WORKER_EXIT, f"the orphaned worker did not end itself ({proc.exitcode})"
