"""One entity per name across types: a name the corpus mostly types one way takes in its odd readings."""

from __future__ import annotations

from pathlib import Path

from db import read
from db.store.ingest import ingest
from db.store.ingest.twins import surnames, twins
from db.store.open import open_db

COMPANY = (
    "Search firm Google said on Monday it would open an office.\n\nGoogle shares rose 3% and Google hired staff.\n"
)
INVESTOR = (
    "The firm, which is now one of the biggest investors in Google, made a profit.\n\nIt has a stake in Google.\n"
)


def _corpus(folder: Path, companies: int) -> Path:
    folder.mkdir(exist_ok=True)
    for i in range(companies):
        (folder / f"company{i}.txt").write_text(COMPANY, encoding="utf-8")
    (folder / "investor.txt").write_text(INVESTOR, encoding="utf-8")
    return folder


def _named(db, name: str) -> list[tuple[str, int]]:
    return sorted((e.type, e.mentions) for e in read.entities(db.conn, limit=100) if e.name == name)


def test_the_minority_reading_joins_the_entity_most_documents_show(tmp_path):
    db = open_db(tmp_path / "s.db")
    ingest(db, [str(_corpus(tmp_path / "docs", companies=3))], jobs=1)
    assert _named(db, "Google") == [("ORG", 11)]
    kept = {m.type for m in read.mentions(db.conn) if m.doc.endswith("investor.txt") and m.text == "Google"}
    assert kept == {"PLACE"}  # each mention keeps the type its context gave


def test_a_later_run_folds_what_an_earlier_one_stored(tmp_path):
    db = open_db(tmp_path / "s.db")
    docs = _corpus(tmp_path / "docs", companies=0)
    ingest(db, [str(docs)], jobs=1)
    assert _named(db, "Google") == [("PLACE", 2)]
    _corpus(docs, companies=3)
    ingest(db, [str(docs)], jobs=1)
    assert _named(db, "Google") == [("ORG", 11)]
    report = ingest(db, [str(docs)], jobs=1)  # nothing changed: nothing moves
    assert report.skipped == 4 and _named(db, "Google") == [("ORG", 11)]


def _store(tmp_path, rows: list[tuple[str, str, int]]):
    db = open_db(tmp_path / "t.db")
    db.conn.executemany(
        "INSERT INTO entities (name, type, key, mentions) VALUES (?, ?, lower(?), ?)",
        [(name, etype, name, n) for name, etype, n in rows],
    )
    ids = {(name, etype): i for i, name, etype in db.conn.execute("SELECT id, name, type FROM entities")}
    return db, ids


def test_only_a_clear_majority_takes_the_others_in(tmp_path):
    db, ids = _store(
        tmp_path,
        [
            ("Leicester", "PLACE", 34),
            ("Leicester", "ORG", 32),  # a city and its club: apart
            ("Aviator", "MISC", 54),
            ("Aviator", "PLACE", 22),  # more than twice: one entity
            ("Tiny", "ORG", 3),
            ("Tiny", "PLACE", 1),  # too few mentions to judge
            ("Trio", "ORG", 10),
            ("Trio", "PERSON", 3),
            ("Trio", "PLACE", 4),  # the smallest first, adding up
        ],
    )
    keys = ["leicester", "aviator", "tiny", "trio"]
    assert twins(db.conn, keys) == sorted(
        [
            (ids["Aviator", "MISC"], [ids["Aviator", "PLACE"]]),
            (ids["Trio", "ORG"], [ids["Trio", "PERSON"], ids["Trio", "PLACE"]]),
        ]
    )
    assert twins(db.conn, ["leicester"]) == []  # only the keys asked about are looked at


def test_a_one_word_work_or_firm_that_is_one_persons_surname_is_that_person(tmp_path):
    db, ids = _store(
        tmp_path,
        [
            ("Donald Quist", "PERSON", 100),
            ("Quist", "MISC", 21),  # "the Quist administration": the person
            ("Fiona Hale", "PERSON", 5),
            ("Hale", "MISC", 1),
            ("Harrison Ford", "PERSON", 70),
            ("Ford", "ORG", 30),  # the carmaker: the person has not five times its mentions
            ("Anna Vale", "PERSON", 40),
            ("Ben Vale", "PERSON", 20),
            ("Vale", "MISC", 3),  # two people of that surname, neither far ahead: no one's
        ],
    )
    db.conn.executemany(
        "INSERT INTO aliases (entity_id, name) VALUES (?, ?)",
        [
            (ids[person, "PERSON"], alias)
            for person, alias in [
                ("Donald Quist", "Quist"),
                ("Fiona Hale", "Hale"),
                ("Harrison Ford", "Ford"),
                ("Anna Vale", "Vale"),
                ("Ben Vale", "Vale"),
            ]
        ],
    )
    keys = ["donald quist", "hale", "ford", "vale"]
    assert surnames(db.conn, keys) == sorted(
        [(ids["Donald Quist", "PERSON"], [ids["Quist", "MISC"]]), (ids["Fiona Hale", "PERSON"], [ids["Hale", "MISC"]])]
    )


def test_an_unknown_place_named_by_a_variant_of_an_organisation_joins_it(tmp_path):
    db, ids = _store(
        tmp_path,
        [
            ("Liberal Democrats", "ORG", 240),
            ("Lib Dems", "PLACE", 17),  # a short form (name-synonyms.txt) and a plural, tagged a place
            ("Zorbists", "PLACE", 3),
            ("Zorbist", "ORG", 5),  # not twice its mentions: apart
            ("Quistians", "PLACE", 2),
            ("Quistian", "MISC", 30),  # a plural: one entity
            ("Londons", "ORG", 50),
            ("London", "PLACE", 9),  # a place the gazetteer knows stays one
        ],
    )
    keys = ["lib dems", "zorbists", "quistians", "london"]
    assert twins(db.conn, keys) == [
        (ids["Liberal Democrats", "ORG"], [ids["Lib Dems", "PLACE"]]),
        (ids["Quistian", "MISC"], [ids["Quistians", "PLACE"]]),
    ]


def test_the_lib_dems_tagged_a_place_join_the_party_on_ingest(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(3):
        (folder / f"party{i}.txt").write_text(
            "The Liberal Democrats said on Monday they would cut taxes.\n\n"
            "The Liberal Democrats leader spoke and the Liberal Democrats agreed.\n",
            encoding="utf-8",
        )
    (folder / "short.txt").write_text("Voters who back the Lib Dems were asked.\n", encoding="utf-8")
    db = open_db(tmp_path / "s.db")
    ingest(db, [str(folder)], jobs=1)
    lib = [e for e in read.entities(db.conn, limit=100) if "Lib" in e.name]
    assert len(lib) == 1 and lib[0].name == "Liberal Democrats"
