"""The read layer's filters, dates and co-occurrence, on small stores built by the real pipeline."""

from __future__ import annotations

import sqlite3

import pytest

from db import read
from db.read.filters import Filters


@pytest.mark.parametrize(
    "text, iso",
    [("2004", "2004"), ("2004-3", "2004-03"), ("2004-11-02", "2004-11-02"), (" 1999-12 ", "1999-12")],
)
def test_parse_date_normalises_an_iso_date_at_its_precision(text, iso):
    assert read.parse_date(text) == iso


@pytest.mark.parametrize("text", ["", "04", "2004/11", "2004-13", "2004-02-30", "0000", "November 2004"])
def test_parse_date_refuses_what_is_not_a_date(text):
    with pytest.raises(read.BadDate):
        read.parse_date(text)


def test_filters_check_their_kind_and_axis():
    with pytest.raises(ValueError):
        Filters(kind="rumour")
    with pytest.raises(ValueError):
        Filters(by="ingested")
    assert Filters(by="reported").empty and not Filters(dated=True).empty


@pytest.fixture
def conn(seeds_db):
    c = sqlite3.connect(f"file:{seeds_db}?mode=ro", uri=True)
    yield c
    c.close()


def test_an_end_bound_covers_every_date_at_its_precision(conn):
    every = read.timeline(conn)
    dated = [r for r in every if r.date]
    assert dated
    year = dated[0].date[:4]
    assert read.timeline(conn, filters=Filters(start=year, end=year)) == dated
    assert read.timeline(conn, filters=Filters(end=str(int(year) - 1))) == []


def test_filters_combine_with_an_entity(conn):
    entity = read.entities(conn, limit=1)[0]
    mine = read.claims(conn, [entity.id])
    narrowed = read.claims(conn, [entity.id], Filters(dated=True, kind="claim"))
    assert narrowed == [r for r in mine if r.date and (r.speaker or r.cue)]
    assert 0 < len(narrowed) < len(mine)


def test_cooccurring_counts_shared_lines_and_documents(conn):
    entity = read.entities(conn, limit=1)[0]
    got = read.cooccurring(conn, entity.id)
    assert got and entity.id not in [r.id for r in got]
    here = {(d, n) for d, n in conn.execute("SELECT document_id, line FROM mentions WHERE entity_id = ?", (entity.id,))}
    first = got[0]
    theirs = {
        (d, n) for d, n in conn.execute("SELECT document_id, line FROM mentions WHERE entity_id = ?", (first.id,))
    }
    assert first.together == len(here & theirs)
    assert first.documents == len({d for d, _ in here & theirs})
    assert read.cooccurring(conn, entity.id, limit=2) == got[:2]


def test_with_entity_keeps_the_items_in_both_timelines(conn):
    first, second = read.entities(conn, limit=2)
    mine = {i.ref for i in read.timeline_page(conn, 0, 1000, entity_id=first.id)}
    theirs = {i.ref for i in read.timeline_page(conn, 0, 1000, entity_id=second.id)}
    both = read.timeline_page(conn, 0, 1000, entity_id=first.id, filters=Filters(with_entity=second.id))
    assert {i.ref for i in both} == mine & theirs and both
    assert read.timeline_count(conn, first.id, Filters(with_entity=second.id)) == len(both)


# "appears with" counts, places and draws by intersecting two entities' runs of timeline_entities
# (db/read/pages.py, _both); the row-at-a-time EXISTS it replaced, as it was, is the oracle.
_WITH_FILTERS = [
    Filters(),
    Filters(kind="claim"),
    Filters(kind="fact"),
    Filters(kind="event", dated=True),
    Filters(start="2023", end="2023-10"),
    Filters(dated=True, start="2023-09"),
    Filters(document_id=1),
]


def _old_with(conn: sqlite3.Connection, entity: int, other: int, f: Filters) -> list[tuple]:
    from db.read.filters import timeline_clauses

    params: dict[str, object] = {"entity": entity, "other": other}
    where = timeline_clauses(f, params)
    exists = (
        "EXISTS (SELECT 1 FROM timeline_entities w WHERE w.entity_id = :other AND w.sort_key = t.sort_key"
        ' AND w.document_id = t.document_id AND w.line = t.line AND w."column" = t."column"'
        " AND w.kind = t.kind AND w.item_id = t.item_id)"
    )
    return conn.execute(
        f'SELECT t.sort_key, t.document_id, t.line, t."column", t.kind, t.item_id FROM timeline_entities t'
        f" WHERE t.entity_id = :entity AND {' AND '.join([*where, exists])} ORDER BY 1, 2, 3, 4, 5, 6",
        params,
    ).fetchall()


@pytest.mark.parametrize("f", _WITH_FILTERS, ids=str)
def test_appears_with_counts_places_and_draws_what_the_row_at_a_time_query_found(conn, f):
    entities = read.entities(conn, limit=6)
    checked = 0
    for first in entities:
        for second in entities:
            if first.id == second.id:
                continue
            both = f.but(with_entity=second.id)
            expected = _old_with(conn, first.id, second.id, f)
            checked += len(expected)
            assert read.timeline_count(conn, first.id, both) == len(expected)
            shown = read.timeline_page(
                conn, 0, len(expected) + 5, entity_id=first.id, total=len(expected), filters=both
            )
            assert [i.key for i in shown] == expected
            for index in range(0, len(expected), max(1, len(expected) // 4)):
                assert read.timeline_position(conn, shown[index], first.id, both) == index
            for width in (4, 7):
                bars: dict[str, int] = {}
                for key in expected:
                    if key[0] != "~" and len(key[0]) >= width:
                        bars[key[0][:width]] = bars.get(key[0][:width], 0) + 1
                assert read.timeline_histogram(conn, width, first.id, both) == sorted(bars.items())
    assert checked or f.document_id is not None  # the seeds' top entities share items: the test can fail


def test_the_reported_axis_orders_by_the_documents_date_and_counts_the_same(conn):
    by_event = read.timeline_page(conn, 0, 1000)
    by_reported = read.timeline_page(conn, 0, 1000, filters=Filters(by="reported"))
    assert sorted(i.ref for i in by_event) == sorted(i.ref for i in by_reported)
    keys = [i.key for i in by_reported]
    assert keys == sorted(keys) and [k[0] for k in keys] == [i.reported or "~" for i in by_reported]
    middle = by_reported[len(by_reported) // 2]
    assert read.timeline_position(conn, middle, filters=Filters(by="reported")) == len(by_reported) // 2


# The whole timeline's filters read its class and reported date columns and the stored counts (schema
# v11); the per-row clauses over `timeline` (what an entity's timeline still uses) are the oracle.
_ORACLE_FILTERS = [
    Filters(kind="claim"),
    Filters(kind="fact", dated=True),
    Filters(kind="event", start="2023"),
    Filters(kind="claim", start="2023-09", end="2023-12"),
    Filters(by="reported", kind="claim"),
    Filters(by="reported", dated=True, start="2023"),
    Filters(by="reported", kind="fact", end="2023-09"),
    Filters(document_id=1),
    Filters(document_id=2, kind="claim", by="reported"),
]


def _oracle(conn: sqlite3.Connection, f: Filters) -> list[tuple]:
    from db.read.filters import timeline_clauses

    params: dict[str, object] = {}
    where = " AND ".join(timeline_clauses(f, params)) or "1"
    axis = "coalesce(d.date, '~')" if f.by == "reported" else "t.sort_key"
    return conn.execute(
        f'SELECT {axis}, t.document_id, t.line, t."column", t.kind, t.item_id FROM timeline t'
        f" JOIN documents d ON d.id = t.document_id WHERE {where} ORDER BY 1, 2, 3, 4, 5, 6",
        params,
    ).fetchall()


@pytest.mark.parametrize("f", _ORACLE_FILTERS, ids=str)
def test_stored_counts_rows_and_bars_agree_with_the_rows_themselves(conn, f):
    expected = _oracle(conn, f)
    assert expected or f.end == "2023-09"  # the seeds have rows for nearly every case: the test can fail
    assert read.timeline_count(conn, filters=f) == len(expected)
    shown = read.timeline_page(conn, 0, len(expected) + 5, total=len(expected), filters=f)
    assert [i.key for i in shown] == expected
    for index in range(0, len(expected), max(1, len(expected) // 5)):
        assert read.timeline_position(conn, shown[index], filters=f) == index
    for width in (4, 7, 10):
        bars: dict[str, int] = {}
        for key in expected:
            if key[0] != "~" and len(key[0]) >= width:
                bars[key[0][:width]] = bars.get(key[0][:width], 0) + 1
        assert read.timeline_histogram(conn, width, filters=f) == sorted(bars.items())


def test_the_counts_follow_a_claims_speaker_and_a_documents_date(seeds_db_copy):
    from tests.hardening.helpers import assert_filter_tables

    conn = sqlite3.connect(seeds_db_copy)
    claims = read.timeline_count(conn, filters=Filters(kind="claim"))
    by_2019 = read.timeline_count(conn, filters=Filters(by="reported", start="2019", end="2019"))
    # a claim held by an event and one on its own lose their speaker and cue: both are statements now
    held = conn.execute(
        "SELECT c.id FROM events v JOIN claims c ON c.id = v.claim_id WHERE c.speaker_id IS NOT NULL"
        " AND v.folded_into IS NULL LIMIT 1"
    ).fetchone()[0]
    own = conn.execute(
        "SELECT item_id FROM timeline WHERE kind = 1 AND item_id IN"
        " (SELECT id FROM claims WHERE speaker_id IS NOT NULL OR cue IS NOT NULL) LIMIT 1"
    ).fetchone()[0]
    with conn:
        conn.execute("UPDATE claims SET speaker_id = NULL, cue = NULL WHERE id IN (?, ?)", (held, own))
    assert read.timeline_count(conn, filters=Filters(kind="claim")) == claims - 2
    doc, rows = conn.execute(
        "SELECT document_id, count(*) FROM timeline GROUP BY document_id ORDER BY 2 DESC LIMIT 1"
    ).fetchone()
    with conn:
        conn.execute("UPDATE documents SET date = '2019-05-01' WHERE id = ?", (doc,))
    assert read.timeline_count(conn, filters=Filters(by="reported", start="2019", end="2019")) == by_2019 + rows
    assert ("2019", by_2019 + rows) in read.timeline_histogram(conn, 4, filters=Filters(by="reported"))
    assert_filter_tables(conn)
    conn.close()


@pytest.mark.parametrize(
    "f",
    [
        Filters(by="reported"),
        Filters(by="reported", kind="claim"),
        Filters(by="reported", kind="fact"),
        Filters(by="reported", document_id=1),
        Filters(document_id=1),
        Filters(by="reported", dated=True),
    ],
    ids=str,
)
def test_the_reported_order_merges_the_rows_the_index_leaves_out(seeds_db_copy, f):
    """The reported index holds no row undated on both axes (schema v12): with every document undated, a
    document's dated events (in the index, under "~") and its undated rows (the table's "~" range) interleave
    by position, and pages, walks both ways and positions read the one order the rows themselves give."""
    from tests.hardening.helpers import assert_filter_tables

    conn = sqlite3.connect(seeds_db_copy)
    with conn:
        conn.execute("UPDATE documents SET date = NULL")
    assert_filter_tables(conn)
    undated = conn.execute("SELECT count(*) FROM timeline WHERE sort_key = '~' AND reported = '~'").fetchone()[0]
    indexed = conn.execute("SELECT count(*) FROM timeline INDEXED BY timeline_reported WHERE sort_key < '~'")
    assert undated and indexed.fetchone()[0]  # both kinds of row are there: the test can fail
    expected = _oracle(conn, f)
    assert expected or f.dated
    assert read.timeline_count(conn, filters=f) == len(expected)
    shown = read.timeline_page(conn, 0, len(expected) + 5, total=len(expected), filters=f)
    assert [i.key for i in shown] == expected
    for index, item in enumerate(shown):
        assert read.timeline_position(conn, item, filters=f) == index
        after = read.timeline_near(conn, item.key, 3, filters=f)
        assert [i.key for i in after] == expected[index + 1 : index + 4]
        before = read.timeline_near(conn, item.key, 3, backward=True, filters=f)
        assert [i.key for i in before] == expected[max(0, index - 3) : index]
    if len(expected) > 4:  # the far end is read backwards
        assert [i.key for i in read.timeline_page(conn, len(expected) - 3, 3, total=len(expected), filters=f)] == (
            expected[-3:]
        )
