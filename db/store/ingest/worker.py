"""The workers' half of an ingest: read, hash, parse and extract one file, in a process pool.

Workers leave Ctrl+C to the parent and end when the parent is gone; results come
back in order with a bounded number of files in flight, so finished documents
never pile up in memory when the writer is the slower side.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from db.extract.pipeline import Extraction, extract
from db.store.files import MAX_FILE_BYTES, NotRegularFile, read_bounded
from db.store.ingest.discovery import SourceFile, reason
from db.text.decode import UnreadableFile
from db.text.document import ParsedDocument, parse_bytes, parse_record
from db.text.formats import NO_OPTIONS, Entry, FormatError, Options, format_of
from db.text.types import DocDate

ORPHANED_WORKER_EXIT = 75  # a worker whose parent is gone ends with this code
YOUNG_GC_THRESHOLD = 10_000  # a worker's young-generation collection threshold (see worker_init)


@dataclass(slots=True)
class Parsed:
    source: SourceFile
    content_hash: str
    size: int
    document: ParsedDocument | None = None
    extraction: Extraction | None = None
    unchanged: bool = False
    error: str | None = None
    ends_file: bool = True  # the last result of its file (progress counts files)
    marker: bool = False  # no document: only the end of a container whose records were all skipped
    signature: object = None  # what near-duplicate grouping keeps of the text (db.store.ingest.copies)
    hints: object = None  # what the writer would compute from the extraction alone (db.store.ingest.rows.hints)


@dataclass(frozen=True, slots=True)
class Task:
    """One unit of work for a worker: a file, or one record of a container already split off."""

    source: SourceFile
    known_hash: str | None
    entry: Entry | None = None
    container: str = ""  # the container's path (its reader is found by its name)
    options: Options = NO_OPTIONS
    ends_file: bool = True
    date: DocDate | None = None  # the date a user gave the document (redate): its own is replaced
    data: bytes | None = None  # the file's bytes, read by the sender (a cluster's workers may not see its files)


def process_task(task: Task) -> Parsed:
    """A file or a container's record: parsed and extracted. Never raises."""
    if task.entry is not None:
        parsed = _convert(task)
    elif task.data is not None:
        parsed = process_bytes(task.source, task.data, task.known_hash, task.options, task.date)
    else:
        parsed = process(task.source, task.known_hash, task.options, task.date)
    parsed.ends_file = task.ends_file
    return parsed


def process_for_writer(task: Task) -> Parsed:
    """``process_task`` for a pool: the result less what the writer never reads, the document's
    sentences (its extraction is made from them). They are a sixth of the pickle a worker sends
    and half the parent's time unpickling it (~0.1 ms an article), in the process the writer
    shares with the thread that takes the results in."""
    parsed = process_task(task)
    if parsed.document is not None:
        parsed.document.sentences = []
    return parsed


def _convert(task: Task) -> Parsed:
    entry = task.entry
    assert entry is not None
    fmt = format_of(task.container)
    assert fmt is not None and fmt.convert is not None
    try:
        document = parse_record(fmt.convert(entry, task.options))
        return _extracted(task.source, entry.digest, len(entry.payload), document, task.date)
    except (UnreadableFile, FormatError) as exc:
        return Parsed(task.source, entry.digest, len(entry.payload), error=str(exc))
    except Exception as exc:  # a reader's or an extractor's bug must not sink the batch
        return Parsed(task.source, entry.digest, len(entry.payload), error=_bug(exc))


def _extracted(
    source: SourceFile, digest: str, size: int, document: ParsedDocument, date: DocDate | None = None
) -> Parsed:
    from db.store.ingest.copies import signature
    from db.store.ingest.rows import hints

    if date is not None:  # before extraction: relative dates resolve from it
        document.date = date
    extraction = extract(document)
    return Parsed(
        source,
        digest,
        size,
        document=document,
        extraction=extraction,
        signature=signature(document),
        hints=hints(extraction),
    )


def _bug(exc: BaseException) -> str:
    return f"could not be parsed: {type(exc).__name__}: {exc}"


def process(
    source: SourceFile, known_hash: str | None, options: Options = NO_OPTIONS, date: DocDate | None = None
) -> Parsed:
    """Read, hash, parse and extract one file. Never raises."""
    data = read_file(source)
    if isinstance(data, Parsed):
        return data
    return process_bytes(source, data, known_hash, options, date)


def read_file(source: SourceFile) -> bytes | Parsed:
    """The bytes of one file, or the failure that stopped reading it. Never raises."""
    try:
        data = read_bounded(source.path, MAX_FILE_BYTES)
    except NotRegularFile as exc:
        return Parsed(source, "", 0, error=str(exc))
    except OSError as exc:
        return Parsed(source, "", 0, error=reason(exc))
    except ValueError as exc:  # over the size limit
        return Parsed(source, "", 0, error=str(exc))
    except MemoryError:
        return Parsed(source, "", 0, error="out of memory reading the file")
    return data


def process_bytes(
    source: SourceFile, data: bytes, known_hash: str | None, options: Options = NO_OPTIONS, date: DocDate | None = None
) -> Parsed:
    """Hash, parse and extract one file's bytes. Never raises."""
    digest = hashlib.sha256(data).hexdigest()
    if digest == known_hash:
        return Parsed(source, digest, len(data), unchanged=True)
    try:
        fmt = format_of(source.path)
        document = parse_record(fmt.read(data)) if fmt is not None and fmt.read is not None else parse_bytes(data)
        return _extracted(source, digest, len(data), document, date)
    except (UnreadableFile, FormatError) as exc:
        return Parsed(source, digest, len(data), error=str(exc))
    except MemoryError:  # this file is too much for this machine; the others still ingest
        return Parsed(source, digest, len(data), error="out of memory parsing the file")
    except Exception as exc:  # an extractor bug must not sink the batch
        return Parsed(source, digest, len(data), error=_bug(exc))


def worker_init(parent: int) -> None:
    """Workers leave Ctrl+C to the parent, which stops the run and reports it,
    and end when the parent is gone (killed): no orphan lingers.

    ``parent`` is passed in by the parent: read here with getppid() it would
    already be 1 if the parent was killed between fork and this call.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A document's extraction keeps thousands of young containers alive (every
    # sentence's CRF items) and leaves almost no cycles (~900 objects collected
    # over BBC's 2,225 articles): at Python's default of 700 allocations a
    # young collection re-walks them ~1 time a document, ~3% of a worker's CPU.
    # At 10,000 the collector costs ~1.7% (BBC, one process); the older
    # generations keep Python's defaults.
    gc.set_threshold(YOUNG_GC_THRESHOLD, *gc.get_threshold()[1:])

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


class Pool(Protocol):
    """What an ingest asks of its workers: the local process pool, or a cluster (db.store.ingest.cluster)."""

    def submit(self, fn: Any, task: Any, /) -> Any: ...

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None: ...


def bounded_map(pool: Pool, tasks: Iterable[Task | Parsed], limit: int) -> Iterator[Parsed]:
    """``pool.map(process_for_writer, tasks)`` in order, with at most ``limit`` documents in flight.

    A task that is already a result (an unchanged record, a failure found while
    splitting a container) passes through in its place.
    """
    pending = iter(tasks)
    window = deque(_submit(pool, task) for task in itertools.islice(pending, limit))
    while window:
        done = window.popleft().result()
        task = next(pending, None)
        if task is not None:
            window.append(_submit(pool, task))
        yield done


def _submit(pool: Pool, task: Task | Parsed) -> Future[Parsed]:
    if isinstance(task, Parsed):
        done: Future[Parsed] = Future()
        done.set_result(task)
        return done
    return pool.submit(process_for_writer, task)


def run_here(task: Task | Parsed) -> Parsed:
    """A task done in this process (no pool)."""
    return task if isinstance(task, Parsed) else process_task(task)


def start_workers(jobs: int) -> ProcessPoolExecutor:
    """The extraction workers, forked now: before the run lists its files and
    the hashes it knows (~30 MB at 100,000 files), so they carry no copy.

    With fork, what every worker loads and never changes (the NER model, the
    MinHash class of datasketch, with numpy) is loaded once here and shared, not
    once per worker."""
    ctx = multiprocessing.get_context("fork") if hasattr(os, "fork") else None
    if ctx is not None and jobs > 1:
        preload()
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),))
    pool.submit(os.getpid).result()  # a fork context starts every worker on the first task
    return pool


def preload() -> None:
    """Load the read-only state of extraction now (it is otherwise loaded on first use)."""
    from db.extract.ner import recognize
    from db.text import fingerprint

    recognize.default.model  # noqa: B018 - the property loads the model
    fingerprint.preload()
    gc.freeze()  # what is loaded so far is never collected: the workers' collections skip it, its pages stay shared


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
