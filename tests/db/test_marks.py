"""Marks: what they hold, and how they follow their text when a document is ingested again."""

from __future__ import annotations

from pathlib import Path

import pytest

from db import read
from db.store import marks
from db.store.ingest import ingest
from db.store.open import open_db

TEXT = (
    "date 2024-01-05\n"
    "\n"
    "Angela Merkel visited Paris on Monday.\n"
    "The talks were long.\n"
    "Emmanuel Macron said the visit was a success.\n"
)


@pytest.fixture
def news(tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    db = open_db(tmp_path / "s.db")
    ingest(db, [str(folder)], jobs=1)
    return db, folder / "a.txt"


def _doc(conn):
    (doc,) = read.documents(conn)
    return doc


def _reingest(db, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    report = ingest(db, [str(path.parent)], jobs=1)
    assert report.updated == 1


def _slices(conn, mark: read.MarkRow) -> bool:
    line = read.line_text(conn, mark.document_id, mark.line) if mark.document_id else None
    return line is not None and line[mark.column - 1 : mark.column - 1 + len(mark.text)] == mark.text


def test_a_line_a_mention_and_a_span(news):
    db, _ = news
    doc = _doc(db.conn)
    whole = marks.add(db.conn, doc.id, 3, note="the visit", tags=["visit", " visit ", ""])
    paris = marks.add(db.conn, doc.id, 3, 23)
    span = marks.add(db.conn, doc.id, 4, 5, length=5)
    rows = {m.id: m for m in read.marks(db.conn)}
    assert (rows[whole].text, rows[whole].column, rows[whole].kind) == (
        "Angela Merkel visited Paris on Monday.",
        1,
        "line",
    )
    assert rows[whole].note == "the visit" and rows[whole].tags == ("visit",)
    assert (rows[paris].text, rows[paris].kind) == ("Paris", "entity")
    assert (rows[span].text, rows[span].kind, rows[span].note) == ("talks", "text", None)
    assert all(not m.moved and not m.lost and _slices(db.conn, m) for m in rows.values())
    assert [m.id for m in read.marks(db.conn, tag="VISIT")] == [whole]


def test_a_claim_is_marked_whole(news):
    db, _ = news
    doc = _doc(db.conn)
    (claim,) = [c for c in read.claims(db.conn) if c.line == 5]
    mark = read.marks(db.conn, mark_id=marks.add(db.conn, doc.id, 5, claim.column))[0]
    assert (mark.kind, mark.text) == ("claim", claim.text)


@pytest.mark.parametrize(
    ("line", "column", "length", "message"),
    [
        (9, None, None, "there is no line 9"),
        (0, None, None, "there is no line 0"),
        (2, None, None, "line 2 of"),
        (3, 99, None, "there is no column 99"),
        (3, 23, 50, "characters from column 23"),
    ],
)
def test_what_cannot_be_marked(news, line, column, length, message):
    db, _ = news
    with pytest.raises(marks.BadMark, match=message):
        marks.add(db.conn, _doc(db.conn).id, line, column, length=length)
    assert read.marks(db.conn) == []


def test_unmark_and_note(news):
    db, _ = news
    mark_id = marks.add(db.conn, _doc(db.conn).id, 4)
    marks.set_note(db.conn, mark_id, "check this")
    assert read.marks(db.conn)[0].note == "check this"
    marks.remove(db.conn, mark_id)
    assert read.marks(db.conn) == []
    with pytest.raises(marks.BadMark, match="no mark"):
        marks.remove(db.conn, mark_id)
    with pytest.raises(marks.BadMark, match="no mark"):
        marks.set_note(db.conn, mark_id, "x")


def test_marks_follow_their_text_when_the_document_changes(news):
    db, path = news
    doc = _doc(db.conn)
    stays = marks.add(db.conn, doc.id, 3, 23)  # "Paris"
    moves = marks.add(db.conn, doc.id, 4)  # "The talks were long."
    gone = marks.add(db.conn, doc.id, 5, note="keep me")
    _reingest(
        db,
        path,
        "date 2024-01-05\n\nAngela Merkel visited Paris on Monday.\nA new line.\nThe talks were long.\n"
        "Emmanuel Macron said nothing.\n",
    )
    rows = {m.id: m for m in read.marks(db.conn)}
    assert len(rows) == 3  # never silently lost
    assert (rows[stays].line, rows[stays].column, rows[stays].moved, rows[stays].lost) == (3, 23, False, False)
    assert (rows[moves].line, rows[moves].moved, rows[moves].lost) == (5, True, False)
    assert rows[moves].document_id == _doc(db.conn).id
    assert all(_slices(db.conn, rows[i]) for i in (stays, moves))
    # its text is gone: kept where it was, with its text and note, moved and lost
    assert (rows[gone].line, rows[gone].text, rows[gone].note) == (
        5,
        "Emmanuel Macron said the visit was a success.",
        "keep me",
    )
    assert rows[gone].moved and rows[gone].lost
    # the text comes back elsewhere: found again
    _reingest(db, path, "date 2024-01-05\n\nEmmanuel Macron said the visit was a success.\n")
    back = read.marks(db.conn, mark_id=gone)[0]
    assert (back.line, back.moved, back.lost) == (3, True, False) and _slices(db.conn, back)


def test_the_nearest_occurrence_wins(news):
    db, path = news
    doc = _doc(db.conn)
    mark_id = marks.add(db.conn, doc.id, 4)  # "The talks were long."
    _reingest(db, path, "The talks were long.\n\n\n\nx\nThe talks were long.\nThe talks were long.\n")
    assert read.marks(db.conn, mark_id=mark_id)[0].line == 6


def test_a_pruned_document_keeps_its_marks(news):
    db, path = news
    mark_id = marks.add(db.conn, _doc(db.conn).id, 3)
    path.unlink()
    ingest(db, [str(path.parent)], jobs=1, prune=True)
    (mark,) = read.marks(db.conn)
    assert (mark.id, mark.lost, mark.document_id) == (mark_id, True, None)
    assert mark.doc.endswith("a.txt")
