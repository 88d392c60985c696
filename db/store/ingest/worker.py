"""The workers' half of an ingest: read, hash, parse and extract one file, in a process pool.

Workers leave Ctrl+C to the parent and end when the parent is gone; results come
back in order with a bounded number of files in flight, so finished documents
never pile up in memory when the writer is the slower side.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from db.extract.pipeline import Extraction, extract
from db.store.ingest.discovery import SourceFile, reason
from db.text.decode import UnreadableFile
from db.text.document import ParsedDocument, parse_bytes

MAX_FILE_BYTES = 200 * 1024 * 1024
ORPHANED_WORKER_EXIT = 75  # a worker whose parent is gone ends with this code


@dataclass(slots=True)
class Parsed:
    source: SourceFile
    content_hash: str
    size: int
    document: ParsedDocument | None = None
    extraction: Extraction | None = None
    unchanged: bool = False
    error: str | None = None


def process(source: SourceFile, known_hash: str | None) -> Parsed:
    """Read, hash, parse and extract one file. Never raises."""
    try:
        st = os.stat(source.path)
        if st.st_size > MAX_FILE_BYTES:
            return Parsed(source, "", st.st_size, error=f"file too large ({st.st_size // 2**20} MB)")
        with open(source.path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return Parsed(source, "", 0, error=reason(exc))
    digest = hashlib.sha256(data).hexdigest()
    if digest == known_hash:
        return Parsed(source, digest, len(data), unchanged=True)
    try:
        document = parse_bytes(data)
        extraction = extract(document)
    except UnreadableFile as exc:
        return Parsed(source, digest, len(data), error=str(exc))
    except Exception as exc:  # an extractor bug must not sink the batch
        return Parsed(source, digest, len(data), error=f"could not be parsed: {type(exc).__name__}: {exc}")
    return Parsed(source, digest, len(data), document=document, extraction=extraction)


def process_pair(args: tuple[SourceFile, str | None]) -> Parsed:
    return process(*args)


def worker_init(parent: int) -> None:
    """Workers leave Ctrl+C to the parent, which stops the run and reports it,
    and end when the parent is gone (killed): no orphan lingers.

    ``parent`` is passed in by the parent: read here with getppid() it would
    already be 1 if the parent was killed between fork and this call.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(0.25)
            if os.getppid() != parent:
                os._exit(ORPHANED_WORKER_EXIT)

    threading.Thread(target=watch, name="storyline-parent-watch", daemon=True).start()


# Documents handed to the workers ahead of the writer, per worker. pool.map would
# hand them all at once: when the writer is the slower side, finished documents
# then pile up in memory (a gigabyte at 100,000 articles).
IN_FLIGHT_PER_JOB = 32


def bounded_map(pool: ProcessPoolExecutor, tasks: list[tuple[SourceFile, str | None]], limit: int) -> Iterator[Parsed]:
    """``pool.map(process_pair, tasks)`` in order, with at most ``limit`` documents in flight."""
    pending = iter(tasks)
    window = deque(pool.submit(process_pair, task) for task in itertools.islice(pending, limit))
    while window:
        done = window.popleft().result()
        task = next(pending, None)
        if task is not None:
            window.append(pool.submit(process_pair, task))
        yield done


def start_workers(jobs: int) -> ProcessPoolExecutor:
    """The extraction workers, forked now: before the run lists its files and
    the hashes it knows (~30 MB at 100,000 files), so they carry no copy."""
    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),))
    pool.submit(os.getpid).result()  # a fork context starts every worker on the first task
    return pool


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
