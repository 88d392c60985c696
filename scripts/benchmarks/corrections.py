"""Benchmark `corrections`: merges of two large entities of one type (the two most mentioned of each type
where both have 20k mentions or more; on a smaller corpus the pair with the most), timed as a whole
process and as the merge applied (in this process, to its COMMIT), wall and CPU; and a log of 100
corrections applied again after a re-ingest, on a copy of the largest database."""

from __future__ import annotations

import re
import resource
import shutil
import sqlite3
import time
from pathlib import Path

from .config import TARGETS, log, storyline
from .measure import Stat, run
from .results import Results, cmd_str, verdict

EXTRA_FILES = 50  # articles of a side folder changed before each re-ingest, so the run has something to write
LOG_SIZE = 100
LARGE = 20_000  # mentions each of the two entities merged (the target's "large")


def _copy(db: Path, target: Path) -> None:
    """A consistent copy of the database (the WAL folded in), so the original stays as it was."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    src, dst = sqlite3.connect(db), sqlite3.connect(target)
    src.backup(dst)
    dst.execute("PRAGMA journal_mode = WAL")
    src.close()
    dst.close()


def _pairs(db: Path) -> list[tuple[str, tuple[str, int], tuple[str, int]]]:
    """The two most mentioned entities of each type where both have LARGE mentions or more, most mentions
    first (the target's "two large entities"); on a corpus with none, the type's pair with the most."""
    conn = sqlite3.connect(db)
    pairs = []
    for (etype,) in conn.execute("SELECT DISTINCT type FROM entities").fetchall():
        top = conn.execute(
            "SELECT name, mentions FROM entities WHERE type = ? ORDER BY mentions DESC LIMIT 2", (etype,)
        ).fetchall()
        if len(top) == 2:
            pairs.append((etype, top[0], top[1]))
    conn.close()
    assert pairs
    pairs.sort(key=lambda p: -(p[1][1] + p[2][1]))
    return [p for p in pairs if p[2][1] >= LARGE] or pairs[:1]


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def _apply(db: Path, etype: str, into: str, source: str) -> tuple[float, float, float, float]:
    """The merge applied in this process (names resolved, `corrections.record` to its COMMIT) and its undo:
    (merge wall, merge CPU, undo wall, undo CPU); the connection's close (the WAL copied back) not counted."""
    from db.store import corrections

    conn = corrections.open_store(db)
    try:
        ids = [
            conn.execute("SELECT id FROM entities WHERE type = ? AND name = ?", (etype, n)).fetchone()[0]
            for n in (source, into)
        ]
        w, c = time.perf_counter(), _cpu()
        args = {"sources": [corrections.identity(conn, ids[0])], "into": corrections.identity(conn, ids[1])}
        corrections.record(conn, "merge", args)
        merged = (time.perf_counter() - w, _cpu() - c)
        w, c = time.perf_counter(), _cpu()
        corrections.undo(conn)
        return (*merged, time.perf_counter() - w, _cpu() - c)
    finally:
        conn.close()


def _record_log(db: Path) -> dict[str, int]:
    """100 corrections of the kinds an analyst makes, on mid-ranked entities and attributed claims."""
    from db.store import corrections
    from db.store.open import open_db

    conn = open_db(db, create=False).conn
    made: dict[str, int] = {}

    def record(action: str, args: dict) -> None:
        try:
            corrections.record(conn, action, args)
            made[action] = made.get(action, 0) + 1
        except corrections.CorrectionError:
            pass

    ranked = conn.execute("SELECT id, type FROM entities ORDER BY mentions DESC LIMIT 400 OFFSET 10").fetchall()
    by_type: dict[str, list[int]] = {}
    for entity_id, etype in ranked:
        by_type.setdefault(etype, []).append(entity_id)
    pairs = [(ids[i], ids[i + 1]) for ids in by_type.values() for i in range(0, len(ids) - 1, 2)]
    for into, loser in pairs[:50]:
        record("merge", {"sources": [corrections.identity(conn, loser)], "into": corrections.identity(conn, into)})
    left = [i for i, _ in ranked if _alive(conn, i)]  # those the merges kept
    for entity_id in left[:25]:
        ident = corrections.identity(conn, entity_id)
        record("rename", {"entity": ident, "name": ident["name"] + " (checked)"})
    for entity_id in left[25:35]:
        ident = corrections.identity(conn, entity_id)
        record("retype", {"entity": ident, "type": "MISC" if ident["type"] != "MISC" else "ORG"})
    rare = conn.execute("SELECT id FROM entities WHERE mentions = 1 ORDER BY id LIMIT 10").fetchall()
    for (entity_id,) in rare:
        record("drop", {"entity": corrections.identity(conn, entity_id)})
    claims = conn.execute(
        'SELECT d.doc, d.path, c.line, l.text, c."column" FROM claims c JOIN documents d ON d.id = c.document_id'
        " JOIN lines l ON l.document_id = c.document_id AND l.number = c.line"
        " WHERE c.speaker_id IS NOT NULL ORDER BY c.id LIMIT ?",
        (LOG_SIZE - sum(made.values()),),
    ).fetchall()
    for doc, path, line, text, column in claims:
        record("speaker", {"doc": doc, "path": path, "line": line, "text": text, "column": column, "speaker": None})
    conn.close()
    return made


def _alive(conn: sqlite3.Connection, entity_id: int) -> bool:
    return conn.execute("SELECT 1 FROM entities WHERE id = ?", (entity_id,)).fetchone() is not None


def _extra_folder(corpus: Path, workdir: Path, n: int) -> Path:
    """A side folder of ``n`` articles copied from the corpus (never the corpus itself, which may be shared)."""
    folder = workdir / "corrections-extra"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for i, path in enumerate(sorted(corpus.rglob("*.txt"))[:n]):
        shutil.copy(path, folder / f"{i:03d}.txt")
    return folder


def _change(folder: Path, stamp: int) -> None:
    for path in sorted(folder.glob("*.txt")):
        with path.open("a", encoding="utf-8") as fh:
            fh.write(f"\nThe council said on Monday that review {stamp} was done.\n")


def bench_corrections(res: Results, db: Path, size: int, corpus: Path, workdir: Path, runs: int) -> None:
    work = workdir / f"corrections-{size}.db"
    log(f"corrections {size}: copying the database")
    _copy(db, work)
    lines = [
        "## Corrections",
        "",
        f"On a copy of the {size:,}-article database, each merge followed by its undo. *Process*: wall and CPU"
        " (user + system) time of the whole `storyline` process (interpreter start, imports, name resolution,"
        " the write transaction, the close that copies the WAL back into the file). *Applied*: the same merge"
        " in this process, `corrections.record` from the names' identities to its COMMIT.",
        "",
    ]
    for etype, (a, ma), (b, mb) in _pairs(work):
        merge = storyline("--db", str(work), "merge", f"{etype}:{b}", "--into", f"{etype}:{a}")
        undo = storyline("--db", str(work), "undo")
        merged, merged_cpu, undone, undone_cpu, applied = [], [], [], [], []
        said = ""
        for i in range(runs):
            log(f"corrections {size}: merge {b} into {a}, run {i + 1}/{runs}")
            r = run(merge)
            if r.code != 0:
                log(f"merge failed: {r.stderr[-500:]}")
                return
            merged.append(r.seconds)
            merged_cpu.append(r.cpu)
            said = r.stdout.strip()
            u = run(undo)
            if u.code != 0:
                log(f"undo failed: {u.stderr[-500:]}")
                return
            undone.append(u.seconds)
            undone_cpu.append(u.cpu)
            applied.append(_apply(work, etype, a, b))
        tm, tc, tu, tuc = Stat(merged), Stat(merged_cpu), Stat(undone), Stat(undone_cpu)
        aw, ac, uw, uc = (Stat(list(v)) for v in zip(*applied, strict=True))
        ok = tm.median <= TARGETS["merge_s"]
        ok_applied = aw.median <= TARGETS["merge_s"]
        lines += [
            f"- {b} ({mb:,} mentions) into {a} ({ma:,}), {etype}: `{cmd_str(merge)}` → `{said}`",
            f"  - process: {tm.fmt()} wall ({verdict(ok)}, target ≤ 1 s), {tc.fmt()} CPU;"
            f" its undo (`{cmd_str(undo)}`) {tu.fmt()} wall, {tuc.fmt()} CPU",
            f"  - applied: {aw.fmt()} wall ({verdict(ok_applied)}), {ac.fmt()} CPU; its undo {uw.fmt()} wall,"
            f" {uc.fmt()} CPU",
        ]
        what = f"merge {b} into {a} ({mb:,} + {ma:,} mentions, {size:,})"
        res.target(f"{what}, process", f"{tm.median:.2f} s ({tc.median:.2f} s CPU)", "≤ 1 s", ok)
        res.target(f"{what}, applied", f"{aw.median:.2f} s ({ac.median:.2f} s CPU)", "≤ 1 s", ok_applied)

    log(f"corrections {size}: recording a log of {LOG_SIZE}")
    made = _record_log(work)
    extra = _extra_folder(corpus, workdir, EXTRA_FILES)
    reingest = storyline("--db", str(work), "ingest", str(corpus), str(extra))
    run(reingest)  # the side folder's first ingest, not timed
    walls, applies = [], []
    for i in range(runs):
        _change(extra, i)
        log(f"corrections {size}: re-ingest run {i + 1}/{runs}")
        r = run(reingest)
        found = re.search(r"(\d+) corrections applied again in ([\d.]+) s", r.stdout + r.stderr)
        if r.code != 0 or not found:
            log(f"re-ingest: {r.stdout[-300:]} {r.stderr[-300:]}")
            return
        walls.append(r.seconds)
        applies.append(float(found.group(2)))
    tw, ta = Stat(walls), Stat(applies)
    ratio = ta.median / tw.median
    ok = ratio <= TARGETS["corrections_reapply"]
    kinds = ", ".join(f"{n} {k}" for k, n in sorted(made.items()))
    lines += [
        f"- a log of {sum(made.values())} corrections ({kinds}) applied again after a re-ingest"
        f" (`{cmd_str(reingest)}`: the corpus read and hashed, {EXTRA_FILES} changed articles of a side folder"
        f" written): re-ingest {tw.fmt()}, of which the corrections {ta.fmt()}: **{ratio:.1%}**"
        f" ({verdict(ok)}, target ≤ 5%)",
    ]
    res.target(f"{sum(made.values())} corrections re-applied / re-ingest ({size:,})", f"{ratio:.1%}", "≤ 5%", ok)
    res.add("corrections", lines)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
