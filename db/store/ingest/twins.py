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

A place no gazetteer knows whose name is a form news writes for an organisation or work stored
under another key (a plural, a short form of name-synonyms.txt: "Lib Dems" tagged a place, beside
"Liberal Democrats") joins it on the same terms (``DOMINANT``, ``FLOOR``).

Then a one-word organisation or work that is the surname of one person the corpus knows by it
(an alias, "Trump" of "Donald Trump", with ``DOMINANT`` times a work's mentions or ``ORG_DOMINANT``
times an organisation's, and ``SURNAME_LEAD`` times any other person of that surname) is that
person, its mentions typed as his: an unseen surname that is also a word ("trump", "brown",
"bush") is tagged by each context, "the Trump administration" a MISC.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from itertools import groupby

from db.extract.aliases import key_variants
from db.extract.aliases.cues import known_place

DOMINANT = 2  # the bigger entity has at least twice the mentions of one it takes in
FLOOR = 4  # and at least this many mentions
TYPES = ("PERSON", "ORG", "PLACE", "MISC")
SURNAME_LEAD = 3  # the person has 3x the mentions of the next person of that surname
ORG_DOMINANT = 5  # and 5x the mentions of an organisation of his surname ("Ford" the carmaker stays)


def _stage(conn: sqlite3.Connection, keys: Iterable[str]) -> None:
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS twin_keys (key TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.twin_keys")
    conn.executemany("INSERT OR IGNORE INTO temp.twin_keys (key) VALUES (?)", ((k,) for k in keys))


def twins(conn: sqlite3.Connection, keys: Iterable[str]) -> list[tuple[int, list[int]]]:
    """(entity, [entities of its name under other types that it outweighs]) for these keys, in id order."""
    _stage(conn, keys)
    rows = conn.execute(
        # every stored type of each key, through the UNIQUE (type, key) index
        f"SELECT k.key, e.id, e.mentions FROM temp.twin_keys k CROSS JOIN entities e"
        f" ON e.type IN ({','.join('?' * len(TYPES))}) AND e.key = k.key"
        " ORDER BY k.key, e.mentions DESC, e.id",
        TYPES,
    ).fetchall()
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
    losers = {e for _, smaller in found for e in smaller}
    found += _variant_places(conn, {top for top, _ in found} | losers, losers)
    conn.execute("DELETE FROM temp.twin_keys")
    return found


def _variant_places(conn: sqlite3.Connection, taken: set[int], gone: set[int]) -> list[tuple[int, list[int]]]:
    """(organisation or work, [places no gazetteer knows whose key is a variant of its key]) for the
    keys ``twins`` staged, in id order: no place of ``taken`` (folded by name already, or taking
    others in), no organisation of ``gone`` (folded into another)."""
    places = conn.execute(
        "SELECT e.id, e.name, e.key, e.mentions FROM temp.twin_keys k CROSS JOIN entities e"
        " ON e.type = 'PLACE' AND e.key = k.key ORDER BY e.id"
    ).fetchall()
    wanted = [(pid, v) for pid, name, key, _ in places if pid not in taken for v in key_variants(key)]
    if not wanted:
        return []
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS twin_variants (place INTEGER, key TEXT)")
    conn.execute("DELETE FROM temp.twin_variants")
    conn.executemany("INSERT INTO temp.twin_variants (place, key) VALUES (?, ?)", wanted)
    hits = conn.execute(
        "SELECT v.place, e.id, e.mentions FROM temp.twin_variants v CROSS JOIN entities e"
        " ON e.type IN ('ORG', 'MISC') AND e.key = v.key ORDER BY v.place, e.mentions DESC, e.id"
    ).fetchall()
    conn.execute("DELETE FROM temp.twin_variants")
    size = {pid: (name, n) for pid, name, _, n in places}
    found: dict[int, list[int]] = {}
    for pid, group in groupby(hits, key=lambda r: r[0]):
        _, top, most = next(group)
        name, n = size[pid]
        if top in gone or most < max(FLOOR, DOMINANT * n) or known_place(name):
            continue
        found.setdefault(top, []).append(pid)
    return sorted(found.items())


def surnames(conn: sqlite3.Connection, keys: Iterable[str]) -> list[tuple[int, list[int]]]:
    """(person, [one-word ORG/MISC entities that are his surname]) for these keys (a full name's
    surname is looked at too), in id order."""
    _stage(conn, {k.rsplit(" ", 1)[-1] for k in keys})
    bare = conn.execute(
        "SELECT e.id, e.type, e.key, e.name, e.mentions FROM temp.twin_keys k CROSS JOIN entities e"
        " ON e.type IN ('ORG', 'MISC') AND e.key = k.key WHERE instr(k.key, ' ') = 0 ORDER BY e.id"
    ).fetchall()
    conn.execute("DELETE FROM temp.twin_keys")
    found: dict[int, list[int]] = {}
    for entity, etype, key, name, n in bare:
        people = conn.execute(
            "SELECT p.id, p.mentions, p.key FROM aliases a CROSS JOIN entities p ON p.id = a.entity_id"
            " WHERE a.name = ? COLLATE NOCASE AND p.type = 'PERSON' AND instr(p.key, ' ') > 0"
            " ORDER BY p.mentions DESC, p.id",
            (name,),
        ).fetchall()
        people = [(pid, m) for pid, m, pkey in people if pkey.rsplit(" ", 1)[-1] == key]
        if not people:
            continue
        (top, most), *rest = people
        lead = DOMINANT if etype == "MISC" else ORG_DOMINANT
        if most >= max(FLOOR, lead * n) and (not rest or most >= SURNAME_LEAD * rest[0][1]):
            found.setdefault(top, []).append(entity)
    return sorted(found.items())
