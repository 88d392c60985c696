"""One ingest run: find the files, parse and extract them in workers, write them in batches.

Idempotent by content hash: an unchanged file is skipped, a changed one
replaces its document. This process is the single writer and commits one
transaction per batch, so a document is either wholly in the store or not at
all. Nothing a user can cause makes ``ingest`` raise: the report says what
happened.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable

import sqlite_utils

from db.store.connection import StoreError, store_error
from db.store.ingest.cluster import Cluster, ClusterError
from db.store.ingest.discovery import walk
from db.store.ingest.records import Plan
from db.store.ingest.report import Failure, IngestReport
from db.store.ingest.worker import (
    IN_FLIGHT_PER_JOB,
    Parsed,
    Pool,
    Task,
    bounded_map,
    default_jobs,
    run_here,
    start_workers,
)
from db.store.ingest.writer import Writer
from db.text.formats import NO_OPTIONS, Options, format_of

BATCH_SIZE = 64

ProgressCallback = Callable[[int, int | None], None]


def ingest(
    db: sqlite_utils.Database,
    paths: list[str],
    *,
    jobs: int | None = None,
    prune: bool = False,
    progress: ProgressCallback | None = None,
    on_failure: Callable[[Failure], None] | None = None,
    options: Options = NO_OPTIONS,
    follow_symlinks: bool = False,
    dask: str | None = None,
) -> IngestReport:
    """Ingest every file Storyline reads under ``paths`` into ``db`` (text, and the formats of
    ``db.text.formats``; ``options`` say how to read JSON fields). A symlink in a folder that leads
    outside ``paths`` is read only with ``follow_symlinks``. With ``dask`` (a scheduler's address)
    the parsing runs on that cluster's workers (db.store.ingest.cluster), this process still the
    only writer.

    Never raises for a problem with the input or the database: failed files
    are in ``report.failed``, a database that cannot be written stops the run
    with ``report.stopped``, Ctrl+C stops it with ``report.interrupted``.
    Whatever was committed before is complete, document by document.
    """
    report = IngestReport()
    started = time.perf_counter()
    failures_seen = 0

    def note_failures() -> None:
        nonlocal failures_seen
        if on_failure:
            for failure in report.failed[failures_seen:]:
                on_failure(failure)
        failures_seen = len(report.failed)

    def results(tasks: Iterable[Task | Parsed], few: bool) -> Generator[Parsed, None, None]:
        if pool is None or (few and cluster is None):
            for task in tasks:
                yield run_here(task)
            return
        try:
            yield from bounded_map(pool, tasks, workers * IN_FLIGHT_PER_JOB)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    batch: list[Parsed] = []
    stream: Generator[Parsed, None, None] | None = None
    writer: Writer | None = None
    pool: Pool | None = None
    cluster: Cluster | None = None
    workers = jobs or default_jobs()
    fresh = False
    where = "the database"
    try:
        writer = Writer(db)
        where = writer.path
        if dask is not None:
            pool = cluster = Cluster(dask)
            workers = cluster.workers
        elif workers > 1 and any(os.path.isdir(p) or _container(p) for p in paths):
            pool = start_workers(workers)
        known = writer.known_hashes()
        fresh = not known  # a first ingest: compacted at the end
        sources = list(walk(paths, report, follow_symlinks=follow_symlinks))
        note_failures()
        total = len(sources)
        if progress:
            progress(0, total)
        plan = Plan(known, options, report, dates=writer.redates())
        few = len(sources) < 8 and not any(_container(s.path) for s in sources)

        def count(outcomes: list[str]) -> None:
            report.added += outcomes.count("added")
            report.updated += outcomes.count("updated")
            report.skipped += outcomes.count("skipped")
            batch.clear()

        def flush() -> None:
            if batch:
                writer.write_batch(batch, known, on_commit=count)

        stream = results(plan.tasks(sources), few)
        done = 0
        for item in stream:
            done += item.ends_file
            if item.marker:
                pass
            elif item.error:
                report.failed.append(Failure(item.source.doc, item.error))
                note_failures()
            elif item.unchanged:
                report.skipped += 1
            else:
                if item.document is not None:
                    report.notes.extend(Failure(item.source.doc, note) for note in item.document.notes)
                batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    flush()
            if progress and item.ends_file:
                progress(done, total)
        flush()

        def pruned(n: int) -> None:
            report.pruned += n  # as each batch commits, so an interrupted prune says what it did

        if plan.stale:
            writer.remove(plan.stale, pruned)
        if prune:
            writer.prune(paths, {s.path for s in sources}, pruned)
        if report.added or report.updated or report.pruned:
            writer.join_twins()  # one entity per name across types where the corpus agrees
            # the analyst's corrections hold over what this run brought in
            from db.store.corrections import reapply

            t0 = time.perf_counter()
            again = reapply(db.conn)
            report.corrections_seconds = time.perf_counter() - t0
            report.corrections = len(again)
            report.corrections_pending = sum(not c.applied for c, _ in again)
    except KeyboardInterrupt:
        report.interrupted = True
    except (StoreError, ClusterError) as exc:
        report.stopped = str(exc)
    except sqlite3.Error as exc:
        report.stopped = str(store_error(where, exc))
    finally:
        if stream is not None:
            try:
                stream.close()  # stop the workers now, not when collected
            except KeyboardInterrupt:
                report.interrupted = True
        if pool is not None:
            try:
                pool.shutdown(cancel_futures=True)
            except KeyboardInterrupt:
                report.interrupted = True
        if writer is not None:
            with contextlib.suppress(sqlite3.Error):  # the connection is beyond use; the report says why
                writer.close()
            if fresh and report.added and not (report.interrupted or report.stopped):
                try:
                    writer.compact()
                except KeyboardInterrupt:  # VACUUM rolled back: everything written is there
                    report.interrupted = True
                except sqlite3.Error:  # another connection's read kept it from running: only bigger
                    pass
        report.seconds = time.perf_counter() - started
    return report


def _container(path: str) -> bool:
    fmt = format_of(path)
    return fmt is not None and fmt.container
