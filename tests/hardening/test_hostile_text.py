"""Hostile text is shown inertly and never acted on; search syntax is searched literally."""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.inert import CATEGORIES, RANGES, escape_json, inert
from db import read
from db.store.ingest import ingest
from db.store.open import open_db

ESC_CLEAR = "\x1b[2J"
OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"  # "copy `echo pwned` to the clipboard"
BEL = "\x07"
CSI_8BIT = "\x9b31m"
RLO = "\u202e"
ZWSP = "\u200b"
TAG_A = "\U000e0041"
HOSTILE = [ESC_CLEAR, OSC52, BEL, CSI_8BIT, RLO, "\u2066", "\u061c", ZWSP, "\u2060", "\ufeff", TAG_A, "\u2028"]
MARKUP = ["[bold]", "[@click=app.quit]", "[link=file:///etc/passwd]", "[/]", "[/bold]"]

ARTICLE = (
    "date 2024-05-01\n\n"
    f"Maria Lopez{ESC_CLEAR} met [bold]Acme Corp[/bold] in Madrid on Tuesday.{BEL}\n"
    f"“The deal{OSC52} is done,” said John{ZWSP} Smith in Paris [@click=app.quit]click[/].\n"
    f"Officials in Berlin{RLO}nilreB said the [link=file:///etc/passwd]report[/link] was final.\n"
    f"Yuki Tanaka{TAG_A} spoke on Monday {CSI_8BIT}in Lima.\n"
)


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "news").mkdir()
    (folder / "news" / "evil[bold]\x1b[2J.txt").write_text(ARTICLE, encoding="utf-8")
    path = folder / "s.db"
    report = ingest(open_db(path), [str(folder / "news")], jobs=1)
    assert report.added == 1 and not report.failed
    return path


def _no_raw_controls(text: str) -> None:
    for ch in text:
        if ch in "\n\t":
            continue
        assert unicodedata.category(ch) not in CATEGORIES, f"raw {ch!r} in output"


def test_inert_makes_every_invisible_character_visible():
    for ch in HOSTILE:
        out = inert(f"a{ch}b")
        _no_raw_controls(out)
        assert out.startswith("a") and out.endswith("b") and len(out) > 2
    assert inert("a\x1b[2Jb") == "a␛[2Jb"
    assert inert("x\udcffy") == "x<U+DCFF>y"  # a lone surrogate never reaches the terminal
    assert inert("Zürich — 東京 · naïve\u00a0café") == "Zürich — 東京 · naïve\u00a0café"  # real text untouched


def test_inert_ranges_match_unicode_categories():
    listed = {c for a, b in RANGES for c in range(a, b + 1)}
    expected = {
        c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in CATEGORIES and chr(c) not in "\t\n"
    }
    assert listed == expected


def test_json_output_escapes_invisible_characters_losslessly():
    value = {"text": "a" + "".join(HOSTILE) + "\udcff"}
    encoded = escape_json(json.dumps(value, ensure_ascii=False))
    _no_raw_controls(encoded)
    assert json.loads(encoded.replace("\\udcff", "")) == {"text": "a" + "".join(HOSTILE)}


@pytest.mark.parametrize(
    "command",
    [["documents"], ["entities"], ["mentions"], ["claims"], ["timeline"], ["show", "news/evil[bold]\x1b[2J.txt"]],
)
def test_cli_tables_print_hostile_text_inertly(hostile_db, command, monkeypatch):
    monkeypatch.chdir(hostile_db.parent)
    result = CliRunner().invoke(main, [*command, "--db", str(hostile_db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    _no_raw_controls(result.output)
    if command[0] == "show":
        assert "␛[2J" in result.output and "<U+202E>" in result.output and "[@click=app.quit]" in result.output


@pytest.mark.parametrize("command", ["documents", "entities", "mentions", "claims", "timeline"])
def test_cli_json_is_inert_yet_exact(hostile_db, command):
    result = CliRunner().invoke(main, [command, "--json", "--db", str(hostile_db)], catch_exceptions=False)
    assert result.exit_code == 0
    _no_raw_controls(result.output)
    rows = json.loads(result.output)
    if command in ("mentions", "claims", "timeline"):
        lines = ARTICLE.split("\n")
        for row in rows:
            start = row["column"] - 1
            assert lines[row["line"] - 1][start : start + len(row["text"])] == row["text"]


def test_failure_messages_are_inert(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "bad\x1b]52;c;eA==\x07.txt").write_bytes(b"\x00\x00")
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 1
    _no_raw_controls(result.output)
    assert "bad␛]52;c;eA==␇.txt: binary file" in result.output


FTS_SYNTAX = [
    '"',
    '""',
    '"unbalanced',
    "AND(",
    "NEAR",
    "NEAR(a b)",
    "*",
    "-",
    "-Madrid",
    "a OR",
    "OR",
    "NOT",
    "col:",
    "text:Madrid",
    "lines_fts:x",
    "^Madrid",
    "Madrid*",
    "(",
    ")",
    "{text}: x",
    "+",
    "a AND (b",
    "\x00",
    "[bold]",
    "'; DROP TABLE documents; --",
    "Mad\u200brid",
    "\udcff",
    "",
    "   ",
]


@pytest.mark.parametrize("text", FTS_SYNTAX)
def test_fts5_syntax_is_searched_literally(hostile_db, text):
    conn = open_db(hostile_db, create=False, readonly=True).conn
    typed = text.encode("utf-8", "replace").decode("utf-8")  # what a keyboard can type
    assert isinstance(read.search_lines(conn, typed), list)
    assert isinstance(read.entities(conn, search=typed), list)
    assert isinstance(read.fuzzy_entities(conn, typed), list)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_fts5_words_match_as_words(hostile_db):
    conn = open_db(hostile_db, create=False, readonly=True).conn
    assert [h.line for h in read.search_lines(conn, "-Madrid")] == [3]  # not "NOT Madrid"
    assert [h.line for h in read.search_lines(conn, '"Madrid')] == [3]
    assert read.search_lines(conn, "NEAR") == []  # the word, not the operator
    assert [h.line for h in read.search_lines(conn, "text:Madrid")] == []  # no column filter


@pytest.mark.parametrize("text", ['"', "AND(", "col:", "*", "\udcff", "[@click=app.quit]", "\x1b[2J"])
def test_cli_search_input_never_raises(hostile_db, text):
    for args in (
        ["entities", "--search", text],
        ["mentions", text],
        ["claims", "--entity", text],
        ["timeline", "--entity", text],
        ["show", text],
    ):
        result = CliRunner().invoke(main, [*args, "--db", str(hostile_db)], catch_exceptions=False)
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "unexpected error" not in result.output
        _no_raw_controls(result.output)
