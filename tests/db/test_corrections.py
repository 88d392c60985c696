"""Corrections: a log applied by stable identities, re-applied after every ingest, undone exactly."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from db.store import corrections
from db.store.corrections import CorrectionError
from db.store.ingest import ingest
from db.store.open import open_db
from tests.hardening.helpers import assert_consistent

A = """title: Brussels talks
date: 2024-03-04

The European Union said on Monday that trade talks with Canada would resume.
Ursula Moreau, a spokeswoman for the European Union, said the talks were going well.
The EU also said that Canada had agreed to new terms on Tuesday.
"""
B = """title: Trade deal
date: 2024-03-08

The EU said on Friday that the deal with Canada was signed.
"This is a good day," said Jean Tremblay, the Canadian trade minister.
Tremblay said on Saturday that Ottawa would ratify the deal.
"""
C = """title: Ottawa reacts
date: 2024-03-09

Jean Tremblay said on Sunday that the EU deal would create jobs.
The European Commission said that Brussels welcomed the vote.
"""


def write_corpus(folder: Path) -> Path:
    news = folder / "news"
    news.mkdir(parents=True, exist_ok=True)
    for name, text in (("a.txt", A), ("b.txt", B), ("c.txt", C)):
        (news / name).write_text(text, encoding="utf-8")
    return news


def build(folder: Path, name: str = "s.db") -> Path:
    news = folder / "news"
    if not news.exists():
        write_corpus(folder)
    path = folder / name
    db = open_db(path)
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        report = ingest(db, ["news"], jobs=1)
    finally:
        os.chdir(cwd)
        db.conn.close()
    assert not report.failed
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """The corpus ingested in its own folder (documents are stored by absolute path)."""
    return build(tmp_path)


def state(path: Path) -> dict[str, list[tuple]]:
    """Every derived row, row ids included: an exact undo gives back exactly these."""
    conn = sqlite3.connect(path)
    try:
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in (
                "entities",
                "aliases",
                "mentions",
                "claims",
                "claim_entities",
                "event_entities",
                "timeline",
                "timeline_entities",
            )
        }
    finally:
        conn.close()


def entity(conn: sqlite3.Connection, name: str) -> dict:
    row = conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()
    assert row, name
    return corrections.identity(conn, row[0])


def names(conn: sqlite3.Connection) -> dict[str, tuple[str, int]]:
    return {n: (t, m) for n, t, m in conn.execute("SELECT name, type, mentions FROM entities")}


def ingest_again(path: Path) -> None:
    db = open_db(path)
    cwd = os.getcwd()
    os.chdir(path.parent)
    try:
        ingest(db, ["news"], jobs=1)
    finally:
        os.chdir(cwd)
        db.conn.close()


def test_merge_moves_everything_and_undo_restores_every_row(store):
    before = state(store)
    conn = open_db(store).conn
    c, outcome = corrections.record(
        conn, "merge", {"sources": [entity(conn, "European Commission")], "into": entity(conn, "European Union")}
    )
    assert outcome.message == "merged 2 entities into European Union, 6 mentions"
    found = names(conn)
    assert "European Commission" not in found and found["European Union"] == ("ORG", 6)
    speakers = {r[0] for r in conn.execute("SELECT e.name FROM claims c JOIN entities e ON e.id = c.speaker_id")}
    assert "European Commission" not in speakers
    assert [x.applied for x in corrections.list_corrections(conn)] == [True]
    conn.close()
    assert_consistent(store)
    conn = open_db(store).conn
    undone, _ = corrections.undo(conn)
    assert undone.id == c.id and corrections.list_corrections(conn) == []
    conn.close()
    assert state(store) == before
    assert_consistent(store)


@pytest.mark.parametrize(
    ("action", "args"),
    [
        ("rename", lambda conn: {"entity": entity(conn, "Jean Tremblay"), "name": "Jean-Paul Tremblay"}),
        ("retype", lambda conn: {"entity": entity(conn, "Canadian"), "type": "PLACE"}),
        ("drop", lambda conn: {"entity": entity(conn, "Canada")}),
        (
            "split",
            lambda conn: {"entity": entity(conn, "European Union"), "alias": "EU", "type": "ORG", "key": "eu"},
        ),
    ],
)
def test_each_correction_applies_and_undoes_exactly(store, action, args):
    before = state(store)
    conn = open_db(store).conn
    corrections.record(conn, action, args(conn))
    after = names(conn)
    conn.close()
    assert_consistent(store)
    if action == "rename":
        assert "Jean-Paul Tremblay" in after and "Jean Tremblay" not in after
    if action == "retype":
        assert after["Canadian"][0] == "PLACE"
    if action == "drop":
        assert "Canada" not in after
        conn = sqlite3.connect(store)
        assert conn.execute("SELECT count(*) FROM mentions_text WHERE text = 'Canada'").fetchone()[0] == 0
        conn.close()
    if action == "split":
        assert after["EU"] == ("ORG", 3) and after["European Union"] == ("ORG", 2)
    conn = open_db(store).conn
    corrections.undo(conn)
    conn.close()
    assert state(store) == before


def test_speaker_set_and_cleared_by_line_text(store):
    conn = open_db(store).conn
    path = str((store.parent / "news" / "b.txt").resolve())
    line = "Tremblay said on Saturday that Ottawa would ratify the deal."
    args = {"doc": "news/b.txt", "path": path, "line": 6, "text": line, "column": None}
    before = state(store)
    corrections.record(conn, "speaker", {**args, "speaker": entity(conn, "Ursula Moreau")})
    speaker = conn.execute(
        "SELECT e.name FROM claims c JOIN entities e ON e.id = c.speaker_id JOIN documents d ON d.id = c.document_id"
        " WHERE d.doc = 'news/b.txt' AND c.line = 6"
    ).fetchone()
    assert speaker == ("Ursula Moreau",)
    corrections.record(conn, "speaker", {**args, "speaker": None})
    assert conn.execute(
        "SELECT c.speaker_id FROM claims c JOIN documents d ON d.id = c.document_id"
        " WHERE d.doc = 'news/b.txt' AND c.line = 6"
    ).fetchone() == (None,)
    conn.close()
    assert_consistent(store)
    conn = open_db(store).conn
    corrections.undo(conn)
    corrections.undo(conn)
    conn.close()
    assert state(store) == before


def test_a_correction_whose_target_is_missing_changes_nothing(store):
    conn = open_db(store).conn
    before = state(store)
    with pytest.raises(CorrectionError, match="not in the store"):
        corrections.record(
            conn,
            "merge",
            {"sources": [entity(conn, "Canada")], "into": {"type": "ORG", "key": "nobody", "name": "Nobody"}},
        )
    assert corrections.list_corrections(conn) == []
    conn.close()
    assert state(store) == before


def test_undo_of_an_earlier_correction_keeps_the_later_ones(store):
    conn = open_db(store).conn
    first, _ = corrections.record(
        conn, "merge", {"sources": [entity(conn, "European Commission")], "into": entity(conn, "European Union")}
    )
    corrections.record(conn, "rename", {"entity": entity(conn, "European Union"), "name": "The Union"})
    corrections.undo(conn, first.id)
    found = names(conn)
    assert found["The Union"] == ("ORG", 5) and found["European Commission"] == ("ORG", 1)
    assert [c.action for c in corrections.list_corrections(conn)] == ["rename"]
    conn.close()
    assert_consistent(store)


def test_corrections_hold_after_a_changed_file_is_ingested_again(store):
    conn = open_db(store).conn
    corrections.record(
        conn, "merge", {"sources": [entity(conn, "European Commission")], "into": entity(conn, "European Union")}
    )
    corrections.record(conn, "rename", {"entity": entity(conn, "Jean Tremblay"), "name": "J. Tremblay"})
    conn.close()
    c = store.parent / "news" / "c.txt"
    c.write_text(C + "The European Commission said on Monday that it agreed.\n", encoding="utf-8")
    ingest_again(store)
    conn = open_db(store).conn
    found = names(conn)
    assert "European Commission" not in found and found["European Union"] == ("ORG", 7)
    assert "J. Tremblay" in found and "Jean Tremblay" not in found
    assert all(c.applied for c in corrections.list_corrections(conn))
    conn.close()
    assert_consistent(store)
    # undone after the re-ingest: the machine's entities again, nothing of the old file's rows
    conn = open_db(store).conn
    corrections.undo(conn)
    corrections.undo(conn)
    found = names(conn)
    conn.close()
    assert found["European Commission"] == ("ORG", 2) and found["European Union"] == ("ORG", 5)
    assert "Jean Tremblay" in found
    assert_consistent(store)


def test_a_fresh_database_given_the_log_ends_in_the_same_state(store, tmp_path):
    conn = open_db(store).conn
    corrections.record(
        conn, "merge", {"sources": [entity(conn, "European Commission")], "into": entity(conn, "European Union")}
    )
    corrections.record(conn, "retype", {"entity": entity(conn, "Canadian"), "type": "PLACE"})
    log = corrections.list_corrections(conn)
    conn.close()
    fresh = build(tmp_path / "news" / "..", "fresh.db")
    conn = open_db(fresh).conn
    for c in log:
        corrections.record(conn, c.action, c.args)
    conn.close()
    assert names(sqlite3.connect(fresh)) == names(sqlite3.connect(store))


def test_a_correction_waits_while_its_target_is_gone_and_applies_when_it_comes_back(store):
    conn = open_db(store).conn
    corrections.record(conn, "merge", {"sources": [entity(conn, "Brussels")], "into": entity(conn, "Ursula Moreau")})
    conn.close()
    news = store.parent / "news"
    (news / "a.txt").write_text(A.replace("Ursula Moreau, a", "A"), encoding="utf-8")
    (news / "c.txt").write_text(C.replace("Brussels welcomed", "it welcomed"), encoding="utf-8")
    (news / "d.txt").write_text("Brussels said on Monday that it would wait.\n", encoding="utf-8")
    ingest_again(store)
    conn = open_db(store).conn
    assert [c.applied for c in corrections.list_corrections(conn)] == [False]
    assert "Brussels" in names(conn) and "Ursula Moreau" not in names(conn)
    conn.close()
    (news / "a.txt").write_text(A, encoding="utf-8")
    ingest_again(store)
    conn = open_db(store).conn
    assert [c.applied for c in corrections.list_corrections(conn)] == [True]
    assert "Brussels" not in names(conn) and names(conn)["Ursula Moreau"] == ("PERSON", 2)
    conn.close()
    assert_consistent(store)


def test_a_speaker_follows_its_line_text_and_a_split_holds_after_re_ingest(store):
    conn = open_db(store).conn
    path = str((store.parent / "news" / "b.txt").resolve())
    line = "Tremblay said on Saturday that Ottawa would ratify the deal."
    args = {"doc": "news/b.txt", "path": path, "line": 6, "text": line, "column": None}
    corrections.record(conn, "speaker", {**args, "speaker": entity(conn, "Ursula Moreau")})
    corrections.record(
        conn, "split", {"entity": entity(conn, "European Union"), "alias": "EU", "type": "ORG", "key": "eu"}
    )
    conn.close()
    news = store.parent / "news"
    (news / "b.txt").write_text(B.replace("\n\n", "\n\nA new first line.\n", 1), encoding="utf-8")
    (news / "a.txt").write_text(A + "The EU said on Friday that it agreed.\n", encoding="utf-8")
    ingest_again(store)
    conn = open_db(store).conn
    moved = conn.execute(
        "SELECT c.line, e.name FROM claims c JOIN entities e ON e.id = c.speaker_id"
        " JOIN documents d ON d.id = c.document_id JOIN lines l ON l.document_id = d.id AND l.number = c.line"
        " WHERE d.doc = 'news/b.txt' AND l.text = ?",
        (line,),
    ).fetchall()
    assert moved == [(7, "Ursula Moreau")]
    found = names(conn)
    assert found["EU"] == ("ORG", 4) and found["European Union"] == ("ORG", 2)
    assert all(c.applied for c in corrections.list_corrections(conn))
    conn.close()
    assert_consistent(store)


@pytest.mark.parametrize(
    ("sources", "into", "mentions"),
    [
        # of other types, into a person: each mention keeps the type it reads as; a claim's timeline row
        # that names both (Tremblay speaks, Ottawa is its subject) is one row after, two again after the undo
        (["Ottawa", "Canada"], "Jean Tremblay", 7),
        # a speaker of three claims and the speaker of one: the claims move, as speaker and in the timelines
        (["Jean Tremblay", "European Commission"], "European Union", 9),
    ],
)
def test_a_merge_of_several_is_journaled_set_wise_and_undone_exactly(store, sources, into, mentions):
    before = state(store)
    conn = open_db(store).conn
    args = {"sources": [entity(conn, n) for n in sources], "into": entity(conn, into)}
    theirs = sum(names(conn)[n][1] for n in sources)
    corrections.record(conn, "merge", args)
    assert names(conn)[into][1] == mentions and not set(sources) & set(names(conn))
    # one compact entry per moved mention, none of them by the row triggers (of the target's type: its
    # key and entity alone, the type untouched)
    journaled = dict(conn.execute("SELECT tbl, count(*) FROM correction_undo GROUP BY tbl").fetchall())
    assert journaled.get("mentions>", 0) + journaled.get("mentions:entity>", 0) == theirs
    assert "mentions" not in journaled
    conn.close()
    assert_consistent(store)
    conn = open_db(store).conn
    corrections.undo(conn)
    conn.close()
    assert state(store) == before
    assert_consistent(store)


def by_identity(path: Path) -> dict[str, list[tuple]]:
    """The derived rows named by what they are (document path, position, entity type and name), not by row ids."""
    conn = sqlite3.connect(path)
    doc = "(SELECT doc FROM documents WHERE id = {})"
    queries = {
        "entities": "SELECT type, key, name, mentions, documents FROM entities",
        "aliases": "SELECT e.type, e.key, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id",
        "mentions": f'SELECT {doc.format("m.document_id")}, m.line, m."column", e.type, e.key, m.length,'
        " m.mention_type FROM mentions m JOIN entities e ON e.id = m.entity_id",
        "claims": f'SELECT {doc.format("c.document_id")}, c.line, c."column", e.key FROM claims c'
        " LEFT JOIN entities e ON e.id = c.speaker_id",
        "claim_entities": f'SELECT {doc.format("c.document_id")}, c.line, c."column", e.key FROM claim_entities x'
        " JOIN claims c ON c.id = x.claim_id JOIN entities e ON e.id = x.entity_id",
        "event_entities": f'SELECT {doc.format("v.document_id")}, v.line, v."column", e.key FROM event_entities x'
        " JOIN events v ON v.id = x.event_id JOIN entities e ON e.id = x.entity_id",
        "timeline_entities": f'SELECT e.key, x.sort_key, {doc.format("x.document_id")}, x.line, x."column", x.kind'
        " FROM timeline_entities x JOIN entities e ON e.id = x.entity_id",
    }
    try:
        return {t: sorted(conn.execute(q).fetchall(), key=repr) for t, q in queries.items()}
    finally:
        conn.close()


def test_undo_after_one_of_the_merged_documents_is_ingested_again(store, tmp_path):
    """The set-wise entries of the re-ingested document went with its old rows; the others are undone, and
    the store is what the same files ingested without the merge make."""
    conn = open_db(store).conn
    args = {"sources": [entity(conn, "Jean Tremblay")], "into": entity(conn, "European Union")}
    corrections.record(conn, "merge", args)
    conn.close()
    changed = B + "Jean Tremblay said on Monday that the vote was close.\n"
    (store.parent / "news" / "b.txt").write_text(changed, encoding="utf-8")
    ingest_again(store)
    conn = open_db(store).conn
    assert "Jean Tremblay" not in names(conn) and all(c.applied for c in corrections.list_corrections(conn))
    corrections.undo(conn)
    conn.close()
    assert_consistent(store)
    plain = tmp_path / "plain"
    plain.mkdir()
    fresh = build(plain)
    (plain / "news" / "b.txt").write_text(changed, encoding="utf-8")
    ingest_again(fresh)
    assert by_identity(store) == by_identity(fresh)


COPY = """title: Port vote
date: 2024-05-02

"We agree," Jean Tremblay said on Monday about the port.
The harbour board met in Valmora to discuss the expansion of the container terminal and the new rail link.
Councillors from the northern districts asked for a second study of the traffic on the coast road.
Marie Dubois, who chairs the harbour board, said the first ships would dock at the new berths next spring.
The regional government will pay for half of the dredging, and the port authority for the other half.
Fishermen who work from the old quay asked that their moorings be kept open during the works.
"""


@pytest.mark.parametrize("action", ["merge", "drop"])
def test_a_claim_held_by_a_copys_folded_event_follows_its_entity(tmp_path, action):
    """A copy's event folded into the original's while the claim it holds is not (the original has no claim
    of that key: seen on large corpora) has no timeline row, and neither has its claim: a merge or a drop
    still finds it through the event, and leaves no row naming an entity that is gone."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text(COPY, encoding="utf-8")
    (news / "b.txt").write_text(COPY.replace("2024-05-02", "2024-05-03") + "Critics said they would appeal.\n")
    path = tmp_path / "s.db"
    db = open_db(path)
    assert not ingest(db, [str(news)], jobs=1).failed
    conn = db.conn
    held = conn.execute(
        "SELECT c.id FROM claims c JOIN events v ON v.claim_id = c.id JOIN documents d ON d.id = c.document_id"
        " WHERE d.copy_of IS NOT NULL AND v.folded_into IS NOT NULL"
    ).fetchall()
    assert len(held) == 1
    conn.execute("UPDATE claims SET folded_into = NULL WHERE id = ?", held[0])
    conn.commit()
    before = state(path)
    speaker = entity(conn, "Jean Tremblay")
    args = {"entity": speaker} if action == "drop" else {"sources": [speaker], "into": entity(conn, "Marie Dubois")}
    corrections.record(conn, action, args)
    now = conn.execute("SELECT speaker_id FROM claims WHERE id = ?", held[0]).fetchone()[0]
    assert now == (None if action == "drop" else entity_id(conn, "Marie Dubois"))
    conn.close()
    assert_consistent(path)
    conn = open_db(path).conn
    corrections.undo(conn)
    conn.close()
    assert state(path) == before


def entity_id(conn: sqlite3.Connection, name: str) -> int:
    return conn.execute("SELECT id FROM entities WHERE name = ?", (name,)).fetchone()[0]


def test_a_correction_gives_its_connection_settings_back(store):
    """While a correction writes: a large page cache, the file mapped, no checkpoint and no sync on its commit;
    after, the connection's settings as they were, and the correction in the file once it is closed."""
    conn = open_db(store).conn
    names_ = ("synchronous", "wal_autocheckpoint", "cache_size", "mmap_size", "foreign_keys")
    settings = {n: conn.execute(f"PRAGMA {n}").fetchone()[0] for n in names_}
    corrections.record(conn, "rename", {"entity": entity(conn, "Jean Tremblay"), "name": "J. Tremblay"})
    assert {n: conn.execute(f"PRAGMA {n}").fetchone()[0] for n in names_} == settings
    conn.close()
    conn = sqlite3.connect(store)
    assert "J. Tremblay" in names(conn)
    conn.close()


def test_a_same_type_merge_leaves_each_mentions_type_and_its_undo_gives_every_row_back(store):
    # a mention that names its own entity's type (the writer keeps some) reads the same moved: it is left as
    # it is, and the undo (which then restores the entity alone) gives back every row, its type included
    conn = sqlite3.connect(store)
    conn.execute(
        "UPDATE mentions SET mention_type = 'ORG'"
        " WHERE entity_id = (SELECT id FROM entities WHERE name = 'European Commission')"
    )
    conn.commit()
    conn.close()
    before = state(store)
    conn = open_db(store).conn
    read_as = (
        'SELECT m.document_id, m.line, m."column", coalesce(m.mention_type, e.type) FROM mentions m'
        " JOIN entities e ON e.id = m.entity_id ORDER BY 1, 2, 3"
    )
    types = conn.execute(read_as).fetchall()
    corrections.record(
        conn, "merge", {"sources": [entity(conn, "European Commission")], "into": entity(conn, "European Union")}
    )
    assert conn.execute(read_as).fetchall() == types
    journaled = dict(conn.execute("SELECT tbl, count(*) FROM correction_undo GROUP BY tbl").fetchall())
    assert journaled["mentions:entity>"] > 0 and "mentions>" not in journaled
    corrections.undo(conn)
    conn.close()
    assert state(store) == before
    assert_consistent(store)
