"""The writer's entity bookkeeping: which store entity a document's entity is, and its counts.

Entities merge across documents by (type, key), and where the evidence agrees beyond that
(``_same_name_elsewhere``, ``_absorb_forms``): an organisation or MISC name across those two
types and across the forms news writes for one party ("Labour Party" / "Labour", "Tories" /
"Tory"); an acronym with the expansion a document showed it for ("EU" / "European Union"). A
bare one-word person name is kept to its document (its key is "key@path"), unless an
organisation of the same name is known (the tagger often mistakes a one-word company for a
person, and a new organisation absorbs the bare names already stored) or one person dominates
the name (a bare "Blair" is Tony Blair once documents call him "Blair", and he has three times
the mentions of anyone else called that); a place no gazetteer knows and no context of its
document shows one (an unsettled entity, db/extract/aliases/cues.py) is the organisation or work
of its name that other documents showed ("X's shares", "the film X"). Each mention keeps its
own type.

Counts (``mentions``, ``documents``) change by difference per batch; only an
entity that absorbed others is recounted in full, and an entity left with no
mention is deleted.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from db.extract.aliases import acronym_of_key, entity_key, key_variants
from db.extract.aliases.vocabulary import COUNTRIES
from db.extract.pipeline import DocumentEntity
from db.store.seen import UNDATED_FIRST, UNDATED_LAST, refresh_seen, widen_seen

ENTITY_CACHE_MAX = 100_000  # entity ids the writer keeps in memory
DOMINANT = 3  # a bare surname joins the person it names when that person has 3x the mentions of the next
_ACRONYM = re.compile(r"[A-Z]{2,6}")
ROWS_KEPT = 200_000  # (type, key) look-ups the writer keeps the store's answer to
ALIASES_KEPT = 200_000  # (entity, alias) pairs the writer remembers as stored
RUN_KEYS_MAX = 1_000_000  # keys a run remembers for twins.py (bounded: a huge run checks its first million)

# Pure functions of a name or key, asked again for every document that names it: remembered
# (bounded), and given ahead by the worker that extracted the document (``key_hints``), so that the
# one writer does not compute them.
MEMO_MAX = 65_536
_KEYS: dict[tuple[str, str], str] = {}
_VARIANTS: dict[str, tuple[str, ...]] = {}
_ACRONYMS: dict[str, str] = {}


def _remembered(table: dict, key: object, value: object) -> None:
    if len(table) >= MEMO_MAX:
        table.clear()
    table[key] = value


def _entity_key(name: str, etype: str) -> str:
    found = _KEYS.get((name, etype))
    if found is None:
        found = entity_key(name, etype)
        _remembered(_KEYS, (name, etype), found)
    return found


def _variants(key: str) -> tuple[str, ...]:
    found = _VARIANTS.get(key)
    if found is None:
        found = tuple(key_variants(key))
        _remembered(_VARIANTS, key, found)
    return found


def _acronym(key: str) -> str:
    found = _ACRONYMS.get(key)
    if found is None:
        found = acronym_of_key(key)
        _remembered(_ACRONYMS, key, found)
    return found


KeyHints = tuple[tuple[tuple[str, str, str], ...], tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, str], ...]]


def key_hints(entities: Iterable[DocumentEntity]) -> KeyHints:
    """What the entity rules below ask of a document's names and keys, computed ahead (in the worker
    that extracted it): the keys of a name read as another type, ORG/MISC key variants, acronyms."""
    keys: list[tuple[str, str, str]] = []
    variants: list[tuple[str, tuple[str, ...]]] = []
    acronyms: list[tuple[str, str]] = []
    for e in entities:
        if e.type == "PERSON":
            if not e.mergeable:
                keys.append((e.name, "ORG", entity_key(e.name, "ORG")))
            elif len(e.key.split()) > 1 and (surname := e.name.split()[-1]) in e.aliases:
                keys.append((surname, "PERSON", entity_key(surname, "PERSON")))
        elif e.mergeable:
            if e.type == "ORG":
                keys.append((e.name, "PERSON", entity_key(e.name, "PERSON")))
            if e.type in ("ORG", "MISC"):
                variants.append((e.key, tuple(key_variants(e.key))))
        if e.type in ("ORG", "MISC", "PLACE"):
            acronyms.append((e.key, acronym_of_key(e.key)))
    return tuple(keys), tuple(variants), tuple(acronyms)


def take_hints(hints: KeyHints) -> None:
    """Remember what a worker computed ahead (``key_hints``)."""
    keys, variants, acronyms = hints
    for name, etype, key in keys:
        if (name, etype) not in _KEYS:
            _remembered(_KEYS, (name, etype), key)
    for key, found in variants:
        if key not in _VARIANTS:
            _remembered(_VARIANTS, key, found)
    for key, acronym in acronyms:
        if key not in _ACRONYMS:
            _remembered(_ACRONYMS, key, acronym)


class EntityBook:
    """Entity ids known to this run (bounded), and the count changes of the batch being written."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # (type, key) -> id of entities seen by this run, and back, so merged or
        # deleted ids can be forgotten one by one. Bounded: cleared when full.
        self._ids: dict[tuple[str, str], int] = {}
        self._key_of: dict[int, list[tuple[str, str]]] = {}
        self._type_of: dict[int, str] = {}
        self._checked: set[tuple[int, str]] = set()  # (entity, short form) already folded in
        # PLACE entities made by this run for a place no document has shown one (an unsettled
        # DocumentEntity): an organisation or work of the same key absorbs them
        self._weak: set[int] = set()
        # What the store holds under (type, key): an id, or None for no entity. Kept exact: an entity
        # the writer creates is added, one it deletes is set to None (``forget``).
        self._rows: dict[tuple[str, str], int | None] = {}
        self._row_key: dict[int, tuple[str, str]] = {}
        # Per batch: changes to each entity's (mentions, documents) counts, and
        # entities that must be recounted in full (they absorbed others).
        self._deltas: dict[int, list[int]] = {}
        self._recount: set[int] = set()
        # Per batch: the earliest and latest date of the batch's documents naming each entity, widened
        # into its seen range once at the end of the batch (db/store/seen.py), not per document.
        self._seen: dict[int, list[str]] = {}
        # An entity created by a document is inserted with that document's counts and date already
        # (its index entries written once, not again by the batch's count and date updates): what
        # each new entity of this batch was given (mentions), and of the document being written
        # ((mentions, documents), taken off what it adds). Mid-batch reads of counts take them off.
        self._given: dict[int, int] = {}
        self._doc_given: dict[int, tuple[int, int]] = {}
        self._creating: tuple[int, str | None] = (0, None)
        # The batch's aliases, written together when the batch ends (or before anything changes or
        # deletes stored aliases): one full-text segment a batch, not one a document. The look-ups by
        # alias (an exact name, then by alias id) read them after the stored ones, as SQLite would.
        self._new_aliases: dict[tuple[int, str], None] = {}
        self._new_by_name: dict[str, list[int]] = {}
        # Aliases known to be stored (written by this run, in committed or current batches), by entity:
        # a document naming them again adds nothing. Bounded; forgotten with their entity.
        self._stored_aliases: dict[int, set[str]] = {}
        self._stored_count = 0
        # keys of the mergeable entities this run stored, for db/store/ingest/twins.py
        self.run_keys: set[str] = set()

    # --- the id cache -------------------------------------------------------------

    def forget_all(self) -> None:
        """Forget every cached id (a rollback, or another process wrote meanwhile)."""
        self._ids.clear()
        self._key_of.clear()
        self._type_of.clear()
        self._checked.clear()
        self._weak.clear()
        self._rows.clear()
        self._row_key.clear()
        self._stored_aliases.clear()
        self._stored_count = 0

    # --- the batch's aliases ------------------------------------------------------

    def add_aliases(self, rows: list[tuple[int, str]]) -> None:
        """(entity id, name) aliases of a document, to be written with the batch's (INSERT OR IGNORE)."""
        stored = self._stored_aliases
        for row in rows:
            if row not in self._new_aliases and row[1] not in stored.get(row[0], ()):
                self._new_aliases[row] = None
                self._new_by_name.setdefault(row[1], []).append(row[0])

    def write_aliases(self) -> None:
        """Write the aliases added since the last call, in their order, in one statement."""
        if self._new_aliases:
            from db.store.ingest.rows import insert_aliases

            insert_aliases(self.conn, list(self._new_aliases))
            if self._stored_count >= ALIASES_KEPT:
                self._stored_aliases.clear()
                self._stored_count = 0
            for entity_id, name in self._new_aliases:
                self._stored_aliases.setdefault(entity_id, set()).add(name)
            self._stored_count += len(self._new_aliases)
            self.drop_aliases()

    def drop_aliases(self) -> None:
        """Forget the aliases not yet written (a rollback)."""
        self._new_aliases.clear()
        self._new_by_name.clear()

    def _unwritten(self, name: str, exclude: Iterable[int] = ()) -> list[tuple[int, str, str, int]]:
        """(id, type, key, mentions) of the entities with an alias ``name`` (exactly) not yet written,
        in their order, leaving out ``exclude``."""
        out = []
        skip = set(exclude)
        for entity_id in self._new_by_name.get(name, ()):
            if entity_id not in skip:
                row = self.conn.execute("SELECT id, type, key, mentions FROM entities WHERE id = ?", (entity_id,))
                out += row.fetchall()
        return out

    def forget(self, entity_ids: Iterable[int]) -> None:
        for entity_id in entity_ids:
            self._seen.pop(entity_id, None)  # (its id may be given again)
            self._given.pop(entity_id, None)
            self._doc_given.pop(entity_id, None)
            self._stored_aliases.pop(entity_id, None)  # (its aliases moved or went)
            self._type_of.pop(entity_id, None)
            self._weak.discard(entity_id)
            for cache_key in self._key_of.pop(entity_id, ()):
                self._ids.pop(cache_key, None)
            row_key = self._row_key.pop(entity_id, None)
            if row_key is not None:
                self._rows[row_key] = None  # deleted: no entity there now

    def _remember(self, cache_key: tuple[str, str], entity_id: int, etype: str) -> None:
        if len(self._ids) >= ENTITY_CACHE_MAX:
            self.forget_all()
        self._ids[cache_key] = entity_id
        self._key_of.setdefault(entity_id, []).append(cache_key)  # one entity, maybe under several keys
        self._type_of[entity_id] = etype

    # --- the store's (type, key) rows ---------------------------------------------

    def _row(self, etype: str, key: str) -> tuple[int, str] | None:
        """The entity stored as (``etype``, ``key``), as ``SELECT id, type ... WHERE type = ? AND key = ?``."""
        entity_id = self._rows.get((etype, key), 0)
        if entity_id == 0:  # not asked yet
            row = self.conn.execute("SELECT id FROM entities WHERE type = ? AND key = ?", (etype, key)).fetchone()
            entity_id = self._note_row(etype, key, row[0] if row else None)
        return (entity_id, etype) if entity_id is not None else None

    def _note_row(self, etype: str, key: str, entity_id: int | None) -> int | None:
        self._rows[(etype, key)] = entity_id
        if entity_id is not None:
            self._row_key[entity_id] = (etype, key)
        return entity_id

    def prefetch(self, documents: Iterable[tuple[list[DocumentEntity], str]]) -> None:
        """Ask the store at once for every (type, key) that the entities of these documents (with their
        paths) may be looked up by, one query for the batch instead of one per entity and variant."""
        if len(self._rows) >= ROWS_KEPT:
            self._rows.clear()
            self._row_key.clear()
        wanted: dict[tuple[str, str], None] = {}
        for entities, doc_path in documents:
            for entity in entities:
                for row_key in self._lookups(entity, doc_path):
                    if row_key not in self._rows:
                        wanted[row_key] = None
        if not wanted:
            return
        c = self.conn
        c.execute("CREATE TEMP TABLE IF NOT EXISTS wanted_keys (type TEXT, key TEXT)")
        c.execute("DELETE FROM temp.wanted_keys")
        c.executemany("INSERT INTO temp.wanted_keys (type, key) VALUES (?,?)", list(wanted))
        found = c.execute(
            "SELECT e.type, e.key, e.id FROM temp.wanted_keys w CROSS JOIN entities e"
            " ON e.type = w.type AND e.key = w.key"
        ).fetchall()
        for etype, key in wanted:
            self._rows[(etype, key)] = None
        for etype, key, entity_id in found:
            self._note_row(etype, key, entity_id)

    def _lookups(self, entity: DocumentEntity, doc_path: str) -> list[tuple[str, str]]:
        """The (type, key) pairs ``entity_id`` and ``_same_name_elsewhere`` may ask the store for."""
        if not entity.mergeable:
            out = [(entity.type, f"{entity.key}@{doc_path}")]
            if entity.type == "PERSON":
                out.append(("ORG", _entity_key(entity.name, "ORG")))
            return out
        out = [(entity.type, entity.key)]
        if entity.type == "PLACE" and not entity.settled:
            out += [("ORG", entity.key), ("MISC", entity.key)]
        if entity.type in ("ORG", "MISC"):
            out.append(("PLACE", entity.key))
            other = "MISC" if entity.type == "ORG" else "ORG"
            out.append((other, entity.key))
            out += [(t, k) for k in _variants(entity.key) for t in (entity.type, other)]
        return out

    # --- ids ---------------------------------------------------------------------

    def ids_for(
        self,
        entities: list[DocumentEntity],
        doc_path: str,
        mentions: list[int] | None = None,
        date: str | None = None,
    ) -> list[int]:
        """The store's ids of a document's entities (in their order), created when new.

        Organisations first, so a one-word person name of the same document
        finds them instead of being created and absorbed mid-insert. With ``mentions`` (each
        entity's number of mentions in the document) and its ``date``, an entity created is
        inserted with them (``add_document`` then adds only the rest).
        """
        self._doc_given.clear()
        ids = [0] * len(entities)
        for i in sorted(range(len(entities)), key=lambda i: entities[i].type != "ORG"):
            self._creating = (mentions[i], date) if mentions is not None else (0, None)
            ids[i] = self.entity_id(entities[i], doc_path)
        self._creating = (0, None)
        return ids

    def add_document(self, named: dict[int, int], date: str | None) -> None:
        """A document of ``date`` names these entities this many times: their counts and seen dates
        (added at the end of the batch), less what an entity it created was inserted with."""
        widen = []
        for entity_id, n in named.items():
            given = self._doc_given.pop(entity_id, None)
            if given is None:
                self.count(entity_id, n, 1)
                widen.append(entity_id)
            elif n != given[0] or given[1] != 1:
                self.count(entity_id, n - given[0], 1 - given[1])
        self._doc_given.clear()
        self.seen(widen, date)

    def entity_id(self, entity: DocumentEntity, doc_path: str) -> int:
        """The store's entity for a document's entity, created when new."""
        key = entity.key if entity.mergeable else f"{entity.key}@{doc_path}"
        if entity.mergeable and len(self.run_keys) < RUN_KEYS_MAX:
            self.run_keys.add(key)
        # a place no gazetteer knows and no context of its document shows one (aliases.cues): the
        # organisation or work of its name where one is stored (other documents' contexts showed
        # it one: "X's shares", "the film X"), else a place that such an entity absorbs later
        unsettled = entity.type == "PLACE" and entity.mergeable and not entity.settled
        cache_key = ("PLACE?" if unsettled else entity.type, key)
        entity_id = self._ids.get(cache_key)
        if entity_id is not None:
            if entity.mergeable:
                self._absorb_forms(entity_id, entity)
            if entity.type == "PLACE" and not unsettled:
                self._weak.discard(entity_id)  # a document showed it a place
            return entity_id
        row = (self._row("ORG", key) or self._row("MISC", key)) if unsettled else None
        if row is None:
            row = self._row(entity.type, key)
        if row is None:
            row = self._same_name_elsewhere(entity)
        if row:
            entity_id, etype = row
        else:
            n, date = self._creating
            documents = 1 if n else 0
            new_id = self.conn.execute(
                "INSERT INTO entities (name, type, key, mentions, documents, first_seen, last_seen)"
                " VALUES (?,?,?,?,?,?,?)",
                (
                    entity.name,
                    entity.type,
                    key,
                    n,
                    documents,
                    date if date is not None and n else UNDATED_FIRST,
                    date if date is not None and n else UNDATED_LAST,
                ),
            ).lastrowid
            assert new_id is not None
            if n:
                self._given[new_id] = n
                self._doc_given[new_id] = (n, documents)
            entity_id, etype = new_id, entity.type
            self._note_row(entity.type, key, new_id)
            if entity.type == "ORG" and entity.mergeable:
                self._absorb(entity_id, self._bare_people(_entity_key(entity.name, "PERSON")), keep_types=False)
            if entity.type in ("ORG", "MISC") and entity.mergeable and self._weak:
                # a place no gazetteer knows and no document showed one, stored under this name
                place = self._row("PLACE", key)
                if place and place[0] in self._weak:
                    self._absorb(entity_id, [place[0]], keep_types=True)
            elif unsettled:
                self._weak.add(entity_id)
        self._remember(cache_key, entity_id, etype)
        if entity.mergeable:
            self._absorb_forms(entity_id, entity)
        if etype == "PLACE" and not unsettled:
            self._weak.discard(entity_id)
        return entity_id

    def type_of(self, entity_id: int) -> str:
        """The type of an entity (remembered when this run looked it up or created it)."""
        etype = self._type_of.get(entity_id)
        if etype is None:
            etype = self.conn.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()[0]
        return etype

    def _same_name_elsewhere(self, entity: DocumentEntity) -> tuple[int, str] | None:
        """An entity stored under another key or type that the evidence says is this one.

        An organisation or MISC name: the same key as the other of those two types, or a variant
        of it ("Labour Party" / "Labour", "Tories" / "Tory"), or, for an acronym, the entity whose
        expansion it is ("EU" once a document showed "European Union (EU)"). A bare person name
        (kept to its document): an organisation of that name (the tagger often takes a one-word
        company for a person), else the one person most of whose mentions go by that name.
        """
        c = self.conn
        if entity.type in ("ORG", "MISC") and entity.mergeable and tuple(entity.key.split()) in COUNTRIES:
            # a country's name tagged as an organisation (a national team, "the US said"): the country
            row = self._row("PLACE", entity.key)
            if row:
                return row
            for entity_id, alias in c.execute(  # (stored under its expansion: "US" in "United States")
                "SELECT e.id, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.name = ? COLLATE NOCASE AND e.type = 'PLACE'",
                (entity.name,),
            ):
                if alias == entity.name:
                    return entity_id, "PLACE"
            for entity_id, etype, _, _ in self._unwritten(entity.name):  # (after the stored ones: their ids)
                if etype == "PLACE":
                    return entity_id, "PLACE"
        if entity.type in ("ORG", "MISC") and entity.mergeable:
            other = "MISC" if entity.type == "ORG" else "ORG"
            tries = [(other, entity.key)] + [(t, k) for k in _variants(entity.key) for t in (entity.type, other)]
            for t, k in tries:
                row = self._row(t, k)
                if row:
                    return row
        if entity.type in ("ORG", "MISC", "PLACE") and entity.mergeable and _ACRONYM.fullmatch(entity.name):
            kinds = ("PLACE",) if entity.type == "PLACE" else ("ORG", "MISC")
            for entity_id, etype, ekey, alias in c.execute(
                "SELECT e.id, e.type, e.key, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.name = ? COLLATE NOCASE",
                (entity.name,),
            ):
                if alias == entity.name and etype in kinds and acronym_of_key(ekey) == entity.key:
                    return entity_id, etype
            for entity_id, etype, ekey, _ in self._unwritten(entity.name):
                if etype in kinds and acronym_of_key(ekey) == entity.key:
                    return entity_id, etype
        if entity.type == "PERSON" and not entity.mergeable:
            org_key = _entity_key(entity.name, "ORG")  # an organisation's key is its own
            row = self._row("ORG", org_key)
            if row:
                return row
            given = self._given
            people = [
                (mentions - given.get(entity_id, 0), entity_id)
                for entity_id, mentions, alias in c.execute(
                    "SELECT e.id, e.mentions, a.name FROM aliases a JOIN entities e ON e.id = a.entity_id"
                    " WHERE a.name = ? COLLATE NOCASE AND e.type = 'PERSON' AND instr(e.key, '@') = 0",
                    (entity.name,),
                )
                if alias == entity.name
            ]
            people += [
                (mentions - given.get(entity_id, 0), entity_id)
                for entity_id, etype, ekey, mentions in self._unwritten(entity.name, (i for _, i in people))
                if etype == "PERSON" and "@" not in ekey
            ]
            people.sort(reverse=True)
            if people and (len(people) == 1 or people[0][0] >= DOMINANT * people[1][0]):
                return people[0][1], "PERSON"
        return None

    def _absorb_forms(self, entity_id: int, entity: DocumentEntity) -> None:
        """An entity takes in those stored before under a short form a document now shows it by
        ("EU" once a document writes "European Union (EU)", a bare "Blair" once one writes "Tony
        Blair ... Blair"): the other way round from ``_same_name_elsewhere``. Once per entity and form."""
        c = self.conn
        if entity.type in ("ORG", "MISC", "PLACE"):
            acronym = _acronym(entity.key)  # ("" for a one-word key)
            if acronym and acronym.upper() in entity.aliases and self._first(entity_id, acronym):
                kinds = "('PLACE')" if entity.type == "PLACE" else "('ORG', 'MISC')"
                losers = [
                    r[0]
                    for r in c.execute(
                        f"SELECT id FROM entities WHERE type IN {kinds} AND key = ? AND id != ?", (acronym, entity_id)
                    )
                ]
                self._absorb(entity_id, losers, keep_types=True)
        if entity.type == "PERSON" and len(entity.key.split()) > 1:
            surname = entity.name.split()[-1]
            if surname in entity.aliases and self._first(entity_id, surname):
                # By the alias first, through its index (COLLATE NOCASE; the exact name too): joined
                # the other way SQLite walked every stored person, each new surname costing more.
                taken = c.execute(
                    "SELECT 1 FROM aliases a CROSS JOIN entities e ON e.id = a.entity_id"
                    " WHERE a.name = ? COLLATE NOCASE AND a.name = ? AND"
                    " e.type = 'PERSON' AND instr(e.key, '@') = 0 AND e.id != ? LIMIT 1",
                    (surname, surname, entity_id),
                ).fetchone()
                if taken is None:
                    taken = any(
                        etype == "PERSON" and "@" not in ekey
                        for _, etype, ekey, _ in self._unwritten(surname, [entity_id])
                    )
                if not taken:
                    self._absorb(entity_id, self._bare_people(_entity_key(surname, "PERSON")), keep_types=True)

    def _first(self, entity_id: int, form: str) -> bool:
        """Whether this run has not yet looked for entities of ``form`` to fold into ``entity_id``."""
        if (entity_id, form) in self._checked:
            return False
        self._checked.add((entity_id, form))
        return True

    def _bare_people(self, key: str) -> list[int]:
        """One-word PERSON entities kept to their documents (keys "key@path") named ``key``."""
        # "@" sorts just before "A"
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT id FROM entities WHERE type = 'PERSON' AND key >= ? AND key < ?", (key + "@", key + "A")
            )
        ]

    def absorb(self, into: int, losers: list[int], keep_types: bool = True) -> None:
        """Fold ``losers`` into ``into`` (db/store/ingest/twins.py); with ``keep_types`` every mention
        keeps its own type, else those that read as their entity read as ``into``."""
        self._absorb(into, losers, keep_types=keep_types)

    def _absorb(self, into: int, losers: list[int], keep_types: bool) -> None:
        """Fold the ``losers`` into entity ``into``: mentions, claims, links, timelines, aliases.

        With ``keep_types`` a mention keeps the type it had; without, it takes its new entity's
        (a bare name the tagger took for a person, inside an organisation)."""
        if not losers:
            return
        self.write_aliases()  # theirs are moved below
        c = self.conn
        marks = ",".join("?" * len(losers))
        # A copy's folded items have no timeline rows: they are found through the losers'
        # documents that are copies (usually none), each one's own items.
        folded: list[tuple[int, int]] = []
        for (doc_id,) in c.execute(
            "SELECT DISTINCT m.document_id FROM mentions m JOIN documents d ON d.id = m.document_id"
            f" WHERE m.entity_id IN ({marks}) AND d.copy_of IS NOT NULL",
            losers,
        ).fetchall():
            folded += c.execute(
                "SELECT 0, id FROM events WHERE document_id = ? AND folded_into IS NOT NULL"
                " UNION ALL SELECT 1, id FROM claims WHERE document_id = ? AND folded_into IS NOT NULL",
                (doc_id, doc_id),
            ).fetchall()
        if keep_types:
            c.execute(
                f"UPDATE mentions SET mention_type = (SELECT type FROM entities WHERE id = mentions.entity_id)"
                f" WHERE entity_id IN ({marks}) AND mention_type IS NULL",
                losers,
            )
        c.execute(f"UPDATE mentions SET entity_id = ? WHERE entity_id IN ({marks})", (into, *losers))
        # Their claims and events, found by entity in the one table indexed that way.
        items = c.execute(
            f"SELECT kind, item_id FROM timeline_entities WHERE entity_id IN ({marks})", losers
        ).fetchall()
        items += folded
        # a claim its event holds is in the timelines under the event (a copy's folded event: not at all)
        events = [i for kind, i in items if kind == 0]
        for chunk in range(0, len(events), 500):
            part = events[chunk : chunk + 500]
            items += [
                (1, r[0])
                for r in c.execute(
                    f"SELECT claim_id FROM events WHERE id IN ({','.join('?' * len(part))}) AND claim_id IS NOT NULL",
                    part,
                )
            ]
        c.executemany(
            f"UPDATE claims SET speaker_id = ? WHERE id = ? AND speaker_id IN ({marks})",
            [(into, i, *losers) for kind, i in items if kind == 1],
        )
        for table, column, kind in (("claim_entities", "claim_id", 1), ("event_entities", "event_id", 0)):
            links = [(into, i, *losers) for k, i in items if k == kind]
            c.executemany(
                f"UPDATE OR IGNORE {table} SET entity_id = ? WHERE {column} = ? AND entity_id IN ({marks})", links
            )
            c.executemany(
                f"DELETE FROM {table} WHERE {column} = ? AND entity_id IN ({marks})", [link[1:] for link in links]
            )
        for table in ("timeline_entities", "aliases"):
            c.execute(f"UPDATE OR IGNORE {table} SET entity_id = ? WHERE entity_id IN ({marks})", (into, *losers))
            c.execute(f"DELETE FROM {table} WHERE entity_id IN ({marks})", losers)
        c.execute(f"DELETE FROM entities WHERE id IN ({marks})", losers)
        self.forget(losers)
        for entity_id in losers:
            self._deltas.pop(entity_id, None)
        self._recount.add(into)

    # --- counts ------------------------------------------------------------------

    def start_batch(self) -> None:
        self._deltas.clear()
        self._recount.clear()
        self._seen.clear()
        self._given.clear()
        self._doc_given.clear()

    def seen(self, entity_ids: Iterable[int], date: str | None) -> None:
        """These entities are named by a document of ``date``: their seen range reaches it (at the end
        of the batch, ``apply_counts``; an undated document changes nothing)."""
        if date is None:
            return
        for entity_id in entity_ids:
            span = self._seen.get(entity_id)
            if span is None:
                self._seen[entity_id] = [date, date]
            elif date < span[0]:
                span[0] = date
            elif date > span[1]:
                span[1] = date

    def count(self, entity_id: int, mentions: int, documents: int) -> None:
        """Add to an entity's counts (negative for a document taken away)."""
        delta = self._deltas.setdefault(entity_id, [0, 0])
        delta[0] += mentions
        delta[1] += documents

    def apply_counts(self) -> None:
        """Add the batch's count changes and widen its seen ranges; recount in full only what absorbed others."""
        self.write_aliases()
        widen_seen(self.conn, self._seen)
        self._seen.clear()
        self.conn.executemany(
            "UPDATE entities SET mentions = mentions + ?, documents = documents + ? WHERE id = ?",
            [(m, d, entity_id) for entity_id, (m, d) in self._deltas.items() if m or d],
        )
        self._given.clear()  # the stored counts are whole again
        losers = {entity_id for entity_id, (m, _) in self._deltas.items() if m < 0}
        self.refresh(self._recount, check_orphans=losers)

    def refresh(self, entity_ids: set[int], check_orphans: set[int] | frozenset[int] = frozenset()) -> None:
        """Recount ``entity_ids`` from their mentions; delete those (or ``check_orphans``) left with none."""
        c = self.conn
        if check_orphans:
            orphans = [
                r[0]
                for r in c.execute(
                    f"SELECT id FROM entities WHERE id IN ({','.join('?' * len(check_orphans))}) AND mentions <= 0",
                    list(check_orphans),
                )
            ]
            self._delete(orphans)
        if not entity_ids:
            return
        c.execute("CREATE TEMP TABLE IF NOT EXISTS touched (id INTEGER PRIMARY KEY)")
        c.execute("DELETE FROM touched")
        c.executemany("INSERT INTO touched (id) VALUES (?)", [(i,) for i in entity_ids])
        c.execute(
            """UPDATE entities SET
                 mentions = (SELECT count(*) FROM mentions WHERE entity_id = entities.id),
                 documents = (SELECT count(DISTINCT document_id) FROM mentions WHERE entity_id = entities.id)
               WHERE id IN (SELECT id FROM touched)"""
        )
        refresh_seen(c, entity_ids)
        orphans = [
            r[0] for r in c.execute("SELECT id FROM entities WHERE id IN (SELECT id FROM touched) AND mentions = 0")
        ]
        self._delete(orphans)

    def _delete(self, entity_ids: list[int]) -> None:
        if entity_ids:
            self.write_aliases()
            self.conn.executemany("DELETE FROM aliases WHERE entity_id = ?", [(i,) for i in entity_ids])
            self.conn.executemany("DELETE FROM entities WHERE id = ?", [(i,) for i in entity_ids])
            self.forget(entity_ids)
