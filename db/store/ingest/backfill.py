"""Fingerprints for documents stored before version 5: statement keys, bands, groups of copies.

The same as ingest computes, from the stored text: run once by the version-5 migration.
"""

from __future__ import annotations

import sqlite3

from db.store.ingest import copies
from db.text.fingerprint import statement_key


def fingerprint_stored(conn: sqlite3.Connection) -> None:
    claims = conn.execute(
        'SELECT c.id, substr(l.text, c."column", c.length) FROM claims c'
        " JOIN lines l ON l.document_id = c.document_id AND l.number = c.line"
        " WHERE c.cue IS NOT NULL OR c.speaker_id IS NOT NULL"  # attributed claims only, as ingest keys them
    ).fetchall()
    conn.executemany(
        "UPDATE claims SET statement = ? WHERE id = ?",
        [(key, claim_id) for claim_id, text in claims if (key := statement_key(text)) is not None],
    )
    for (doc_id,) in conn.execute("SELECT id FROM documents ORDER BY id").fetchall():
        copies.place(conn, doc_id, copies.stored_keys(conn, doc_id))
