"""Ingest: idempotence, updates, failures among good files, spans, prune."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from db import read
from db.store.ingest import ingest
from db.store.open import open_db
from tests.conftest import SEEDS


def _write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    shutil.copytree(SEEDS, folder)
    return folder


def test_second_run_skips_everything(tmp_path, corpus_dir):
    db = open_db(tmp_path / "s.db")
    first = ingest(db, [str(corpus_dir)], jobs=1)
    assert (first.added, first.updated, first.skipped, first.failed) == (2, 0, 0, [])
    before = db.conn.execute("SELECT count(*) FROM mentions").fetchone()[0]
    second = ingest(db, [str(corpus_dir)], jobs=1)
    assert (second.added, second.updated, second.skipped) == (0, 0, 2)
    assert db.conn.execute("SELECT count(*) FROM mentions").fetchone()[0] == before


def test_changed_file_replaces_its_document(tmp_path, corpus_dir):
    db = open_db(tmp_path / "s.db")
    path = _write(corpus_dir, "extra.txt", "date 2024-01-05\n\nAngela Merkel visited Paris on Monday.\n")
    ingest(db, [str(corpus_dir)], jobs=1)
    path.write_text("date 2024-01-05\n\nEmmanuel Macron visited Berlin on Monday.\n", encoding="utf-8")
    report = ingest(db, [str(corpus_dir)], jobs=1)
    assert (report.added, report.updated, report.skipped) == (0, 1, 2)
    doc = [d for d in read.documents(db.conn) if d.doc.endswith("extra.txt")]
    assert len(doc) == 1
    texts = {m.text for m in read.mentions(db.conn) if m.document_id == doc[0].id}
    assert "Berlin" in texts and "Paris" not in texts
    # an entity mentioned nowhere any more is gone
    assert not read.entity_ids_named(db.conn, "Paris")
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_one_bad_file_among_good_ones(tmp_path, corpus_dir):
    _write(corpus_dir, "binary.txt", b"\x00\x01\x02 not text \x00" * 10)
    _write(corpus_dir, "notes.docx", b"PK\x03\x04 a word file")
    db = open_db(tmp_path / "s.db")
    report = ingest(db, [str(corpus_dir)], jobs=1)
    assert report.added == 2
    assert [f.reason for f in report.failed] == ["binary file (contains NUL bytes)"]
    assert report.failed[0].doc.endswith("binary.txt")
    assert report.ignored == 1


def test_missing_path_is_reported_and_the_rest_ingests(tmp_path, corpus_dir):
    db = open_db(tmp_path / "s.db")
    report = ingest(db, [str(tmp_path / "nowhere"), str(corpus_dir)], jobs=1)
    assert report.added == 2
    assert report.failed[0].reason == "no such file or folder"


def test_doc_names_follow_the_ingest_argument(tmp_path, corpus_dir, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = open_db(tmp_path / "s.db")
    ingest(db, ["news"], jobs=1)
    assert sorted(d.doc for d in read.documents(db.conn)) == [
        "news/000_171dad24aabf5317.txt",
        "news/002_5844c23af5eaa18d.txt",
    ]
    # the same files reached another way are the same documents
    report = ingest(db, [str(corpus_dir) + "/"], jobs=1)
    assert report.skipped == 2 and len(read.documents(db.conn)) == 2


def test_every_stored_span_slices_its_file(seeds_db):
    conn = sqlite3.connect(seeds_db)
    root = Path(seeds_db).parent
    files: dict[str, list[str]] = {}

    def line_of(doc: str, line: int) -> str:
        if doc not in files:
            files[doc] = (root / doc).read_text(encoding="utf-8").split("\n")
        return files[doc][line - 1]

    rows = list(read.mentions(conn)) + list(read.claims(conn)) + list(read.timeline(conn))
    assert len(rows) > 20
    for row in rows:
        text = line_of(row.doc, row.line)
        assert text[row.column - 1 : row.column - 1 + len(row.text)] == row.text, row
    for event in read.timeline(conn):
        column = conn.execute("SELECT expression_column FROM events WHERE id = ?", (event.id,)).fetchone()[0]
        text = line_of(event.doc, event.line)
        assert text[column - 1 : column - 1 + len(event.expression)] == event.expression


def test_prune_removes_documents_of_deleted_files(tmp_path, corpus_dir):
    db = open_db(tmp_path / "s.db")
    extra = _write(corpus_dir, "extra.md", "Oslo hosted the talks.\n")
    ingest(db, [str(corpus_dir)], jobs=1)
    extra.unlink()
    kept = ingest(db, [str(corpus_dir)], jobs=1)
    assert kept.pruned == 0 and len(read.documents(db.conn)) == 3
    pruned = ingest(db, [str(corpus_dir)], jobs=1, prune=True)
    assert pruned.pruned == 1 and len(read.documents(db.conn)) == 2


def test_parallel_ingest_matches_serial(tmp_path):
    folder = tmp_path / "many"
    for i in range(12):
        _write(folder, f"{i:02d}.txt", f"Report {i}\n\nOfficials in Madrid met Maria Lopez on Tuesday, {2000 + i}.\n")
    serial = open_db(tmp_path / "serial.db")
    parallel = open_db(tmp_path / "parallel.db")
    ingest(serial, [str(folder)], jobs=1)
    report = ingest(parallel, [str(folder)], jobs=2)
    assert report.added == 12
    as_tuples = lambda db: sorted((m.doc, m.line, m.column, m.text, m.type) for m in read.mentions(db.conn))  # noqa: E731
    assert as_tuples(serial) == as_tuples(parallel)


def test_unreadable_file_is_reported(tmp_path, corpus_dir):
    if os.geteuid() == 0:
        pytest.skip("root can read anything")
    locked = _write(corpus_dir, "locked.txt", "Secret.\n")
    locked.chmod(0)
    db = open_db(tmp_path / "s.db")
    report = ingest(db, [str(corpus_dir)], jobs=1)
    assert report.failed[0].reason == "permission denied"
    assert report.added == 2


def _fake(path: str, entities: list[tuple[str, str, bool]]):
    """A parsed document with one mention per given (name, type, mergeable) entity."""
    from db.extract.aliases import entity_key
    from db.extract.pipeline import DocumentEntity, Extraction, Mention
    from db.store.ingest import Parsed, SourceFile
    from db.text.document import parse_text

    text = " ".join(name for name, _, _ in entities) + "\n"
    extraction = Extraction()
    column = 1
    for i, (name, etype, mergeable) in enumerate(entities):
        extraction.entities.append(DocumentEntity(name, etype, entity_key(name, etype), mergeable, {name}))
        extraction.mentions.append(Mention(i, 1, column, name))
        column += len(name) + 1
    return Parsed(SourceFile(path, path), path, len(text), parse_text(text), extraction)


@pytest.mark.parametrize("org_first", [True, False])
def test_one_word_person_joins_a_known_organisation_in_either_order(tmp_path, org_first):
    from db import read
    from db.extract.pipeline import Claim, Event
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    writer = Writer(db)
    as_org = _fake("/a.txt", [("Zentrix", "ORG", True)])
    as_person = _fake("/b.txt", [("Zentrix", "PERSON", False), ("Hollis", "PERSON", False)])
    # the person speaks about Hollis, and both take part in a dated event
    as_person.extraction.claims.append(Claim(1, 1, "Zentrix Hollis", 0, "said", [1], None, None))
    as_person.extraction.events.append(Event(1, 1, "Zentrix Hollis", "Hollis", 9, "2020", "year", None, [0, 1]))
    other_person = _fake("/c.txt", [("Hollis", "PERSON", False)])
    batches = [[as_org], [as_person, other_person]] if org_first else [[as_person, other_person], [as_org]]
    known: dict = {}
    for batch in batches:
        writer.write_batch(batch, known)
    rows = db.conn.execute("SELECT name, type, mentions, documents FROM entities ORDER BY name").fetchall()
    assert rows == [("Hollis", "PERSON", 1, 1), ("Hollis", "PERSON", 1, 1), ("Zentrix", "ORG", 2, 2)]
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []
    # what the person said and took part in now belongs to the organisation, in every table
    [org] = read.entity_ids_named(db.conn, "Zentrix")
    said = read.claims(db.conn, [org])
    assert [(c.doc, c.speaker, c.entities) for c in said] == [("/b.txt", "Zentrix", ("Hollis",))]
    assert [(e.doc, e.entities) for e in read.timeline(db.conn, [org])] == [("/b.txt", ("Zentrix", "Hollis"))]
    assert read.timeline_count(db.conn, org) == 2
    gone = "SELECT count(*) FROM {} WHERE entity_id NOT IN (SELECT id FROM entities)"
    assert [db.conn.execute(gone.format(t)).fetchone()[0] for t in ("timeline_entities", "claim_entities")] == [0, 0]


@pytest.mark.parametrize("org_first", [True, False])
def test_an_unsettled_place_joins_the_organisation_of_its_name_in_either_order(tmp_path, org_first):
    from db import read
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    writer = Writer(db)
    as_org = _fake("/a.txt", [("Zorbex", "ORG", True)])
    unsettled = _fake("/b.txt", [("Zorbex", "PLACE", True)])
    unsettled.extraction.entities[0].settled = False  # no context of /b.txt shows a place
    settled = _fake("/c.txt", [("Quillo", "PLACE", True)])  # shown a place ("in Quillo")
    also_org = _fake("/d.txt", [("Quillo", "ORG", True)])
    batches = [[as_org, settled], [unsettled, also_org]] if org_first else [[unsettled, settled], [as_org, also_org]]
    for batch in batches:
        writer.write_batch(batch, {})
    rows = db.conn.execute("SELECT name, type, mentions, documents FROM entities ORDER BY name, type").fetchall()
    assert rows == [("Quillo", "ORG", 1, 1), ("Quillo", "PLACE", 1, 1), ("Zorbex", "ORG", 2, 2)]
    # the mention keeps the type its own document gave it
    assert sorted((m.doc, m.type) for m in read.mentions(db.conn) if m.text == "Zorbex") == [
        ("/a.txt", "ORG"),
        ("/b.txt", "PLACE"),
    ]


def _steps_to_absorb(tmp_path, filler_claims: int) -> int:
    """SQLite VM steps spent writing an organisation that absorbs a one-word
    person, in a store holding ``filler_claims`` claims about someone else."""
    from db.store.ingest import Writer

    db = open_db(tmp_path / f"absorb-{filler_claims}.db")
    writer = Writer(db)
    writer.write_batch([_fake("/p.txt", [("Zentrix", "PERSON", False), ("Hollis Grant", "PERSON", True)])], {})
    doc_id, other = db.conn.execute(
        "SELECT d.id, e.id FROM documents d, entities e WHERE e.name = 'Hollis Grant'"
    ).fetchone()
    with db.conn:
        db.conn.executemany(
            'INSERT INTO claims (id, document_id, line, "column", length, speaker_id, sort_key)'
            " VALUES (?, ?, 1, 1, 1, ?, '~')",
            [(1000 + i, doc_id, other) for i in range(filler_claims)],
        )
        db.conn.executemany(
            "INSERT INTO claim_entities (claim_id, entity_id) VALUES (?, ?)",
            [(1000 + i, other) for i in range(filler_claims)],
        )
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    db.conn.set_progress_handler(count, 1)
    writer.write_batch([_fake("/o.txt", [("Zentrix", "ORG", True)])], {})
    db.conn.set_progress_handler(None, 1)
    assert db.conn.execute("SELECT count(*) FROM entities WHERE name = 'Zentrix'").fetchone()[0] == 1
    return steps


def test_absorbing_a_person_costs_the_same_however_many_claims_are_stored(tmp_path):
    # Checking the deleted person against claims and link tables (none is
    # indexed by entity) would cost a scan of each: quadratic ingest.
    small, large = _steps_to_absorb(tmp_path, 10), _steps_to_absorb(tmp_path, 20_000)
    assert large < small + 2_000


def test_bare_surnames_in_unrelated_documents_stay_apart(tmp_path):
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    writer = Writer(db)
    writer.write_batch(
        [_fake("/a.txt", [("Hollis", "PERSON", False)]), _fake("/b.txt", [("Hollis", "PERSON", False)])], {}
    )
    assert db.conn.execute("SELECT count(*) FROM entities WHERE name = 'Hollis'").fetchone()[0] == 2


def _counted(conn) -> dict[str, int]:
    from db.store.counts import COUNTED_TABLES

    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED_TABLES}


def test_the_corpus_counts_stored_after_each_ingest_are_exact(tmp_path, corpus_dir):
    from db import read
    from db.store.counts import stored_counts

    db = open_db(tmp_path / "s.db")
    assert stored_counts(db.conn) is None  # a fresh file: readers count
    extra = _write(corpus_dir, "extra.txt", "date 2024-01-05\n\nAngela Merkel said on Monday she would visit Paris.\n")
    ingest(db, [str(corpus_dir)], jobs=1)
    assert stored_counts(db.conn) == _counted(db.conn)
    assert stored_counts(db.conn)["documents"] == 3
    extra.unlink()
    ingest(db, [str(corpus_dir)], jobs=1, prune=True)
    assert stored_counts(db.conn) == _counted(db.conn)
    assert read.timeline_count(db.conn) == _counted(db.conn)["timeline"]
    assert read.counts(db.conn).documents == 2


def test_a_write_under_way_leaves_no_stale_counts_for_readers(tmp_path, corpus_dir):
    from db import read
    from db.store.counts import stored_counts
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    ingest(db, [str(corpus_dir)], jobs=1)
    writer = Writer(db)
    writer._begin()  # what every batch does first
    db.conn.execute("DELETE FROM timeline")
    db.conn.execute("COMMIT")
    assert stored_counts(db.conn) is None
    assert read.timeline_count(db.conn) == 0  # counted, not the stale stored figure
    writer.close()
    assert stored_counts(db.conn) == _counted(db.conn)


def test_an_ingest_that_changes_nothing_still_stores_missing_counts(tmp_path, corpus_dir):
    from db.store.counts import stored_counts

    db = open_db(tmp_path / "s.db")
    ingest(db, [str(corpus_dir)], jobs=1)
    with db.conn:
        db.conn.execute("DELETE FROM corpus_counts")  # as a file upgraded from schema 3 has them
    report = ingest(db, [str(corpus_dir)], jobs=1)
    assert report.skipped == 2 and report.added == 0
    assert stored_counts(db.conn) == _counted(db.conn)


def test_a_mention_keeps_its_own_type_in_the_store(tmp_path):
    from db import read
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    item = _fake("/a.txt", [("Zentrix", "ORG", True), ("Hollis", "PERSON", False)])
    item.extraction.mentions[0].type = "MISC"  # read as MISC where it stands, though its entity is an ORG
    Writer(db).write_batch([item], {})
    got = {(m.text, m.type) for m in read.mentions(db.conn)}
    assert got == {("Zentrix", "MISC"), ("Hollis", "PERSON")}
    assert [(e.name, e.type) for e in read.entities(db.conn, search="Zentrix")] == [("Zentrix", "ORG")]


def _doc(path: str, *entities: tuple[str, str, set[str]]):
    """A parsed document with one mention per (name, type, aliases) entity, keyed as the pipeline keys it."""
    from db.extract.aliases import entity_key, is_mergeable_across_documents

    item = _fake(path, [(name, etype, is_mergeable_across_documents(name, etype)) for name, etype, _ in entities])
    for doc_entity, (_, _, aliases) in zip(item.extraction.entities, entities, strict=True):
        doc_entity.aliases |= aliases
        assert doc_entity.key == entity_key(doc_entity.name, doc_entity.type)
    return item


def _names(db) -> list[tuple[str, str, int]]:
    return db.conn.execute("SELECT name, type, documents FROM entities ORDER BY name").fetchall()


@pytest.mark.parametrize("expansion_first", [True, False])
def test_an_acronym_meets_its_expansion_across_documents(tmp_path, expansion_first):
    from db import read
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    writer = Writer(db)
    both = _doc("/a.txt", ("European Union", "ORG", {"EU"}))
    bare = [_doc("/b.txt", ("EU", "ORG", set())), _doc("/c.txt", ("EU", "MISC", set()))]
    for batch in [[both], bare] if expansion_first else [bare, [both]]:
        writer.write_batch(batch, {})
    assert _names(db) == [("European Union", "ORG", 3)]
    assert {m.type for m in read.mentions(db.conn)} == {"ORG", "MISC"}  # each mention keeps its type
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_party_names_and_types_meet_across_documents(tmp_path):
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    docs = [
        _doc("/a.txt", ("Labour Party", "ORG", set()), ("Tories", "ORG", set())),
        _doc("/b.txt", ("Labour", "ORG", set()), ("Tory", "MISC", set())),
        _doc("/c.txt", ("Conservatives", "ORG", set()), ("Conservative Party", "ORG", set())),
    ]
    Writer(db).write_batch(docs, {})
    assert _names(db) == [("Labour Party", "ORG", 2), ("Tories", "ORG", 3)]  # a Tory is a Conservative


@pytest.mark.parametrize("full_first", [True, False])
def test_a_bare_surname_joins_the_person_it_names(tmp_path, full_first):
    from db import read
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    writer = Writer(db)
    full = _doc("/a.txt", ("Tony Blair", "PERSON", {"Blair"}))
    bare = _doc("/b.txt", ("Blair", "PERSON", set()))
    for batch in [[full], [bare]] if full_first else [[bare], [full]]:
        writer.write_batch(batch, {})
    assert _names(db) == [("Tony Blair", "PERSON", 2)]
    assert read.entity_ids_named(db.conn, "Blair") == read.entity_ids_named(db.conn, "Tony Blair")


def test_a_country_tagged_as_an_organisation_is_the_country_and_its_acronym_meets_it(tmp_path):
    from db import read
    from db.store.ingest import Writer

    db = open_db(tmp_path / "s.db")
    writer = Writer(db)
    writer.write_batch([_doc("/a.txt", ("US", "PLACE", set())), _doc("/b.txt", ("US", "ORG", set()))], {})
    writer.write_batch([_doc("/c.txt", ("United States", "PLACE", {"US"}))], {})
    writer.write_batch([_doc("/d.txt", ("US", "PLACE", set())), _doc("/e.txt", ("US", "ORG", set()))], {})
    assert _names(db) == [("United States", "PLACE", 5)]
    assert sorted(m.type for m in read.mentions(db.conn)) == ["ORG", "ORG", "PLACE", "PLACE", "PLACE"]


def test_a_dated_sentence_that_is_also_a_claim_is_one_timeline_item(tmp_path):
    from db.store.timelines import rebuild_timelines

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "date 2023-09-13\n"
        "Jane Morrow said on Monday that Brazil would vote in March.\n"
        "Analysts in Paris expect a close race between Lula and Bolsonaro, with 3% undecided.\n"
    )
    db = open_db(tmp_path / "s.db")
    ingest(db, [str(folder)], jobs=1)
    conn = db.conn
    claims, events = read.claims(conn), read.timeline(conn)
    assert len(claims) == 2 and [e.expression for e in events] == ["Monday", "March"]  # the CLI lists all of them
    rows = read.timeline_page(conn, 0, 10)
    # the first sentence is two rows, not three: its first event holds its claim; the second is a fact alone
    assert sorted((r.kind, r.claim is not None, r.speaker or "") for r in rows) == [
        ("claim", False, ""),
        ("event", False, ""),
        ("event", True, "Jane Morrow"),
    ]
    [held] = [r for r in rows if r.claim is not None]
    assert (held.expression, held.cue) == ("Monday", "said")
    (speaker,) = read.entity_ids_named(conn, "Jane Morrow")
    (brazil,) = read.entity_ids_named(conn, "Brazil")
    assert held in read.timeline_page(conn, 0, 10, entity_id=speaker)
    assert set(read.item_entities(conn, "event", held.id)) >= {speaker, brazil}
    # the CLI's filtered listings are as before: a claim by its own links, an event by its own
    assert [c.speaker for c in read.claims(conn, [speaker])] == ["Jane Morrow"]
    assert [e.expression for e in read.timeline(conn, [brazil])] == ["Monday", "March"]

    # the rows written are the ones the bulk rebuild makes
    def both():
        return [
            conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2, 3, 4, 5, 6").fetchall()
            for t in ("timeline", "timeline_entities")
        ]

    before = both()
    with conn:
        rebuild_timelines(conn)
    assert both() == before


def _made_up_corpus(folder: Path, n: int = 150) -> None:
    """Articles naming many made-up people and places, so the indexes fill in random order."""
    import random

    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "ran", "tes", "vo", "dur", "sen", "pa", "gri", "hol", "win"]

    def name() -> str:
        return "".join(rng.choice(syllables) for _ in range(3)).capitalize()

    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        said = [
            f"{name()} {name()} said on {rng.randint(1, 28)} March {rng.randint(1990, 2020)} that the {name()}"
            f" council in {name()} would meet {name()} Holdings."
            for _ in range(6)
        ]
        _write(folder, f"{i:03d}.txt", f"Report {i}\n\n" + "\n\n".join(said) + "\n")


def _pages(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA page_count").fetchone()[0]
    finally:
        conn.close()


def test_a_first_ingest_leaves_the_file_compact_and_a_later_one_leaves_it_be(tmp_path):
    folder = tmp_path / "made-up"
    _made_up_corpus(folder)
    path = tmp_path / "s.db"
    db = open_db(path)
    assert ingest(db, [str(folder)], jobs=1).added == 150
    db.conn.close()
    compact = tmp_path / "compact.db"
    sqlite3.connect(path).execute(f"VACUUM INTO '{compact}'")
    assert _pages(path) == _pages(compact)  # every page full: nothing left for VACUUM to take
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    # an ingest into a store that has documents adds to it without rewriting the file
    _made_up_corpus(tmp_path / "more", 20)
    db = open_db(path)
    assert ingest(db, [str(tmp_path / "more")], jobs=1).added == 20
    db.conn.close()
    assert read.documents(sqlite3.connect(path))[0].doc
    assert _pages(path) > _pages(compact)
