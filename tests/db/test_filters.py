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


def test_the_reported_axis_orders_by_the_documents_date_and_counts_the_same(conn):
    by_event = read.timeline_page(conn, 0, 1000)
    by_reported = read.timeline_page(conn, 0, 1000, filters=Filters(by="reported"))
    assert sorted(i.ref for i in by_event) == sorted(i.ref for i in by_reported)
    keys = [i.key for i in by_reported]
    assert keys == sorted(keys) and [k[0] for k in keys] == [i.reported or "~" for i in by_reported]
    middle = by_reported[len(by_reported) // 2]
    assert read.timeline_position(conn, middle, filters=Filters(by="reported")) == len(by_reported) // 2
