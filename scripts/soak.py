"""A bounded soak (not run by the suite): everything that touches one database at once, counting errors.

For ``--seconds`` (default 60) these run side by side on a fresh corpus:

- an **ingester**: changes, deletes and adds files, then ``storyline ingest DIR --prune`` (a re-ingest
  of changed files and a prune each round);
- a **one-file writer**: ``storyline ingest ONE_FILE`` of a file it rewrites each time, the stand-in for
  any small writer (a correction) that must get its turn between the ingester's batches; its longest
  wait is reported;
- **CLI readers**: ``documents --json``, ``entities``, ``timeline``, ``show`` in a loop;
- the **explorer** (the real Textual app, headless through Pilot), pressing ``r`` and moving about.

An error is a command that exits other than 0 (an ingest's 1 included), any traceback or "unexpected
error", an explorer exception or error notification. At the end the database must pass SQLite's
integrity and foreign-key checks. Prints one figure per line (put them in BENCHMARKS.md).

    .venv/bin/python scripts/soak.py --seconds 60
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.hardening.helpers import article  # noqa: E402 - after the path is set


def storyline(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("STORYLINE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.runs: dict[str, int] = {}
        self.errors: dict[str, list[str]] = {}
        self.longest: dict[str, float] = {}

    def record(self, actor: str, ok: bool, detail: str = "", seconds: float = 0.0) -> None:
        with self.lock:
            self.runs[actor] = self.runs.get(actor, 0) + 1
            self.longest[actor] = max(self.longest.get(actor, 0.0), seconds)
            if not ok:
                self.errors.setdefault(actor, []).append(detail[-400:])


def _bad(result: subprocess.CompletedProcess[str]) -> bool:
    text = result.stdout + result.stderr
    return result.returncode != 0 or "Traceback" in text or "unexpected error" in text


def ingester(folder: Path, db: Path, stop: float, tally: Tally, rng: random.Random) -> None:
    serial = 10_000
    while time.monotonic() < stop:
        files = sorted(folder.glob("*.txt"))
        for path in rng.sample(files, min(20, len(files))):
            path.write_text(article(rng, rng.randrange(10_000)), encoding="utf-8")
        for path in rng.sample(files, min(5, len(files))):
            path.unlink(missing_ok=True)
        for _ in range(5):
            serial += 1
            (folder / f"n{serial}.txt").write_text(article(rng, serial), encoding="utf-8")
        started = time.monotonic()
        result = storyline("ingest", str(folder), "--prune", "--jobs", "1", "--db", str(db))
        tally.record("ingest --prune", not _bad(result), result.stderr + result.stdout, time.monotonic() - started)


def one_file_writer(folder: Path, db: Path, stop: float, tally: Tally, rng: random.Random) -> None:
    target = folder / "note.txt"
    while time.monotonic() < stop:
        target.write_text(article(rng, rng.randrange(10_000)), encoding="utf-8")
        started = time.monotonic()
        result = storyline("ingest", str(target), "--jobs", "1", "--db", str(db))
        tally.record("one-file writer", not _bad(result), result.stderr + result.stdout, time.monotonic() - started)
        time.sleep(0.2)


def reader(db: Path, stop: float, tally: Tally) -> None:
    commands = [
        ["documents", "--json", "--limit", "50"],
        ["entities", "--limit", "20"],
        ["timeline", "--limit", "20", "--json"],
        ["claims", "--limit", "20"],
    ]
    i = 0
    while time.monotonic() < stop:
        args = commands[i % len(commands)]
        i += 1
        started = time.monotonic()
        result = storyline(*args, "--db", str(db))
        tally.record("CLI readers", not _bad(result), result.stderr, time.monotonic() - started)


async def explorer(db: Path, stop: float, tally: Tally) -> None:
    from app.explorer import Explorer

    app = Explorer(db)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            keys = ["r", "j", "j", "enter", "tab", "j", "enter", "tab", "tab", "g"]
            i = 0
            while time.monotonic() < stop:
                started = time.monotonic()
                await pilot.press(keys[i % len(keys)])
                i += 1
                await pilot.pause(0.05)
                errors = [str(n.message) for n in app._notifications if n.severity == "error"]
                tally.record(
                    "explorer keys", app.is_running and not errors, "; ".join(errors), time.monotonic() - started
                )
                if errors:
                    app._notifications.clear()
                if not app.is_running:
                    break
    except Exception as exc:  # a crash is an error, counted, not the end of the soak's report
        tally.record("explorer keys", False, f"{type(exc).__name__}: {exc}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--seed", type=int, default=20)
    options = parser.parse_args()
    rng = random.Random(options.seed)
    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="storyline-soak-") as tmp:
        folder = Path(tmp, "news")
        folder.mkdir()
        for i in range(options.articles):
            (folder / f"{i:05d}.txt").write_text(article(rng, i), encoding="utf-8")
        db = Path(tmp, "soak.db")
        first = storyline("ingest", str(folder), "--db", str(db))
        if first.returncode != 0:
            print(first.stderr, file=sys.stderr)
            return 1
        started = time.monotonic()
        stop = started + options.seconds
        threads = [
            threading.Thread(target=ingester, args=(folder, db, stop, tally, random.Random(options.seed + 1))),
            threading.Thread(
                target=one_file_writer, args=(Path(tmp), db, stop, tally, random.Random(options.seed + 2))
            ),
            threading.Thread(target=reader, args=(db, stop, tally)),
        ]
        for thread in threads:
            thread.start()
        asyncio.run(explorer(db, stop, tally))
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        conn = sqlite3.connect(db)
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = conn.execute("PRAGMA foreign_key_check").fetchall()
        documents = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        conn.close()
    print(f"soak: {elapsed:.0f} s, {options.articles} articles to start, {documents} documents at the end")
    for actor in sorted(tally.runs):
        errors = tally.errors.get(actor, [])
        print(f"  {actor}: {tally.runs[actor]} runs, {len(errors)} errors, longest {tally.longest[actor]:.2f} s")
        for detail in errors[:3]:
            print(f"    error: {detail.strip()}")
    print(f"  integrity_check: {integrity}; foreign_key_check: {len(foreign)} problems")
    failed = sum(len(e) for e in tally.errors.values()) or integrity != "ok" or foreign
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
