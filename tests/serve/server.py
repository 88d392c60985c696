"""A real `storyline serve` on a free localhost port, for the serve tests; ended however the test ends."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def storyline() -> str:
    found = shutil.which("storyline", path=str(Path(sys.executable).parent))
    assert found, "the storyline command is not installed beside this Python"
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def seeded_db(folder: Path) -> Path:
    db = folder / "seeds.db"
    subprocess.run([storyline(), "--db", str(db), "ingest", str(SEEDS)], check=True, capture_output=True)
    return db


@dataclass
class Running:
    proc: subprocess.Popen[bytes]
    port: int

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def children(self) -> list[int]:
        """The processes the server started (one explorer per visitor), by pid."""
        try:
            text = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in text.split()]

    def stop(self) -> str:
        """SIGTERM to the server alone (not its group), as a service manager would; its stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
            raise AssertionError("storyline serve did not stop within 15 s of SIGTERM") from None
        return self.proc.stderr.read().decode("utf-8", "replace") if self.proc.stderr else ""


@contextlib.contextmanager
def serving(db: Path, *args: str, cwd: Path | None = None) -> Iterator[Running]:
    port = free_port()
    proc = subprocess.Popen(
        [storyline(), "--db", str(db), "serve", "--port", str(port), *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    running = Running(proc, port)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(running.url, timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("storyline serve did not answer within 30 s") from None
                time.sleep(0.1)
        yield running
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def alive(pid: int) -> bool:
    """Whether ``pid`` is still a live process (a zombie is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids: list[int], seconds: float = 10) -> list[int]:
    deadline = time.monotonic() + seconds
    while (left := [pid for pid in pids if alive(pid)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left
