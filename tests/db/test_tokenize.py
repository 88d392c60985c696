"""Tokenizer and sentence splitter behaviour."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.text.tokenize import split_sentences, tokenize, tokens

CONLL_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "conll2003"


def test_offsets_slice_exactly():
    text = "Dixon’s “deal” — worth $18,000 — closed on 1996-08-22.\nNext line."
    for s, e in tokenize(text):
        assert text[s:e] == text[s:e].strip() and text[s:e]
    assert [text[s:e] for s, e in tokenize(text)] == tokens(text)


def test_ptb_splitting_of_ordinary_text():
    text = "Dixon’s vice-chairman said the U.S. firm’s “deal” — worth $18,000 or 3.5% — can’t close."
    assert tokens(text) == [
        "Dixon",
        "’s",
        "vice-chairman",
        "said",
        "the",
        "U.S.",
        "firm",
        "’s",
        "“",
        "deal",
        "”",
        "—",
        "worth",
        "$",
        "18,000",
        "or",
        "3.5",
        "%",
        "—",
        "ca",
        "n’t",
        "close",
        ".",
    ]


def test_keeps_abbreviations_numbers_and_hyphenated_words():
    assert tokens("Dr. Smith of Acme Corp. met St. John on Jan. 5 in Washington, D.C.") == [
        "Dr.",
        "Smith",
        "of",
        "Acme",
        "Corp.",
        "met",
        "St.",
        "John",
        "on",
        "Jan.",
        "5",
        "in",
        "Washington",
        ",",
        "D.C.",
    ]
    assert tokens("The Beijing-based firm (Noida-based) sold 1,200 units at 10:30 on 1996-08-22") == [
        "The",
        "Beijing-based",
        "firm",
        "(",
        "Noida-based",
        ")",
        "sold",
        "1,200",
        "units",
        "at",
        "10:30",
        "on",
        "1996-08-22",
    ]
    assert tokens("Atul B. Lall, O'Brien and U.S.-led talks") == [
        "Atul",
        "B.",
        "Lall",
        ",",
        "O'Brien",
        "and",
        "U.S.-led",
        "talks",
    ]


def test_possessives_and_quotes():
    assert tokens("Technologies’ plans and ‘Make in India’ and Xiaomi's phones") == [
        "Technologies",
        "’",
        "plans",
        "and",
        "‘",
        "Make",
        "in",
        "India",
        "’",
        "and",
        "Xiaomi",
        "'s",
        "phones",
    ]


def test_conll_form_is_kept():
    line = "Germany 's representative to the EU 's veterinary committee said 6-4 , 1996-08-22 U.S. --"
    assert tokens(line) == line.split(" ")


@pytest.mark.slow
@pytest.mark.skipif(not CONLL_DIR.exists(), reason="needs ../shared/corpora")
def test_conll_round_trip():
    from db.extract.ner.evaluate import conll_to_text, read_conll

    for name in ("train.txt", "dev.txt"):
        for doc in read_conll(str(CONLL_DIR / name)):
            text, _ = conll_to_text(doc)
            got = [text[s:e] for s, e in tokenize(text)]
            assert got == [t for sent in doc for t, _ in sent]


def test_split_sentences():
    text = "Dr. Smith met Atul B. Lall at Acme Corp. in the U.S. on Monday. He said “yes.” Then he left! Why?"
    sents = [text[s:e] for s, e in split_sentences(text)]
    assert sents == [
        "Dr. Smith met Atul B. Lall at Acme Corp. in the U.S. on Monday.",
        "He said “yes.”",
        "Then he left!",
        "Why?",
    ]


def test_split_sentences_conll_line_is_one_sentence():
    line = "1. Michael Johnson ( U.S. ) 19.32 seconds"
    assert split_sentences(line) == [(0, len(line))]
    assert split_sentences("") == []


def test_memo_returns_fresh_lists():
    line = "Dixon Technologies said in a filing to the Bombay Stock Exchange on Wednesday."
    a = tokenize(line)
    a.append((0, 0))
    b = tokenize(line)
    assert b == tokenize(line + " ")[: len(b)] and (0, 0) not in b


def _whole_line_tokens(text: str) -> list[tuple[int, int]]:
    """The token regex run over the whole line, as before the letters-only fast path."""
    from db.text import tokenize as t

    out, n, swallowed = [], len(text), False
    for m in t._TOKEN_RE.finditer(text):
        s, e = m.span()
        if m.lastgroup == "word":
            if e < n and text[e] == "." and t._keeps_period(text[s:e], text, s, e):
                e += 1
                swallowed = True
                m2 = t._HYPHEN_TAIL_RE.match(text, e)
                if m2:
                    e = m2.end()
            elif e - s > 3 and text[e - 2 : e] in t._NT_TAILS and text[e - 3] in "nN":
                out.append((s, e - 3))
                s = e - 3
        out.append((s, e))
    if swallowed:
        fixed = [out[0]]
        for s, e in out[1:]:
            if s < fixed[-1][1]:
                if e <= fixed[-1][1]:
                    continue
                s = fixed[-1][1]
            fixed.append((s, e))
        out = fixed
    return out


def test_tokens_found_chunk_by_chunk_are_those_of_the_whole_line():
    import random

    rng = random.Random(7)
    alphabet = "aAbZsSé1 .,;:'\"-–—()[]$%&*+=@`/\\?!…’“”\t\u00a0"
    lines = [
        "Mr. Smith's U.S.-led firm didn't pay $3.5bn (e.g. to Acme Corp.) in 2024...",
        "Dr. J. R. Ewing's ex-wife, Sue Ellen, left Jan. 3. The end. U. Smith's S. A's.",
        "www.example.com/path, said the C$ 10 A.B. c... AA+ pre- --well-- x=y",
    ]
    lines += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    for line in lines:
        assert tokenize(line) == _whole_line_tokens(line), line
