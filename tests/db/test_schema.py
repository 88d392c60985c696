"""The schema: one current schema, and the migration path of older files to it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from db import read
from db.store import migrations
from db.store.open import open_db
from db.store.schema import SCHEMA_VERSION, statements

V1_SQL = Path(__file__).with_name("schema_v1.sql")


def _make_v1(path) -> None:
    conn = sqlite3.connect(path)
    for statement in statements(V1_SQL.read_text(encoding="utf-8")):
        conn.execute(statement)
    line = "Ana Lima said on Monday that Brazil would vote."
    with conn:
        conn.execute(
            "INSERT INTO documents VALUES (1, '/n/a.txt', 'n/a.txt', NULL, '2020-03-04', 'day', NULL, NULL,"
            " 'h', 'utf-8', 10, 1, 'x')"
        )
        conn.execute("INSERT INTO lines (document_id, number, text) VALUES (1, 1, ?)", (line,))
        conn.execute("INSERT INTO entities VALUES (1, 'Ana Lima', 'PERSON', 'ana lima', 1, 1)")
        conn.execute("INSERT INTO entities VALUES (2, 'Brazil', 'PLACE', 'brazil', 1, 1)")
        conn.execute("INSERT INTO aliases (entity_id, name) VALUES (1, 'Ana Lima'), (2, 'Brazil')")
        conn.execute(
            'INSERT INTO mentions (entity_id, document_id, line, "column", length, text)'
            " VALUES (1, 1, 1, 1, 8, 'Ana Lima'), (2, 1, 1, 30, 6, 'Brazil')"
        )
        conn.execute(
            'INSERT INTO claims (id, document_id, line, "column", text, speaker_id, cue, date, precision,'
            " sort_key) VALUES (1, 1, 1, 30, 'Brazil would vote.', 1, 'said', '2020-03-04', 'day', '2020-03-04')"
        )
        conn.execute("INSERT INTO claim_entities VALUES (1, 2)")
        conn.execute(
            'INSERT INTO events (id, document_id, line, "column", text, expression, expression_column,'
            " date, precision, relation, sort_key) VALUES (1, 1, 1, 1, ?, 'Monday', 18, '2020-03-02', 'day',"
            " 'on', '2020-03-02')",
            (line,),
        )
        conn.execute("INSERT INTO event_entities VALUES (1, 1), (1, 2)")
    conn.execute("PRAGMA user_version = 1")
    conn.close()


def test_version_1_migrates_with_nothing_lost(tmp_path):
    path = tmp_path / "old.db"
    _make_v1(path)
    db = open_db(path)
    conn = db.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [(m.entity, m.column, m.text) for m in read.mentions(conn)] == [
        ("Ana Lima", 1, "Ana Lima"),
        ("Brazil", 30, "Brazil"),
    ]
    [claim] = read.claims(conn)
    assert (claim.text, claim.speaker, claim.entities) == ("Brazil would vote.", "Ana Lima", ("Brazil",))
    [event] = read.timeline(conn)
    assert (event.text, event.expression, event.date) == (
        "Ana Lima said on Monday that Brazil would vote.",
        "Monday",
        "2020-03-02",
    )
    # the explorer's order: the claim starts in the event's sentence, so the two are one row
    [row] = read.timeline_page(conn, 0, 10)
    assert (row.ref, row.claim, row.speaker, row.cue) == (("event", 1), 1, "Ana Lima", "said")
    assert read.timeline_page(conn, 0, 10, entity_id=1) == [row]  # in its speaker's timeline too
    # version 11: when each entity was in the news, from the date of the one document naming both
    assert {(e.first_seen, e.last_seen) for e in read.entities(conn)} == {("2020-03-04", "2020-03-04")}
    assert [h.line for h in read.search_lines(conn, "brazil")] == [1]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_a_fresh_database_is_the_current_version(tmp_path):
    conn = open_db(tmp_path / "new.db").conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "lines", "entities", "aliases", "mentions", "claims", "events", "timeline"} <= tables


def test_reading_an_older_database_upgrades_it_first(tmp_path):
    from db.store.open import ReadOnlyStore

    path = tmp_path / "old.db"
    _make_v1(path)
    store = open_db(path, create=False, readonly=True)
    assert isinstance(store, ReadOnlyStore)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert [c.text for c in read.claims(store.conn)] == ["Brazil would vote."]


def test_reads_do_not_import_sqlite_utils(seeds_db):
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "import sys\nfrom db.store.open import open_db\nfrom db import read\n"
        f"read.entities(open_db({str(seeds_db)!r}, create=False, readonly=True).conn, search='dix')\n"
        "print('sqlite_utils' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def _shape(path: Path) -> dict[str, object]:
    """Everything a schema is, read through sqlite-utils' introspection: every table's columns (name, type,
    not null, default, primary key, in order), its indexes, foreign keys and triggers, the FTS tables'
    options, and the views' columns."""
    db = sqlite_utils.Database(path)
    shape: dict[str, object] = {"version": db.execute("PRAGMA user_version").fetchone()[0]}
    for name in db.table_names():
        table = db[name]
        shape[f"table {name}"] = (
            [(c.name, c.type, c.notnull, c.default_value, c.is_pk) for c in table.columns],
            sorted((i.name, tuple(i.columns), i.unique) for i in table.indexes),
            sorted((f.column, f.other_table, f.other_column) for f in table.foreign_keys),
            sorted(t.name for t in table.triggers),
            " ".join(table.schema.split()) if table.schema.upper().startswith("CREATE VIRTUAL") else "",
            "WITHOUT ROWID" in table.schema.upper(),
        )
    for name in db.view_names():
        shape[f"view {name}"] = [c.name for c in db[name].columns]
    return shape


def test_a_version_1_file_migrated_forward_has_exactly_the_fresh_schema(tmp_path):
    _make_v1(tmp_path / "old.db")
    open_db(tmp_path / "old.db").conn.close()
    open_db(tmp_path / "new.db").conn.close()
    old, new = _shape(tmp_path / "old.db"), _shape(tmp_path / "new.db")
    assert old.keys() == new.keys()
    for key in new:
        assert old[key] == new[key], key


def _migrate_to(path: Path, version: int) -> None:
    """Bring a version-1 file to ``version`` exactly, as the Storyline of that version would have."""
    conn = sqlite3.connect(path)
    conn.execute("BEGIN IMMEDIATE")
    for step in migrations.pending(1):
        if step.version <= version:
            step.apply(conn)
            conn.execute(f"PRAGMA user_version = {step.version}")
    conn.execute("COMMIT")
    conn.close()


def test_a_version_10_file_gets_one_timeline_with_each_rows_class_and_date(tmp_path):
    """Version 11 folds timeline_rows (version 10's second copy of the timeline) into `timeline`: the rows,
    their class and reported date, the counts and a correction's undo entries of timeline rows all carry over."""
    path = tmp_path / "v10.db"
    _make_v1(path)
    _migrate_to(path, 10)
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 10
    v10_rows = conn.execute(
        'SELECT sort_key, document_id, line, "column", kind, item_id, said, reported FROM timeline_rows'
    ).fetchall()
    v10_counts = sorted(conn.execute("SELECT * FROM timeline_counts WHERE n != 0"))
    [key] = conn.execute("SELECT * FROM timeline").fetchall()
    with conn:
        conn.execute(
            "INSERT INTO correction_undo (correction_id, tbl, old, new, document_id)"
            " VALUES (1, 'timeline', ?, NULL, 1)",
            (json.dumps(list(key)),),
        )
    conn.close()
    conn = open_db(path).conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 13
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "timeline_rows" not in tables
    # version 12: the reported index leaves out what is undated on both axes, as a fresh file's does
    partial = "SELECT sql FROM sqlite_master WHERE name = 'timeline_reported'"
    fresh = open_db(tmp_path / "fresh.db").conn
    assert conn.execute(partial).fetchone()[0] == fresh.execute(partial).fetchone()[0]
    assert "WHERE sort_key < '~' OR reported < '~'" in conn.execute(partial).fetchone()[0]
    assert conn.execute("SELECT * FROM timeline").fetchall() == v10_rows == [(*key, 1, "2020-03-04")]
    assert sorted(conn.execute("SELECT * FROM timeline_counts WHERE n != 0")) == v10_counts
    [undo] = conn.execute("SELECT old FROM correction_undo WHERE tbl = 'timeline'").fetchall()
    assert json.loads(undo[0]) == [*key, 1, "2020-03-04"]
    # the filters read the new columns and the triggers keep them: a speaker gone, a document redated
    assert read.timeline_count(conn, filters=read.Filters(kind="claim")) == 1
    with conn:
        conn.execute("UPDATE claims SET speaker_id = NULL, cue = NULL")
        conn.execute("UPDATE documents SET date = '2021-01-02'")
    assert conn.execute("SELECT said, reported FROM timeline").fetchall() == [(2, "2021-01-02")]
    assert read.timeline_count(conn, filters=read.Filters(kind="claim")) == 0
    assert read.timeline_count(conn, filters=read.Filters(kind="fact", by="reported", start="2021")) == 1
    assert [r.ref for r in read.timeline_page(conn, 0, 5, total=1, filters=read.Filters(document_id=1))] == [
        ("event", 1)
    ]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_version_1_file_with_a_wire_copy_migrates_forward(tmp_path):
    """Version 5 groups near-duplicates and folds a copy's timeline rows, through today's code, into the
    timeline table of that version (no class or reported date yet)."""
    path = tmp_path / "old.db"
    _make_v1(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO documents VALUES (2, '/n/b.txt', 'n/b.txt', NULL, '2020-03-05', 'day', NULL, NULL,"
            " 'h2', 'utf-8', 10, 1, 'x')"
        )
        conn.execute(
            "INSERT INTO lines (document_id, number, text) SELECT 2, number, text FROM lines WHERE document_id = 1"
        )
        conn.execute(  # the same claim and event: they fold into the original's
            'INSERT INTO claims (id, document_id, line, "column", text, speaker_id, cue, date, precision, sort_key)'
            ' SELECT 2, 2, line, "column", text, speaker_id, cue, date, precision, sort_key FROM claims WHERE id = 1'
        )
        conn.execute(
            'INSERT INTO events (id, document_id, line, "column", text, expression, expression_column, date,'
            ' precision, relation, sort_key) SELECT 2, 2, line, "column", text, expression, expression_column,'
            " date, precision, relation, sort_key FROM events WHERE id = 1"
        )
    conn.close()
    conn = open_db(path).conn
    assert conn.execute("SELECT id, copy_of FROM documents ORDER BY id").fetchall() == [(1, None), (2, 1)]
    assert conn.execute("SELECT id, folded_into FROM events ORDER BY id").fetchall() == [(1, None), (2, 1)]
    assert conn.execute("SELECT document_id, said, reported FROM timeline").fetchall() == [(1, 1, "2020-03-04")]
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_migrations_are_registered_in_order_up_to_the_current_version():
    versions = [m.version for m in migrations.MIGRATIONS]
    assert versions == list(range(2, SCHEMA_VERSION + 1))
    assert [m.version for m in migrations.pending(2)] == list(range(3, SCHEMA_VERSION + 1))
    assert migrations.pending(SCHEMA_VERSION) == []
    with pytest.raises(ValueError, match="out of order"):
        migrations.migration(SCHEMA_VERSION + 2, "a gap")(lambda conn: None)
