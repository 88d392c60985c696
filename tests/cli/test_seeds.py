"""What a reader should find in the two seed articles, read through the public JSON CLI.

The expectations name the seed articles' people and companies; product code may not (it must
generalise), so they live here only.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from app.cli import main

DOC_A = "seeds/000_171dad24aabf5317.txt"
DOC_B = "seeds/002_5844c23af5eaa18d.txt"


@pytest.fixture(scope="module")
def read(seeds_db):
    def run(*args: str):
        result = CliRunner().invoke(main, [*args, "--json", "--db", str(seeds_db)])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


@pytest.fixture(scope="module")
def entities(read):
    return {(e["name"], e["type"]): e for e in read("entities")}


@pytest.mark.parametrize(
    "name, etype, aliases, documents",
    [
        ("Xiaomi", "ORG", {"Xiaomi Corp", "Xiaomi India"}, 2),
        ("Dixon Technologies", "ORG", {"Dixon", "Dixon Technologies India Ltd"}, 2),
        ("Padget Electronics", "ORG", {"Padget"}, 1),
        ("Atul B Lall", "PERSON", {"Atul B. Lall"}, 2),
        ("Narendra Modi", "PERSON", {"Modi"}, 1),
        ("Rajeev Chandrasekhar", "PERSON", set(), 1),
        ("Apple", "ORG", set(), 2),
        ("Qualcomm", "ORG", set(), 1),
        ("Optiemus Electronics", "ORG", set(), 1),
        ("Bombay Stock Exchange", "ORG", set(), 1),
        ("India", "PLACE", set(), 2),
        ("China", "PLACE", set(), 2),
        ("Noida", "PLACE", set(), 2),
        ("Beijing", "PLACE", set(), 1),
        ("New Delhi", "PLACE", set(), 1),
        ("Uttar Pradesh", "PLACE", set(), 1),
        ("Gautam Buddha Nagar", "PLACE", set(), 1),
        ("Taiwan", "PLACE", set(), 1),
    ],
)
def test_every_company_person_and_place_with_its_aliases(entities, name, etype, aliases, documents):
    entity = entities.get((name, etype))
    assert entity is not None, f"{name} ({etype}) not found; have {sorted(entities)}"
    assert aliases <= set(entity["aliases"])
    assert entity["documents"] == documents


def test_one_entity_per_company_across_both_articles(entities):
    names = [name for name, _ in entities]
    for short in ("Dixon", "Padget", "Atul B. Lall", "Lall", "Modi", "Xiaomi Corp", "Xiaomi India"):
        assert short not in names, f"{short} stands alone instead of being an alias"
    assert names.count("Xiaomi") == 1  # ORG in one article, PERSON-tagged in the other: one entity


def test_titles_possessives_and_based_compounds(read):
    texts = {m["text"] for m in read("mentions")}
    assert "Beijing" in texts and "Noida" in texts
    assert not any(t.endswith(("’s", "'s")) or "-based" in t for t in texts)
    assert not any(t.startswith(("vice-chairman", "Prime Minister", "Vice Chairman")) for t in texts)


def test_nothing_from_the_navigation_lines(read):
    for command in ("mentions", "claims", "timeline"):
        assert not [r for r in read(command) if r["doc"] == DOC_B and r["line"] >= 15], command


@pytest.mark.parametrize(
    "doc, line, start, speaker, cue",
    [
        (DOC_A, 3, "“represents a major milestone", "Atul B Lall", "said"),
        (DOC_A, 5, "it has entered into a partnership", "Dixon Technologies", "said"),
        (DOC_A, 11, "“This new announcement", "Xiaomi", "according to"),
        (DOC_A, 11, "Padget serves as one of five", "Xiaomi", "indicated that"),
        (DOC_A, 15, "Padget is one of a few companies", "Dixon Technologies", "according to"),
        (DOC_A, 19, "the payments made to US tech firm", "Xiaomi", "saying"),
        (DOC_B, 9, "“Xiaomi, which has built a strong brand", "Atul B Lall", "said"),
        (DOC_B, 3, "the Chinese company is planning", None, "According to"),
        (DOC_B, 5, "the partners will explore component", None, "add that"),
    ],
)
def test_each_statement_attributed_to_its_speaker(read, doc, line, start, speaker, cue):
    found = [c for c in read("claims") if c["doc"] == doc and c["line"] == line and c["text"].startswith(start)]
    assert len(found) == 1, [c["text"][:40] for c in read("claims") if c["doc"] == doc and c["line"] == line]
    assert (found[0]["speaker"], found[0]["cue"]) == (speaker, cue)


def test_timeline_dated_where_the_text_allows(read):
    items = {(t["doc"], t["line"], t["expression"]): t for t in read("timeline")}
    wednesday = items[(DOC_A, 5, "Wednesday")]
    # a weekday in a document dated only to the month stays at month precision
    assert (wednesday["date"], wednesday["precision"], wednesday["relation"]) == ("2023-09", "month", "on")
    tuesday = items[(DOC_B, 5, "Tuesday")]
    assert (tuesday["date"], tuesday["precision"]) == (None, None)  # undated article: listed, undated
    # "comes months after Xiaomi announced": the announcement was before the document's month
    months_after = items[(DOC_A, 17, "months after")]
    assert (months_after["relation"], months_after["date"], months_after["precision"]) == ("before", "2023-09", "month")
    assert set(wednesday["entities"]) >= {"Dixon Technologies", "Bombay Stock Exchange"}
