"""The writer's entity bookkeeping: which store entity a document's entity is, and its counts.

Entities merge across documents by (type, key). A bare one-word person name is
kept to its document (its key is "key@path"), unless an organisation of the
same name is known: the tagger often mistakes a one-word company for a person,
and a new organisation absorbs the bare names already stored.

Counts (``mentions``, ``documents``) change by difference per batch; only an
entity that absorbed others is recounted in full, and an entity left with no
mention is deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from db.extract.pipeline import DocumentEntity

ENTITY_CACHE_MAX = 100_000  # entity ids the writer keeps in memory


class EntityBook:
    """Entity ids known to this run (bounded), and the count changes of the batch being written."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        # (type, key) -> id of entities seen by this run, and back, so merged or
        # deleted ids can be forgotten one by one. Bounded: cleared when full.
        self._ids: dict[tuple[str, str], int] = {}
        self._key_of: dict[int, tuple[str, str]] = {}
        # Per batch: changes to each entity's (mentions, documents) counts, and
        # entities that must be recounted in full (they absorbed others).
        self._deltas: dict[int, list[int]] = {}
        self._recount: set[int] = set()

    # --- the id cache -------------------------------------------------------------

    def forget_all(self) -> None:
        """Forget every cached id (a rollback, or another process wrote meanwhile)."""
        self._ids.clear()
        self._key_of.clear()

    def forget(self, entity_ids: Iterable[int]) -> None:
        for entity_id in entity_ids:
            cache_key = self._key_of.pop(entity_id, None)
            if cache_key is not None:
                self._ids.pop(cache_key, None)

    def _remember(self, cache_key: tuple[str, str], entity_id: int) -> None:
        if len(self._ids) >= ENTITY_CACHE_MAX:
            self.forget_all()
        self._ids[cache_key] = entity_id
        self._key_of[entity_id] = cache_key

    # --- ids ---------------------------------------------------------------------

    def ids_for(self, entities: list[DocumentEntity], doc_path: str) -> list[int]:
        """The store's ids of a document's entities (in their order), created when new.

        Organisations first, so a one-word person name of the same document
        finds them instead of being created and absorbed mid-insert.
        """
        ids = [0] * len(entities)
        for i in sorted(range(len(entities)), key=lambda i: entities[i].type != "ORG"):
            ids[i] = self.entity_id(entities[i], doc_path)
        return ids

    def entity_id(self, entity: DocumentEntity, doc_path: str) -> int:
        """The store's entity for a document's entity, created when new."""
        key = entity.key if entity.mergeable else f"{entity.key}@{doc_path}"
        cache_key = (entity.type, key)
        entity_id = self._ids.get(cache_key)
        if entity_id is not None:
            return entity_id
        row = self.conn.execute("SELECT id FROM entities WHERE type = ? AND key = ?", cache_key).fetchone()
        if row is None and not entity.mergeable and entity.type == "PERSON":
            row = self.conn.execute("SELECT id FROM entities WHERE type = 'ORG' AND key = ?", (entity.key,)).fetchone()
        if row:
            entity_id = row[0]
        else:
            new_id = self.conn.execute(
                "INSERT INTO entities (name, type, key) VALUES (?,?,?)", (entity.name, entity.type, key)
            ).lastrowid
            assert new_id is not None
            entity_id = new_id
            if entity.type == "ORG" and entity.mergeable:
                self._absorb_bare_names(entity_id, entity.key)
        self._remember(cache_key, entity_id)
        return entity_id

    def _absorb_bare_names(self, org_id: int, key: str) -> None:
        """Fold one-word PERSON entities named like a new organisation into it."""
        c = self.conn
        # keys of document-bound entities are "key@path"; "@" sorts just before "A"
        bare = [
            r[0]
            for r in c.execute(
                "SELECT id FROM entities WHERE type = 'PERSON' AND key >= ? AND key < ?", (key + "@", key + "A")
            )
        ]
        if not bare:
            return
        marks = ",".join("?" * len(bare))
        # A copy's folded items have no timeline rows: they are found through the bare names'
        # documents that are copies (usually none), each one's own items.
        folded: list[tuple[int, int]] = []
        for (doc_id,) in c.execute(
            "SELECT DISTINCT m.document_id FROM mentions m JOIN documents d ON d.id = m.document_id"
            f" WHERE m.entity_id IN ({marks}) AND d.copy_of IS NOT NULL",
            bare,
        ).fetchall():
            folded += c.execute(
                "SELECT 0, id FROM events WHERE document_id = ? AND folded_into IS NOT NULL"
                " UNION ALL SELECT 1, id FROM claims WHERE document_id = ? AND folded_into IS NOT NULL",
                (doc_id, doc_id),
            ).fetchall()
        c.execute(f"UPDATE mentions SET entity_id = ? WHERE entity_id IN ({marks})", (org_id, *bare))
        # Their claims and events, found by entity in the one table indexed that way.
        items = c.execute(f"SELECT kind, item_id FROM timeline_entities WHERE entity_id IN ({marks})", bare).fetchall()
        items += folded
        c.executemany(
            f"UPDATE claims SET speaker_id = ? WHERE id = ? AND speaker_id IN ({marks})",
            [(org_id, i, *bare) for kind, i in items if kind == 1],
        )
        for table, column, kind in (("claim_entities", "claim_id", 1), ("event_entities", "event_id", 0)):
            links = [(org_id, i, *bare) for k, i in items if k == kind]
            c.executemany(
                f"UPDATE OR IGNORE {table} SET entity_id = ? WHERE {column} = ? AND entity_id IN ({marks})", links
            )
            c.executemany(
                f"DELETE FROM {table} WHERE {column} = ? AND entity_id IN ({marks})", [link[1:] for link in links]
            )
        for table in ("timeline_entities", "aliases"):
            c.execute(f"UPDATE OR IGNORE {table} SET entity_id = ? WHERE entity_id IN ({marks})", (org_id, *bare))
            c.execute(f"DELETE FROM {table} WHERE entity_id IN ({marks})", bare)
        c.execute(f"DELETE FROM entities WHERE id IN ({marks})", bare)
        self.forget(bare)
        for entity_id in bare:
            self._deltas.pop(entity_id, None)
        self._recount.add(org_id)

    # --- counts ------------------------------------------------------------------

    def start_batch(self) -> None:
        self._deltas.clear()
        self._recount.clear()

    def count(self, entity_id: int, mentions: int, documents: int) -> None:
        """Add to an entity's counts (negative for a document taken away)."""
        delta = self._deltas.setdefault(entity_id, [0, 0])
        delta[0] += mentions
        delta[1] += documents

    def apply_counts(self) -> None:
        """Add the batch's count changes; recount in full only what absorbed others."""
        self.conn.executemany(
            "UPDATE entities SET mentions = mentions + ?, documents = documents + ? WHERE id = ?",
            [(m, d, entity_id) for entity_id, (m, d) in self._deltas.items() if m or d],
        )
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
        orphans = [
            r[0] for r in c.execute("SELECT id FROM entities WHERE id IN (SELECT id FROM touched) AND mentions = 0")
        ]
        self._delete(orphans)

    def _delete(self, entity_ids: list[int]) -> None:
        if entity_ids:
            self.conn.executemany("DELETE FROM aliases WHERE entity_id = ?", [(i,) for i in entity_ids])
            self.conn.executemany("DELETE FROM entities WHERE id = ?", [(i,) for i in entity_ids])
            self.forget(entity_ids)
