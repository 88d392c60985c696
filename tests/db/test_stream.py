"""Mentions are read as they are consumed (the CLI streams 67k of them), in the order the list has."""

from __future__ import annotations

import itertools
import types

from db import read
from db.store.open import open_db


def test_iter_mentions_streams_the_same_rows_in_the_same_order(seeds_db):
    conn = open_db(seeds_db, create=False, readonly=True).conn
    stream = read.iter_mentions(conn)
    assert isinstance(stream, types.GeneratorType)  # nothing is read until asked for
    first = list(itertools.islice(stream, 3))
    every = read.mentions(conn)
    assert len(every) > 3 and first == every[:3]
    assert list(read.iter_mentions(conn, [], limit=5)) == [] and list(read.iter_mentions(conn, limit=2)) == every[:2]
    conn.close()
