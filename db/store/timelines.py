"""The two timeline tables rebuilt from the events, claims and their links.

Ingest writes them row by row; this is the same content computed in bulk, for
the version-3 migration and for the consistency checks in tests.
"""

from __future__ import annotations

import sqlite3

# A claim an event holds (events.claim_id: it starts in the event's sentence) has no row of its
# own: the event's row stands for both, in the timeline and in the timelines of both's entities.
HELD_CLAIMS = "(SELECT claim_id FROM events WHERE claim_id IS NOT NULL)"
FILL_TIMELINE = f"""
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 0, id FROM events;
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 1, id FROM claims WHERE id NOT IN {HELD_CLAIMS};
"""
FILL_TIMELINE_ENTITIES = f"""
INSERT OR IGNORE INTO timeline_entities
    SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM event_entities ee JOIN events v ON v.id = ee.event_id;
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claim_entities ce JOIN claims c ON c.id = ce.claim_id WHERE c.id NOT IN {HELD_CLAIMS};
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c WHERE c.speaker_id IS NOT NULL AND c.id NOT IN {HELD_CLAIMS};
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN claim_entities ce ON ce.claim_id = v.claim_id;
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN claims c ON c.id = v.claim_id WHERE c.speaker_id IS NOT NULL;
"""


def rebuild_timelines(conn: sqlite3.Connection) -> None:
    """Refill both timeline tables from the events, claims and their links."""
    from db.store.schema import statements

    conn.execute("DELETE FROM timeline")
    conn.execute("DELETE FROM timeline_entities")
    for statement in statements(FILL_TIMELINE + FILL_TIMELINE_ENTITIES):
        conn.execute(statement)
