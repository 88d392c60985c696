"""Speakers in US-style news (wire copy and saved web pages): the patterns the web-page gold showed.

Mentions come from a hand-made table (see test_claims.py), so these tests do not depend on the NER.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from db.extract.claims.document import Doc
from tests.db.test_claims import claims_of, mentions, only, sentences, speaker

TABLE = [
    ("Jane Smith", "PERSON"),
    ("Smith", "PERSON"),
    ("John Doe", "PERSON"),
    ("Doe", "PERSON"),
    ("Lord Falconer", "PERSON"),
    ("Anna Lee", "PERSON"),
    ("Mark Ford", "PERSON"),
    ("Fraser", "PERSON"),
    ("Acme", "ORG"),
    ("Globex", "ORG"),
    ("Acme Institute", "ORG"),
    ("Health Department", "ORG"),
    ("State Attorney's Office", "ORG"),
    ("Western District of Oslin", "ORG"),
    ("Reuters", "ORG"),
    ("Paris", "PLACE"),
    ("Austria", "PLACE"),
    ("Afghan", "MISC"),
]


def who(text: str, needle: str) -> str | None:
    found, ents = claims_of(text, TABLE)
    c = only(found, needle)
    assert c.cue is not None, c
    return speaker(c, ents)


def test_a_relative_clause_between_a_quotes_speaker_and_the_verb():
    text = '"The house will never again evoke that memory," Minister John Doe, who serves in a caretaker cabinet, said.'
    assert who(text, "evoke") == "John Doe"
    # the verb must follow the clause: "..., who said so on Monday, is ..." is no attribution of the quote
    found, _ = claims_of('"It is over," John Doe, who lives in Paris, is a builder.', TABLE)
    assert [c for c in found if c.cue] == []


@pytest.mark.parametrize(
    "text",
    [
        "“I guess my first reaction was, ‘Oh no, they are in trouble,’ ” Jane Smith said.",
        '"This game isn\'t over yet, " said Jane Smith, a vice president at Acme.',
    ],
)
def test_a_space_before_the_closing_quote_mark(text):
    assert who(text, "reaction" if "reaction" in text else "over yet") == "Jane Smith"


def test_a_person_of_an_organisation_speaks_not_the_organisation():
    assert who("Dr. John Doe of the Health Department says the risk continues.", "risk") == "John Doe"
    assert who("Jane Smith from Acme said the deal was done.", "deal") == "Jane Smith"
    # a one-word "person" after "the" is a word of the organisation's name
    assert who("A report by the Fraser of Acme Institute says the cost was too low.", "cost") == "Acme Institute"


def test_a_long_named_subject_before_said_in_a_statement():
    text = (
        "John Doe, 55, pleaded guilty to making threats, the State Attorney's Office for the Western District of "
        "Oslin said in a statement."
    )
    assert who(text, "pleaded guilty") == "State Attorney's Office"


def test_a_pronoun_after_an_opening_clause_is_that_clauses_subject():
    text = (
        "Jane Smith said the talks were useful.\n"
        "When Afghan President John Doe announced the swap last week, he said the prisoners would stay away."
    )
    assert who(text, "prisoners") == "John Doe"
    # not an object of the opening clause
    text = "Jane Smith spoke in Paris.\nAfter meeting John Doe on Monday, she said the prisoners would stay away."
    assert who(text, "prisoners") == "Jane Smith"


def test_a_role_the_text_gives_no_name_stays_unnamed():
    text = (
        "Jane Smith's office said 30 people were hurt.\n"
        "A doctor at the scene told Reuters that he tried to save one of them.\n"
        "“It was a shot in the heart,” the doctor said."
    )
    assert who(text, "shot in the heart") is None
    # a role inside a quote brings in no one: "the mayor" is still the mayor named before
    text = (
        "Mayor John Doe said the games would be on time.\n"
        '"They have a mayor who will not panic," he said.\n'
        "The mayor said he would write to the assembly."
    )
    assert who(text, "write to the assembly") == "John Doe"


def test_a_lead_role_named_later_in_the_text():
    text = (
        "The house will be turned into a police station, Austria's interior minister said on Tuesday.\n"
        "Architects will be invited to submit plans.\n"
        '"It will never again evoke that memory," Interior Minister John Doe said in the statement.'
    )
    assert who(text, "police station") == "John Doe"
    # only a short description, and only a name after its own sentence
    text = "The Lib Dems called for party leader John Doe to speak, and said the leak was serious."
    assert who(text, "leak was serious") is None


def test_the_company_is_the_one_organisation_its_sentence_names():
    text = (
        "Globex released a new app this year.\n"
        "There are 140 million businesses across Acme's platforms, according to the company."
    )
    assert who(text, "140 million") == "Acme"
    # not one inside an opening adverbial
    text = "Acme bid for Globex.\nAhead of talks with Globex on Friday, the company said it may pay in cash."
    assert who(text, "pay in cash") == "Acme"


def test_a_name_then_its_role_without_a_closing_comma():
    text = '"Voice over the net is a key trend, " John Doe, Acme\'s chief executive told Reuters.'
    assert who(text, "key trend") == "John Doe"
    text = "Jane Smith, founder of human rights group the Acme Institute said the plan was wrong."
    assert who(text, "plan was wrong") == "Jane Smith"
    # "X, the minister said" after an opening clause: the minister is not X
    text = "Jane Smith spoke in Paris.\nEchoing John Doe, the minister said the policy had changed."
    assert who(text, "policy had changed") != "John Doe"


def test_a_role_and_the_name_it_is_given():
    text = "The Lord Chancellor, Lord Falconer, agreed the act was unfair but added that its effects were limited."
    assert who(text, "effects were limited") == "Lord Falconer"
    text = '"We asked ourselves if we should cancel," said the festival\'s executive director, Mark Ford.'
    assert who(text, "cancel") == "Mark Ford"


def test_an_inverted_said_before_a_quote():
    text = 'Said Acme assistant coach John Doe: "We are positive about him."'
    assert who(text, "positive") == "John Doe"


def test_a_relative_clause_after_the_verb_keeps_the_quote():
    text = (
        'Jane Smith runs a trading company.\n"Many companies are exporting now," she said, noting that a lot '
        "of firms, which were closed during the crisis, are re-opening."
    )
    found, ents = claims_of(text, TABLE)
    c = only(found, "exporting now")
    assert (c.cue, speaker(c, ents)) == ("said", "Jane Smith")


def test_a_name_alone_between_commas_before_its_role_and_the_verb():
    text = (
        'John Doe should see "the results of the symbol he chose", Rabbi Jane Smith, founder of human rights group '
        "the Acme Institute said."
    )
    found, ents = claims_of(text, TABLE)
    c = only(found, "results of the symbol")
    assert speaker(c, ents) == "Jane Smith"
    assert "Rabbi" not in c.text


def test_a_titled_surname_typed_as_a_place_is_the_person_named_before():
    table = TABLE + [("Linda Park", "PERSON"), ("Ms Park", "PLACE")]  # the NER may type the titled form a place
    text = (
        "The cuts will fall in Ohio, said Linda Park, a spokeswoman for Acme.\n"
        "According to Ms Park, Acme has 12,000 staff."
    )
    found, ents = claims_of(text, table)
    assert speaker(only(found, "12,000"), ents) == "Linda Park"


def test_a_party_and_state_tag_is_no_speaker():
    table = TABLE + [("D-Ohio", "PERSON")]
    text = "Senator Jane Smith, D-Ohio, told reporters that Acme had received tax breaks."
    found, ents = claims_of(text, table)
    assert speaker(only(found, "tax breaks"), ents) == "Jane Smith"


def test_a_person_before_a_chain_of_organisations_and_places():
    table = TABLE + [("District Court", "ORG")]
    text = 'Judge John Doe of the District Court in Paris wrote that the agency "simply discarded" the findings.'
    found, ents = claims_of(text, table)
    assert speaker(only(found, "discarded"), ents) == "John Doe"


def test_an_adverbial_then_a_participle_after_the_attribution():
    text = "Acme won a $9 billion contract, Globex said on Thursday, beating a rival bid."
    found, ents = claims_of(text, TABLE)
    c = only(found, "contract")
    assert speaker(c, ents) == "Globex" and "beating" not in c.text


def test_a_place_in_the_title_before_a_name_and_its_relative_clause():
    table = TABLE + [("Illinois", "PLACE")]
    text = "Illinois Attorney General Jane Smith, whose office led the talks, said the deal sent a clear message."
    found, ents = claims_of(text, table)
    c = only(found, "clear message")
    assert speaker(c, ents) == "Jane Smith" and "whose office" not in c.text


def test_a_that_clause_after_an_infinitive_or_a_noun_is_not_the_verbs():
    text = "Acme agreed on Wednesday to pay $148 million to settle claims that it hid a breach, state officials said."
    found, ents = claims_of(text, TABLE)
    c = only(found, "hid a breach")
    assert c.cue == "said" and speaker(c, ents) is None


def test_a_passive_speech_verb_is_no_cue():
    text = "Job cuts will be announced later this week in some areas, said Acme chair Jane Smith in an email."
    found, ents = claims_of(text, TABLE)
    c = only(found, "Job cuts")
    assert (c.cue, speaker(c, ents)) == ("said", "Jane Smith")


def test_a_name_deep_inside_a_subject_is_no_speaker():
    table = TABLE + [("JAMA Psychiatry", "ORG")]
    text = "The authors of the research published in the journal JAMA Psychiatry argued that the rise is a concern."
    found, ents = claims_of(text, table)
    assert speaker(only(found, "rise is a concern"), ents) is None


def test_a_name_ending_in_s_before_the_verb_speaks():
    table = TABLE + [("Shoney", "ORG")]
    text = "Shoney's said the latest restructuring affected its bank debt."
    found, ents = claims_of(text, table)
    assert speaker(only(found, "restructuring"), ents) == "Shoney"


def test_a_bare_surname_in_its_own_cluster_is_the_full_name_before_it():
    # the resolver may keep "Sowers" apart from "Eyamba Sowers" (and "Ms. Park" from "Linda Park"): the claim
    # finder speaks of the full name
    text = "Eyamba Sowers did not know. Jane Smith was coming. Sowers, who owns a shop, said so. Ms. Smith agreed."
    ents = mentions(
        text, [("Eyamba Sowers", "PERSON"), ("Jane Smith", "PERSON"), ("Sowers", "PERSON"), ("Ms. Smith", "PERSON")]
    )
    types = [SimpleNamespace(type="ORG" if " " not in e.text or e.text.startswith("Ms") else "PERSON") for e in ents]
    d = Doc(text, sentences(text), ents, SimpleNamespace(of_mention=list(range(len(ents))), entities=types))
    names = [e.text for e in ents]
    assert names[d.full_person(names.index("Sowers"))] == "Eyamba Sowers"
    assert names[d.full_person(names.index("Ms. Smith"))] == "Jane Smith"
    assert d.full_person(names.index("Jane Smith")) == names.index("Jane Smith")
    # a surname the resolver typed a person is the resolver's to join
    typed = [SimpleNamespace(type="PERSON") for _ in ents]
    d = Doc(text, sentences(text), ents, SimpleNamespace(of_mention=list(range(len(ents))), entities=typed))
    assert d.full_person(names.index("Sowers")) == names.index("Sowers")


def test_told_police():
    text = "Jane Smith spoke.\nWhen John Doe was approached, he told police he supported the plan."
    found, ents = claims_of(text, TABLE)
    assert speaker(only(found, "supported the plan"), ents) == "John Doe"


def test_a_quote_that_goes_on_keeps_its_speaker():
    text = (
        "Jane Smith denied the charges. Anna Lee said she met her often.\n"
        '"I was never told by Anna Lee of anything wrong," she told the court. "Nobody ever said so."'
    )
    found, ents = claims_of(text, TABLE)
    quotes = [c for c in found if c.text.startswith('"')]
    assert [speaker(c, ents) for c in quotes] == ["Jane Smith", "Jane Smith"]


# --------------------------------------------------------------------------- the web-page gold files

GOLD = Path(__file__).resolve().parents[2] / "scripts" / "gold"
PAGES = Path(os.environ.get("STORYLINE_AEB_PAGES", "/tmp/aeb-14k"))


def _gold_rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name", ["speakers-web.jsonl", "speakers-web2.jsonl"])
def test_the_web_gold_holds_positions_and_hashes_only(name):
    for row in _gold_rows(name):
        assert set(row) == {"doc", "line", "column", "sha1", "speaker"}
        assert len(row["sha1"]) == 12 and all(s is None or len(s) < 80 for s in row["speaker"])


@pytest.mark.parametrize("name", ["speakers-web.jsonl", "speakers-web2.jsonl"])
def test_the_web_gold_sentences_are_where_the_pages_put_them(name):
    """The benchmark's pages are public but not in /work/shared: skipped without a checkout."""
    if not (PAGES / "html").is_dir():
        pytest.skip(f"no article-extraction-benchmark checkout at {PAGES} (set STORYLINE_AEB_PAGES)")
    spec = importlib.util.spec_from_file_location("eval_speakers", GOLD.parent / "eval_speakers.py")
    assert spec is not None and spec.loader is not None
    ev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ev)
    corpora = str(GOLD.parents[2] / "shared" / "corpora")
    for row in _gold_rows(name):
        path = ev.resolve(row["doc"], corpora, str(PAGES))
        if not path.exists():
            continue  # (a TBAQ document where the shared corpora are not)
        doc = ev.read_document(path)
        found = [s for s in doc.sentences if doc.position(s.start) == (row["line"], row["column"])]
        assert found and hashlib.sha1(found[0].text.encode()).hexdigest()[:12] == row["sha1"], row
