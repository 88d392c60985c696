"""`storyline mark`, `unmark`, `marks` and `export --marked` / `--tag` through the entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main

TEXT = (
    "date 2024-01-05\n"
    "\n"
    "Angela Merkel visited Paris on Monday.\n"
    "The talks were long.\n"
    "Emmanuel Macron said the visit was a success.\n"
)
FIELDS = ["id", "doc", "line", "column", "text", "note", "tags", "at", "moved", "kind", "lost"]


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def news(tmp_path: Path) -> tuple[str, Path]:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert run("ingest", str(folder), "--db", db).exit_code == 0
    return db, folder / "a.txt"


def _marks(db: str, *args: str) -> list[dict]:
    result = run("marks", "--json", "--db", db, *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _slices(item: dict) -> None:
    line = Path(item["doc"]).read_text(encoding="utf-8").split("\n")[item["line"] - 1]
    assert line[item["column"] - 1 : item["column"] - 1 + len(item["text"])] == item["text"], item


def test_mark_list_and_unmark(news):
    db, path = news
    result = run("mark", f"{path}:3", "--note", "the visit", "--tag", "visit", "-t", "eu", "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("marked 1: ") and "Angela Merkel visited Paris" in result.stdout
    assert run("mark", f"{path}:3:23", "--db", db).exit_code == 0  # the mention "Paris"
    assert run("mark", "a.txt:4:5", "--length", "5", "--db", db).exit_code == 0  # a file name is enough
    rows = _marks(db)
    assert [list(r) for r in rows] == [FIELDS] * 3
    assert [(r["id"], r["line"], r["column"], r["text"], r["kind"]) for r in rows] == [
        (1, 3, 1, "Angela Merkel visited Paris on Monday.", "line"),
        (2, 3, 23, "Paris", "entity"),
        (3, 4, 5, "talks", "text"),
    ]
    assert (rows[0]["note"], rows[0]["tags"], rows[0]["moved"]) == ("the visit", ["visit", "eu"], False)
    assert rows[0]["at"][:4].isdigit() and rows[1]["note"] is None and rows[1]["tags"] == []
    assert all(r["doc"] == str(path) for r in rows)
    assert [r["id"] for r in _marks(db, "--tag", "EU")] == [1]
    assert [r["id"] for r in _marks(db, "--limit", "2")] == [1, 2]
    table = run("marks", "--db", db).stdout
    assert "the visit" in table and "visit, eu" in table
    result = run("unmark", "2", "--db", db)
    assert result.exit_code == 0 and result.stdout.startswith("unmarked 2: ") and "Paris" in result.stdout
    assert [r["id"] for r in _marks(db)] == [1, 3]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mark", "{path}:9"), "there is no line 9"),
        (("mark", "{path}:3:99"), "there is no column 99"),
        (("mark", "{path}:2"), "is empty"),
        (("mark", "{path}"), "expected DOC:LINE"),
        (("mark", "nothing.txt:3"), "no document 'nothing.txt'"),
        (("mark", "{path}:3", "--length", "4"), "--length needs a COLUMN"),
        (("unmark", "7"), "no mark 7"),
    ],
)
def test_bad_input_says_why_and_changes_nothing(news, args, message):
    db, path = news
    result = run(*(a.format(path=path) for a in args), "--db", db)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.output
    assert _marks(db) == []


def test_text_from_documents_is_printed_inert(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("Angela Merkel\x1b[31m visited Paris\u202e on Monday.\n", encoding="utf-8")
    db = str(tmp_path / "s.db")
    assert run("ingest", str(folder), "--db", db).exit_code == 0
    result = run("mark", f"{folder / 'a.txt'}:1", "--note", "red\x1b[0m", "--db", db)
    assert result.exit_code == 0
    table = run("marks", "--db", db).stdout
    for out in (result.stdout, table):
        assert "\x1b" not in out and "\u202e" not in out


def test_no_database_is_not_created(tmp_path):
    result = run("mark", "a.txt:1", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 1 and "no database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_a_read_only_database_says_so(news, monkeypatch):
    """Simulated as tests/hardening/test_database.py does: as root every file is writable."""
    from db.store import connection

    db, path = news
    real_connect = connection.connect
    monkeypatch.setattr(connection, "connect", lambda p, readonly=False: real_connect(p, readonly=True))
    result = run("mark", f"{path}:3", "--db", db)
    assert result.exit_code == 1
    assert "cannot mark" in result.stderr and "read-only" in result.stderr and "Traceback" not in result.output
    monkeypatch.undo()
    assert _marks(db) == []


def test_a_mark_waits_for_another_writer_then_says_so(news, monkeypatch):
    import sqlite3

    from db.store import connection

    db, path = news
    monkeypatch.setattr(connection, "LOCK_WAIT_SECONDS", 0.3)
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")  # another ingest holding the write lock
    try:
        result = run("mark", f"{path}:3", "--db", db)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert result.exit_code == 1
    assert "another process" in result.stderr and "Traceback" not in result.output
    assert _marks(db) == []
    assert run("mark", f"{path}:3", "--db", db).exit_code == 0  # once it is free


def test_marks_follow_their_text_through_re_ingest(news):
    db, path = news
    for n, target in enumerate((f"{path}:3:23", f"{path}:4", f"{path}:5"), 1):
        assert run("mark", target, "--note", f"note {n}", "--db", db).exit_code == 0
    path.write_text(
        "date 2024-01-05\n\nA new first line.\nAngela Merkel visited Paris on Monday.\n\nThe talks were long.\n",
        encoding="utf-8",
    )
    assert run("ingest", str(path.parent), "--db", db).exit_code == 0
    paris, talks, gone = _marks(db)
    assert (paris["line"], paris["column"], paris["moved"], paris["lost"]) == (4, 23, True, False)
    assert (talks["line"], talks["moved"], talks["lost"]) == (6, True, False)
    _slices(paris)
    _slices(talks)
    # the text is gone: the mark is kept, with its text and note, moved and lost
    assert (gone["line"], gone["text"], gone["note"], gone["moved"], gone["lost"]) == (
        5,
        "Emmanuel Macron said the visit was a success.",
        "note 3",
        True,
        True,
    )
    # exported: each quote slices its document; the lost one is left out, and said
    result = run("export", "--marked", "--format", "json", "--db", db)
    assert result.exit_code == 0
    items = json.loads(result.stdout)
    assert [(i["line"], i["mark"]) for i in items] == [(4, 1), (6, 2)]
    for item in items:
        _slices(item)
    assert "1 mark left out" in result.stderr


def test_export_marked_memo_has_notes_tags_and_citations(news):
    db, path = news
    claims = json.loads(run("claims", "--json", "--db", db).stdout)
    (claim,) = [c for c in claims if c["line"] == 5]
    assert (
        run("mark", f"{path}:5:{claim['column']}", "-n", "Macron's verdict", "-t", "quote", "--db", db).exit_code == 0
    )
    assert run("mark", f"{path}:4", "-n", "dull", "--db", db).exit_code == 0
    memo = run("export", "--tag", "quote", "--db", db).stdout
    assert f"`{path}:5:{claim['column']}`" in memo and "Note: Macron's verdict" in memo and "Tags: quote" in memo
    assert "dull" not in memo
    (row,) = json.loads(run("export", "--tag", "quote", "--format", "json", "--db", db).stdout)
    assert (row["kind"], row["speaker"], row["text"], row["date"]) == (
        "claim",
        claim["speaker"],
        claim["text"],
        "2024-01-05",
    )
    _slices(row)
    # every claim and event, as before, now carries the note of a mark on it
    every = json.loads(run("export", "--format", "json", "--db", db).stdout)
    assert [i["note"] for i in every if i["mark"]] == ["Macron's verdict"]
    assert {i["kind"] for i in every} <= {"claim", "event"}
    # the network is not a list of items
    result = run("export", "--marked", "--format", "gexf", "--db", db)
    assert result.exit_code == 2 and "--marked" in result.stderr


def test_export_marked_by_entity(news):
    db, path = news
    assert run("mark", f"{path}:3", "--db", db).exit_code == 0
    assert run("mark", f"{path}:4", "--db", db).exit_code == 0
    rows = json.loads(run("export", "--marked", "--entity", "Paris", "--format", "json", "--db", db).stdout)
    assert [r["line"] for r in rows] == [3]


def test_marks_apply_adds_a_marks_list_to_a_fresh_database(news, tmp_path):
    db, path = news
    assert run("mark", f"{path}:3", "--note", "the visit", "-t", "visit", "-t", "eu", "--db", db).exit_code == 0
    assert run("mark", f"{path}:3:23", "--db", db).exit_code == 0
    assert run("mark", f"{path}:5", "--note", "said", "--db", db).exit_code == 0
    kept = run("marks", "--json", "--db", db).stdout
    listing = tmp_path / "marks.json"
    listing.write_text(kept, encoding="utf-8")
    fresh = str(tmp_path / "fresh.db")
    assert run("ingest", str(path.parent), "--db", fresh).exit_code == 0
    result = run("marks", "apply", str(listing), "--db", fresh)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("marked 1: ") and "3 marks added, 0 here already" in result.stdout
    assert _marks(fresh) == json.loads(kept)  # notes, tags, times, kinds: all of it
    again = run("marks", "--db", fresh, "apply", str(listing))  # --db before the subcommand works too
    assert again.exit_code == 0 and "0 marks added, 3 here already" in again.stdout
    assert len(_marks(fresh)) == 3


def test_marks_apply_follows_the_text_and_keeps_a_mark_whose_text_is_gone(news, tmp_path):
    db, path = news
    assert run("mark", f"{path}:4", "--db", db).exit_code == 0
    assert run("mark", f"{path}:5", "--note", "gone", "--db", db).exit_code == 0
    listing = tmp_path / "marks.json"
    listing.write_text(run("marks", "--json", "--db", db).stdout, encoding="utf-8")
    path.write_text("date 2024-01-05\n\nA new first line.\n\nThe talks were long.\n", encoding="utf-8")
    fresh = str(tmp_path / "fresh.db")
    assert run("ingest", str(path.parent), "--db", fresh).exit_code == 0
    result = run("marks", "apply", str(listing), "--db", fresh)
    assert result.exit_code == 0, result.output
    talks, gone = _marks(fresh)
    assert (talks["line"], talks["moved"], talks["lost"]) == (5, True, False)
    _slices(talks)
    assert (gone["line"], gone["note"], gone["moved"], gone["lost"]) == (5, "gone", True, True)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "is not JSON"),
        ('{"doc": "a.txt"}', "is not a list of marks"),
        ('[{"doc": "a.txt", "line": "3", "column": 1, "text": "x"}]', "is not a list of marks"),
        ('[{"id": 7, "doc": "nowhere.txt", "line": 3, "column": 1, "text": "x"}]', "mark 7 in"),
    ],
)
def test_marks_apply_bad_input_says_why_exits_2_and_adds_nothing(news, tmp_path, content, message):
    db, _ = news
    listing = tmp_path / "bad.json"
    listing.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["marks", "apply", str(listing), "--db", db])
    assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output
    assert _marks(db) == []
