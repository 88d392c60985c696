"""Benchmark `cluster`: the BBC corpus ingested through a local Dask cluster (`ingest --dask`) with 1 and
2 workers, against a plain `ingest --jobs 2`, in one run: what going through the scheduler costs.

Each worker is a `dask worker --nthreads 1 --no-nanny` process on this machine, started (and ended) here,
as is the scheduler; every ingest writes a fresh database. Skipped without the 'cluster' extra.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from .config import BBC, BIN, log, storyline
from .measure import Stat, run
from .results import Results, cmd_str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _cluster(workers: int) -> Iterator[str]:
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    dask = str(BIN / "dask")
    scheduler = [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"]
    procs = [subprocess.Popen(scheduler, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(workers):
            worker = [dask, "worker", address, "--nthreads", "1", "--no-nanny", "--no-dashboard"]
            procs.append(subprocess.Popen(worker, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with Client(address, timeout="60s") as client:
            client.wait_for_workers(workers, timeout=120)
        yield address
    finally:
        for proc in procs:
            proc.kill()
            proc.wait()


def bench_cluster(res: Results, workdir: Path, runs: int) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        log("cluster: the 'cluster' extra is not installed: skipped")
        return
    db = workdir / "cluster.db"

    def ingest(*extra: str) -> tuple[list[str], float]:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        cmd = storyline("--db", str(db), "ingest", str(BBC), *extra)
        r = run(cmd)
        if r.code != 0:
            log(f"cluster: {cmd_str(cmd)} failed: {r.stderr[-500:]}")
        return cmd, r.seconds

    rows: list[tuple[str, Stat, int | None]] = []
    local_cmd, _ = ingest("--jobs", "2")
    local = Stat([ingest("--jobs", "2")[1] for _ in range(runs)])
    log(f"cluster: --jobs 2: {local.median:.1f} s")
    rows.append(("`ingest --jobs 2` (no cluster)", local, None))
    for workers in (1, 2):
        with _cluster(workers) as address:
            started = time.perf_counter()
            times = [ingest("--dask", address)[1] for _ in range(runs)]
            log(f"cluster: {workers} worker(s): {times} ({time.perf_counter() - started:.0f} s)")
            rows.append(
                (f"`ingest --dask` with {workers} local worker{'s' if workers > 1 else ''}", Stat(times), workers)
            )
    lines = [
        "## Ingest through a Dask cluster, against the local pool",
        "",
        f"The BBC corpus ({BBC.name}, 2,225 articles) into a fresh database each time, {runs} runs each;"
        " the scheduler and `--nthreads 1 --no-nanny` workers on this machine, started before timing"
        f" (`.venv/bin/python scripts/bench.py --only cluster`). Local: `{cmd_str(local_cmd)}`.",
        "",
        "| ingest | wall time | articles/s | vs --jobs 2 |",
        "|---|---|---|---|",
    ]
    for what, stat, _ in rows:
        lines.append(f"| {what} | {stat.fmt()} | {2225 / stat.median:.0f} | {stat.median / local.median:.2f}× |")
    two = rows[-1][1]
    lines += [
        "",
        "Two workers against two local processes is the scheduler's overhead on the same cores (the writer,"
        " the scheduler and the workers share this machine's 2 cores); on a real cluster the workers' cores"
        " are extra and the writer is the limit (the writer benchmark).",
    ]
    res.add("cluster", lines)
    res.target(
        "--dask, 2 local workers / --jobs 2 (BBC wall time)", f"{two.median / local.median:.2f}×", "measured", None
    )
