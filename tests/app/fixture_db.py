"""A small Storyline database filled by hand: every case the explorer must show.

Two dated documents and one undated; events at day, month (with a weekday) and
"before" precision and undated; claims with and without a speaker; boilerplate;
markup-like text and a control character in a line.
"""

from __future__ import annotations

from pathlib import Path

from db.store.open import open_db
from db.store.seen import refresh_seen
from db.store.timelines import rebuild_timelines

DOCS = [
    # id, doc, title, date, precision, lines
    (
        1,
        "corpus/alpha.txt",
        "Acme opens a plant in Pune",
        "2023-09-13",
        "day",
        [
            ("Acme opens a plant in Pune", 0),
            ("", 0),
            ("Acme Corp said on Wednesday that it will open a plant in Pune.", 0),
            ("\u201cThis is a milestone,\u201d said Jane Roe, Acme chief executive.", 0),
            ("Before 2023-09 the firm had no plant in India, Jane Roe said.", 0),
            ("Markup [bold]not bold[/bold] and a bell \x07 stay literal.", 0),
            ("Share this article", 1),
        ],
    ),
    (
        2,
        "corpus/beta.txt",
        "Globex answers",
        "2023-09",
        "month",
        [
            ("Globex answers", 0),
            ("", 0),
            ("Globex said on Wednesday that Acme Corp copied its plans.", 0),
            ("Acme denied it, according to a statement from Acme.", 0),
        ],
    ),
    (
        3,
        "corpus/gamma.txt",
        None,
        None,
        None,
        [
            ("Pune is a city in India.", 0),
            ("Jane Roe visited Pune later.", 0),
        ],
    ),
]

ENTITIES = [
    # id, name, type, aliases
    (1, "Acme Corp", "ORG", ["Acme"]),
    (2, "Jane Roe", "PERSON", ["Roe"]),
    (3, "Pune", "PLACE", []),
    (4, "Globex", "ORG", []),
    (5, "India", "PLACE", []),
]


def _mentions(lines: dict[tuple[int, int], str]) -> list[tuple[int, int, int, int, int]]:
    """(entity, document, line, column, length) with 1-based columns, as the store keeps them."""
    names = {1: ["Acme Corp", "Acme"], 2: ["Jane Roe"], 3: ["Pune"], 4: ["Globex"], 5: ["India"]}
    out = []
    for (doc_id, number), text in lines.items():
        for entity_id, forms in names.items():
            taken: list[tuple[int, int]] = []
            for form in forms:
                start = text.find(form)
                while start >= 0:
                    if not any(a <= start < b for a, b in taken):
                        taken.append((start, start + len(form)))
                        out.append((entity_id, doc_id, number, start + 1, len(form)))
                    start = text.find(form, start + len(form))
    return out


def _fill_timeline(c) -> None:
    """The explorer's ordered indexes of events and claims, and the entities' seen dates, as ingest writes them."""
    rebuild_timelines(c)
    refresh_seen(c, None)


def build(path: Path) -> Path:
    db = open_db(path)
    c = db.conn
    lines: dict[tuple[int, int], str] = {}
    with c:
        for doc_id, doc, title, date, precision, body in DOCS:
            c.execute(
                "INSERT INTO documents (id, path, doc, title, date, precision, content_hash, encoding, size,"
                " line_count, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    doc_id,
                    f"/corpora/{doc}",
                    doc,
                    title,
                    date,
                    precision,
                    f"h{doc_id}",
                    "utf-8",
                    100,
                    len(body),
                    "2024-01-01T00:00:00",
                ),
            )
            for number, (text, boiler) in enumerate(body, 1):
                c.execute(
                    "INSERT INTO lines (document_id, number, text, boilerplate) VALUES (?,?,?,?)",
                    (doc_id, number, text, boiler),
                )
                lines[(doc_id, number)] = text
        mentions = _mentions(lines)
        for entity_id, name, etype, aliases in ENTITIES:
            mine = [m for m in mentions if m[0] == entity_id]
            c.execute(
                "INSERT INTO entities (id, name, type, key, mentions, documents) VALUES (?,?,?,?,?,?)",
                (entity_id, name, etype, name.lower(), len(mine), len({m[1] for m in mine})),
            )
            for alias in [name, *aliases]:
                c.execute("INSERT INTO aliases (entity_id, name) VALUES (?,?)", (entity_id, alias))
        c.executemany(
            'INSERT INTO mentions (entity_id, document_id, line, "column", length) VALUES (?,?,?,?,?)', mentions
        )
        events = [
            # id, doc, line, text, expression, date, precision, relation, entities
            (1, 1, 3, lines[(1, 3)], "Wednesday", "2023-09-13", "day", "on", [1, 3]),
            (2, 1, 5, lines[(1, 5)], "Before 2023-09", "2023-09", "month", "before", [2, 5]),
            (3, 2, 3, lines[(2, 3)], "Wednesday", "2023-09", "month", "on", [4, 1]),
            (4, 3, 2, lines[(3, 2)], "later", None, None, None, [2, 3]),
        ]
        for eid, doc_id, line, text, expr, date, prec, rel, ents in events:
            c.execute(
                'INSERT INTO events (id, document_id, line, "column", length, expression, expression_column,'
                " date, precision, relation, sort_key) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (eid, doc_id, line, 1, len(text), expr, text.find(expr) + 1, date, prec, rel, date or "~"),
            )
            c.executemany("INSERT INTO event_entities VALUES (?,?)", [(eid, e) for e in ents])
        claims = [
            # id, doc, line, column (1-based), text, speaker, cue, date, precision, entities
            (1, 1, 4, 2, "This is a milestone,", 2, "said", "2023-09-13", "day", [1]),
            (2, 2, 4, 1, "Acme denied it", 1, "according to", "2023-09", "month", [4]),
            (3, 3, 1, 1, "Pune is a city in India.", None, None, None, None, [3, 5]),
        ]
        for cid, doc_id, line, col, text, spk, cue, date, prec, ents in claims:
            assert lines[(doc_id, line)][col - 1 : col - 1 + len(text)] == text
            c.execute(
                'INSERT INTO claims (id, document_id, line, "column", length, speaker_id, cue, date, precision,'
                " sort_key) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (cid, doc_id, line, col, len(text), spk, cue, date, prec, date or "~"),
            )
            c.executemany("INSERT INTO claim_entities VALUES (?,?)", [(cid, e) for e in ents])
        _fill_timeline(c)
    c.close()
    return path


def build_empty(path: Path) -> Path:
    open_db(path).conn.close()
    return path


def build_long(path: Path, n: int = 250) -> Path:
    """One document of ``n`` lines, an event on each (dated by line), for paging and scrolling."""
    db = open_db(path)
    c = db.conn
    with c:
        c.execute(
            "INSERT INTO documents (id, path, doc, title, date, precision, content_hash, encoding, size,"
            " line_count, ingested_at) VALUES (1, '/long/long.txt', 'long/long.txt', 'Long', '2020-01-01', 'day',"
            " 'h', 'utf-8', 1, ?, 'x')",
            (n,),
        )
        c.executemany(
            "INSERT INTO lines (document_id, number, text) VALUES (1, ?, ?)",
            [(i, f"Line {i} says Omega met on day {i}.") for i in range(1, n + 1)],
        )
        c.execute(
            "INSERT INTO entities (id, name, type, key, mentions, documents) VALUES (1, 'Omega', 'ORG', 'omega', ?, 1)",
            (n,),
        )
        c.execute("INSERT INTO aliases (entity_id, name) VALUES (1, 'Omega')")
        c.executemany(
            'INSERT INTO mentions (entity_id, document_id, line, "column", length) VALUES (1, 1, ?, ?, 5)',
            [(i, len(f"Line {i} says ") + 1) for i in range(1, n + 1)],
        )
        for i in range(1, n + 1):
            date = f"{2000 + i // 12:04d}-{i % 12 + 1:02d}"
            c.execute(
                'INSERT INTO events (id, document_id, line, "column", length, expression, expression_column, date,'
                " precision, relation, sort_key) VALUES (?, 1, ?, 1, ?, 'day', ?, ?, 'month', 'on', ?)",
                (
                    i,
                    i,
                    len(f"Line {i} says Omega met on day {i}."),
                    len(f"Line {i} says Omega met on ") + 1,
                    date,
                    date,
                ),
            )
            c.execute("INSERT INTO event_entities VALUES (?, 1)", (i,))
        _fill_timeline(c)
    c.close()
    return path
