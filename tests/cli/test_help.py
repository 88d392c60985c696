"""`--help` says what each command is for, with an example; `claims --attributed` leaves out bare facts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from app.cli import main


def _run(*args):
    return CliRunner().invoke(main, list(args), terminal_width=80)


def test_the_group_help_says_what_each_command_is_for_on_one_line():
    listed = _run("--help").stdout.split("Commands:")[1]
    assert "{" not in listed and "..." not in listed  # no truncated JSON field lists
    for name in main.commands:
        assert any(line.split()[:1] == [name] for line in listed.splitlines()), name


def test_every_command_help_has_an_example():
    for name in main.commands:
        if name in ("explore", "eval-ner"):
            continue
        text = _run(name, "--help").stdout
        assert f"Example: storyline {name}" in text, name


def test_help_says_claims_include_facts_and_timeline_includes_undated():
    assert "unattributed facts" in _run("claims", "--help").stdout
    assert "undated" in _run("timeline", "--help").stdout


def test_claims_attributed_leaves_out_bare_facts(seeds_db):
    every = json.loads(_run("claims", "--json", "--db", str(seeds_db)).stdout)
    said = json.loads(_run("claims", "--attributed", "--json", "--db", str(seeds_db)).stdout)
    assert said == [c for c in every if c["speaker"] is not None or c["cue"] is not None]
    assert 0 < len(said) < len(every)
