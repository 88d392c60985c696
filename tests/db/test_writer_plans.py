"""The writer's look-ups go through indexes: none walks every stored entity of a type.

The seed articles are ingested with a trace of the writer's SQL; every SELECT it sent is planned
again on the finished store. A search of ``entities`` by its type alone reads every entity of that
type (the writer once checked a surname that way: a cost growing with the store).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from db.store.ingest import ingest
from db.store.open import open_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
BIG_TABLES = ("documents", "lines", "entities", "aliases", "mentions", "claims", "events", "timeline")


def test_every_writer_lookup_uses_an_index(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    db = open_db(tmp_path / "storyline.db")
    sent: list[str] = []
    db.conn.set_trace_callback(sent.append)
    report = ingest(db, [str(tmp_path / "seeds")], jobs=1)
    db.conn.set_trace_callback(None)
    assert report.added == len(list(SEEDS.iterdir()))
    selects = {s for s in sent if s.lstrip().upper().startswith("SELECT") and "entities" in s}
    assert any("aliases a" in s and "PERSON" in s for s in selects), "the person look-ups were not exercised"
    walks = []
    for sql in selects:
        for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql):
            detail = row[3]
            if re.match(rf"SCAN ({'|'.join(BIG_TABLES)})\b", detail) or detail.endswith("(type=?)"):
                walks.append(f"{detail}  <-  {sql}")
    db.conn.close()
    assert not walks, "\n".join(walks)
