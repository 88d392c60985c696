"""When each entity was in the news: the first and the last date of the documents that mention it (their
reported date, the date the explorer's "when said" axis reads), kept on the entity row
(``entities.first_seen``, ``last_seen``, schema version 13) so that the entity pane sorts by either with
an index walk.

An entity no dated document mentions has ``first_seen`` "~" and ``last_seen`` "" (so that either sort
puts it last, as the timeline puts undated items last). Dates keep their precision ("2004", "2004-11"):
they compare as the timeline's keys do, a year before its months.

Kept where the counts are kept: the writer widens the range of the entities a new document mentions and
recomputes those that lost a document at the edge of their range; a recount (a merge, a split, an undo,
a prune) recomputes in full.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Collection, Mapping, Sequence

UNDATED_FIRST, UNDATED_LAST = "~", ""

_RANGE = (
    "SELECT coalesce(min(d.date), '~'), coalesce(max(d.date), '') FROM mentions m"
    " JOIN documents d ON d.id = m.document_id WHERE m.entity_id = entities.id AND d.date IS NOT NULL"
)


def refresh_seen(conn: sqlite3.Connection, entity_ids: Collection[int] | None, at: Collection[str] = ()) -> None:
    """Recompute the seen dates of ``entity_ids`` (None: of every entity) from their mentions; with ``at``,
    only of those whose first or last date is one of these (a document of that date went away)."""
    where, params = "1", []
    if entity_ids is not None:
        if not entity_ids:
            return
        where, params = "id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(entity_ids))]
    if at:
        where += (
            " AND (first_seen IN (SELECT value FROM json_each(?)) OR last_seen IN (SELECT value FROM json_each(?)))"
        )
        params += [json.dumps(sorted(at))] * 2
    conn.execute(f"UPDATE entities SET (first_seen, last_seen) = ({_RANGE}) WHERE {where}", params)


def widen_seen(conn: sqlite3.Connection, spans: Mapping[int, Sequence[str]]) -> None:
    """Entities now named by documents dated from ``spans[id][0]`` to ``spans[id][1]``: their range
    reaches both (a row is written only where it widens)."""
    if not spans:
        return
    conn.executemany(
        "UPDATE entities SET first_seen = min(first_seen, :lo), last_seen = max(last_seen, :hi)"
        " WHERE id = :id AND (first_seen > :lo OR last_seen < :hi)",
        [{"id": entity_id, "lo": lo, "hi": hi} for entity_id, (lo, hi) in spans.items()],
    )
