"""The two timeline tables rebuilt from the events, claims and their links.

Ingest writes them row by row; this is the same content computed in bulk, for
the version-3 migration and for the consistency checks in tests. Since version 5
an item folded into an original's (a wire copy's, see ``db/store/ingest/copies.py``)
has no timeline rows: ``TODAY`` is what the tables hold now, per document or whole.
"""

from __future__ import annotations

import sqlite3

FILL_TIMELINE = """
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 0, id FROM events;
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 1, id FROM claims;
"""
FILL_TIMELINE_ENTITIES = """
INSERT OR IGNORE INTO timeline_entities
    SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM event_entities ee JOIN events v ON v.id = ee.event_id;
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id;
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c WHERE c.speaker_id IS NOT NULL;
"""


# Today's content of both tables, for the documents chosen by {where} (on v, c: the event, the claim).
_TODAY = """
INSERT INTO timeline SELECT v.sort_key, v.document_id, v.line, v."column", 0, v.id FROM events v
    WHERE v.folded_into IS NULL AND {where_v};
INSERT INTO timeline SELECT c.sort_key, c.document_id, c.line, c."column", 1, c.id FROM claims c
    WHERE c.folded_into IS NULL AND {where_c};
INSERT OR IGNORE INTO timeline_entities
    SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN event_entities ee ON ee.event_id = v.id WHERE v.folded_into IS NULL AND {where_v};
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c JOIN claim_entities ce ON ce.claim_id = c.id WHERE c.folded_into IS NULL AND {where_c};
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c WHERE c.speaker_id IS NOT NULL AND c.folded_into IS NULL AND {where_c};
"""


def _today(where_v: str, where_c: str) -> list[str]:
    from db.store.schema import statements

    return statements(_TODAY.format(where_v=where_v, where_c=where_c))


def rebuild_timelines(conn: sqlite3.Connection) -> None:
    """Refill both timeline tables from the events, claims and their links."""
    conn.execute("DELETE FROM timeline")
    conn.execute("DELETE FROM timeline_entities")
    for statement in _today("1", "1"):
        conn.execute(statement)


def fill_document_timelines(conn: sqlite3.Connection, doc_id: int) -> None:
    """Insert a document's rows (its items that are not folded) into both tables; they must not be there."""
    for statement in _today("v.document_id = :doc", "c.document_id = :doc"):
        conn.execute(statement, {"doc": doc_id})
