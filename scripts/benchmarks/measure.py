"""Measuring: figures over runs (Stat, p95), running a command while sampling its process tree's memory, the machine."""

from __future__ import annotations

import os
import platform
import signal
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Stat:
    values: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def lo(self) -> float:
        return min(self.values)

    @property
    def hi(self) -> float:
        return max(self.values)

    def fmt(self, unit: str = "s", scale: float = 1.0, digits: int = 2) -> str:
        f = lambda v: f"{v * scale:.{digits}f}"  # noqa: E731
        if len(self.values) == 1:
            return f"{f(self.median)} {unit} (1 run)"
        return f"{f(self.median)} {unit} (min {f(self.lo)}, max {f(self.hi)}; {len(self.values)} runs)"


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(0.95 * len(s))) - 1))]


# --- the machine ----------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": str(cores),
        "ram": mem,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


# --- running a command and watching its memory ----------------------------------------


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(b")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def tree_memory(pid: int) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) in bytes over ``pid`` and its descendants."""
    kids = _children_map()
    todo, rss, pss = [pid], 0, 0
    while todo:
        p = todo.pop()
        todo.extend(kids.get(p, ()))
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            try:
                with open(f"/proc/{p}/statm") as fh:
                    r = int(fh.read().split()[1]) * PAGE
                rss += r
                pss += r
            except OSError:
                pass
    return rss, pss


@dataclass
class Run:
    seconds: float
    code: int
    stdout: str
    stderr: str
    tree_rss: int = 0  # peak of the summed RSS of the process tree (sampled)
    tree_pss: int = 0  # peak of the summed PSS (shared pages divided among sharers)
    max_rss: int = 0  # the largest single process (getrusage of the waited-for tree)
    cpu: float = 0.0  # user + system CPU seconds of the process and its waited-for children
    cmd: list[str] = field(default_factory=list)  # the command run, as given


def run(
    cmd: list[str],
    *,
    watch: bool = False,
    cwd: str | None = None,
    env: dict | None = None,
    timeout: float | None = None,
) -> Run:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        peak = [0, 0]
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, cwd=cwd, env=env)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                rss, pss = tree_memory(proc.pid)
                peak[0] = max(peak[0], rss)
                peak[1] = max(peak[1], pss)
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True) if watch else None
        if sampler:
            sampler.start()
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                proc.send_signal(signal.SIGKILL)
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        if sampler:
            sampler.join()
        out.seek(0)
        err.seek(0)
        return Run(
            seconds,
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            peak[0],
            peak[1],
            usage.ru_maxrss * 1024,
            usage.ru_utime + usage.ru_stime,
            list(cmd),
        )
