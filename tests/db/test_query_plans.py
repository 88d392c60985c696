"""No query the explorer runs on a keystroke reads a whole table.

Each hot call runs against a real database with a trace of the SQL it sends;
every statement's EXPLAIN QUERY PLAN must find its rows through an index.
A full walk is allowed only where it is the point (counting the timeline,
reading it in its clustered order with LIMIT) and is named here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import pytest

from db import read

BIG_TABLES = {
    "documents",
    "lines",
    "entities",
    "aliases",
    "mentions",
    "claims",
    "events",
    "timeline",
    "claim_entities",
    "event_entities",
    "timeline_entities",
    "timeline_counts",
}
# pages read in their table's clustered order: no sort however many rows match
IN_ORDER = {
    "timeline first page",
    "timeline last page (G)",
    "timeline of an entity",
    "timeline end of an entity",
    "timeline of attributed claims",
    "timeline by when said",
}


@pytest.fixture
def conn(seeds_db):
    conn = sqlite3.connect(f"file:{seeds_db}?mode=ro", uri=True)
    yield conn
    conn.close()


def _plans(conn: sqlite3.Connection, call: Callable[[sqlite3.Connection], object]) -> list[tuple[str, list[str]]]:
    sent: list[str] = []
    conn.set_trace_callback(sent.append)
    try:
        call(conn)
    finally:
        conn.set_trace_callback(None)
    out = []
    for sql in sent:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        out.append((sql, plan))
    assert out, "the call sent no query"
    return out


def _full_scans(plan: list[str]) -> set[str]:
    scans = set()
    for step in plan:
        words = step.split()
        if words[:1] == ["SCAN"] and "INDEX" not in step and "PRIMARY KEY" not in step:
            table = words[1]
            if table in BIG_TABLES:
                scans.add(table)
    return scans


def _first(conn, sql, *args):
    return conn.execute(sql, args).fetchone()


KNOWN: dict[str, object] = {}  # rows the calls start from, read before tracing

HOT_CALLS: dict[str, tuple[Callable[[sqlite3.Connection], object], set[str]]] = {
    # the timeline in its clustered order: a walk of the primary key, stopped by LIMIT
    "timeline first page": (lambda c: read.timeline_page(c, 0, 50), {"timeline"}),
    "timeline last page (G)": (lambda c: read.timeline_page(c, 20, 50, total=25), {"timeline"}),
    "timeline next page by key": (lambda c: read.timeline_near(c, KNOWN["item"].key, 50), set()),
    "timeline position": (lambda c: read.timeline_position(c, KNOWN["item"]), set()),
    "timeline of an entity": (lambda c: read.timeline_page(c, 0, 50, entity_id=1, total=10), set()),
    "timeline end of an entity": (lambda c: read.timeline_page(c, 8, 50, entity_id=1, total=10), set()),
    "events of an entity (CLI)": (lambda c: read.timeline(c, [1]), set()),
    "entity by name (CLI)": (lambda c: read.entity_ids_named(c, "xiaomi"), set()),
    "timeline count of an entity": (lambda c: read.timeline_count(c, entity_id=1), set()),
    "claims of an entity (CLI)": (lambda c: read.claims(c, [1]), set()),
    "entity search (one letter)": (lambda c: read.entities(c, search="d", limit=50), set()),
    "items on a source line": (lambda c: read.items_on_line(c, 1, 3), set()),
    "entities on a source line": (lambda c: read.entities_on_line(c, 1, 3), set()),
    "an item's entities": (lambda c: read.item_entities(c, "claim", 1), set()),
    "source lines": (lambda c: read.source_lines(c, 1, 1, 40), set()),
    "mentions on screen": (lambda c: read.mentions_between(c, 1, 1, 40), set()),
    "next mention": (lambda c: read.mention_step(c, 1, (1, 1, 1)), set()),
    "mention position": (lambda c: read.mention_index(c, KNOWN["mention"]), set()),
    "entity page": (lambda c: read.entities(c, limit=100, offset=0), set()),
    "entity page of a type": (lambda c: read.entities(c, type="ORG", limit=100, offset=0), set()),
    "entity position": (lambda c: read.entity_position(c, 1), set()),
    "entity page by documents": (lambda c: read.entities(c, limit=100, offset=0, order="documents"), set()),
    "entity page by name": (lambda c: read.entities(c, limit=100, offset=0, order="name"), set()),
    "entity page by type": (lambda c: read.entities(c, limit=100, offset=0, order="type"), set()),
    "entity search (prefix)": (lambda c: read.entities(c, search="dix", limit=50), set()),
    "text search": (lambda c: read.search_lines(c, "smartphone"), set()),
    # issue 17: a date range is a range of the timeline's key; an entity's filtered timeline stays its own walk
    "timeline of a year": (
        lambda c: read.timeline_page(c, 0, 50, total=10, filters=read.Filters(start="2023", end="2023")),
        set(),
    ),
    "count of a year, dated": (
        lambda c: read.timeline_count(c, filters=read.Filters(start="2023-09", end="2023", dated=True)),
        set(),
    ),
    "go to a date": (lambda c: read.timeline_seek(c, "2023-09"), set()),
    "an entity's claims": (
        lambda c: read.timeline_page(c, 0, 50, entity_id=1, total=10, filters=read.Filters(kind="claim")),
        set(),
    ),
    "appears with": (lambda c: read.cooccurring(c, 1, 50), set()),
    # a kind walks the timeline's key; the reported axis (and a document) its index; counts and bars the stored counts
    "timeline of attributed claims": (
        lambda c: read.timeline_page(c, 0, 50, total=10, filters=read.Filters(kind="claim")),
        set(),
    ),
    "timeline by when said": (
        lambda c: read.timeline_page(c, 0, 50, total=10, filters=read.Filters(by="reported")),
        set(),
    ),
    "count of claims, dated": (
        lambda c: read.timeline_count(c, filters=read.Filters(kind="claim", dated=True)),
        set(),
    ),
    "position among facts": (
        lambda c: read.timeline_position(c, KNOWN["item"], filters=read.Filters(kind="fact")),
        set(),
    ),
    "timeline of one document": (
        lambda c: read.timeline_page(c, 0, 50, total=10, filters=read.Filters(document_id=1)),
        set(),
    ),
    "count of one document's claims": (
        lambda c: read.timeline_count(c, filters=read.Filters(document_id=1, kind="claim")),
        set(),
    ),
    "histogram of the timeline": (lambda c: read.timeline_histogram(c, 4), set()),
    "histogram of claims by when said": (
        lambda c: read.timeline_histogram(c, 7, filters=read.Filters(kind="claim", by="reported")),
        set(),
    ),
}


@pytest.mark.parametrize("name", sorted(HOT_CALLS))
def test_hot_queries_use_indexes(conn, name):
    call, allowed = HOT_CALLS[name]
    KNOWN["item"] = read.timeline_page(conn, 2, 1, total=read.timeline_count(conn))[0]
    KNOWN["mention"] = read.mention_step(conn, 1, None)
    for sql, plan in _plans(conn, call):
        scans = _full_scans(plan)
        assert scans <= allowed, f"{name}: {sql}\n" + "\n".join(plan)
        if name in IN_ORDER:
            assert not any("TEMP B-TREE" in step for step in plan), f"{name} sorts: {sql}\n" + "\n".join(plan)


@pytest.mark.parametrize(
    "call",
    [
        lambda c, a, b: read.timeline_count(c, a, read.Filters(with_entity=b)),
        lambda c, a, b: read.timeline_count(c, a, read.Filters(with_entity=b, kind="claim", start="2023")),
        lambda c, a, b: read.timeline_histogram(c, 4, a, read.Filters(with_entity=b)),
        lambda c, a, b: read.timeline_position(c, KNOWN["item"], a, read.Filters(with_entity=b)),
    ],
    ids=["count", "count of claims since a year", "histogram", "position"],
)
def test_appears_with_reads_both_timelines_in_one_merge(conn, call):
    """Counting the items two entities share merges their two runs of timeline_entities; a temporary
    b-tree (SQLite dropping the subquery's order) or a look-up per row would be slower at 100k."""
    a, b = (e.id for e in read.entities(conn, limit=2))
    KNOWN["item"] = read.timeline_page(conn, 0, 1, entity_id=a)[0]
    plans = [plan for sql, plan in _plans(conn, lambda c: call(c, a, b)) if "INTERSECT" in sql]
    assert plans
    for plan in plans:
        assert "MERGE (INTERSECT)" in plan and not any("INTERSECT USING TEMP B-TREE" in s for s in plan), plan
        assert not _full_scans(plan), plan


@pytest.mark.parametrize("order", sorted(read.ORDERS))
def test_every_entity_sort_is_an_index_walk(conn, order):
    """The entity pane's sort columns read their page in an index's order, never a sort of every entity."""
    for sql, plan in _plans(conn, lambda c: read.entities(c, limit=100, offset=200, order=order)):
        if "FROM entities e" in sql:
            assert not any("TEMP B-TREE" in step for step in plan), f"{order} sorts: {sql}\n" + "\n".join(plan)


def test_fuzzy_search_reads_a_bounded_number_of_entities(conn):
    for sql, plan in _plans(conn, lambda c: read.fuzzy_entities(c, "xmi")):
        if "LIKE" in sql:
            assert f"LIMIT {read.FUZZY_SCAN}" in sql
            assert any("entities_rank" in step for step in plan), plan


@pytest.mark.parametrize("text", ["x", "la", "dix", "india", "atul l", "smart phone"])
@pytest.mark.parametrize("type", [None, "ORG"])
def test_a_search_matching_very_many_walks_by_rank_to_the_same_answer(conn, monkeypatch, text, type):
    collected = read.entities(conn, search=text, type=type, limit=20)
    monkeypatch.setattr(read.names, "MANY_MATCHES", 0)  # every query now counts as matching very many
    walked = read.entities(conn, search=text, type=type, limit=20)
    assert walked == collected
    for sql, plan in _plans(conn, lambda c: read.entities(c, search=text, type=type, limit=20)):
        assert not _full_scans(plan), sql
        if "FROM entities e" in sql:  # the walk itself: in rank order, never a sort of the matches
            assert not any("TEMP B-TREE" in step for step in plan), sql


def test_fuzzy_matches_follow_prefix_matches_in_rank_order(conn):
    found = read.fuzzy_entities(conn, "xmi", 50)
    assert found[0].name == "Xiaomi"
    assert len({e.id for e in found}) == len(found)


def test_short_searches_find_word_starts_in_names_and_aliases(conn):
    one = [e.name for e in read.entities(conn, search="x", limit=50)]
    assert one[0] == "Xiaomi"  # the most mentioned first
    assert "Atul B Lall" in [e.name for e in read.entities(conn, search="la", limit=50)]  # a later word
    assert [e.name for e in read.entities(conn, search="x", type="PLACE", limit=50)] == []


def test_the_writers_deletes_find_their_rows_by_key(seeds_db_copy):
    """Deleting a document (a changed file's old version, a prune) reads no table whole: at 20,000
    documents a scan of the two timeline tables per deleted document made re-ingest crawl."""
    from db.store.ingest import rows

    conn = sqlite3.connect(seeds_db_copy)
    sent: list[str] = []
    conn.execute("BEGIN")
    conn.set_trace_callback(sent.append)
    try:
        rows.delete_document(conn, 1)
    finally:
        conn.set_trace_callback(None)
    checked = 0
    for sql in sent:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH", "DELETE", "UPDATE")):
            continue
        if "lines_fts" in sql or "'main'." in sql:  # the FTS module's own statements
            continue
        plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert not _full_scans(plan), f"{sql}\n" + "\n".join(plan)
        checked += 1
    assert checked >= 8 and any("timeline_entities" in sql for sql in sent)
    conn.execute("ROLLBACK")
    conn.close()


def test_the_corpus_folder_is_two_seeks_not_a_walk_of_every_path(conn):
    """The explorer's first screen names the corpus by the folder every path shares: the first and last
    path in documents_doc. One SELECT of min() and max() walks the whole index (0.4 s of a 100k
    database's first screen read cold); each alone is one seek."""
    for sql, plan in _plans(conn, lambda c: (read.corpus_root(c), read.corpus_name(c, "x"))):
        assert not any(step.startswith("SCAN documents") for step in plan), f"{sql}\n" + "\n".join(plan)


def test_fuzzy_matches_keep_letters_that_stand_close_together(tmp_path):
    from db.read.names import _spread
    from db.store.open import open_db

    assert _spread("tony blair", list("blar")) == 1
    assert _spread("british national party", list("blar")) > 4
    db = open_db(tmp_path / "f.db")
    db.conn.executemany(
        "INSERT INTO entities (name, type, key, mentions) VALUES (?, ?, lower(?), ?)",
        [("Bristol National Party", "ORG", "Bristol National Party", 90), ("Toni Blairo", "PERSON", "Toni Blairo", 5)],
    )
    assert [e.name for e in read.fuzzy_entities(db.conn, "blar")] == ["Toni Blairo"]  # the letters strewn: no match
