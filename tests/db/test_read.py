"""UI-oriented queries: timeline order and paging by offset and by key, positions, mention walks."""

from __future__ import annotations

import pytest

from db import read
from db.store.connection import connect
from tests.app.fixture_db import build, build_long


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    c = connect(build(tmp_path_factory.mktemp("b") / "s.db"), readonly=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def long_conn(tmp_path_factory):
    c = connect(build_long(tmp_path_factory.mktemp("l") / "l.db", 250), readonly=True)
    yield c
    c.close()


def test_timeline_mixes_events_and_claims_in_date_order_undated_last(conn):
    rows = read.timeline_page(conn, 0, 100)
    assert [r.ref for r in rows] == [
        ("event", 2),
        ("event", 3),
        ("claim", 2),
        ("event", 1),
        ("claim", 1),
        ("claim", 3),
        ("event", 4),
    ]
    assert [r.date for r in rows][-2:] == [None, None]
    assert rows[2].speaker == "Acme Corp" and rows[2].doc == "corpus/beta.txt"
    assert read.timeline_count(conn) == 7


def test_every_page_read_by_offset_from_either_end_matches(long_conn):
    whole = read.timeline_page(long_conn, 0, 1000)
    assert len(whole) == 250
    for offset in (0, 37, 100, 140, 200, 240):
        assert read.timeline_page(long_conn, offset, 30) == whole[offset : offset + 30]


def test_pages_read_by_key_match_pages_read_by_offset(long_conn):
    whole = read.timeline_page(long_conn, 0, 1000)
    assert read.timeline_rows(long_conn, 100, 100, (99, whole[99])) == whole[100:200]
    assert read.timeline_rows(long_conn, 100, 100, (200, whole[200])) == whole[100:200]
    assert read.timeline_rows(long_conn, 100, 100, (150, whole[150])) == whole[100:200]
    assert read.timeline_rows(long_conn, 200, 100, (199, whole[199])) == whole[200:]


def test_positions_with_and_without_an_entity_filter(conn):
    rows = read.timeline_page(conn, 0, 100)
    assert [read.timeline_position(conn, r) for r in rows] == list(range(7))
    acme = read.timeline_page(conn, 0, 100, entity_id=1)
    assert [r.ref for r in acme] == [("event", 3), ("claim", 2), ("event", 1), ("claim", 1)]
    assert [read.timeline_position(conn, r, 1) for r in acme] == [0, 1, 2, 3]
    assert read.timeline_count(conn, 1) == 4


def test_what_sits_on_a_line_and_an_item(conn):
    assert [i.ref for i in read.items_on_line(conn, 1, 4)] == [("claim", 1)]
    assert read.entities_on_line(conn, 1, 4) == [1, 2]
    assert read.item_entities(conn, "claim", 1) == [1, 2]  # Acme and its speaker Jane Roe
    assert read.entity_names(conn, [2, 1]) == [(2, "Jane Roe"), (1, "Acme Corp")]


def test_mentions_walk_forward_and_back_with_wraparound(conn):
    first = read.mention_step(conn, 1, None)
    assert (first.document_id, first.line, first.column) == (1, 1, 1)
    seen = [first]
    for _ in range(read.mention_count(conn, 1) - 1):
        seen.append(read.mention_step(conn, 1, (seen[-1].document_id, seen[-1].line, seen[-1].column)))
    assert [read.mention_index(conn, m) for m in seen] == list(range(6))
    last = seen[-1]
    assert read.mention_step(conn, 1, (last.document_id, last.line, last.column)) == first
    assert read.mention_step(conn, 1, (1, 1, 1), backward=True) == last


def test_entity_positions_follow_the_ranked_list(conn):
    assert read.entity_position(conn, 1) == 0
    assert read.entity_position(conn, 5, "PLACE") == 1
    assert read.entity_position(conn, 5, "ORG") is None
    assert read.entity_count(conn, "PLACE") == 2


@pytest.mark.parametrize("walked", [0, 1000])  # one ranked pass / counts between neighbours
def test_many_entities_are_placed_as_one_by_one_would_be(tmp_path, monkeypatch, walked):
    import sqlite3

    from db.read import names

    monkeypatch.setattr(names, "_WALKED", walked)
    path = build(tmp_path / "s.db")
    with sqlite3.connect(path) as raw:  # ties in every column the orders sort by
        for i in range(60):
            raw.execute(
                "INSERT INTO entities (name, type, key, mentions, documents) VALUES (?, ?, ?, ?, ?)",
                (f"{'ab'[i % 2]}name {i % 7}", ("PERSON", "ORG", "PLACE")[i % 3], f"k{i}", i % 4, i % 3),
            )
    c = connect(path, readonly=True)
    ids = [row[0] for row in c.execute("SELECT id FROM entities ORDER BY (id * 7919) % 61")]
    for order in names.ORDERS:
        for kind in (None, "ORG"):
            one_by_one = [read.entity_position(c, i, kind, order) for i in ids]
            assert read.entity_positions(c, ids, kind, order) == one_by_one, (order, kind)
            assert None not in one_by_one or kind
    assert read.entity_positions(c, [], None) == []
    c.close()


def test_huge_lines_are_clipped_and_windowed_around_a_focus(conn):
    text = "Acme Corp said on Wednesday that it will open a plant in Pune."
    lines = read.source_lines(conn, 1, 3, 3, clip=10)
    assert (lines[0].text, lines[0].length, lines[0].start) == (text[:10], len(text), 0)
    windowed = read.source_lines(conn, 1, 3, 3, clip=12, focus=(3, 58))
    assert (windowed[0].start, windowed[0].text) == (54, text[54:66])
    assert read.source_lines(conn, 1, 3, 3, clip=100, focus=(3, 58))[0].start == 0


def test_corpus_name_and_counts(conn):
    assert read.corpus_name(conn, "fallback") == "corpus"
    assert read.counts(conn) == read.Counts(3, 5, 4, 3)
