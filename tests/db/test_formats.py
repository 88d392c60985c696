"""Real archives in: every format, its metadata, its records' identity, and the span property for each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from db import read
from db.store.ingest import ingest
from db.store.ingest.discovery import SourceFile
from db.store.ingest.records import Plan
from db.store.ingest.report import IngestReport
from db.store.ingest.worker import Parsed, run_here
from db.store.open import open_db
from db.text.formats import NO_OPTIONS, Options
from tests.fixtures import archives as fx


def _ingest(tmp_path: Path, *paths: Path, options: Options = NO_OPTIONS):
    db = open_db(tmp_path / "s.db")
    report = ingest(db, [str(p) for p in paths], jobs=1, options=options)
    return db, report


def _docs(db) -> dict[str, read.Document]:
    return {d.doc.rsplit("/", 1)[-1]: d for d in read.documents(db.conn)}


def _parsed(path: Path, options: Options = NO_OPTIONS) -> list[Parsed]:
    """What the workers make of a file: each document with its extraction."""
    source = SourceFile(str(path), str(path))
    plan = Plan({}, options, IngestReport())
    return [p for p in (run_here(t) for t in plan.tasks([source])) if p.document is not None]


def assert_spans_slice_stored_text(path: Path, options: Options = NO_OPTIONS) -> int:
    """Every mention, claim and event of every document of a file is exactly its stored line's characters."""
    n = 0
    for parsed in _parsed(path, options):
        assert parsed.document is not None and parsed.extraction is not None
        lines = [line.text for line in parsed.document.lines]
        assert "\n".join(lines) == "\n".join(parsed.document.text.split("\n")).replace(
            parsed.document.text, "\n".join(lines)
        )
        ex = parsed.extraction
        spans = [(m.line, m.column, m.text) for m in ex.mentions]
        spans += [(c.line, c.column, c.text) for c in ex.claims]
        spans += [(e.line, e.column, e.text) for e in ex.events]
        spans += [(e.line, e.expression_column, e.expression) for e in ex.events]
        for line, column, text in spans:
            assert lines[line - 1][column - 1 : column - 1 + len(text)] == text
        n += len(spans)
    assert n, f"nothing extracted from {path}"
    return n


# --- HTML -----------------------------------------------------------------------------


def test_html_page_is_its_article_with_its_metadata(tmp_path):
    fx.write_pages(tmp_path / "web", (fx.PORT,))
    db, report = _ingest(tmp_path, tmp_path / "web")
    assert (report.added, report.failed) == (1, [])
    doc = _docs(db)["port-expansion.html"]
    assert (doc.format, doc.title, doc.date, doc.precision) == ("html", fx.PORT.title, "2023-09-12", "day")
    assert (doc.url, doc.author, doc.source, doc.copy_of) == (fx.PORT.url, "Elena Varga", "The Coastal Times", None)
    text = "\n".join(line.text for line in read.lines(db.conn, doc.id))
    for paragraph in fx.PORT.paragraphs:
        assert paragraph in text
    for furniture in ("Advertisement", "Related stories", "Commenter99", "All rights reserved", "Sport"):
        assert furniture not in text
    # the publication date anchors relative dates: Monday before 2023-09-12 (a Tuesday), next month
    dates = {t.expression: t.date for t in read.timeline(db.conn)}
    assert (dates["Monday"], dates["next month"]) == ("2023-09-11", "2023-10")
    assert_spans_slice_stored_text(tmp_path / "web" / "port-expansion.html")


def test_gzipped_page_reads_like_the_page(tmp_path):
    import gzip

    folder = tmp_path / "web"
    folder.mkdir()
    (folder / "port.html.gz").write_bytes(gzip.compress(fx.page(fx.PORT).encode("utf-8")))
    db, report = _ingest(tmp_path, folder)
    assert (report.added, report.failed) == (1, [])
    assert _docs(db)["port.html.gz"].title == fx.PORT.title


def test_a_page_in_a_legacy_charset_reads_like_the_utf8_page_and_says_so():
    """The page is decoded once: UTF-8 bytes are UTF-8; others go to trafilatura's charset detection."""
    from db.text.formats.html import read_html

    page = fx.page(fx.PORT).replace("“", '"').replace("”", '"').replace("’", "'")
    page = page.replace("<head>", '<head><meta charset="windows-1252">', 1).replace("Varga", "Vargá")
    utf8, legacy = read_html(page.encode("utf-8")), read_html(page.encode("cp1252"))
    assert (utf8.encoding, legacy.encoding) == ("utf-8", "html (charset detected)")
    assert legacy.text == utf8.text and legacy.author == utf8.author == "Elena Vargá"


def _variants_of_a_page() -> dict[str, str]:
    """A page as saved from the web, and its awkward variants (what trafilatura's loader repairs first)."""
    page = fx.page(fx.PORT)
    body = page[page.index("<body") :]
    return {
        "plain": page,
        "doctype": "<!DOCTYPE html>\n" + page,
        "doctype, one line": "<!DOCTYPE html>" + page.replace("\n", " "),
        "xhtml doctype": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"/>\n'
        + page,
        "xml declaration": '<?xml version="1.0" encoding="utf-8"?>\n' + page,
        "byte order mark": "\ufeff" + page,
        "leading spaces": "  \n\t" + page,
        "leading no-break space": "\u00a0" + page,
        "control characters": page.replace("Varga", "Var\x0bga\x01"),
        "noncharacter": page.replace("Varga", "Varga\ufffe"),
        "self-closing html": '<html lang="en"/>\n' + page.replace("<html>", ""),
        "legacy charset declared": page.replace("<head>", '<head><meta charset="iso-8859-1">', 1),
        "no html element": body,
        "a fragment": "<p>Only a paragraph.</p>",
        "not html": "just some words, no markup at all",
    }


@pytest.mark.parametrize("name", list(_variants_of_a_page()))
def test_a_utf8_page_parsed_from_its_bytes_is_the_tree_trafilatura_loads(name):
    """The reader parses UTF-8 bytes directly (half the time); the tree must be the one ``load_html`` makes."""
    from lxml import etree
    from trafilatura.utils import load_html

    from db.text.formats.html import _parse, _plain

    text = _variants_of_a_page()[name]
    if name in ("plain", "doctype", "byte order mark", "leading spaces", "legacy charset declared", "a fragment"):
        assert _plain(text.encode("utf-8"), text)  # the bytes themselves are parsed
    expected, got = load_html(text), _parse(text.encode("utf-8"), text)
    assert (expected is None) == (got is None)
    if expected is not None:
        assert etree.tostring(got, encoding="unicode") == etree.tostring(expected, encoding="unicode")


@pytest.mark.parametrize("byline", ['<p class="byline">By {}</p>', '<span class="author-name">{}</span>', "<p>{}</p>"])
def test_the_author_search_finds_what_trafilaturas_finds(byline):
    """With no author in the meta tags the reader searches the page as ``extract_author`` does (on the
    tree itself rather than a copy): the same name, or none."""
    from trafilatura.metadata import extract_author
    from trafilatura.utils import load_html

    from db.text.formats.html import _search_author

    page = fx.page(fx.PORT).replace(f'<meta name="author" content="{fx.PORT.author}">', "")
    page = page.replace(f'<p class="byline">By {fx.PORT.author}</p>', byline.format(fx.PORT.author))
    expected = extract_author(load_html(page))
    assert _search_author(load_html(page)) == expected
    if "author" in byline or "byline" in byline:
        assert expected == fx.PORT.author


def test_an_index_page_and_a_truncated_page_are_reported_and_the_rest_ingests(tmp_path):
    folder = tmp_path / "web"
    fx.write_pages(folder, (fx.PORT,))
    (folder / "index.html").write_text(fx.INDEX_PAGE, encoding="utf-8")
    (folder / "empty.htm").write_text("", encoding="utf-8")
    cut = fx.page(fx.REGION)
    (folder / "cut.html").write_text(cut[: cut.index("The chamber")], encoding="utf-8")
    db, report = _ingest(tmp_path, folder)
    reasons = {f.doc.rsplit("/", 1)[-1]: f.reason for f in report.failed}
    assert reasons == {"index.html": "no article text found (an index or navigation page?)", "empty.htm": "empty file"}
    # a page cut short still gives what it has
    assert "cut.html" in _docs(db) and report.added == 2


# --- feeds ----------------------------------------------------------------------------


def test_rss_entries_are_documents_full_text_or_summary_flagged(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "wire.rss").write_text(fx.rss((fx.PORT, fx.REGION)), encoding="utf-8")
    (folder / "short.xml").write_text(fx.rss((fx.REGION,), full=False), encoding="utf-8")
    db, report = _ingest(tmp_path, folder)
    assert (report.added, report.failed) == (3, [])
    docs = _docs(db)
    first = docs["wire.rss#1"]
    assert (first.format, first.title, first.date, first.url) == ("feed", fx.PORT.title, "2023-09-12", fx.PORT.url)
    assert (first.author, first.source) == ("Elena Varga", "Coastal Wire")
    assert docs["wire.rss#2"].title == fx.REGION.title
    text = "\n".join(line.text for line in read.lines(db.conn, first.id))
    assert all(p in text for p in fx.PORT.paragraphs)
    notes = {n.doc.rsplit("/", 1)[-1]: n.reason for n in report.notes}
    assert "summary" in notes["short.xml#1"] and "wire.rss#1" not in notes
    assert_spans_slice_stored_text(folder / "wire.rss")


def test_atom_feed(tmp_path):
    path = tmp_path / "news.atom"
    path.write_text(fx.atom((fx.PORT,)), encoding="utf-8")
    db, report = _ingest(tmp_path, path)
    assert (report.added, report.failed) == (1, [])
    doc = _docs(db)["news.atom#1"]
    assert (doc.title, doc.date, doc.author, doc.url) == (fx.PORT.title, "2023-09-12", "Elena Varga", fx.PORT.url)


def test_a_feed_with_no_entries_fails_and_an_xml_file_that_is_no_feed_is_ignored(tmp_path):
    folder = tmp_path / "feeds"
    folder.mkdir()
    (folder / "empty.rss").write_text(fx.rss(()), encoding="utf-8")
    (folder / "sitemap.xml").write_text("<urlset><url><loc>https://x.org/</loc></url></urlset>", encoding="utf-8")
    (folder / "ok.rss").write_text(fx.rss((fx.PORT,)), encoding="utf-8")
    _, report = _ingest(tmp_path, folder)
    assert [(f.doc.rsplit("/", 1)[-1], f.reason) for f in report.failed] == [("empty.rss", "the feed has no entries")]
    assert (report.added, report.ignored) == (1, 1)


# --- JSON -----------------------------------------------------------------------------


def test_jsonl_records_are_documents_and_a_bad_line_is_reported_by_number(tmp_path):
    path = tmp_path / "dump.jsonl"
    lines = (
        fx.jsonl([fx.news_please(fx.PORT)])
        + '{"title": "cut off", "maintext": "no end\n\n'
        + fx.jsonl([fx.news_please(fx.REGION), ["not", "an", "object"], {"title": "no text here"}])
    )
    path.write_text(lines, encoding="utf-8")
    db, report = _ingest(tmp_path, path)
    assert report.added == 2
    failed = {f.doc.rsplit("/", 1)[-1]: f.reason for f in report.failed}
    assert failed.keys() == {"dump.jsonl#2", "dump.jsonl#5", "dump.jsonl#6"}
    assert failed["dump.jsonl#2"].startswith("not valid JSON")
    assert failed["dump.jsonl#5"] == "a JSON list, not an object"
    assert "--map text=FIELD" in failed["dump.jsonl#6"]
    docs = _docs(db)
    first, second = docs["dump.jsonl#1"], docs["dump.jsonl#4"]  # a record's number is its line; line 3 is blank
    assert (first.format, first.title, first.date, first.precision) == ("json", fx.PORT.title, "2023-09-12", "day")
    assert (first.url, first.author, first.source) == (fx.PORT.url, "Elena Varga", "news.example.org")
    assert second.title == fx.REGION.title
    assert_spans_slice_stored_text(path)


def test_a_json_object_is_one_document_and_an_array_one_per_element(tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "one.json").write_text(json.dumps(fx.news_please(fx.PORT)), encoding="utf-8")
    (folder / "many.json").write_text(json.dumps([fx.news_please(a) for a in fx.ARTICLES]), encoding="utf-8")
    db, report = _ingest(tmp_path, folder)
    assert (report.added, report.failed) == (4, [])
    assert {"one.json", "many.json#1", "many.json#2", "many.json#3"} == set(_docs(db))


def test_field_map_names_other_fields(tmp_path):
    path = tmp_path / "custom.jsonl"
    path.write_text(
        fx.jsonl(
            [{"headline_text": fx.PORT.title, "story": {"body": "\n".join(fx.PORT.paragraphs)}, "ts": 1694507400}]
        ),
        encoding="utf-8",
    )
    _, report = _ingest(tmp_path, path)
    assert report.added == 0 and "--map" in report.failed[0].reason
    options = Options((("text", "story.body"), ("title", "headline_text"), ("date", "ts")))
    db, report = _ingest(tmp_path, path, options=options)
    assert (report.added, report.failed) == (1, [])
    doc = _docs(db)["custom.jsonl#1"]
    assert (doc.title, doc.date) == (fx.PORT.title, "2023-09-12")


def test_a_changed_dump_replaces_only_the_records_that_changed(tmp_path):
    path = tmp_path / "dump.jsonl"
    records = [fx.news_please(a) for a in fx.ARTICLES]
    path.write_text(fx.jsonl(records), encoding="utf-8")
    db, report = _ingest(tmp_path, path)
    assert report.added == 3
    ids = {d.doc: d.id for d in read.documents(db.conn)}
    records[1] = {**records[1], "title": "A corrected headline"}
    path.write_text(fx.jsonl(records[:2]), encoding="utf-8")  # the third record is gone
    report = ingest(db, [str(path)], jobs=1)
    assert (report.added, report.updated, report.skipped, report.pruned) == (0, 1, 1, 1)
    after = {d.doc: d for d in read.documents(db.conn)}
    assert set(after) == {f"{path}#1", f"{path}#2"}
    assert after[f"{path}#1"].id == ids[f"{path}#1"]  # untouched
    assert after[f"{path}#2"].title == "A corrected headline"
    assert db.conn.execute("PRAGMA foreign_key_check").fetchall() == []


# --- WARC -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_are_articles_with_their_target_uri(tmp_path, name):
    path = fx.warc(tmp_path / name, (fx.PORT, fx.REGION))
    db, report = _ingest(tmp_path, path)
    assert (report.added, report.failed) == (2, [])
    docs = _docs(db)
    # records: 1 warcinfo, then request, response, image per page
    assert set(docs) == {f"{name}#3", f"{name}#6"}
    port = docs[f"{name}#3"]
    assert (port.format, port.url, port.title, port.date) == ("warc", fx.PORT.url, fx.PORT.title, "2023-09-12")
    [note] = report.notes
    assert "not an HTML page (image/png)" in note.reason and "request record" in note.reason
    assert_spans_slice_stored_text(path)


def test_a_truncated_warc_keeps_the_records_before_the_cut(tmp_path):
    whole = fx.warc(tmp_path / "whole.warc", (fx.PORT, fx.REGION), extras=False).read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(whole[: whole.rindex(b"The chamber")])
    db, report = _ingest(tmp_path, cut)
    assert report.added == 1 and len(report.failed) == 1
    assert report.failed[0].doc.endswith("cut.warc#5")
    not_warc = tmp_path / "fake.warc"
    not_warc.write_text("hello", encoding="utf-8")
    _, report = _ingest(tmp_path, not_warc)
    assert report.failed[0].reason.startswith("not a WARC file")


# --- e-mail ---------------------------------------------------------------------------


def test_eml_and_mbox_messages(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "tip.eml").write_bytes(fx.email_message(fx.PORT))
    (folder / "desk.mbox").write_bytes(
        fx.mbox([fx.email_message(fx.REGION), fx.email_message(fx.PORT_COPY, html_part=True)])
    )
    db, report = _ingest(tmp_path, folder)
    assert (report.added, report.failed) == (3, [])
    docs = _docs(db)
    tip = docs["tip.eml"]
    assert (tip.format, tip.title, tip.date, tip.author, tip.source) == (
        "email",
        fx.PORT.title,
        "2023-09-12",
        "Elena Varga",
        "news.example.org",
    )
    assert tip.url == "mid:port-expansion@news.example.org"
    html_message = "\n".join(line.text for line in read.lines(db.conn, docs["desk.mbox#2"].id))
    assert fx.PORT_COPY.paragraphs[0] in html_message and "Commenter99" not in html_message
    assert_spans_slice_stored_text(folder / "desk.mbox")
    assert_spans_slice_stored_text(folder / "tip.eml")


# --- PDF ------------------------------------------------------------------------------

PAGES = [
    ["Port Authority annual report", "", "Maria Lopez said the harbour handled 2 million containers in 2022."],
    ["Tomas Berg said the new cranes would arrive in March 2024.", "The board met in Valmora on 4 May 2023."],
]


def test_pdf_text_keeps_its_page_breaks(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(fx.pdf(PAGES))
    db, report = _ingest(tmp_path, path)
    assert (report.added, report.failed) == (1, [])
    doc = _docs(db)["report.pdf"]
    assert (doc.format, doc.title, doc.author, doc.date) == ("pdf", "Annual report", "Port Authority", "2023-09-12")
    lines = [line.text for line in read.lines(db.conn, doc.id)]
    assert "\f" in lines
    page_two = lines.index("\f") + 1
    assert lines[page_two].startswith("Tomas Berg said")
    assert read.page_of(db.conn, doc.id, page_two + 1) == 2 and read.page_of(db.conn, doc.id, 1) == 1
    assert_spans_slice_stored_text(path)


def test_encrypted_and_image_only_pdfs_are_refused_with_their_reason(tmp_path):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "locked.pdf").write_bytes(fx.encrypted(fx.pdf(PAGES)))
    (folder / "scan.pdf").write_bytes(fx.pdf([[], []]))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    (folder / "ok.pdf").write_bytes(fx.pdf(PAGES))
    _, report = _ingest(tmp_path, folder)
    reasons = {f.doc.rsplit("/", 1)[-1]: f.reason for f in report.failed}
    assert reasons["locked.pdf"] == "encrypted PDF (it needs a password)"
    assert reasons["scan.pdf"].startswith("no text in the PDF")
    assert reasons["broken.pdf"].startswith("unreadable PDF")
    assert report.added == 1


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["jsonl", "json"])
def test_a_large_dump_is_streamed_in_bounded_memory(tmp_path, kind):
    """A 256 MB dump (as a 2 GB one would be) is split into records holding only one record at a time."""
    import tracemalloc

    from db.text.formats import jsondump

    record = json.dumps(fx.news_please(fx.PORT) | {"maintext": "word " * 2000})
    count = 256 * 2**20 // (len(record) + 2)
    path = tmp_path / f"big.{kind}"
    with open(path, "w", encoding="utf-8") as fh:
        if kind == "json":
            fh.write("[\n")
        chunk = (record + (",\n" if kind == "json" else "\n")) * 1000
        for _ in range(count // 1000):
            fh.write(chunk)
        if kind == "json":
            fh.write(record + "]\n")
    read_records = jsondump.lines if kind == "jsonl" else jsondump.documents
    tracemalloc.start()
    seen = sum(1 for _ in read_records(str(path), NO_OPTIONS))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert seen == count // 1000 * 1000 + (kind == "json")
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB while reading a {path.stat().st_size / 2**20:.0f} MB dump"
