"""Properties over the parser and the whole extraction pipeline, on any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from db.extract.pipeline import extract
from db.text.document import parse_bytes

# Text that looks a little like news: words, capitals, digits, quotes, dashes, line ends.
news_alphabet = st.sampled_from(
    list("abcdefghij ABCDEFG 0123456789 .,;:'\"“”‘’—-()[]%$£\n\r\t") + ["\x1b[2J", "\u202e", "\u200b", "é", "\x00"]
)
newsy = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "Paris",
                "John Smith",
                "Acme Corp",
                "said",
                "on Monday",
                "in 2019",
                "date 2021-02-03",
                "title: X",
                "Previous post Y",
                "\r\n",
                "\n\n",
                "“Quote,” he said.",
                "February 30",
            ]
        ),
        news_alphabet,
        st.text(max_size=5),
    ),
    max_size=60,
).map("".join)


def _lines(raw: str) -> list[str]:
    lines = raw.split("\n")
    return [line[:-1] if line.endswith("\r") else line for line in lines]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(newsy)
def test_every_extracted_span_slices_the_original(raw: str):
    data = raw.encode("utf-8")
    try:
        doc = parse_bytes(data)
    except Exception as exc:  # only the documented refusal is allowed
        assert type(exc).__name__ == "UnreadableFile"
        return
    original = _lines(doc_text := data.decode(doc.encoding.split()[0].replace("-sig", ""), errors="replace"))
    if doc.encoding.startswith("utf-8-sig"):
        original = _lines(doc_text.lstrip("\ufeff"))
    out = extract(doc)
    items = [(m.line, m.column, m.text) for m in out.mentions]
    items += [(c.line, c.column, c.text) for c in out.claims]
    items += [(e.line, e.column, e.text) for e in out.events]
    items += [(e.line, e.expression_column, e.expression) for e in out.events]
    for line, column, text in items:
        assert "\n" not in text
        assert original[line - 1][column - 1 : column - 1 + len(text)] == text
