"""One entity per name across types, where the corpus's evidence agrees.

The tagger types a mention by its context, and a document's entity takes the type most of its
mentions have, so the same name can be stored under two types: "Google" an organisation in
most documents and a place in those where it stood after "in" ("investors in Google"); a film
a person where a document only ever says "Vera Drake". After a run, each name the run brought
in that is stored under several types: its biggest entity takes in every other with at most
half its mentions (``DOMINANT``; the smallest first, each adding to the total), when it has at
least ``FLOOR`` mentions: their mentions, claims and timeline rows move, each mention keeping
the type its context gave. Names as evenly split as a city and its football club ("Leicester")
stay apart, as do one-word person names kept to their document (key "key@path").
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import groupby

DOMINANT = 2  # the bigger entity has at least twice the mentions of one it takes in
FLOOR = 4  # and at least this many mentions
TYPES = ("PERSON", "ORG", "PLACE", "MISC")


def twins(conn: sqlite3.Connection, keys: Iterable[str]) -> list[tuple[int, list[int]]]:
    """(entity, [entities of its name under other types that it outweighs]) for these keys, in id order."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS twin_keys (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.twin_keys")
    conn.executemany("INSERT OR IGNORE INTO temp.twin_keys (key) VALUES (?)", ((k,) for k in keys))
    rows = conn.execute(
        # every stored type of each key, through the UNIQUE (type, key) index
        f"SELECT k.key, e.id, e.mentions FROM temp.twin_keys k CROSS JOIN entities e"
        f" ON e.type IN ({','.join('?' * len(TYPES))}) AND e.key = k.key"
        " ORDER BY k.key, e.mentions DESC, e.id",
        TYPES,
    ).fetchall()
    conn.execute("DELETE FROM temp.twin_keys")
    found: list[tuple[int, list[int]]] = []
    for _, group in groupby(rows, key=lambda r: r[0]):
        (_, top, most), *rest = list(group)
        if not rest or most < FLOOR:
            continue
        smaller = []
        for _, entity, n in reversed(rest):  # the smallest first: what the top takes in counts for it
            if most < DOMINANT * n:
                break
            smaller.append(entity)
            most += n
        if smaller:
            found.append((top, smaller))
    found.sort()
    return found
