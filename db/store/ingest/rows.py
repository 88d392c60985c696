"""The rows of one document: what is inserted for it, and what deleting it takes away.

Plain functions over the writer's connection, inside its transaction. The
store's entity ids are decided by the writer's entity book (entities.py).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from operator import itemgetter

from db.extract.pipeline import Claim, Extraction
from db.store.ingest import copies
from db.store.ingest.entities import KeyHints, key_hints
from db.store.ingest.worker import Parsed
from db.text.fingerprint import statement_key

TimelineKey = tuple[str, int, int, int, int, int]  # (sort_key, document_id, line, column, kind, item_id)

# Lines and aliases have full-text indexes kept by triggers. Each statement that fires such a
# trigger opens a statement savepoint, and FTS5 writes its pending terms out as a new segment at
# every savepoint: row by row (executemany) that was a segment, and merges, per line and per alias.
# Staged in a temporary table first, a document's rows go in with one INSERT ... SELECT: one segment.
_STAGE = {
    "lines": "CREATE TEMP TABLE IF NOT EXISTS staged_lines (document_id INTEGER, number INTEGER, text TEXT,"
    " boilerplate INTEGER)",
    "aliases": "CREATE TEMP TABLE IF NOT EXISTS staged_aliases (entity_id INTEGER, name TEXT)",
    # (the timeline's count triggers: row by row, each row was a statement with its own savepoint)
    "timeline": "CREATE TEMP TABLE IF NOT EXISTS staged_timeline (sort_key TEXT, document_id INTEGER, line INTEGER,"
    ' "column" INTEGER, kind INTEGER, item_id INTEGER, said INTEGER, reported TEXT)',
}


def _staged_insert(c: sqlite3.Connection, table: str, columns: str, rows: list[tuple], verb: str = "INSERT") -> None:
    """``rows`` into ``table`` (``columns``) through its staging table, in their order, one statement."""
    if not rows:
        return
    c.execute(_STAGE[table])
    c.execute(f"DELETE FROM temp.staged_{table}")  # emptied first: nothing an interrupted call left goes in
    marks = ",".join("?" * len(rows[0]))
    c.executemany(f"INSERT INTO temp.staged_{table} ({columns}) VALUES ({marks})", rows)
    c.execute(f"{verb} INTO {table} ({columns}) SELECT {columns} FROM temp.staged_{table} ORDER BY rowid")


class NextIds:
    """The ids the next claim and event get, as SQLite would give them (one more than the largest; the
    write lock is held), kept by the writer for a batch instead of asked per document. None: ask the
    store (at the start of a batch, and after a delete: the largest id may have gone)."""

    def __init__(self) -> None:
        self.claim: int | None = None
        self.event: int | None = None

    def forget(self) -> None:
        self.claim = self.event = None


def document_date(item: Parsed) -> str | None:
    """The date a parsed document is stored with (ISO at its precision), or None."""
    assert item.document is not None
    return item.document.date.iso() if item.document.date else None


def sort_key(date: str | None) -> str:
    """Dated items first in date order (a month before its days), undated last."""
    return date if date else "~"


def insert_document(conn: sqlite3.Connection, item: Parsed, pending: list[tuple] | None = None) -> int:
    """The document's row and its lines; its id. With ``pending``, the lines are added to it instead,
    for ``insert_lines`` to insert with those of other documents: one full-text segment a batch."""
    doc = item.document
    assert doc is not None
    date = document_date(item)
    precision = doc.date.precision if doc.date else None
    cur = conn.execute(
        "INSERT INTO documents (path, doc, title, date, precision, source, url, content_hash,"
        " encoding, size, line_count, ingested_at, author, format) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            item.source.path,
            item.source.doc,
            doc.title,
            date,
            precision,
            doc.source,
            doc.url,
            item.content_hash,
            doc.encoding,
            item.size,
            len(doc.lines),
            datetime.now(UTC).isoformat(timespec="seconds"),
            doc.author,
            doc.format,
        ),
    )
    doc_id = cur.lastrowid
    assert doc_id is not None
    lines = [(doc_id, line.number, line.text, int(line.boilerplate)) for line in doc.lines]
    if pending is None:
        insert_lines(conn, lines)
    else:
        pending += lines
    return doc_id


def insert_lines(conn: sqlite3.Connection, lines: list[tuple]) -> None:
    """Lines (document_id, number, text, boilerplate) in their order, one statement; ``lines`` is emptied."""
    _staged_insert(conn, "lines", "document_id, number, text, boilerplate", lines)
    lines.clear()


# What the writer asks of a document's extraction that depends on nothing stored, computed ahead by
# the worker that extracted it (``Parsed.hints``): the entity rules' keys (entities.key_hints) and
# each claim's statement key.
Hints = tuple[KeyHints, tuple[int | None, ...], list[int]]


def claim_statement(cl: Claim) -> int | None:
    """A claim's corroboration key (db/text/fingerprint.py), for an attributed claim."""
    return statement_key(cl.text) if cl.cue or cl.speaker is not None else None


def hints(ex: Extraction) -> Hints:
    """What the writer would compute from ``ex`` alone, computed here instead (in the worker)."""
    return key_hints(ex.entities), tuple(claim_statement(cl) for cl in ex.claims), mention_counts(ex)


def mention_counts(ex: Extraction) -> list[int]:
    """Each entity's number of mentions in the document (at distinct places), in the entities' order."""
    counts = Counter(entity for entity, _, _ in {(m.entity, m.line, m.column) for m in ex.mentions})
    return [counts[i] for i in range(len(ex.entities))]


def insert_aliases(conn: sqlite3.Connection, aliases: list[tuple[int, str]]) -> None:
    """(entity id, name) aliases in their order, those already stored left out, one statement."""
    _staged_insert(conn, "aliases", "entity_id, name", aliases, verb="INSERT OR IGNORE")


def insert_extraction(
    c: sqlite3.Connection,
    doc_id: int,
    ex: Extraction,
    ids: list[int],
    types: list[str] | None = None,
    next_ids: NextIds | None = None,
    reported: str | None = None,
    add_aliases: Callable[[list[tuple[int, str]]], None] | None = None,
    statements: Sequence[int | None] | None = None,
) -> dict[int, int]:
    """Aliases, mentions, claims, events and both timelines of a document whose entities are the
    store's ``ids`` (in the extraction's order, of the store's ``types``: the document's entity
    types where not given); the number of mentions of each entity. ``next_ids``: the writer's ids
    of the next claim and event (advanced here); ``reported``: the document's date or "~" (else
    both are read from the store); ``add_aliases``: takes the aliases to write later (else they are
    written here); ``statements``: the claims' ``claim_statement``, computed ahead (``hints``)."""
    next_ids = next_ids if next_ids is not None else NextIds()
    if types is None:
        types = [e.type for e in ex.entities]
    # the name among them: looking an entity up by name goes through aliases
    alias_rows = [(ids[i], alias) for i, e in enumerate(ex.entities) for alias in sorted({*e.aliases, e.name})]
    if add_aliases is None:
        insert_aliases(c, alias_rows)
    else:
        add_aliases(alias_rows)
    rows: dict[tuple[int, int, int, int], tuple[int, str | None]] = {}
    own_types = [e.type for e in ex.entities]
    for m in ex.mentions:
        i = m.entity
        own = m.type or own_types[i]
        rows[(ids[i], doc_id, m.line, m.column)] = (len(m.text), own if own != types[i] else None)
    c.executemany(
        'INSERT OR IGNORE INTO mentions (entity_id, document_id, line, "column", length, mention_type)'
        " VALUES (?,?,?,?,?,?)",
        [where + rest for where, rest in rows.items()],
    )
    per_entity: dict[int, int] = dict(Counter(map(itemgetter(0), rows)))
    timeline: list[TimelineKey] = []
    by_entity: set[tuple[int, str, int, int, int, int, int]] = set()
    # a claim an event holds is one timeline item with it: the event's row, with both's entities
    held = {ev.claim for ev in ex.events if ev.claim is not None}
    # Ids given here, as SQLite would (one more than the largest; the write lock is held), so each
    # table takes its rows in one executemany instead of a statement per claim and per event.
    if next_ids.claim is None:
        next_ids.claim = c.execute("SELECT coalesce(max(id), 0) + 1 FROM claims").fetchone()[0]
    first_claim = next_ids.claim
    next_ids.claim += len(ex.claims)
    claim_ids = list(range(first_claim, first_claim + len(ex.claims)))
    claim_rows = []
    claim_entity_rows = []
    claim_links: list[set[int]] = []  # the entities a claim names, and its speaker
    for index, cl in enumerate(ex.claims):
        claim_id = claim_ids[index]
        speaker = ids[cl.speaker] if cl.speaker is not None else None
        claim_rows.append(
            (
                claim_id,
                doc_id,
                cl.line,
                cl.column,
                len(cl.text),
                speaker,
                cl.cue,
                cl.date,
                cl.precision or None,
                sort_key(cl.date),
                statements[index] if statements is not None else claim_statement(cl),
            )
        )
        linked = {ids[i] for i in cl.entities}
        claim_entity_rows += [(claim_id, entity_id) for entity_id in linked]
        if speaker is not None:
            linked.add(speaker)
        claim_links.append(linked)
        if index not in held:
            row = (sort_key(cl.date), doc_id, cl.line, cl.column, 1, claim_id)
            timeline.append(row)
            by_entity.update([(entity_id, *row) for entity_id in linked])
    c.executemany(
        'INSERT INTO claims (id, document_id, line, "column", length, speaker_id, cue, date, precision, sort_key,'
        " statement) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        claim_rows,
    )
    c.executemany("INSERT INTO claim_entities VALUES (?,?)", claim_entity_rows)
    if next_ids.event is None:
        next_ids.event = c.execute("SELECT coalesce(max(id), 0) + 1 FROM events").fetchone()[0]
    first_event = next_ids.event
    next_ids.event += len(ex.events)
    event_rows = []
    event_entity_rows = []
    for event_id, ev in enumerate(ex.events, start=first_event):
        event_rows.append(
            (
                event_id,
                doc_id,
                ev.line,
                ev.column,
                len(ev.text),
                ev.expression,
                ev.expression_column,
                ev.date,
                ev.precision,
                ev.relation,
                sort_key(ev.date),
                claim_ids[ev.claim] if ev.claim is not None else None,
            )
        )
        row = (sort_key(ev.date), doc_id, ev.line, ev.column, 0, event_id)
        linked = {ids[i] for i in ev.entities}
        event_entity_rows += [(event_id, entity_id) for entity_id in linked]
        if ev.claim is not None:
            linked |= claim_links[ev.claim]
        timeline.append(row)
        by_entity.update((entity_id, *row) for entity_id in linked)
    c.executemany(
        'INSERT INTO events (id, document_id, line, "column", length, expression, expression_column,'
        " date, precision, relation, sort_key, claim_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        event_rows,
    )
    c.executemany("INSERT INTO event_entities VALUES (?,?)", event_entity_rows)
    # each row's class (an attributed claim 1, a statement 2, an event holding neither 0) and its document's date
    said: dict[int | None, int] = {r[0]: 1 if r[5] is not None or r[6] is not None else 2 for r in claim_rows}
    held_by = {r[0]: r[11] for r in event_rows}
    if reported is None:
        reported = c.execute("SELECT coalesce(date, '~') FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    _staged_insert(
        c,
        "timeline",
        'sort_key, document_id, line, "column", kind, item_id, said, reported',
        [(*row, said[row[5]] if row[4] else said.get(held_by[row[5]], 0), reported) for row in timeline],
    )
    c.executemany(
        'INSERT INTO timeline_entities (entity_id, sort_key, document_id, line, "column", kind, item_id)'
        " VALUES (?,?,?,?,?,?,?)",
        sorted(by_entity),
    )
    return per_entity


def delete_document(c: sqlite3.Connection, doc_id: int) -> None:
    """Delete a document and everything extracted from it (children first: the writer does not
    have SQLite enforce references); a group of copies it was the original of gets a new one."""
    copies.leave(c, doc_id, copies.stored_keys(c, doc_id))
    delete_timeline_rows(c, doc_id)
    c.execute("DELETE FROM claim_entities WHERE claim_id IN (SELECT id FROM claims WHERE document_id = ?)", (doc_id,))
    c.execute("DELETE FROM event_entities WHERE event_id IN (SELECT id FROM events WHERE document_id = ?)", (doc_id,))
    for table in ("mentions", "claims", "events", "lines"):
        c.execute(f"DELETE FROM {table} WHERE document_id = ?", (doc_id,))
    c.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    # what corrections changed in its rows: undoing them must not bring back rows of a document gone
    c.execute("DELETE FROM correction_undo WHERE document_id = ?", (doc_id,))


def delete_timeline_rows(c: sqlite3.Connection, doc_id: int) -> None:
    """A document's rows in both timeline tables, deleted one by one by their primary keys.

    The keys are read first (through the items' document index), then each row is deleted by its
    whole key: a row-value ``IN (subquery)`` makes SQLite scan the table (ordered by date, not
    document), which at 20,000 documents cost a re-ingest seconds per changed file.
    """
    keys = c.execute(
        'SELECT sort_key, document_id, line, "column", 0, id FROM events WHERE document_id = ?'
        ' UNION ALL SELECT sort_key, document_id, line, "column", 1, id FROM claims WHERE document_id = ?',
        (doc_id, doc_id),
    ).fetchall()
    c.executemany(
        'DELETE FROM timeline WHERE sort_key = ? AND document_id = ? AND line = ? AND "column" = ?'
        " AND kind = ? AND item_id = ?",
        keys,
    )
    entity_keys = c.execute(
        'SELECT ee.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id FROM events v'
        "  JOIN event_entities ee ON ee.event_id = v.id WHERE v.document_id = ?"
        '  UNION SELECT ce.entity_id, c.sort_key, c.document_id, c.line, c."column", 1, c.id FROM claims c'
        "  JOIN claim_entities ce ON ce.claim_id = c.id WHERE c.document_id = ?"
        '  UNION SELECT speaker_id, sort_key, document_id, line, "column", 1, id FROM claims'
        "  WHERE document_id = ? AND speaker_id IS NOT NULL"
        # a held claim's entities and speaker are on its event's row
        '  UNION SELECT ce.entity_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id FROM events v'
        "  JOIN claim_entities ce ON ce.claim_id = v.claim_id WHERE v.document_id = ?"
        '  UNION SELECT c.speaker_id, v.sort_key, v.document_id, v.line, v."column", 0, v.id FROM events v'
        "  JOIN claims c ON c.id = v.claim_id WHERE v.document_id = ? AND c.speaker_id IS NOT NULL",
        (doc_id, doc_id, doc_id, doc_id, doc_id),
    ).fetchall()
    c.executemany(
        "DELETE FROM timeline_entities WHERE entity_id = ? AND sort_key = ? AND document_id = ? AND line = ?"
        ' AND "column" = ? AND kind = ? AND item_id = ?',
        entity_keys,
    )
