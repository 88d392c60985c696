-- Storyline's schema version 1, as the first release created it (kept to test migrations).
CREATE TABLE IF NOT EXISTS documents (
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
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS lines (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    text TEXT NOT NULL,
    boilerplate INTEGER NOT NULL DEFAULT 0,
    UNIQUE (document_id, number)
);
CREATE TABLE IF NOT EXISTS entities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    key TEXT NOT NULL,                  -- normalised name; unique per type
    mentions INTEGER NOT NULL DEFAULT 0,
    documents INTEGER NOT NULL DEFAULT 0,
    UNIQUE (type, key)
);
CREATE TABLE IF NOT EXISTS aliases (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    UNIQUE (entity_id, name)
);
CREATE TABLE IF NOT EXISTS mentions (
    id INTEGER PRIMARY KEY,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    length INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker_id INTEGER REFERENCES entities(id),
    cue TEXT,
    date TEXT,
    precision TEXT,
    sort_key TEXT NOT NULL              -- date padded for ordering; undated last
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    "column" INTEGER NOT NULL,          -- where `text` (the sentence) starts
    text TEXT NOT NULL,
    expression TEXT NOT NULL,
    expression_column INTEGER NOT NULL,
    date TEXT,
    precision TEXT,
    relation TEXT,
    sort_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS claim_entities (
    claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (claim_id, entity_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_entities (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    PRIMARY KEY (event_id, entity_id)
) WITHOUT ROWID;

CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id, document_id, line, "column");
CREATE INDEX IF NOT EXISTS mentions_document ON mentions(document_id, line, "column");
CREATE INDEX IF NOT EXISTS claims_document ON claims(document_id, line);
CREATE INDEX IF NOT EXISTS claims_order ON claims(sort_key, document_id, line, "column");
CREATE INDEX IF NOT EXISTS claims_speaker ON claims(speaker_id);
CREATE INDEX IF NOT EXISTS events_document ON events(document_id, line);
CREATE INDEX IF NOT EXISTS events_order ON events(sort_key, document_id, line, "column");
CREATE INDEX IF NOT EXISTS claim_entities_entity ON claim_entities(entity_id, claim_id);
CREATE INDEX IF NOT EXISTS event_entities_entity ON event_entities(entity_id, event_id);
CREATE INDEX IF NOT EXISTS entities_name ON entities(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS entities_rank ON entities(mentions DESC, name);
CREATE INDEX IF NOT EXISTS aliases_name ON aliases(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS documents_doc ON documents(doc);

CREATE VIRTUAL TABLE "lines_fts" USING FTS5 (
    "text",
    tokenize='unicode61',
    content="lines"
);
CREATE TRIGGER "lines_ai" AFTER INSERT ON "lines" BEGIN
  INSERT INTO "lines_fts" (rowid, "text") VALUES (new.rowid, new."text");
END;
CREATE TRIGGER "lines_ad" AFTER DELETE ON "lines" BEGIN
  INSERT INTO "lines_fts" ("lines_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
END;
CREATE TRIGGER "lines_au" AFTER UPDATE ON "lines" BEGIN
  INSERT INTO "lines_fts" ("lines_fts", rowid, "text") VALUES('delete', old.rowid, old."text");
  INSERT INTO "lines_fts" (rowid, "text") VALUES (new.rowid, new."text");
END;

CREATE VIRTUAL TABLE "aliases_fts" USING FTS5 (
    "name",
    tokenize='unicode61',
    content="aliases"
);
CREATE TRIGGER "aliases_ai" AFTER INSERT ON "aliases" BEGIN
  INSERT INTO "aliases_fts" (rowid, "name") VALUES (new.rowid, new."name");
END;
CREATE TRIGGER "aliases_ad" AFTER DELETE ON "aliases" BEGIN
  INSERT INTO "aliases_fts" ("aliases_fts", rowid, "name") VALUES('delete', old.rowid, old."name");
END;
CREATE TRIGGER "aliases_au" AFTER UPDATE ON "aliases" BEGIN
  INSERT INTO "aliases_fts" ("aliases_fts", rowid, "name") VALUES('delete', old.rowid, old."name");
  INSERT INTO "aliases_fts" (rowid, "name") VALUES (new.rowid, new."name");
END;
