"""Migrations: how an older database reaches today's schema, one registered step at a time.

A fresh database is created from ``schema.sql`` in one step. A file written by
an older Storyline (``PRAGMA user_version`` below SCHEMA_VERSION) gets each
pending step in order, all in one write transaction that re-reads the version
once it holds the lock: two processes opening a new database at once cannot
both create it, and a crash midway leaves the file as it was. A step's SQL is
history: it says what that version changed, and is never edited afterwards.

To change the schema: edit ``schema.sql``, bump ``SCHEMA_VERSION``, and register
the step that brings the previous version there (``@migration(N, "why")``);
``tests/db/test_schema.py`` checks that an old file migrated forward has exactly
the schema of a fresh one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from db.store import schema
from db.store.connection import begin_immediate, use_wal

if TYPE_CHECKING:  # imported when writing only: reads start faster without it
    import sqlite_utils


@dataclass(frozen=True, slots=True)
class Migration:
    version: int  # the version it brings a file to
    name: str
    apply: Callable[[sqlite3.Connection], None]


MIGRATIONS: list[Migration] = []


def migration(version: int, name: str) -> Callable[[Callable[[sqlite3.Connection], None]], Callable[..., None]]:
    """Register the step to ``version`` (registered in order, one per version)."""

    def register(apply: Callable[[sqlite3.Connection], None]) -> Callable[[sqlite3.Connection], None]:
        expected = MIGRATIONS[-1].version + 1 if MIGRATIONS else 2
        if version != expected:
            raise ValueError(f"migration to version {version} registered out of order (expected {expected})")
        MIGRATIONS.append(Migration(version, name, apply))
        return apply

    return register


def pending(version: int) -> list[Migration]:
    """The steps a file at ``version`` (1 or more) still needs, in order."""
    return [m for m in MIGRATIONS if m.version > version]


def _run(conn: sqlite3.Connection, script: str) -> None:
    for statement in schema.statements(script):
        conn.execute(statement)


# --- the steps --------------------------------------------------------------------------

# Version 2: text is never stored twice. A claim's or an event's text is
# `lines.text` from its column for `length` characters, so it is the file's own
# characters by construction; mentions are clustered by position (no rowid);
# line search keeps no positions (queries are quoted single words, never
# phrases); and a clustered `timeline` table holds the explorer's order of
# events and claims, so paging, jumping and positions are index walks.
_V2 = """
ALTER TABLE claims ADD COLUMN length INTEGER NOT NULL DEFAULT 0;
UPDATE claims SET length = length(text);
ALTER TABLE claims DROP COLUMN text;
ALTER TABLE events ADD COLUMN length INTEGER NOT NULL DEFAULT 0;
UPDATE events SET length = length(text);
ALTER TABLE events DROP COLUMN text;

INSERT OR IGNORE INTO mentions_v2 (document_id, line, "column", entity_id, length)
    SELECT document_id, line, "column", entity_id, length FROM mentions;
DROP TABLE mentions;
ALTER TABLE mentions_v2 RENAME TO mentions;
CREATE INDEX mentions_entity ON mentions(entity_id);

DROP INDEX claims_order;
DROP INDEX events_order;
CREATE INDEX entities_type_rank ON entities(type, mentions DESC, name);

DROP TRIGGER lines_ai;
DROP TRIGGER lines_ad;
DROP TRIGGER lines_au;
DROP TABLE lines_fts;

"""


_MENTIONS_V2 = """CREATE TABLE mentions_v2 (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    length INTEGER NOT NULL,
    PRIMARY KEY (document_id, line, "column", entity_id)
) WITHOUT ROWID"""


# The timelines as versions 2 and 3 filled them (version 5 made a claim an event holds one row with it).
_FILL_TIMELINE_V2 = """
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 0, id FROM events;
INSERT INTO timeline SELECT sort_key, document_id, line, "column", 1, id FROM claims;
"""
_FILL_TIMELINE_ENTITIES_V3 = """
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


# The timeline table as versions 2 to 10 had it (version 11 gave it the class and reported date).
_TIMELINE_V2 = """CREATE TABLE timeline (
    sort_key TEXT NOT NULL,             -- ISO date, or "~" for undated (sorts last)
    document_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    kind INTEGER NOT NULL,              -- 0 event, 1 claim
    item_id INTEGER NOT NULL,           -- events.id or claims.id
    PRIMARY KEY (sort_key, document_id, line, "column", kind, item_id)
) WITHOUT ROWID"""


@migration(2, "text stored once; mentions clustered by position; the timeline table")
def _to_v2(conn: sqlite3.Connection) -> None:
    conn.execute(_TIMELINE_V2)  # _V2 fills it
    # mentions as version 2 had them (version 5 added mention_type), filled from the old table,
    # then renamed over it
    conn.execute(_MENTIONS_V2)
    _run(conn, _V2 + _FILL_TIMELINE_V2 + schema.fts_sql("lines", "text", "detail='none'"))
    for view in schema.views():  # the views of version 2 are still today's
        conn.execute(view)
    conn.execute("INSERT INTO lines_fts (lines_fts) VALUES ('rebuild')")


# Version 3: an entity's timeline is its own clustered table, ordered as the
# explorer shows it, so its first page (or its last) is an index walk however
# many items the entity has, instead of a sort of all of them. It also answers
# "items of entity X" for the CLI, so the three indexes that did (the link
# tables' by-entity indexes and claims_speaker) go, as does the index on entity
# names (every name is among its entity's aliases, which are indexed), and the
# FTS indexes stop keeping per-row sizes (nothing ranks by bm25).
_V3_AFTER_FILL = """
DROP INDEX claim_entities_entity;
DROP INDEX event_entities_entity;
DROP INDEX claims_speaker;
DROP INDEX entities_name;               -- names are aliases too: aliases_name finds them
DROP TRIGGER lines_ai;
DROP TRIGGER lines_ad;
DROP TRIGGER lines_au;
DROP TABLE lines_fts;
DROP TRIGGER aliases_ai;
DROP TRIGGER aliases_ad;
DROP TRIGGER aliases_au;
DROP TABLE aliases_fts;
"""


@migration(3, "per-entity timelines; FTS without row sizes")
def _to_v3(conn: sqlite3.Connection) -> None:
    conn.execute(schema.table("timeline_entities"))  # as today's schema has it
    script = (
        _FILL_TIMELINE_ENTITIES_V3
        + _V3_AFTER_FILL
        + schema.fts_sql("lines", "text", "detail='none', columnsize=0")
        + schema.fts_sql("aliases", "name", "columnsize=0")
    )
    _run(conn, script)
    for fts in ("lines_fts", "aliases_fts"):
        conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('rebuild')")


# Version 4: the corpus-wide row counts the explorer's first screen shows (see
# db/store/counts.py). Created empty: readers count until the next ingest stores them.


@migration(4, "stored corpus counts")
def _to_v4(conn: sqlite3.Connection) -> None:
    conn.execute(schema.table("corpus_counts"))  # as today's schema has it


# Version 5: real archives and wire copies. Documents gain the author and format their
# reader found and ``copy_of`` (near-duplicate groups); claims gain their corroboration key
# (``statement``) and, like events, ``folded_into`` (a copy's item folded into the original's);
# ``copy_bands`` holds each document's MinHash LSH bands. Existing documents are fingerprinted
# and grouped from their stored text, in id order, as ingest would have done.
_V5 = """
ALTER TABLE documents ADD COLUMN author TEXT;
ALTER TABLE documents ADD COLUMN format TEXT NOT NULL DEFAULT 'text';
ALTER TABLE documents ADD COLUMN copy_of INTEGER;
ALTER TABLE claims ADD COLUMN statement INTEGER;
ALTER TABLE claims ADD COLUMN folded_into INTEGER;
ALTER TABLE events ADD COLUMN folded_into INTEGER;
CREATE INDEX documents_copy_of ON documents(copy_of) WHERE copy_of IS NOT NULL;
CREATE INDEX claims_statement ON claims(statement) WHERE statement IS NOT NULL;
CREATE INDEX claims_folded ON claims(folded_into) WHERE folded_into IS NOT NULL;
CREATE INDEX events_folded ON events(folded_into) WHERE folded_into IS NOT NULL;
"""


@migration(5, "formats' metadata, near-duplicate groups, corroboration keys")
def _to_v5(conn: sqlite3.Connection) -> None:
    conn.execute(schema.table("copy_bands"))  # as today's schema has it
    _run(conn, _V5)
    from db.store.ingest import copies
    from db.store.ingest.backfill import fingerprint_stored

    # Folding a copy puts its timeline rows in step through today's code, which reads columns later
    # versions added (events.claim_id, the timeline's class): not here. Version 6 refills both timelines
    # from the folds (_TIMELINES_V6), so the rows come out the same.
    resync = copies.resync_timeline
    copies.resync_timeline = lambda conn, doc_id: None
    try:
        fingerprint_stored(conn)
    finally:
        copies.resync_timeline = resync


# Version 6: a mention keeps its own type; an event and the claim that starts in its sentence are
# one timeline item (the sentence's first event holds the sentence's first claim).
_V6 = """
ALTER TABLE mentions ADD COLUMN mention_type TEXT;
ALTER TABLE events ADD COLUMN claim_id INTEGER REFERENCES claims(id);
UPDATE events SET claim_id = (
    SELECT c.id FROM claims c WHERE c.document_id = events.document_id AND c.line = events.line
    AND c."column" >= events."column" AND c."column" < events."column" + events.length
    ORDER BY c."column", c.id LIMIT 1)
WHERE id IN (SELECT min(id) FROM events GROUP BY document_id, line, "column");
"""


# Both timelines as version 6 filled them (no folded item, a held claim on its event's row), into the
# timeline table of versions 2 to 10.
_HELD_V6 = (
    "EXISTS (SELECT 1 FROM events h WHERE h.document_id = c.document_id AND h.line = c.line AND h.claim_id = c.id)"
)
_TIMELINES_V6 = f"""
DELETE FROM timeline;
DELETE FROM timeline_entities;
INSERT INTO timeline SELECT v.sort_key, v.document_id, v.line, v."column", 0, v.id FROM events v
    WHERE v.folded_into IS NULL;
INSERT INTO timeline SELECT c.sort_key, c.document_id, c.line, c."column", 1, c.id FROM claims c
    WHERE c.folded_into IS NULL AND NOT {_HELD_V6};
INSERT OR IGNORE INTO timeline_entities
    SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN event_entities ee ON ee.event_id = v.id WHERE v.folded_into IS NULL;
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN claim_entities ce ON ce.claim_id = v.claim_id WHERE v.folded_into IS NULL;
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id
    FROM events v JOIN claims c ON c.id = v.claim_id
    WHERE c.speaker_id IS NOT NULL AND v.folded_into IS NULL;
INSERT OR IGNORE INTO timeline_entities
    SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c JOIN claim_entities ce ON ce.claim_id = c.id
    WHERE c.folded_into IS NULL AND NOT {_HELD_V6};
INSERT OR IGNORE INTO timeline_entities
    SELECT c.speaker_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id
    FROM claims c WHERE c.speaker_id IS NOT NULL AND c.folded_into IS NULL AND NOT {_HELD_V6};
"""


@migration(6, "a mention's own type; an event and its sentence's claim one timeline item")
def _to_v6(conn: sqlite3.Connection) -> None:
    # mention_type NULL: the mention reads as its entity's type, as every mention did before
    _run(conn, _V6 + _TIMELINES_V6)


# Version 7: the analyst's corrections, a log re-applied after every ingest, and what each changed
# (for an exact undo). Created empty.
_V7 = """
CREATE INDEX correction_undo_correction ON correction_undo(correction_id);
CREATE INDEX correction_undo_document ON correction_undo(document_id) WHERE document_id IS NOT NULL;
"""


@migration(7, "the corrections log and its undo journal")
def _to_v7(conn: sqlite3.Connection) -> None:
    conn.execute(schema.table("corrections"))  # as today's schema has it
    conn.execute(schema.table("correction_undo"))
    _run(conn, _V7)


# Version 8: marks, an analyst's kept lines and items with notes and tags (db/store/marks.py).
# Created empty.


@migration(8, "marks")
def _to_v8(conn: sqlite3.Connection) -> None:
    conn.execute(schema.table("marks"))  # as today's schema has it
    conn.execute("CREATE INDEX marks_path ON marks(path)")


# Version 9: dates a user gave documents (redate). Created empty.
@migration(9, "dates a user gave documents (redate), kept across re-ingests")
def _to_v9(conn: sqlite3.Connection) -> None:
    conn.execute(schema.table("redates"))  # as today's schema has it


# Version 10: the timeline's filters and histogram read indexes and counts, not every row: each row
# again with its class (attributed claim, statement, event) and its document's date, clustered by
# class, and the rows counted per date, class and axis; triggers keep both in step from now on. And the
# entity pane's sorts by documents and by name have their indexes.
_V10_OBJECTS = """
CREATE TABLE timeline_rows (
    said INTEGER NOT NULL,              -- 0 an event holding no claim, 1 an attributed claim, 2 a statement (a fact)
    sort_key TEXT NOT NULL,             -- as in timeline
    document_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    item_id INTEGER NOT NULL,
    reported TEXT NOT NULL,             -- its document's date, or "~"
    PRIMARY KEY (said, sort_key, document_id, line, "column", kind, item_id)
) WITHOUT ROWID;
CREATE TABLE timeline_counts (
    axis INTEGER NOT NULL,              -- 0 the event date (sort_key), 1 the reported date
    key TEXT NOT NULL,                  -- the date on that axis, or "~"
    said INTEGER NOT NULL,              -- as in timeline_rows
    kind INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (axis, key, said, kind)
) WITHOUT ROWID;
CREATE TRIGGER timeline_rows_ai AFTER INSERT ON timeline BEGIN
    INSERT INTO timeline_rows VALUES (
        CASE WHEN NEW.kind = 1 THEN (SELECT CASE WHEN c.speaker_id IS NOT NULL OR c.cue IS NOT NULL THEN 1 ELSE 2 END
                                     FROM claims c WHERE c.id = NEW.item_id)
             ELSE coalesce((SELECT CASE WHEN c.speaker_id IS NOT NULL OR c.cue IS NOT NULL THEN 1 ELSE 2 END
                            FROM events v JOIN claims c ON c.id = v.claim_id WHERE v.id = NEW.item_id), 0) END,
        NEW.sort_key, NEW.document_id, NEW.line, NEW."column", NEW.kind, NEW.item_id,
        coalesce((SELECT d.date FROM documents d WHERE d.id = NEW.document_id), '~'));
END;
CREATE TRIGGER timeline_rows_ad AFTER DELETE ON timeline BEGIN
    DELETE FROM timeline_rows WHERE said IN (0, 1, 2) AND sort_key = OLD.sort_key AND document_id = OLD.document_id
        AND line = OLD.line AND "column" = OLD."column" AND kind = OLD.kind AND item_id = OLD.item_id;
END;
CREATE TRIGGER timeline_rows_claim AFTER UPDATE OF speaker_id, cue ON claims
WHEN (OLD.speaker_id IS NOT NULL OR OLD.cue IS NOT NULL) IS NOT (NEW.speaker_id IS NOT NULL OR NEW.cue IS NOT NULL)
BEGIN
    UPDATE timeline_rows SET said = CASE WHEN NEW.speaker_id IS NOT NULL OR NEW.cue IS NOT NULL THEN 1 ELSE 2 END
        WHERE said IN (1, 2) AND sort_key = NEW.sort_key AND document_id = NEW.document_id AND line = NEW.line
        AND "column" = NEW."column" AND kind = 1 AND item_id = NEW.id;
    UPDATE timeline_rows SET said = CASE WHEN NEW.speaker_id IS NOT NULL OR NEW.cue IS NOT NULL THEN 1 ELSE 2 END
        WHERE said IN (1, 2) AND kind = 0 AND (sort_key, document_id, line, "column", item_id) IN (
            SELECT v.sort_key, v.document_id, v.line, v."column", v.id FROM events v
            WHERE v.document_id = NEW.document_id AND v.line = NEW.line AND v.claim_id = NEW.id);
END;
CREATE TRIGGER timeline_rows_document AFTER UPDATE OF date ON documents WHEN OLD.date IS NOT NEW.date BEGIN
    UPDATE timeline_rows SET reported = coalesce(NEW.date, '~') WHERE document_id = NEW.id;
END;
CREATE TRIGGER timeline_counts_ai AFTER INSERT ON timeline_rows BEGIN
    INSERT INTO timeline_counts VALUES (0, NEW.sort_key, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO timeline_counts VALUES (1, NEW.reported, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER timeline_counts_ad AFTER DELETE ON timeline_rows BEGIN
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 0 AND key = OLD.sort_key AND said = OLD.said AND kind = OLD.kind;
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 1 AND key = OLD.reported AND said = OLD.said AND kind = OLD.kind;
END;
CREATE TRIGGER timeline_counts_au AFTER UPDATE OF said, reported ON timeline_rows BEGIN
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 0 AND key = OLD.sort_key AND said = OLD.said AND kind = OLD.kind;
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 1 AND key = OLD.reported AND said = OLD.said AND kind = OLD.kind;
    INSERT INTO timeline_counts VALUES (0, NEW.sort_key, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO timeline_counts VALUES (1, NEW.reported, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
"""
_V10 = """
CREATE INDEX timeline_rows_reported ON timeline_rows(reported, document_id, line, "column", kind, item_id);
CREATE INDEX timeline_rows_document ON timeline_rows(document_id);
INSERT INTO timeline_rows
    SELECT CASE WHEN c.id IS NULL THEN 0 WHEN c.speaker_id IS NOT NULL OR c.cue IS NOT NULL THEN 1 ELSE 2 END,
        t.sort_key, t.document_id, t.line, t."column", t.kind, t.item_id, coalesce(d.date, '~')
    FROM timeline t JOIN documents d ON d.id = t.document_id
    LEFT JOIN events v ON t.kind = 0 AND v.id = t.item_id
    LEFT JOIN claims c ON c.id = CASE WHEN t.kind = 1 THEN t.item_id ELSE v.claim_id END;
INSERT INTO timeline_counts SELECT 0, sort_key, said, kind, count(*) FROM timeline_rows GROUP BY sort_key, said, kind;
INSERT INTO timeline_counts SELECT 1, reported, said, kind, count(*) FROM timeline_rows GROUP BY reported, said, kind;
CREATE INDEX entities_documents_rank ON entities(documents DESC, name);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
"""


@migration(10, "the timeline's kind filter, reported order and histogram served by an index and counts; entity sorts")
def _to_v10(conn: sqlite3.Connection) -> None:
    tables: list[str] = []
    triggers: list[str] = []
    for statement in schema.statements(_V10_OBJECTS):
        (tables if statement.startswith("CREATE TABLE") else triggers).append(statement)
    for statement in tables:
        conn.execute(statement)
    _run(conn, _V10)
    for statement in triggers:
        conn.execute(statement)


# Version 11: one timeline table, not two. Version 10 kept every timeline row twice (`timeline`, and
# `timeline_rows` clustered by class with an index in the reported order and one by document): a
# quarter of a new BBC database's growth past 4x its raw text. The class and the reported date become
# columns of `timeline` (a kind filter walks the timeline's own order, skipping the other classes, as
# the event kind always did); the reported order keeps its index, which also finds a document's rows
# (they all carry their document's date), so the index by document goes. The counts are the same,
# counted again from the new table; the corrections' undo entries of timeline rows gain the two values.
_V11_FILL = """
INSERT INTO timeline_v11
    SELECT t.sort_key, t.document_id, t.line, t."column", t.kind, t.item_id,
        CASE WHEN c.id IS NULL THEN 0 WHEN c.speaker_id IS NOT NULL OR c.cue IS NOT NULL THEN 1 ELSE 2 END,
        coalesce(d.date, '~')
    FROM timeline t JOIN documents d ON d.id = t.document_id
    LEFT JOIN events v ON t.kind = 0 AND v.id = t.item_id
    LEFT JOIN claims c ON c.id = CASE WHEN t.kind = 1 THEN t.item_id ELSE v.claim_id END
    ORDER BY t.sort_key, t.document_id, t.line, t."column", t.kind, t.item_id;
DROP TRIGGER timeline_rows_claim;
DROP TRIGGER timeline_rows_document;
DROP TABLE timeline_rows;
DROP TABLE timeline;
ALTER TABLE timeline_v11 RENAME TO timeline;
DELETE FROM timeline_counts;
INSERT INTO timeline_counts SELECT 0, sort_key, said, kind, count(*) FROM timeline GROUP BY sort_key, said, kind;
INSERT INTO timeline_counts SELECT 1, reported, said, kind, count(*) FROM timeline GROUP BY reported, said, kind;
CREATE INDEX timeline_reported ON timeline(reported, document_id, line, "column", kind, item_id, said);
UPDATE correction_undo SET
    old = CASE WHEN old IS NULL THEN NULL ELSE json_insert(old, '$[#]', x.said, '$[#]', x.reported) END,
    new = CASE WHEN new IS NULL THEN NULL ELSE json_insert(new, '$[#]', x.said, '$[#]', x.reported) END
    FROM (SELECT r.seq,
            coalesce((SELECT CASE WHEN c.speaker_id IS NOT NULL OR c.cue IS NOT NULL THEN 1 ELSE 2 END FROM claims c
                      WHERE c.id = CASE WHEN r.kind = 1 THEN r.item_id
                                   ELSE (SELECT v.claim_id FROM events v WHERE v.id = r.item_id) END),
                     CASE WHEN r.kind = 1 THEN 2 ELSE 0 END) AS said,
            coalesce((SELECT d.date FROM documents d WHERE d.id = r.document_id), '~') AS reported
          FROM (SELECT seq, json_extract(coalesce(old, new), '$[1]') AS document_id,
                    json_extract(coalesce(old, new), '$[4]') AS kind,
                    json_extract(coalesce(old, new), '$[5]') AS item_id
                FROM correction_undo WHERE tbl = 'timeline') AS r) AS x
    WHERE correction_undo.seq = x.seq;
"""


@migration(11, "one timeline table: its class and reported date as columns, not a second copy of every row")
def _to_v11(conn: sqlite3.Connection) -> None:
    conn.execute(schema.table("timeline").replace("CREATE TABLE timeline (", "CREATE TABLE timeline_v11 (", 1))
    _run(conn, _V11_FILL)
    for name in ("timeline_said", "timeline_reported_date", "timeline_counts_ai", "timeline_counts_ad"):
        conn.execute(schema.trigger(name))
    conn.execute(schema.trigger("timeline_counts_au"))


# Version 12: the reported order's index leaves out the rows that are undated on both axes (an undated item
# of an undated document): they are in the same order on both, so the timeline's own "~" range serves them.
# On a corpus without document dates (the BBC's) the index was as large as the timeline and is now empty.


@migration(12, "the reported index leaves out what is undated on both axes")
def _to_v12(conn: sqlite3.Connection) -> None:
    conn.execute("DROP INDEX timeline_reported")
    conn.execute("DROP TRIGGER timeline_reported_date")
    conn.execute(next(s for s in schema.today() if s.startswith("CREATE INDEX timeline_reported ")))
    conn.execute(schema.trigger("timeline_reported_date"))


@migration(13, "when each entity was first and last in the news (the entity pane's date sorts)")
def _to_v13(conn: sqlite3.Connection) -> None:
    from db.store.seen import refresh_seen

    conn.execute("ALTER TABLE entities ADD COLUMN first_seen TEXT NOT NULL DEFAULT '~'")
    conn.execute("ALTER TABLE entities ADD COLUMN last_seen TEXT NOT NULL DEFAULT ''")
    refresh_seen(conn, None)
    conn.execute("CREATE INDEX entities_first_seen ON entities(first_seen)")
    conn.execute("CREATE INDEX entities_last_seen ON entities(last_seen DESC)")


# --- running them -----------------------------------------------------------------------


def migrate(db: sqlite_utils.Database, from_version: int) -> None:
    """Bring the file from ``from_version`` (0: a new, empty file) to today's schema."""
    conn = db.conn
    if conn.in_transaction:
        conn.execute("COMMIT")
    if from_version < 1:
        use_wal(conn)
    begin_immediate(conn)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        if version < 1:
            schema.create(conn)
        else:
            for step in pending(version):
                step.apply(conn)
                conn.execute(f"PRAGMA user_version = {step.version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


if MIGRATIONS[-1].version != schema.SCHEMA_VERSION:  # pragma: no cover - caught on import by every test
    raise RuntimeError(f"the last migration reaches {MIGRATIONS[-1].version}, not SCHEMA_VERSION")
