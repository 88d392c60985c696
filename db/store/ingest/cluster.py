"""The workers' half of an ingest on a Dask cluster (`ingest --dask ADDRESS`, the 'cluster' extra).

The cluster stands in for the local process pool: ``bounded_map`` submits to it the same tasks and
takes the results back in order, so the one local writer stores exactly what a local run would.
Each file's bytes are read here and travel with its task, so the workers need not see this
machine's files, only Storyline installed; each worker process keeps its models loaded between
tasks. A worker that dies mid-task has its tasks rerun on another by the scheduler; the writer
stores each result once, when its turn in the order comes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from db.store.ingest.worker import Parsed, Task, process_task, read_file

INSTALL_HINT = "--dask needs the 'cluster' extra: pip install 'storyline[cluster]'"
CONNECT_SECONDS = 15


class ClusterError(Exception):
    """The cluster cannot be used: the extra is missing, or the scheduler cannot be reached."""


class Cluster:
    """A Dask client with the two calls the ingest makes of a pool: ``submit`` and ``shutdown``."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ClusterError(INSTALL_HINT) from None
        try:
            self.client = Client(address, timeout=f"{CONNECT_SECONDS}s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"could not reach the Dask scheduler at {address}: {exc}") from None
        self._futures: list[Any] = []

    @property
    def workers(self) -> int:
        """The threads the cluster runs tasks on (at least one, so a run can wait for workers to join)."""
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Any, task: Task) -> Any:
        if task.entry is None and task.data is None:  # a file: its bytes go with the task
            data = read_file(task.source)
            if isinstance(data, Parsed):
                data.ends_file = task.ends_file
                return _Done(data)
            if hashlib.sha256(data).hexdigest() == task.known_hash:
                return _Done(Parsed(task.source, task.known_hash, len(data), unchanged=True, ends_file=task.ends_file))
            task = _with_data(task, data)
        future = self.client.submit(fn, task, pure=False)
        self._futures.append(future)
        if len(self._futures) > 1024:
            self._futures = [f for f in self._futures if not f.done()]
        return future

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        if cancel_futures and self._futures:
            self.client.cancel([f for f in self._futures if not f.done()])
        self._futures.clear()
        self.client.close()


class _Done:
    """A result known without the cluster (a file that could not be read, or is unchanged)."""

    def __init__(self, parsed: Parsed) -> None:
        self._parsed = parsed

    def result(self) -> Parsed:
        return self._parsed


def _with_data(task: Task, data: bytes) -> Task:
    return dataclasses.replace(task, data=data)


__all__ = ["Cluster", "ClusterError", "INSTALL_HINT", "process_task"]
