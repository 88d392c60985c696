"""The two timeline tables rebuilt from the events, claims and their links.

Ingest writes them row by row; this is the same content computed in bulk, for
migrations, for a wire copy's rows when its group changes, and for the consistency checks in tests. Since version 5
an item folded into an original's (a wire copy's, see ``db/store/ingest/copies.py``)
has no timeline rows: ``TODAY`` is what the tables hold now, per document or whole.
"""

from __future__ import annotations

import sqlite3

# Today's content of both tables, for the documents chosen by {where_v} / {where_c} (on v, c: the event,
# the claim). An item folded into an original's has no rows. A claim an event holds (events.claim_id:
# it starts in the event's sentence) has no row of its own: the event's row stands for both, in the
# timeline and in the timelines of both's entities (and the claim's speaker).
_HELD = "EXISTS (SELECT 1 FROM events h WHERE h.document_id = c.document_id AND h.line = c.line AND h.claim_id = c.id)"
# A row's class (schema.sql): an attributed claim 1, a statement 2, an event holding neither 0; its reported
# date its document's.
_SAID = "CASE WHEN {c}.speaker_id IS NOT NULL OR {c}.cue IS NOT NULL THEN 1 ELSE 2 END"
_REPORTED = "coalesce((SELECT d.date FROM documents d WHERE d.id = {r}.document_id), '~')"
_TODAY = f"""
INSERT INTO timeline SELECT v.sort_key, v.document_id, v.line, v."column", 0, v.id,
    coalesce((SELECT {_SAID.format(c="h")} FROM claims h WHERE h.id = v.claim_id), 0), {_REPORTED.format(r="v")}
    FROM events v WHERE v.folded_into IS NULL AND {{where_v}};
INSERT INTO timeline SELECT c.sort_key, c.document_id, c.line, c."column", 1, c.id, {_SAID.format(c="c")},
    {_REPORTED.format(r="c")}
    FROM claims c WHERE c.folded_into IS NULL AND NOT {_HELD} AND {{where_c}};
INSERT OR IGNORE INTO timeline_entities
    SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN event_entities ee ON ee.event_id = v.id WHERE v.folded_into IS NULL AND {{where_v}};
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN claim_entities ce ON ce.claim_id = v.claim_id WHERE v.folded_into IS NULL AND {{where_v}};
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN claims c ON c.id = v.claim_id
    WHERE c.speaker_id IS NOT NULL AND v.folded_into IS NULL AND {{where_v}};
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c JOIN claim_entities ce ON ce.claim_id = c.id
    WHERE c.folded_into IS NULL AND NOT {_HELD} AND {{where_c}};
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c WHERE c.speaker_id IS NOT NULL AND c.folded_into IS NULL AND NOT {_HELD} AND {{where_c}};
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
