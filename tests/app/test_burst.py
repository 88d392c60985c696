"""Keys typed faster than the database answers still count: six n are six mentions on."""

from __future__ import annotations

import time

from app.explorer import Explorer
from app.screens import loaders
from tests.app.helpers import settle


async def test_a_burst_of_n_moves_as_many_mentions(long_db, monkeypatch):
    stepped = loaders.mention_stepped

    def slow(*args, **kwargs):  # a big database: each step takes a while to read
        time.sleep(0.3)
        return stepped(*args, **kwargs)

    monkeypatch.setattr(loaders, "mention_stepped", slow)
    app = Explorer(long_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "enter")  # Omega: one mention on each of 250 lines
        await settle(pilot)
        source = app.screen.query_one("#source")
        assert str(source.border_subtitle).startswith("Omega 1/250")
        await pilot.press(*"nnnnnn")  # typed at once: the steps queue behind the one being read
        await settle(pilot)
        assert str(source.border_subtitle).startswith("Omega 7/250")
        await pilot.press(*"NNN")
        await settle(pilot)
        assert str(source.border_subtitle).startswith("Omega 4/250")
