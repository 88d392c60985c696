"""Wire copies grouped, their items folded, statements counted by independent sources; one archive three ways."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from db import read
from db.store.ingest import ingest
from db.store.open import open_db
from tests.fixtures import archives as fx
from tests.hardening.helpers import assert_consistent


def _db(tmp_path: Path, *paths: Path, name: str = "s.db"):
    db = open_db(tmp_path / name)
    report = ingest(db, [str(p) for p in paths], jobs=1)
    assert not report.failed, report.failed
    return db


def _by_name(db) -> dict[str, read.Document]:
    return {d.doc.rsplit("/", 1)[-1]: d for d in read.documents(db.conn)}


def test_a_wire_copy_is_grouped_under_the_earliest_and_its_items_fold(tmp_path):
    fx.write_pages(tmp_path / "web")
    db = _db(tmp_path, tmp_path / "web")
    docs = _by_name(db)
    original, copy, other = docs["port-expansion.html"], docs["valmora-port-vote.html"], docs["region-economy.html"]
    assert (original.copy_of, copy.copy_of, other.copy_of) == (None, original.doc, None)
    # the CLI still lists every claim; the explorer's timeline has one row per statement
    claims = read.claims(db.conn)
    copy_claims = [c for c in claims if c.document_id == copy.id]
    assert copy_claims and len(claims) > db.conn.execute("SELECT count(*) FROM timeline WHERE kind = 1").fetchone()[0]
    rows = read.timeline_page(db.conn, 0, 1000)
    assert not [r for r in rows if r.document_id == copy.id and "turning point" in r.text]
    quote = next(r for r in rows if r.document_id == original.id and "turning point" in r.text)
    assert read.folded_counts(db.conn, 1, [quote.id]) == {quote.id: 1}
    # the edited sentence is a statement of its own: not folded
    edited = [r for r in rows if r.document_id == copy.id]
    assert any("roughly 600 jobs" in r.text for r in edited)
    assert_consistent(tmp_path / "s.db")


def test_corroboration_counts_independent_groups_not_copies(tmp_path):
    fx.write_pages(tmp_path / "web")
    db = _db(tmp_path, tmp_path / "web")
    quotes = [c for c in read.claims(db.conn) if "turning point" in c.text]
    assert len(quotes) == 3
    assert {(c.sources, c.documents) for c in quotes} == {(2, 3)}
    alone = [c for c in read.claims(db.conn) if "warehouse space" in c.text]
    assert [(c.sources, c.documents) for c in alone] == [(1, 1)]
    in_original = next(c for c in quotes if c.doc.endswith("port-expansion.html"))
    carriers = read.carriers(db.conn, 1, in_original.id)
    assert carriers[0].document_id == in_original.document_id  # its own document first
    assert [c.same_group for c in carriers] == [True, True, False]  # its copy, then the independent report


def test_exact_duplicates_group_and_the_group_follows_deletes_and_earlier_arrivals(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    text = "date 2023-05-02\n\nHarbour talks end\n\n" + "\n\n".join(fx.PORT.paragraphs) + "\n"
    (folder / "b.txt").write_text(text, encoding="utf-8")
    (folder / "c.txt").write_text(text, encoding="utf-8")
    db = _db(tmp_path, folder)
    docs = _by_name(db)
    assert docs["c.txt"].copy_of == docs["b.txt"].doc and docs["b.txt"].copy_of is None
    # an earlier copy arrives: it becomes the original of the whole group
    (folder / "a.txt").write_text(text.replace("2023-05-02", "2023-05-01"), encoding="utf-8")
    ingest(db, [str(folder)], jobs=1)
    docs = _by_name(db)
    assert {docs["b.txt"].copy_of, docs["c.txt"].copy_of} == {docs["a.txt"].doc} and docs["a.txt"].copy_of is None
    assert_consistent(tmp_path / "s.db")
    # the original is gone: the earliest copy left takes its place, its items back in the timeline
    (folder / "a.txt").unlink()
    ingest(db, [str(folder)], jobs=1, prune=True)
    docs = _by_name(db)
    assert docs["b.txt"].copy_of is None and docs["c.txt"].copy_of == docs["b.txt"].doc
    shown = {r.document_id for r in read.timeline_page(db.conn, 0, 1000)}
    assert docs["b.txt"].id in shown and docs["c.txt"].id not in shown
    assert_consistent(tmp_path / "s.db")


def test_unrelated_articles_are_not_copies(tmp_path):
    from tests.hardening.helpers import make_corpus

    make_corpus(tmp_path / "c", 40)
    db = _db(tmp_path, tmp_path / "c")
    assert db.conn.execute("SELECT count(*) FROM documents WHERE copy_of IS NOT NULL").fetchone()[0] == 0


def _summary(path: Path) -> tuple[list, list]:
    conn = sqlite3.connect(path)
    entities = sorted(conn.execute("SELECT name, type, mentions, documents FROM entities").fetchall())
    claims = sorted((c.text, c.speaker, c.cue, c.entities, c.date, c.sources, c.documents) for c in read.claims(conn))
    conn.close()
    return entities, claims


def test_the_same_pages_as_html_files_a_jsonl_dump_and_a_warc_give_the_same_entities_and_claims(tmp_path):
    pages = fx.write_pages(tmp_path / "web")
    dump = tmp_path / "dump" / "pages.jsonl"
    dump.parent.mkdir()
    dump.write_text(fx.jsonl([{"url": a.url, "html": fx.page(a)} for a in fx.ARTICLES]), encoding="utf-8")
    archive = tmp_path / "crawl"
    archive.mkdir()
    fx.warc(archive / "crawl.warc.gz", fx.ARTICLES)
    results = []
    for name, path in (("html", tmp_path / "web"), ("jsonl", dump), ("warc", archive)):
        _db(tmp_path, path, name=f"{name}.db")
        results.append(_summary(tmp_path / f"{name}.db"))
    assert results[0] == results[1] == results[2]
    entities, claims = results[0]
    assert len(pages) == 3 and entities and claims
    assert any(c[-2:] == (2, 3) for c in claims)  # corroboration survives every packaging


def test_a_database_of_version_4_is_fingerprinted_and_grouped_when_migrated(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    text = "Harbour talks end\n\n" + "\n\n".join(fx.PORT.paragraphs) + "\n"
    for name in ("a.txt", "b.txt"):
        (folder / name).write_text(text, encoding="utf-8")
    db = _db(tmp_path, folder)
    conn = db.conn
    expected = json.dumps([(d.doc, d.copy_of) for d in read.documents(conn)])
    # make it look as version 4 left it: no fingerprints, no groups
    conn.executescript(
        "DELETE FROM copy_bands; UPDATE documents SET copy_of = NULL; UPDATE claims SET statement = NULL,"
        " folded_into = NULL; UPDATE events SET folded_into = NULL;"
    )
    from db.store.ingest.backfill import fingerprint_stored
    from db.store.timelines import rebuild_timelines

    rebuild_timelines(conn)
    fingerprint_stored(conn)
    conn.commit()
    assert json.dumps([(d.doc, d.copy_of) for d in read.documents(conn)]) == expected
    assert_consistent(tmp_path / "s.db")
    shutil.rmtree(folder)


@pytest.mark.slow
def test_bbc_copies_keep_every_link_when_a_bare_name_becomes_an_organisation(tmp_path):
    """BBC's byte-identical pairs fold; a one-word name in a copy later absorbed by an organisation
    (the writer's entity merge) must take the copy's folded claims and events along."""
    from tests.conftest import corpus

    db = _db(tmp_path, corpus("bbc", "entertainment"))
    conn = db.conn
    assert conn.execute("SELECT count(*) FROM documents WHERE copy_of IS NOT NULL").fetchone()[0] > 0
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert_consistent(tmp_path / "s.db")


def test_the_minhash_class_loads_without_the_rest_of_datasketch():
    """Its LSH index imports scipy (0.6 s at each ingest's start); the signatures need only the MinHash class,
    and a later plain ``import datasketch`` still gets the whole library, with the same class."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from db.text import fingerprint\n"
        "keys = fingerprint.bands({1, 2, 3, 99999})\n"
        "assert len(keys) == fingerprint.BANDS, keys\n"
        "assert not [m for m in sys.modules if m.startswith('scipy')], 'scipy imported'\n"
        "import datasketch\n"
        "assert datasketch.MinHash is fingerprint._minhash_class()\n"
        "assert datasketch.MinHashLSH is not None\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
