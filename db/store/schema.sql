-- Storyline's store: today's schema, created in one step (PRAGMA user_version 12).
-- An older database reaches the same schema through db/store/migrations.py;
-- tests/db/test_schema.py checks that a version-1 file migrated forward matches this exactly.
--
-- Text is stored once, in `lines`: a mention's, claim's or event's text is the line's
-- characters from its column for its length (the views at the end show them).

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- resolved absolute path: the identity
    doc TEXT NOT NULL,                  -- the path as reached from the ingest argument
    title TEXT,
    date TEXT,                          -- ISO at its precision, or NULL
    precision TEXT,                     -- day | month | year | NULL
    source TEXT,
    url TEXT,
    content_hash TEXT NOT NULL,
    encoding TEXT NOT NULL,
    size INTEGER NOT NULL,
    line_count INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    author TEXT,                        -- from the format's metadata (HTML, feeds, dumps, e-mail, PDF)
    format TEXT NOT NULL DEFAULT 'text', -- the reader that made the stored text: text, html, feed, json, warc, email, pdf
    copy_of INTEGER                     -- the earliest document of its group of near-duplicates, or NULL
);
CREATE TABLE lines (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    boilerplate INTEGER NOT NULL DEFAULT 0,
    UNIQUE (document_id, number)
);
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,                  -- normalised name; unique per type
    mentions INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT NOT NULL DEFAULT '~',   -- the earliest date of a document naming it ('~': none dated; version 13)
    last_seen TEXT NOT NULL DEFAULT '',     -- the latest ('': none dated); db/store/seen.py
    UNIQUE (type, key)
);
CREATE TABLE aliases (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,                 -- every surface form, the entity's own name included
    UNIQUE (entity_id, name)
);
-- Clustered by position: a document's mentions, line by line, are one index walk.
CREATE TABLE mentions (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    length INTEGER NOT NULL,
    mention_type TEXT,                  -- the type this mention reads as where it is not its entity's, else NULL
    PRIMARY KEY (document_id, line, "column", entity_id)
) WITHOUT ROWID;
-- `length` comes last, where the version-2 migration added it.
CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    speaker_id INTEGER REFERENCES entities(id),
    cue TEXT,
    date TEXT,
    precision TEXT,
    sort_key TEXT NOT NULL,             -- date padded for ordering; undated last
    length INTEGER NOT NULL DEFAULT 0,
    statement INTEGER,                  -- corroboration key (db/text/fingerprint.py), NULL when too short
    folded_into INTEGER                 -- the original's claim this copy's claim folds into (not in the timeline)
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,          -- where the sentence starts
    expression TEXT NOT NULL,
    expression_column INTEGER NOT NULL,
    date TEXT,
    precision TEXT,
    relation TEXT,
    sort_key TEXT NOT NULL,
    length INTEGER NOT NULL DEFAULT 0,  -- of the sentence
    folded_into INTEGER,                -- the original's event this copy's event folds into (not in the timeline)
    claim_id INTEGER REFERENCES claims(id)  -- the claim starting in this sentence: one timeline item with it
);
CREATE TABLE claim_entities (
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (claim_id, entity_id)
) WITHOUT ROWID;
CREATE TABLE event_entities (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (event_id, entity_id)
) WITHOUT ROWID;
-- The explorer's order of every event (kind 0) and claim (kind 1): paging, jumping and
-- positions are index walks. A claim that an event holds (events.claim_id) has no row of its own:
-- the event's row is both, and its per-entity rows are those of both. Each row carries what the
-- filters read (version 11): its class (a kind filter walks the key and skips the other classes)
-- and its document's date, which leads the index of the reported order (see the end of this file).
CREATE TABLE timeline (
    sort_key TEXT NOT NULL,             -- ISO date, or "~" for undated (sorts last)
    document_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    kind INTEGER NOT NULL,              -- 0 event, 1 claim
    item_id INTEGER NOT NULL,           -- events.id or claims.id
    said INTEGER NOT NULL,              -- 0 an event holding no claim, 1 an attributed claim, 2 a statement (a fact)
    reported TEXT NOT NULL,             -- its document's date, or "~"
    PRIMARY KEY (sort_key, document_id, line, "column", kind, item_id)
) WITHOUT ROWID;
-- The same order per entity: an entity's events, and the claims that mention it or that it speaks.
CREATE TABLE timeline_entities (
    entity_id INTEGER NOT NULL,
    sort_key TEXT NOT NULL,
    document_id INTEGER NOT NULL,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    kind INTEGER NOT NULL,              -- 0 event, 1 claim (as in timeline)
    item_id INTEGER NOT NULL,
    PRIMARY KEY (entity_id, sort_key, document_id, line, "column", kind, item_id)
) WITHOUT ROWID;
-- Row counts of documents, entities, events, claims and timeline for the explorer's first
-- screen: emptied by every write transaction, filled when the writer closes.
CREATE TABLE corpus_counts (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
-- Near-duplicate candidates: each document's MinHash LSH band keys (db/text/fingerprint.py).
CREATE TABLE copy_bands (
    band INTEGER NOT NULL,
    document_id INTEGER NOT NULL,
    PRIMARY KEY (band, document_id)
) WITHOUT ROWID;

CREATE INDEX mentions_entity ON mentions(entity_id);
CREATE INDEX claims_document ON claims(document_id, line);
CREATE INDEX events_document ON events(document_id, line);
CREATE INDEX entities_rank ON entities(mentions DESC, name);
CREATE INDEX entities_type_rank ON entities(type, mentions DESC, name);
CREATE INDEX aliases_name ON aliases(name COLLATE NOCASE);
CREATE INDEX documents_doc ON documents(doc);
CREATE INDEX documents_copy_of ON documents(copy_of) WHERE copy_of IS NOT NULL;
CREATE INDEX claims_statement ON claims(statement) WHERE statement IS NOT NULL;
CREATE INDEX claims_folded ON claims(folded_into) WHERE folded_into IS NOT NULL;
CREATE INDEX events_folded ON events(folded_into) WHERE folded_into IS NOT NULL;

-- The full-text indexes (lines_fts, aliases_fts) and the triggers that keep them in step
-- are created by db/store/schema.py (FULL_TEXT), after this script.

-- For reading the file in Datasette or sqlite3: spans with their text.
CREATE VIEW claims_text AS
    SELECT c.*, d.doc, substr(l.text, c."column", c.length) AS text, s.name AS speaker
    FROM claims c JOIN documents d ON d.id = c.document_id
    JOIN lines l ON l.document_id = c.document_id AND l.number = c.line
    LEFT JOIN entities s ON s.id = c.speaker_id;
CREATE VIEW events_text AS
    SELECT v.*, d.doc, substr(l.text, v."column", v.length) AS text
    FROM events v JOIN documents d ON d.id = v.document_id
    JOIN lines l ON l.document_id = v.document_id AND l.number = v.line;
CREATE VIEW mentions_text AS
    SELECT m.*, d.doc, e.name AS entity, e.type, substr(l.text, m."column", m.length) AS text
    FROM mentions m JOIN documents d ON d.id = m.document_id JOIN entities e ON e.id = m.entity_id
    JOIN lines l ON l.document_id = m.document_id AND l.number = m.line;

-- The analyst's corrections (db/store/corrections/): a log re-applied, in order, after every ingest.
-- `args` names its targets by stable identities (entity type and key, document path and line text).
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL,               -- merge | rename | retype | split | drop | speaker
    args TEXT NOT NULL,                 -- JSON
    at TEXT NOT NULL,                   -- when it was made (UTC, ISO)
    applied INTEGER NOT NULL DEFAULT 1  -- 0: its target is not in the store (it applies when it comes back)
);
-- What each correction changed, row by row (JSON arrays of a row before and after), for an exact undo.
-- `document_id`: the document a row belongs to; its entries go when the document is re-ingested or removed.
CREATE TABLE correction_undo (
    seq INTEGER PRIMARY KEY,
    correction_id INTEGER NOT NULL,
    tbl TEXT NOT NULL,
    old TEXT,
    new TEXT,
    document_id INTEGER
);
CREATE INDEX correction_undo_correction ON correction_undo(correction_id);
CREATE INDEX correction_undo_document ON correction_undo(document_id) WHERE document_id IS NOT NULL;
-- Marks (db/store/marks.py): what an analyst keeps, with a note and tags. Anchored by stable
-- identities, never row ids (they change when a document is written again): the document's path,
-- the position and the marked text itself, so a mark outlives re-ingesting its document and follows
-- its text when the document changes.
CREATE TABLE marks (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,                 -- documents.path (resolved absolute) of the marked document
    doc TEXT NOT NULL,                  -- its `doc` when marked (shown while the document is gone)
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    text TEXT NOT NULL,                 -- the marked characters, as they were when marked
    kind TEXT NOT NULL,                 -- line | claim | event | entity | text: what sat there when marked
    note TEXT,
    tags TEXT NOT NULL DEFAULT '[]',    -- a JSON array of strings
    at TEXT NOT NULL,                   -- when it was marked (UTC, ISO)
    moved INTEGER NOT NULL DEFAULT 0    -- 1 once it followed its text elsewhere, or its text was gone
);
CREATE INDEX marks_path ON marks(path);
-- Dates a user gave documents (`storyline redate`), by path: recorded like a correction, so a
-- re-ingest of the file reads them again (the document's date, and its relative dates resolved from it).
CREATE TABLE redates (
    path TEXT PRIMARY KEY,              -- documents.path: the identity, kept when the document is not
    date TEXT NOT NULL,                 -- ISO at its precision
    recorded_at TEXT NOT NULL
) WITHOUT ROWID;
-- The timeline's rows counted per date, class and axis (version 10), so a filtered count and the
-- histogram read a few thousand counts, never the rows. Since version 11 the class and the reported
-- date are columns of `timeline` itself (one table, not a second copy of every row clustered by class):
-- the reported order is an index led by the document's date, which also finds a document's rows
-- (their date is their document's). Triggers keep the counts in step with `timeline`, and its class
-- and date with claims' speakers and cues and with documents' dates, whatever writes them.
CREATE TABLE timeline_counts (
    axis INTEGER NOT NULL,              -- 0 the event date (sort_key), 1 the reported date
    key TEXT NOT NULL,                  -- the date on that axis, or "~"
    said INTEGER NOT NULL,              -- as in timeline
    kind INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (axis, key, said, kind)
) WITHOUT ROWID;
-- The reported order (version 12: partial). An undated item of an undated document ("~" on both axes) sits in
-- the same order on both, by document and position, so the table's own "~" range serves it: the index holds
-- only the other rows (none on a corpus whose documents carry no dates).
CREATE INDEX timeline_reported ON timeline(reported, document_id, line, "column", kind, item_id, said)
    WHERE sort_key < '~' OR reported < '~';
CREATE TRIGGER timeline_said AFTER UPDATE OF speaker_id, cue ON claims
WHEN (OLD.speaker_id IS NOT NULL OR OLD.cue IS NOT NULL) IS NOT (NEW.speaker_id IS NOT NULL OR NEW.cue IS NOT NULL)
BEGIN
    UPDATE timeline SET said = CASE WHEN NEW.speaker_id IS NOT NULL OR NEW.cue IS NOT NULL THEN 1 ELSE 2 END
        WHERE sort_key = NEW.sort_key AND document_id = NEW.document_id AND line = NEW.line
        AND "column" = NEW."column" AND kind = 1 AND item_id = NEW.id;
    UPDATE timeline SET said = CASE WHEN NEW.speaker_id IS NOT NULL OR NEW.cue IS NOT NULL THEN 1 ELSE 2 END
        WHERE kind = 0 AND document_id = NEW.document_id AND line = NEW.line
        AND sort_key IN (SELECT v.sort_key FROM events v WHERE v.document_id = NEW.document_id AND v.line = NEW.line
                         AND v.claim_id = NEW.id)
        AND "column" IN (SELECT v."column" FROM events v WHERE v.document_id = NEW.document_id AND v.line = NEW.line
                         AND v.claim_id = NEW.id)
        AND item_id IN (SELECT v.id FROM events v WHERE v.document_id = NEW.document_id AND v.line = NEW.line
                        AND v.claim_id = NEW.id);
END;
CREATE TRIGGER timeline_reported_date AFTER UPDATE OF date ON documents WHEN OLD.date IS NOT NEW.date BEGIN
    UPDATE timeline SET reported = coalesce(NEW.date, '~')
        WHERE (sort_key = '~' AND document_id = NEW.id AND reported = coalesce(OLD.date, '~'))
        OR (sort_key < '~' AND reported = coalesce(OLD.date, '~') AND document_id = NEW.id);
END;
CREATE TRIGGER timeline_counts_ai AFTER INSERT ON timeline BEGIN
    INSERT INTO timeline_counts VALUES (0, NEW.sort_key, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO timeline_counts VALUES (1, NEW.reported, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER timeline_counts_ad AFTER DELETE ON timeline BEGIN
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 0 AND key = OLD.sort_key AND said = OLD.said AND kind = OLD.kind;
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 1 AND key = OLD.reported AND said = OLD.said AND kind = OLD.kind;
END;
CREATE TRIGGER timeline_counts_au AFTER UPDATE OF said, reported ON timeline BEGIN
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 0 AND key = OLD.sort_key AND said = OLD.said AND kind = OLD.kind;
    UPDATE timeline_counts SET n = n - 1 WHERE axis = 1 AND key = OLD.reported AND said = OLD.said AND kind = OLD.kind;
    INSERT INTO timeline_counts VALUES (0, NEW.sort_key, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
    INSERT INTO timeline_counts VALUES (1, NEW.reported, NEW.said, NEW.kind, 1)
        ON CONFLICT DO UPDATE SET n = n + 1;
END;
-- The entity pane's other sort columns (version 10): documents, and names A to Z.
CREATE INDEX entities_documents_rank ON entities(documents DESC, name);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
-- The entity pane's date sorts (version 13): when an entity was first and last in the news.
CREATE INDEX entities_first_seen ON entities(first_seen);
CREATE INDEX entities_last_seen ON entities(last_seen DESC);
