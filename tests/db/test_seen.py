"""When each entity was first and last in the news (entities.first_seen, last_seen): the dates of the
documents naming it, kept through ingest, re-ingest, corrections and undo; the entity sorts by them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from db import read
from db.store import corrections
from db.store.ingest import ingest
from db.store.open import open_db
from tests.db.test_corrections import C, build, entity, ingest_again


def _oracle(conn: sqlite3.Connection) -> dict[int, tuple[str | None, str | None]]:
    """Each entity's first and last document date, from its mentions (None, None: no dated document)."""
    got = {i: (None, None) for (i,) in conn.execute("SELECT id FROM entities")}
    for entity_id, first, last in conn.execute(
        "SELECT m.entity_id, min(d.date), max(d.date) FROM mentions m JOIN documents d ON d.id = m.document_id"
        " WHERE d.date IS NOT NULL GROUP BY m.entity_id"
    ):
        got[entity_id] = (first, last)
    return got


def _stored(conn: sqlite3.Connection) -> dict[int, tuple[str | None, str | None]]:
    return {e.id: (e.first_seen, e.last_seen) for e in read.entities(conn)}


def test_seen_dates_are_those_of_the_documents_naming_each_entity(seeds_db, tmp_path):
    for path in (seeds_db, build(tmp_path)):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        assert _stored(conn) == _oracle(conn)
    assert len(set(_stored(conn).values())) > 2  # three dates, entities across them: the test can fail


def test_the_date_sorts_put_the_earliest_or_latest_first_and_undated_last(tmp_path):
    conn = sqlite3.connect(f"file:{build(tmp_path)}?mode=ro", uri=True)
    every = read.entities(conn)
    first = read.entities(conn, order="first_seen")
    last = read.entities(conn, order="last_seen")
    assert [e.id for e in first] == [
        e.id for e in sorted(every, key=lambda e: (e.first_seen is None, e.first_seen or "", e.id))
    ]
    by_last = sorted(every, key=lambda e: e.id)  # ties in the order stored
    by_last.sort(key=lambda e: e.last_seen or "", reverse=True)
    assert [e.id for e in last] == [e.id for e in by_last]
    # a page and a position in either order agree with the whole list
    for order, rows in (("first_seen", first), ("last_seen", last)):
        assert read.entities(conn, limit=5, offset=3, order=order) == rows[3:8]
        assert read.entity_position(conn, rows[7].id, order=order) == 7


def test_seen_dates_follow_a_changed_file_a_merge_and_its_undo(tmp_path: Path):
    store = build(tmp_path)
    conn = open_db(store).conn
    assert _stored(conn) == _oracle(conn)
    commission = entity(conn, "European Commission")
    union = entity(conn, "European Union")
    corrections.record(conn, "merge", {"sources": [commission], "into": union})
    assert _stored(conn) == _oracle(conn)
    before = _stored(conn)
    conn.close()
    # c.txt re-dated and changed: the merged entity's last date moves with it
    c = store.parent / "news" / "c.txt"
    c.write_text(C.replace("date: 2024-03-09", "date: 2024-04-01") + "The EU said on Monday it agreed.\n")
    ingest_again(store)
    conn = open_db(store).conn
    after = _stored(conn)
    assert after == _oracle(conn) and after != before
    assert "2024-04-01" in {last for _, last in after.values()}
    corrections.undo(conn)
    assert _stored(conn) == _oracle(conn)
    conn.close()
    # the file gone (pruned): the dates of what it named shrink back
    c.unlink()
    db = open_db(store)
    ingest(db, [str(store.parent / "news")], jobs=1, prune=True)
    conn = db.conn
    assert _stored(conn) == _oracle(conn)
    assert "2024-04-01" not in {last for _, last in _stored(conn).values()}
    conn.close()
