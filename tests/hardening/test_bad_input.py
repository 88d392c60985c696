"""Bad input: each file gets a clear message, the rest of the batch ingests, never a traceback."""

from __future__ import annotations

import builtins
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from db import read
from db.store.ingest import ingest
from db.store.open import open_db
from db.text.decode import decode
from db.text.document import parse_bytes
from db.text.limits import MAX_EXTRACT_LINE_CHARS
from tests.hardening.helpers import assert_consistent

GOOD = "date 2024-03-05\n\nMaria Lopez visited Madrid on Tuesday.\n"


def _corpus(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    folder = tmp_path / "news"
    folder.mkdir(exist_ok=True)
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    for name, data in files.items():
        path = folder / name
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
    return folder


def _ingest(tmp_path: Path, folder: Path, jobs: int = 1):
    db = open_db(tmp_path / "s.db")
    report = ingest(db, [str(folder)], jobs=jobs)
    return db, report


def _docs(db) -> dict[str, object]:
    return {d.doc.rsplit("/", 1)[-1]: d for d in read.documents(db.conn)}


def run_cli(*args: str):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


# --- each kind of bad file --------------------------------------------------------------


def test_empty_whitespace_and_one_character_files_are_documents(tmp_path):
    folder = _corpus(tmp_path, {"empty.txt": b"", "blank.txt": b"   \n\t\n\r\n", "a.txt": b"a", "nl.md": b"\n"})
    db, report = _ingest(tmp_path, folder)
    assert report.failed == [] and report.added == 5
    docs = _docs(db)
    assert docs["empty.txt"].lines == 1 and docs["a.txt"].lines == 1
    assert read.lines(db.conn, docs["a.txt"].id)[0].text == "a"
    assert assert_consistent(tmp_path / "s.db") == 5


def test_binary_file_is_skipped_and_reported(tmp_path):
    folder = _corpus(tmp_path, {"photo.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40})
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1
    assert "photo.txt: binary file (contains NUL bytes)" in result.output
    assert "added 1 · updated 0 · skipped 0 · failed 1" in result.output


def test_invalid_utf8_in_mid_file_keeps_the_valid_text(tmp_path):
    data = "Café owners in Zürich met José Núñez.\n".encode() * 20 + b"A stray byte \xff here.\n"
    text, encoding = decode(data)
    assert encoding == "utf-8 (invalid bytes replaced)"
    assert text.startswith("Café owners in Zürich") and "stray byte \ufffd here" in text
    # A file with no multi-byte UTF-8 before its first bad byte reads as cp1252
    assert decode("caf\xe9 na\xefve".encode("cp1252")) == ("café naïve", "cp1252")
    folder = _corpus(tmp_path, {"mixed.txt": data})
    db, report = _ingest(tmp_path, folder)
    assert report.failed == [] and report.added == 2
    assert _docs(db)["mixed.txt"].encoding == "utf-8 (invalid bytes replaced)"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom(tmp_path, codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    folder = _corpus(tmp_path, {"wide.txt": bom + GOOD.replace("Madrid", "Málaga").encode(codec)})
    db, report = _ingest(tmp_path, folder)
    assert report.failed == []
    doc = _docs(db)["wide.txt"]
    assert doc.encoding == "utf-16" and doc.date == "2024-03-05"
    assert {m.text for m in read.mentions(db.conn) if m.document_id == doc.id} >= {"Málaga"}


def test_truncated_utf16_is_refused_with_a_reason(tmp_path):
    folder = _corpus(tmp_path, {"cut.txt": b"\xff\xfe" + "Hello".encode("utf-16-le") + b"\x00"})
    _, report = _ingest(tmp_path, folder)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed] == [("cut.txt", "invalid UTF-16 text")]


def test_a_50_mb_single_line_is_stored_quickly_with_extraction_bounded(tmp_path):
    unit = b"Officials in Madrid met Maria Lopez on Tuesday and said the deal was done. "
    size = 50 * 2**20
    folder = _corpus(tmp_path, {"huge.txt": (unit * (size // len(unit) + 1))[:size]})
    started = time.perf_counter()
    db, report = _ingest(tmp_path, folder)
    elapsed = time.perf_counter() - started
    assert report.failed == [] and report.added == 2
    assert elapsed < 300, f"took {elapsed:.1f} s"  # a guard against a hang, not a speed target (benchmarks)
    doc = _docs(db)["huge.txt"]
    assert doc.lines == 1
    stored = db.conn.execute("SELECT length(text) FROM lines WHERE document_id = ?", (doc.id,)).fetchone()[0]
    assert stored == size  # the whole line is kept and shown
    mentions = [m for m in read.mentions(db.conn) if m.document_id == doc.id]
    assert mentions and max(m.column for m in mentions) <= MAX_EXTRACT_LINE_CHARS
    assert [n.doc.rsplit("/", 1)[-1] for n in report.notes] == ["huge.txt"]
    assert "first 20,000 characters of a line" in report.notes[0].reason


def test_extraction_limits_keep_spans_exact():
    line = ("Angela Merkel met Pierre Dubois in Paris on Monday, " * 1000).strip()
    doc = parse_bytes(("Intro line.\n" + line + "\nMaria Lopez spoke in Lima.\n").encode())
    from db.extract.pipeline import extract

    out = extract(doc)
    lines = ["Intro line.", line, "Maria Lopez spoke in Lima."]
    for m in out.mentions:
        assert lines[m.line - 1][m.column - 1 : m.column - 1 + len(m.text)] == m.text
        assert m.line != 2 or m.column <= MAX_EXTRACT_LINE_CHARS
    assert any(m.line == 3 and m.text == "Lima" for m in out.mentions)  # lines after the long one still count
    assert all(e.end - e.start <= 2_000 for e in doc.sentences)


def test_thousands_of_entities_on_one_line(tmp_path):
    names = (
        ", ".join(
            f"{first} {last} of {place}"
            for first in ("Maria", "John", "Yuki", "Omar", "Lena")
            for last in ("Lopez", "Smith", "Tanaka", "Haddad", "Novak", "Silva")
            for place in ("Paris", "Lima", "Oslo", "Acme Corp", "Siemens", "Reuters", "Kyiv", "Quito")
        )
        * 3
    )
    folder = _corpus(tmp_path, {"crowd.txt": f"The meeting included {names}.\n"})
    started = time.perf_counter()
    db, report = _ingest(tmp_path, folder)
    assert time.perf_counter() - started < 300  # a guard against a hang, not a speed target
    assert report.failed == [] and report.added == 2
    assert assert_consistent(tmp_path / "s.db") == 2


def test_impossible_dates_are_no_dates(tmp_path):
    folder = _corpus(
        tmp_path,
        {
            "feb30.txt": "date 2023-02-30\n\nThe vote in Lima was held on February 30, 2023, officials said.\n",
            "year0.txt": "date 0000-01-01\n\nIn the year 0 and on 0000-00-00 nothing happened in Oslo.\n",
            "far.txt": "date 99999-01-01\n\nBy 99999 or on 31/13/2020 or on April 31, 2021 the talks end.\n",
        },
    )
    db, report = _ingest(tmp_path, folder)
    assert report.failed == [] and report.added == 4
    docs = _docs(db)
    assert docs["feb30.txt"].date is None and docs["year0.txt"].date is None
    for row in read.timeline(db.conn):
        if row.date:
            year, *rest = row.date.split("-")
            assert 1 <= int(year) <= 9999
            assert row.date not in ("2023-02-30", "2021-04-31")


# --- the file system ---------------------------------------------------------------------


def test_permission_denied_is_reported(tmp_path, monkeypatch):
    """Simulated: the tests run as root, who may read anything, so `open` is made to refuse one file."""
    folder = _corpus(tmp_path, {"locked.txt": "Secret.\n"})
    real_open = builtins.open

    def guarded_open(file, *args, **kwargs):
        if str(file).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", guarded_open)
    _, report = _ingest(tmp_path, folder)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed] == [("locked.txt", "permission denied")]
    assert report.added == 1


def test_unreadable_folder_is_reported(tmp_path, monkeypatch):
    """Simulated like the file above: os.scandir refuses one folder."""
    folder = _corpus(tmp_path, {})
    (folder / "private").mkdir()
    (folder / "private" / "x.txt").write_text("Hidden.\n")
    real_scandir = os.scandir

    def guarded(path="."):
        if str(path).endswith("private"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded)
    _, report = _ingest(tmp_path, folder)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed] == [("private", "permission denied")]
    assert report.added == 1


def test_symlink_loops_end_and_are_reported(tmp_path):
    folder = _corpus(tmp_path, {})
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")
    (folder / "self.md").symlink_to(folder / "self.md")
    (folder / "loop").symlink_to(folder)  # a folder loop: not entered
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1
    reasons = sorted(line for line in result.output.splitlines() if line.startswith("failed:"))
    assert [r.rsplit(": ", 1)[1] for r in reasons] == [
        "symlink loop",
        "symlink loop",
        "file vanished or is a broken link",
        "symlink loop",
    ]
    assert "added 1 " in result.output


def test_a_file_that_vanishes_during_ingest(tmp_path, monkeypatch):
    """The file is listed, then deleted before it is read."""
    folder = _corpus(tmp_path, {"brief.txt": "Gone soon.\n"})
    from db.store.ingest import run as ingest_run

    real_walk = ingest_run.walk

    def walk_then_delete(paths, report, **options):
        sources = list(real_walk(paths, report, **options))
        (folder / "brief.txt").unlink()
        return iter(sources)

    monkeypatch.setattr(ingest_run, "walk", walk_then_delete)
    _, report = _ingest(tmp_path, folder)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed] == [
        ("brief.txt", "file vanished or is a broken link")
    ]
    assert report.added == 1


def test_file_name_that_is_not_utf8_is_reported_not_fatal(tmp_path):
    folder = _corpus(tmp_path, {})
    bad = os.fsencode(str(folder)) + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(b"Lisbon welcomed the plan.\n")
    result = run_cli("ingest", str(folder), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1
    assert "caf\ufffd.txt: file name is not valid UTF-8" in result.output
    assert "added 1 " in result.output


def test_missing_path_and_the_rest_of_the_batch(tmp_path):
    folder = _corpus(tmp_path, {})
    result = run_cli("ingest", str(tmp_path / "nowhere"), str(folder), "--db", str(tmp_path / "s.db"))
    assert result.exit_code == 1
    assert "nowhere: no such file or folder" in result.output and "added 1 " in result.output


def test_exit_codes_tell_failure_from_bad_usage(tmp_path):
    folder = _corpus(tmp_path, {})
    db = str(tmp_path / "s.db")
    assert run_cli("ingest", str(folder), "--db", db).exit_code == 0
    assert run_cli("ingest", "--db", db).exit_code == 2  # no PATH
    assert run_cli("ingest", str(folder), "--jobs", "0", "--db", db).exit_code == 2
    assert run_cli("frobnicate").exit_code == 2
    (folder / "bin.txt").write_bytes(b"\x00" * 10)
    assert run_cli("ingest", str(folder), "--db", db).exit_code == 1


def test_an_extractor_crash_fails_one_file_only(tmp_path, monkeypatch):
    from db.store.ingest import worker

    real = worker.extract

    def fragile(doc):
        if "Boom" in doc.text:
            raise ValueError("extractor bug")
        return real(doc)

    monkeypatch.setattr(worker, "extract", fragile)
    folder = _corpus(tmp_path, {"boom.txt": "Boom went Paris.\n"})
    _, report = _ingest(tmp_path, folder)
    assert [f.reason for f in report.failed] == ["could not be parsed: ValueError: extractor bug"]
    assert report.added == 1


def test_unexpected_error_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    def broken(conn):
        raise RuntimeError("something odd")

    folder = _corpus(tmp_path, {})
    db = str(tmp_path / "s.db")
    run_cli("ingest", str(folder), "--db", db)
    monkeypatch.setattr(read, "documents", broken)
    result = CliRunner().invoke(main, ["documents", "--db", db])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "storyline: unexpected error: RuntimeError: something odd (STORYLINE_DEBUG=1 shows the traceback)"
    )


# --- NUL bytes and line counts -------------------------------------------------------------


def test_a_nul_byte_anywhere_is_binary(tmp_path):
    late = ("Maria Lopez visited Madrid on Tuesday.\n" * 400).encode() + b"then \x00 a NUL\n"
    assert len(late) > 8192
    wide = b"\xff\xfe" + "Maria Lopez in Madrid.\x00\n".encode("utf-16-le")
    folder = _corpus(tmp_path, {"late.txt": late, "wide.txt": wide})
    db, report = _ingest(tmp_path, folder)
    assert sorted((f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed) == [
        ("late.txt", "binary file (contains NUL bytes)"),
        ("wide.txt", "binary file (contains NUL bytes)"),
    ]
    for mention in read.mentions(db.conn):
        assert mention.text  # no span cut short by a NUL


def test_a_nul_in_a_records_text_becomes_a_replacement_character_and_spans_stay_whole(tmp_path):
    folder = _corpus(tmp_path, {"dump.jsonl": '{"text": "Hi \\u0000 there. Maria Lopez visited Madrid."}\n'})
    db, report = _ingest(tmp_path, folder)
    assert report.failed == [] and report.added == 2
    assert any("NUL character replaced by U+FFFD" in n.reason for n in report.notes)
    texts = {m.text for m in read.mentions(db.conn)}
    assert "Madrid" in texts and "" not in texts
    assert db.conn.execute("SELECT count(*) FROM lines WHERE instr(text, char(0)) > 0").fetchone()[0] == 0


def test_a_document_of_too_many_lines_is_refused_and_the_rest_ingest(tmp_path):
    """Refused before it is parsed (how soon is for a benchmark: the suite times nothing)."""
    from db.text.limits import MAX_DOCUMENT_LINES

    folder = _corpus(tmp_path, {"lines.txt": b"a\n" * 1_000_000, "edge.txt": b"b\n" * MAX_DOCUMENT_LINES})
    db, report = _ingest(tmp_path, folder)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed] == [
        ("lines.txt", f"too many lines (1,000,000; a document may have at most {MAX_DOCUMENT_LINES:,})")
    ]
    assert report.added == 2 and _docs(db)["edge.txt"].lines == MAX_DOCUMENT_LINES


def test_a_folder_a_thousand_levels_deep_is_walked(tmp_path):
    folder = _corpus(tmp_path, {})
    deep = folder
    for _ in range(1200):  # 2,400 characters: within PATH_MAX, beyond Python's recursion limit
        deep = deep / "d"
        os.mkdir(deep)
    (deep / "bottom.txt").write_text(GOOD, encoding="utf-8")
    try:
        result = run_cli("ingest", str(folder), "--db", str(tmp_path / "s.db"))
        assert result.exit_code == 0, result.output
        assert "added 2 · updated 0 · skipped 0 · failed 0" in result.output
    finally:  # pytest's clean-up (shutil.rmtree) recurses, and would fail on this folder
        (deep / "bottom.txt").unlink()
        while deep != folder:
            deep.rmdir()
            deep = deep.parent
