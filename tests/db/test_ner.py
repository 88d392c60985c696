"""Named-entity recognizer behaviour (CRF model + news post-processing)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from db.extract import ner
from db.extract.ner import manifest
from db.extract.ner.document import Document
from db.extract.ner.evaluate import conll_to_text, read_conll, score
from db.extract.ner.lexicons import FEATURE_LISTS, MODEL_DIR, RULE_LISTS
from db.extract.ner.recognize import default
from db.extract.ner.spans import bio_spans
from db.extract.ner.taggers import weighted_attributes
from db.extract.types import ENTITY_TYPES
from db.text import lexicon
from db.text.tokenize import tokenize

CONLL_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpora" / "conll2003"


def ents(text, start=0, end=None):
    return [(e.text, e.type, e.name) for e in ner.find_entities(text, start, end)]


def test_spans_slice_exactly_with_absolute_offsets():
    text = "Intro line.\nDixon Technologies said in a filing to the Bombay Stock Exchange on Wednesday."
    start = text.index("Dixon")
    found = ner.find_entities(text, start, len(text))
    assert found
    for e in found:
        assert text[e.start : e.end] == e.text
        assert e.type in ENTITY_TYPES
        assert start <= e.start < e.end <= len(text)


def test_seed_sentence_orgs():
    s = "Dixon Technologies said in a filing to the Bombay Stock Exchange on Wednesday"
    got = ents(s)
    assert ("Dixon Technologies", "ORG", "Dixon Technologies") in got
    assert ("Bombay Stock Exchange", "ORG", "Bombay Stock Exchange") in got


def test_titles_and_roles_are_not_part_of_names():
    s = "The deal is a milestone, said Dixon vice-chairman Atul B Lall in a statement."
    persons = [e for e in ents(s) if e[1] == "PERSON"]
    assert ("Atul B Lall", "PERSON", "Atul B Lall") in persons
    s = "It referred to the initiative of Indian Prime Minister Narendra Modi"
    got = ents(s)
    assert ("Narendra Modi", "PERSON", "Narendra Modi") in got
    assert not any("Minister" in e[0] for e in got)
    s = "“We are ecstatic,” said Dr. Atul B. Lall, Vice Chairman & MD, Dixon Technologies (India)."
    got = ents(s)
    assert any(e[1] == "PERSON" and e[0] == "Atul B. Lall" for e in got)
    assert not any(e[0].startswith(("Dr", "Vice")) for e in got)


def test_possessives_are_split_off():
    for s in ("Shares rose after Dixon’s filing on Wednesday.", "Investors in Mumbai liked Dixon's filing."):
        got = ner.find_entities(s)
        assert any(e.text == "Dixon" and e.name == "Dixon" for e in got), got
        assert not any("’s" in e.text or "'s" in e.text for e in got)


def test_based_compounds_give_the_place():
    got = ents("The Beijing-based company played down the deal.")
    assert ("Beijing", "PLACE", "Beijing") in got
    got = ents("Xiaomi signed up Noida-based Optiemus Electronics to make audio products.")
    assert ("Noida", "PLACE", "Noida") in got
    assert not any(e[0].endswith("-based") for e in got)


def test_sentence_initial_and_headline_common_words():
    got = ents("Currently, the market is growing fast in India.")
    assert not any(e[0] == "Currently" for e in got)
    assert ("India", "PLACE", "India") in got
    got = ents("MARKETS RALLY AS INVESTORS CHEER NEWS")
    assert not any(e[0] in ("MARKETS", "RALLY", "AS", "NEWS") for e in got)


@pytest.mark.parametrize(
    "first, rest",
    [
        (
            "Mobile phone sales are expected to grow this year.",
            "Analysts said the mobile market was strong, and a mobile handset costs less.",
        ),
        (
            "Reading blogs remains more popular than writing them, the survey found.",
            "People enjoy reading news online.",
        ),
    ],
)
def test_a_sentence_with_only_a_common_first_word_capitalised_has_no_entity(first, rest):
    # The document writes the first word in lower case elsewhere: it is no name.
    text = first + "\n" + rest
    assert ents(text, 0, len(first)) == []


def test_a_capitalised_first_word_the_document_never_lowercases_is_still_tagged():
    text = "Microsoft said it would cut prices this year.\nAnalysts said the market was strong."
    assert ("Microsoft", "ORG", "Microsoft") in ents(text, 0, text.index("\n"))


def test_clean_name():
    assert ner.clean_name("Xiaomi’s") == "Xiaomi"
    assert ner.clean_name("“Acme Corp.") == "Acme Corp"
    assert ner.clean_name("U.S.") == "U.S."


def test_empty_and_punctuation_only():
    assert ner.find_entities("") == []
    assert ner.find_entities("... — !") == []


def test_score_and_conll_to_text():
    doc = [
        [("EU", "I-ORG"), ("rejects", "O"), ("German", "I-MISC"), ("call", "O")],
        [("Peter", "I-PER"), ("Blackburn", "I-PER"), ("and", "O"), ("A", "I-PER"), ("B", "B-PER")],
    ]
    text, gold = conll_to_text(doc)
    assert text == "EU rejects German call\nPeter Blackburn and A B\n"
    assert gold == [
        (1, 1, "EU", "ORG"),
        (1, 12, "German", "MISC"),
        (2, 1, "Peter Blackburn", "PERSON"),
        (2, 21, "A", "PERSON"),
        (2, 23, "B", "PERSON"),
    ]
    assert bio_spans(["I-PER", "B-PER", "O", "I-LOC"]) == [(0, 1, "PER"), (1, 2, "PER"), (3, 4, "LOC")]
    g = [(0,) + m for m in gold]
    p = g[:3] + [(0, 2, 21, "A B", "PERSON")]
    sc = score(g, p)
    assert sc["overall"]["tp"] == 3 and sc["overall"]["gold"] == 5 and sc["overall"]["predicted"] == 4
    assert sc["PERSON"]["recall"] == pytest.approx(1 / 3)
    assert sc["ORG"]["f1"] == 1.0


@pytest.mark.slow
@pytest.mark.skipif(not (CONLL_DIR / "dev.txt").exists(), reason="needs ../shared/corpora")
def test_dev_subset_f1():
    docs = read_conll(str(CONLL_DIR / "dev.txt"))[:40]
    gold, pred = [], []
    for d, doc in enumerate(docs):
        text, g = conll_to_text(doc)
        gold += [(d,) + m for m in g]
        pos = 0
        for ln, line in enumerate(text.split("\n")[:-1], 1):
            for e in ner.find_entities(text, pos, pos + len(line)):
                pred.append((d, ln, e.start - pos + 1, e.text, e.type))
            pos += len(line) + 1
    assert score(gold, pred)["overall"]["f1"] > 0.85


def test_function_word_ends_a_name():
    got = ner.find_entities("Dixon Technologies will produce mobile phones for Xiaomi in India.")
    assert not any(" in " in e.text for e in got)


def test_a_conjunction_opening_the_sentence_is_no_part_of_the_name():
    names = [text for text, _, _ in ents('Once Zorbex had won, shares rose. "Once Quist wins, we go," he said.')]
    assert "Zorbex" in names and "Quist" in names
    assert not any(n.startswith("Once") for n in names)
    assert [text for text, _, _ in ents("Both Quist Labs and Zorbex gained.")][0] == "Quist Labs"


def test_a_number_completes_a_name_that_takes_one():
    names = {text for text, _, _ in ents("He told Radio 4 and Channel 4 that Windows 95 sold. Arsenal 2 Chelsea 1.")}
    assert {"Radio 4", "Channel 4", "Windows 95"} <= names
    assert {"Arsenal", "Chelsea"} <= names  # a score is no part of a club's name


def test_a_role_inside_an_organisations_span_starts_the_person():
    found = ents("Liberal Democrat leader Charles Kennedy said so. Labour MP Jane Smith resigned.")
    assert [(text, typ) for text, typ, _ in found] == [
        ("Liberal Democrat", "ORG"),
        ("Charles Kennedy", "PERSON"),
        ("Labour", "ORG"),
        ("Jane Smith", "PERSON"),
    ]
    # a capitalised role is part of the organisation's name
    assert [text for text, _, _ in ents("The National Association of Chief Police Officers said so.")] == [
        "National Association of Chief Police Officers"
    ]


def test_runtime_features_are_the_model_known_training_features():
    # Tagging generates only features the models carry weights for; the rest
    # of the training features must be exactly what the models would see.
    text = (
        "Shares of US tech firm Qualcomm rose 3% in New York on Monday, said Mr. Smith.\n"
        "Xiaomi's plant in Gautam Buddha Nagar district makes Redmi phones."
    )
    rt = default.model.runtime
    lines = [[text.split("\n")[k][s:e] for s, e in tokenize(line)] for k, line in enumerate(text.split("\n"))]
    stats = ner.doc_stats(lines)
    for words in lines:
        full = default.model.features.sentence(words, stats)
        fast = rt.features(words, stats)
        assert [sorted(f) for f in fast] == [sorted(x for x in f if x in rt.keep) for f in full]


def test_a_words_items_are_its_training_features_in_training_order():
    # Runtime.word builds a word's items from shared parts (shape, prefix,
    # suffix, cluster); CRFsuite sums weights in item order, so the items must be
    # exactly, in order, the model-known features Features.word gives.
    rt = default.model.runtime
    words = [
        "the",
        "The",
        "THE",
        "firm",
        "district",
        "Mr.",
        "U.S.-led",
        "Beijing-based",
        "Jean-Claude",
        "Monday",
        "March",
        "French",
        "Americans",
        "Ltd",
        "Inc.",
        "président",
        "Zürich",
        "3G",
        "1,200",
        "'s",
        "--",
        "McDonald's",
        "iPhone",
        "eBay",
        "X",
        "a",
        "NATO",
        "minister",
        "Qwxzv",
        "qwxzvs",
    ]
    for w in words + [w.upper() for w in words] + [w.lower() for w in words]:
        rt.words.pop(w, None)
        assert rt.word(w) == rt.word_reference(w), w


def test_the_weighted_attributes_are_those_the_model_info_names():
    model = default.model
    for tagger in (model.stage1, model.stage2):
        assert weighted_attributes(tagger) == [a for a, _ in tagger.info().state_features]


def test_apposition_cues():
    got = ents("Shares of US tech firm Qualcomm fell after the chipmaker Broadcom raised its bid.")
    assert ("Qualcomm", "ORG", "Qualcomm") in got
    got = ents("The plant is in Gautam Buddha Nagar district, near the capital.")
    assert ("Gautam Buddha Nagar", "PLACE", "Gautam Buddha Nagar") in got
    got = ents("The phones are made by Bharat FIH, a unit of Hon Hai.")
    assert ("Bharat FIH", "ORG", "Bharat FIH") in got
    rules = default.model.rules
    assert rules.apposition_type(["said", "Mr", "Dixon"], 2, 3, "ORG") == "PER"
    assert rules.apposition_type(["the", "firm", "Dixon"], 2, 3, "PER") == "ORG"
    assert rules.apposition_type(["Noida", "district"], 0, 1, "ORG") == "LOC"
    assert rules.apposition_type(["Chinese", "state", "media"], 0, 1, "MISC") == "MISC"
    assert rules.apposition_type(["Napoleon", "III"], 0, 2, "PER") == "PER"


def test_stage_two_skipped_sentences_keep_based_places():
    # A sentence with nothing for the CRF still gets its "-based" places.
    got = ents("the beijing-based rumour was that a Delhi-based trader sold.")
    assert ("Delhi", "PLACE", "Delhi") in got


def test_only_the_words_near_a_capital_or_digit_are_tagged():
    words = [
        "the",
        "report",
        "said",
        "that",
        "after",
        "a",
        "long",
        "and",
        "difficult",
        "year",
        "the",
        "board",
        "of",
        "Acme",
        "Corp",
        "would",
        "meet",
        "again",
        "in",
        "the",
        "spring",
        "to",
        "discuss",
        "it",
    ]
    acme = words.index("Acme")
    assert ner.tag_segments(words) == [(acme - ner.LEFT_CONTEXT, acme + 1 + ner.RIGHT_CONTEXT + 1)]
    assert ner.tag_segments(["nothing", "here", "is", "worth", "tagging", "at", "all"]) == []
    short = ["Acme", "Corp", "said", "so"]
    assert ner.tag_segments(short) == [(0, len(short))]


def test_bare_numbers_are_not_tagged_but_numbers_in_names_are():
    words = [
        "sales",
        "rose",
        "by",
        "12",
        "%",
        "to",
        "1,500",
        "units",
        "in",
        "the",
        "three",
        "months",
        "to",
        "march",
        "of",
        "this",
        "year",
    ]
    assert ner.tag_segments(words) == []
    words = [
        "leaders",
        "of",
        "the",
        "eight",
        "richest",
        "nations",
        "met",
        "at",
        "the",
        "G8",
        "summit",
        "in",
        "the",
        "late",
        "summer",
        "of",
        "that",
        "year",
    ]
    g8 = words.index("G8")
    assert ner.tag_segments(words) == [(g8 - ner.LEFT_CONTEXT, g8 + 1 + ner.RIGHT_CONTEXT)]


def test_a_first_word_the_document_writes_in_lower_case_is_not_tagged():
    words = [
        '"',
        "But",
        "analysts",
        "at",
        "the",
        "bank",
        "said",
        "the",
        "market",
        "would",
        "recover",
        "in",
        "time",
        "for",
        "the",
        "holidays",
    ]
    stats = {"but": 2}
    assert ner.tag_segments(words) == [(0, 1 + 1 + ner.RIGHT_CONTEXT)]
    assert ner.tag_segments(words, stats) == []
    # a name the document also capitalises mid-sentence stays tagged
    words = [
        "Apple",
        "said",
        "the",
        "new",
        "phone",
        "would",
        "be",
        "sold",
        "in",
        "the",
        "shops",
        "from",
        "the",
        "middle",
        "of",
        "next",
        "month",
    ]
    assert ner.tag_segments(words, {"apple": 3}) == [(0, 1 + ner.RIGHT_CONTEXT)]


@pytest.mark.parametrize(
    "sentence",
    [
        # a long lower-case lead: cut without the frame, it opened the name
        # ("the quality of The Daily Clarion" as one ORG)
        '"Teachers are the heart of any school, and maintaining the quality of The Daily Clarion'
        ' and The Sunday Clarion for our pupils is vital," she said.',
        "The company said the sale of the assets to the rival group would bring an end to the"
        " dispute over control of the Northfield Mining Corporation.",
        "Officials said the reconstruction of the old bridge would take several years and cost"
        " the Ministry of Transport a great deal of money in 2024 and beyond.",
    ],
)
def test_tagging_parts_of_a_sentence_gives_the_labels_of_the_whole(sentence):
    def found(segment=ner.tag_segments) -> list:
        doc = Document(sentence, default.model, segment)
        return [(sentence[e.start : e.end], e.type) for e in doc.entities(0, len(sentence))]

    parts = found()
    assert parts == [(sentence[e.start : e.end], e.type) for e in ner.find_entities(sentence)]
    assert len(ner.tag_segments([sentence[s:e] for s, e in tokenize(sentence)])) > 1
    assert found(lambda words, stats=None: [(0, len(words))]) == parts


def test_the_shipped_model_matches_its_manifest():
    manifest.check(MODEL_DIR)
    assert ner.Model(MODEL_DIR).stage1.labels()


def test_every_list_in_the_model_directory_is_read_and_the_manifest_covers_the_features_lists():
    own = {name for name, shared in FEATURE_LISTS + RULE_LISTS if not shared}
    assert {p.stem for p in MODEL_DIR.glob("*.txt")} == own
    recorded = json.loads((MODEL_DIR / manifest.MANIFEST).read_text(encoding="utf-8"))
    assert set(recorded["model"]) == {f"{n}.txt" for n, shared in FEATURE_LISTS if not shared} | set(
        manifest.MODEL_FILES
    )
    assert set(recorded["shared"]) == {f"{n}.txt" for n, shared in FEATURE_LISTS if shared}


@pytest.mark.parametrize("edit", ["common-words.txt", "places.txt", "ner.crfsuite"])
def test_a_model_directory_with_a_file_changed_since_training_does_not_load(tmp_path, edit):
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy)
    ner.Model(copy)  # the copy as shipped loads
    with open(copy / edit, "ab") as fh:
        fh.write(b"zanzibar\n")
    with pytest.raises(ner.ModelMismatch, match=re.escape(str(copy / edit)) + ".*retrained \\(make train\\)"):
        ner.Model(copy)
    with pytest.raises(ner.ModelMismatch, match=re.escape(str(copy / edit))):
        ner.Recognizer(copy).find_entities("Zanzibar is an island.")


def test_a_shared_list_changed_since_training_stops_the_model_too(tmp_path, monkeypatch):
    shared = tmp_path / "lexicon"
    shutil.copytree(lexicon.HERE, shared)
    with open(shared / "demonyms.txt", "a", encoding="utf-8") as fh:
        fh.write("zanzibari\n")
    monkeypatch.setattr(lexicon, "HERE", shared)
    with pytest.raises(ner.ModelMismatch, match=re.escape(str(shared / "demonyms.txt")) + ".*make train"):
        ner.Model(MODEL_DIR)


def test_the_shipped_manifest_is_what_training_writes(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy)
    manifest.write(copy)
    assert (copy / manifest.MANIFEST).read_bytes() == (MODEL_DIR / manifest.MANIFEST).read_bytes()


def test_a_model_directory_without_its_manifest_does_not_load(tmp_path):
    copy = tmp_path / "model"
    shutil.copytree(MODEL_DIR, copy)
    (copy / manifest.MANIFEST).unlink()
    with pytest.raises(ner.ModelMismatch, match="manifest.json: missing.*make train"):
        ner.Model(copy)


def test_the_bio_decoder_reads_iob1_and_bio_and_takes_labels_without_a_dash_as_o():
    assert bio_spans(["O", "O"]) == []
    assert bio_spans(["B-PER", "I-PER", "O", "B-LOC"]) == [(0, 2, "PER"), (3, 4, "LOC")]  # BIO
    assert bio_spans(["I-PER", "I-PER", "I-ORG", "B-ORG"]) == [(0, 2, "PER"), (2, 3, "ORG"), (3, 4, "ORG")]  # IOB1
    assert bio_spans(["I-PER", "X", "I-PER", "PER"]) == [(0, 1, "PER"), (2, 3, "PER")]
    assert bio_spans(["I-MISC"]) == [(0, 1, "MISC")]
