"""Shared pieces of the hardening tests: small corpora, running the CLI, checking a database."""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

from db.store.timelines import rebuild_timelines
from tests.conftest import ROOT

PEOPLE = ["Maria Lopez", "John Smith", "Angela Merkel", "Pierre Dubois", "Yuki Tanaka", "Omar Haddad"]
PLACES = ["Paris", "Madrid", "Berlin", "Lagos", "Osaka", "Lima"]
ORGS = ["Acme Corp", "Siemens", "the United Nations", "Reuters", "Dixon Technologies"]
MONTHS = ["January", "March", "May", "July", "September", "November"]


def article(rng: random.Random, i: int) -> str:
    """A small news article with entities, a claim and dates."""
    who, other = rng.sample(PEOPLE, 2)
    where = rng.choice(PLACES)
    org = rng.choice(ORGS)
    year = 2000 + i % 24
    month = rng.choice(MONTHS)
    return (
        f"date {year}-{1 + i % 12:02d}-{1 + i % 28:02d}\n\n"
        f"Talks in {where} number {i}\n\n"
        f"{who} met {other} in {where} on {month} {1 + i % 28}, {year}.\n"
        f"“The deal is done,” {who} said on Monday.\n"
        f"{org} said it would invest in {where} next year, according to {other}.\n"
    )


def make_corpus(folder: Path, count: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        (folder / f"{i:04d}.txt").write_text(article(rng, i), encoding="utf-8")
    return folder


def cli(*args: str, cwd: Path | None = None, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    """`python -m app ARGS` in a fresh interpreter."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("STORYLINE_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
        env=env,
        **kwargs,
    )


def spawn(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    """`python -m app ARGS` in the background, in its own process group (like a shell job)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("STORYLINE_DEBUG", None)
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd or ROOT,
        env=env,
        start_new_session=True,
    )


# the timeline's rows with their class and reported date, and timeline_counts, computed afresh from the
# timeline's keys, claims and documents (as version 11 filled them)
TIMELINE_ROWS = (
    'SELECT t.sort_key, t.document_id, t.line, t."column", t.kind, t.item_id,'
    " CASE WHEN c.id IS NULL THEN 0 WHEN c.speaker_id IS NOT NULL OR c.cue IS NOT NULL THEN 1 ELSE 2 END"
    " AS said, coalesce(d.date, '~') AS reported"
    " FROM timeline t JOIN documents d ON d.id = t.document_id"
    " LEFT JOIN events v ON t.kind = 0 AND v.id = t.item_id"
    " LEFT JOIN claims c ON c.id = CASE WHEN t.kind = 1 THEN t.item_id ELSE v.claim_id END"
)
TIMELINE_COUNTS = (
    f"SELECT 0, sort_key, said, kind, count(*) FROM ({TIMELINE_ROWS}) GROUP BY 2, 3, 4"
    f" UNION ALL SELECT 1, reported, said, kind, count(*) FROM ({TIMELINE_ROWS}) GROUP BY 2, 3, 4"
)


def assert_filter_tables(conn: sqlite3.Connection) -> None:
    """What the filters read (each row's class and reported date, the counts) is what timeline, claims and
    documents say."""
    assert sorted(conn.execute("SELECT * FROM timeline")) == sorted(conn.execute(TIMELINE_ROWS))
    counted = sorted(conn.execute("SELECT * FROM timeline_counts WHERE n != 0"))
    assert counted == sorted(conn.execute(TIMELINE_COUNTS))


def assert_consistent(path: Path) -> int:
    """The database passes SQLite's checks and holds no half-ingested document; its document count."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "documents" not in tables:
            return 0  # killed before the schema was committed: an empty database
        # every document is whole: all its lines are there
        short = conn.execute(
            "SELECT d.doc, d.line_count, count(l.id) FROM documents d LEFT JOIN lines l ON l.document_id = d.id"
            " GROUP BY d.id HAVING count(l.id) != d.line_count"
        ).fetchall()
        assert short == [], short
        for table in ("lines", "mentions", "claims", "events"):
            orphans = conn.execute(
                f"SELECT count(*) FROM {table} WHERE document_id NOT IN (SELECT id FROM documents)"
            ).fetchone()[0]
            assert orphans == 0, f"{orphans} {table} without their document"
        # counts kept in step, full-text index in step with its table
        stale = conn.execute(
            "SELECT count(*) FROM entities e"
            " WHERE mentions != (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id)"
        ).fetchone()[0]
        assert stale == 0
        assert conn.execute("INSERT INTO lines_fts(lines_fts, rank) VALUES('integrity-check', 1)") is not None
        # the explorer's two ordered tables hold exactly what rebuilding them from the items gives
        if "timeline_entities" in tables:
            kept = {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in ("timeline", "timeline_entities")}
            conn.execute("SAVEPOINT rebuild")
            rebuild_timelines(conn)
            rebuilt = {t: sorted(conn.execute(f"SELECT * FROM {t}")) for t in ("timeline", "timeline_entities")}
            conn.execute("ROLLBACK TO rebuild")
            assert kept == rebuilt
        if "timeline_counts" in tables:
            assert_filter_tables(conn)
        return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        conn.close()


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Everything a user can see, independent of row ids and ingest times."""
    conn = sqlite3.connect(path)
    try:
        return {
            "documents": conn.execute(
                "SELECT doc, title, date, precision, content_hash, encoding, line_count FROM documents ORDER BY doc"
            ).fetchall(),
            "entities": conn.execute(
                "SELECT name, type, key, mentions, documents FROM entities ORDER BY type, key"
            ).fetchall(),
            "aliases": conn.execute(
                "SELECT e.type, e.key, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id ORDER BY 1, 2, 3"
            ).fetchall(),
            "mentions": conn.execute(
                'SELECT d.doc, m.line, m."column", m.length, e.type, e.key FROM mentions m'
                " JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id ORDER BY 1, 2, 3, 6"
            ).fetchall(),
            "claims": conn.execute(
                'SELECT d.doc, c.line, c."column", c.length, c.cue, c.date FROM claims c'
                " JOIN documents d ON d.id = c.document_id ORDER BY 1, 2, 3"
            ).fetchall(),
            "events": conn.execute(
                'SELECT d.doc, v.line, v."column", v.expression, v.date, v.relation FROM events v'
                " JOIN documents d ON d.id = v.document_id ORDER BY 1, 2, 3, 4"
            ).fetchall(),
            "lines_fts": conn.execute("SELECT count(*) FROM lines_fts WHERE lines_fts MATCH 'said'").fetchall(),
        }
    finally:
        conn.close()
