"""`storyline ingest --dask`: against a real scheduler and two workers on localhost, started here.

The database a cluster fills answers `entities|claims|timeline --json` byte for byte as a local
ingest of the same folder does, and a worker killed mid-ingest costs nothing: its tasks rerun on
the other, and every document is stored once.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.archives import ARTICLES
from tests.serve.server import free_port, storyline

distributed = pytest.importorskip("distributed", reason="the 'cluster' extra is not installed")

pytestmark = pytest.mark.slow
SEEDS = Path(__file__).resolve().parents[2] / "seeds"
DASK = str(Path(sys.executable).parent / "dask")


def corpus(folder: Path, count: int = 160) -> Path:
    """``count`` short invented articles, each its own names and dates, in two folders."""
    folder.mkdir()
    for i in range(count):
        article = ARTICLES[i % len(ARTICLES)]
        day = 1 + i % 28
        body = "\n\n".join(article.paragraphs).replace("Valmora", f"Valmora {chr(65 + i % 26)}{i}")
        sub = folder / f"part{i % 2}"
        sub.mkdir(exist_ok=True)
        (sub / f"{i:04d}.txt").write_text(f"{article.title} {i}\ndate 2023-03-{day:02d}\n\n{body}\n")
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    return folder


@contextlib.contextmanager
def local_cluster(workers: int = 2) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    common = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    scheduler = [DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    procs = [subprocess.Popen(scheduler, **common)]
    try:
        for _ in range(workers):
            procs.append(
                subprocess.Popen(
                    [DASK, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1"],
                    **common,
                )
            )
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(workers, timeout=60)
        yield address, procs[1:]
    finally:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def answers(db: Path) -> dict[str, bytes]:
    out = {}
    for command in ("documents", "entities", "claims", "timeline"):
        run = subprocess.run([storyline(), "--db", str(db), command, "--json"], capture_output=True, check=True)
        out[command] = run.stdout.replace(str(db).encode(), b"DB")
    return out


def test_a_cluster_ingest_answers_exactly_as_a_local_one_even_when_a_worker_dies(tmp_path):
    import sqlite_utils

    from db.store.ingest import ingest

    folder = corpus(tmp_path / "news")
    local = tmp_path / "local.db"
    local_ingest = [storyline(), "--db", str(local), "ingest", str(folder), "--jobs", "2"]
    subprocess.run(local_ingest, check=True, capture_output=True)

    with local_cluster(2) as (address, workers):
        # Through the command a user runs.
        cli_db = tmp_path / "cluster-cli.db"
        run = subprocess.run(
            [storyline(), "--db", str(cli_db), "ingest", str(folder), "--dask", address], capture_output=True, text=True
        )
        assert run.returncode == 0, run.stderr
        assert "added 162" in run.stdout

        # Through the library, to kill a worker at a known point: after the 20th file is stored.
        killed: list[int] = []

        def kill_one(done: int, total: int | None) -> None:
            if done >= 20 and not killed:
                workers[0].send_signal(signal.SIGKILL)
                killed.append(workers[0].pid)

        from db.store.open import open_db

        dying_db = tmp_path / "cluster-killed.db"
        store = open_db(dying_db)
        report = ingest(store, [str(folder)], dask=address, progress=kill_one)
        store.conn.close()
        assert killed, "the run finished before the worker could be killed"
        assert workers[0].wait(timeout=10) == -signal.SIGKILL
        assert report.stopped is None and not report.failed and not report.interrupted
        assert report.added == 162

    expected = answers(local)
    assert answers(cli_db) == expected
    assert answers(dying_db) == expected
    db = sqlite_utils.Database(dying_db)
    assert db.execute("select count(*), count(distinct path) from documents").fetchone() == (162, 162)


def test_an_unreachable_scheduler_is_said_plainly(tmp_path):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    run = subprocess.run(
        [storyline(), "--db", str(tmp_path / "x.db"), "ingest", str(SEEDS), "--dask", f"tcp://127.0.0.1:{port}"],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "could not reach the Dask scheduler" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert time.monotonic() - started < 60


def test_dask_and_jobs_together_are_refused(tmp_path):
    run = subprocess.run(
        [storyline(), "--db", str(tmp_path / "x.db"), "ingest", str(SEEDS), "--dask", "tcp://127.0.0.1:1", "-j", "2"],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "choose one" in run.stderr


def test_without_the_extra_dask_says_how_to_install_it(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from app.cli import main

    monkeypatch.setitem(sys.modules, "distributed", None)
    db = tmp_path / "x.db"
    result = CliRunner().invoke(main, ["--db", str(db), "ingest", str(SEEDS), "--dask", "tcp://127.0.0.1:8786"])
    assert result.exit_code == 2
    assert "pip install 'storyline[cluster]'" in result.output
    assert not db.exists()
