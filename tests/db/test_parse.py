"""Parsing: encodings, line ends, metadata headers, titles, boilerplate, offsets."""

from __future__ import annotations

import pytest

from db.text.boilerplate import is_boilerplate
from db.text.decode import UnreadableFile, decode
from db.text.document import parse_bytes, parse_text
from db.text.types import DocDate
from tests.conftest import SEEDS, corpus


def test_crlf_lines_and_columns_match_the_file():
    doc = parse_bytes(b"Headline here\r\n\r\nBody text with Paris.\r\nSecond line.\r\n")
    assert [line.text for line in doc.lines] == ["Headline here", "", "Body text with Paris.", "Second line."]
    offset = doc.text.index("Paris")
    assert doc.position(offset) == (3, 16)
    assert doc.title == "Headline here"


def test_utf8_bom_is_not_a_character():
    doc = parse_bytes("\ufeffBerlin is big.\n".encode("utf-8"))
    assert doc.encoding == "utf-8-sig"
    assert doc.lines[0].text == "Berlin is big."
    assert doc.position(doc.text.index("Berlin")) == (1, 1)


def test_latin1_falls_back_and_is_recorded():
    text, encoding = decode("Arsenal paid £5m for the café.".encode("latin-1"))
    assert encoding == "cp1252"
    assert "£5m" in text and "café" in text


def test_real_latin1_file_from_bbc():
    path = corpus("bbc", "sport", "199.txt")
    doc = parse_bytes(path.read_bytes())
    assert doc.encoding in ("cp1252", "latin-1")
    assert "£" in doc.text


def test_utf16_with_bom():
    doc = parse_bytes("Tokyo rose.\nSecond.\n".encode("utf-16"))
    assert doc.encoding == "utf-16"
    assert doc.lines[1].text == "Second."


def test_binary_is_refused():
    with pytest.raises(UnreadableFile, match="binary"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_bare_date_header_with_text_on_the_same_line():
    raw = (SEEDS / "000_171dad24aabf5317.txt").read_bytes()
    doc = parse_bytes(raw)
    assert doc.date == DocDate(2023, 9)
    first = doc.lines[0].text
    start = first.index("The manufacturing")
    # the header is blanked, the article text keeps its original columns
    assert doc.text[start:].startswith("The manufacturing")
    assert doc.text[:start].strip() == ""
    assert doc.sentences[0].text.startswith("The manufacturing")
    assert doc.position(doc.sentences[0].start) == (1, start + 1)
    assert doc.title is None


@pytest.mark.parametrize(
    "raw, key, expected",
    [
        ("date: 2021-03-04\n\nBody text.\n", "date", DocDate(2021, 3, 4)),
        ("Date: March 4, 2021\n\nBody text.\n", "date", DocDate(2021, 3, 4)),
        ("date 2020\nBody text.\n", "date", DocDate(2020)),
        ("title: A headline\nsource: Wire\nurl: https://example.com/a\n\nBody.\n", "title", "A headline"),
    ],
)
def test_header_forms(raw, key, expected):
    doc = parse_text(raw)
    value = doc.date if key == "date" else doc.title
    assert value == expected
    assert all(not line.strip() for line in doc.text.split("\n")[:1])


def test_headers_source_and_url():
    doc = parse_text("title: A headline\nsource: Wire\nurl: https://example.com/a\n\nBody.\n")
    assert (doc.source, doc.url) == ("Wire", "https://example.com/a")
    assert "https" not in doc.text


def test_impossible_header_date_is_none():
    assert parse_text("date: 2023-02-30\n\nText.\n").date is None


def test_seed_title_and_no_date():
    doc = parse_bytes((SEEDS / "002_5844c23af5eaa18d.txt").read_bytes())
    assert doc.title == "Xiaomi teams up with Dixon Technologies to boost smartphone manufacturing in India"
    assert doc.date is None


@pytest.mark.parametrize(
    "raw",
    [
        "A sentence that ends with a full stop.\n\nBody.\n",
        "Short line\nBody follows directly.\n",
        "Only one line\n",
    ],
)
def test_not_titles(raw):
    assert parse_text(raw).title is None


@pytest.mark.parametrize(
    "line",
    [
        "Previous post Gig workers get paid, and more",
        "Next post EU committees green-light the AI Act",
        "Share this article",
        "Read more: how the deal was done",
        "Sign up for our daily newsletter",
        "We use cookies to improve your experience.",
        "© 2024 Example Media. All rights reserved.",
    ],
)
def test_boilerplate_lines(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "Shares in the company rose 5% on Monday.",
        "The next post office will open in May.",
        "Readers said more needed to be done.",
    ],
)
def test_article_lines_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_boilerplate_is_kept_but_masked_from_extraction():
    doc = parse_bytes((SEEDS / "002_5844c23af5eaa18d.txt").read_bytes())
    flagged = [line.number for line in doc.lines if line.boilerplate]
    assert flagged == [15, 16]
    assert "Previous post" not in doc.text
    assert doc.lines[14].text.startswith("Previous post")
    assert all(doc.position(s.start)[0] < 15 for s in doc.sentences)


def test_sentences_slice_exactly():
    doc = parse_text("Title line\n\nFirst one here. Second one there! A third?\nNext paragraph.\n")
    for sentence in doc.sentences:
        assert doc.text[sentence.start : sentence.end] == sentence.text
    assert [s.text for s in doc.sentences][-1] == "Next paragraph."
    assert len(doc.sentences) == 5
