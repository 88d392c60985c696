"""Benchmark `filters`: narrowing the timeline, its histogram and a history step, as the explorer reads them.

Each case is what the explorer's worker does on that key, in process on a read-only connection (no UI):
applying a filter is the count, the whole timeline's count, where the kept row went and the first page;
the histogram is its two reads (bars, undated); a history step back applies a step's filters again with
its row kept (their count known from when the step was made). p95 over the runs, after one warm-up run.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from .measure import Stat, p95
from .results import Results

TARGET_MS = 50.0


def _cases(conn: sqlite3.Connection) -> list[tuple[str, Callable[[], object]]]:
    from app.screens import loaders
    from db import read

    top = read.entities(conn, limit=2)
    first = read.timeline_page(conn, 0, 1)
    year = next((i.sort_key[:4] for i in read.timeline_page(conn, 0, 200) if i.date), "2004")
    doc = first[0].document_id if first else 1
    keep = read.timeline_page(conn, read.timeline_count(conn) // 2, 1)
    kept = keep[0] if keep else None

    def narrowed(entity: int | None, f: read.Filters, back: bool = False) -> Callable[[], object]:
        def go() -> object:
            if not back:
                loaders.forget_counts()  # applying a filter counts afresh; a step back finds its count
            message = loaders.timeline_narrowed(conn, entity, f, kept)
            return read.timeline_page(conn, 0, read.PAGE, entity_id=entity, total=message.total, filters=f)

        return go

    def histogram(entity: int | None, f: read.Filters) -> Callable[[], object]:
        return lambda: loaders.histogram(conn, entity, f, None)

    F = read.Filters
    cases = [
        ("no filter (first page)", narrowed(None, F())),
        ("hide undated", narrowed(None, F(dated=True))),
        (f"one year ({year})", narrowed(None, F(start=year, end=year))),
        ("kind: attributed claims", narrowed(None, F(kind="claim"))),
        ("claims + dated + one year", narrowed(None, F(kind="claim", dated=True, start=year, end=year))),
        ("one document", narrowed(None, F(document_id=doc))),
        ("by when said (reported axis)", narrowed(None, F(by="reported"))),
        ("histogram, whole timeline", histogram(None, F())),
        ("histogram, hide undated + claims", histogram(None, F(dated=True, kind="claim"))),
    ]
    if top:
        cases += [
            (f"entity ({top[0].name}) + dated", narrowed(top[0].id, F(dated=True))),
            (f"histogram, entity ({top[0].name})", histogram(top[0].id, F())),
            ("history step back (entity + claims, row kept)", narrowed(top[0].id, F(kind="claim"), back=True)),
        ]
    if len(top) > 1:
        cases.append(
            (f"appears with ({top[0].name} with {top[1].name})", narrowed(top[0].id, F(with_entity=top[1].id)))
        )
    return cases


def bench_filters(res: Results, db: Path, size: int, runs: int) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
    lines = [
        "## Timeline filters, histogram, history (issue 17)",
        "",
        f"On the {size:,}-article database, in process (what the explorer's worker reads for the key; no drawing),"
        f" {runs} runs after one warm-up run; target ≤ {TARGET_MS:.0f} ms p95.",
        "",
        "| case | p95 | median (min, max) | verdict |",
        "|---|---:|---|---|",
    ]
    worst = 0.0
    for label, case in _cases(conn):
        case()
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            case()
            times.append(time.perf_counter() - t)
        worst_case = p95(times) * 1000
        worst = max(worst, worst_case)
        ok = worst_case <= TARGET_MS
        lines.append(
            f"| {label} | {worst_case:.1f} ms | {Stat(times).fmt('ms', 1000, 1)} | {'✅' if ok else '❌ over'} |"
        )
    conn.close()
    res.target(
        f"timeline filter / histogram / history step ({size:,}), slowest p95",
        f"{worst:.0f} ms",
        "≤ 50 ms",
        worst <= TARGET_MS,
    )
    res.add("filters", lines)
