"""db.read imports its modules when a name of theirs is first used: every name still resolves, the table of
where each lives matches the imports type checkers read, and listing entities loads none of the others."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import db.read
from db import read

INIT = Path(db.read.__file__)


def _typed_imports() -> dict[str, str]:
    tree = ast.parse(INIT.read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    return {
        alias.name: node.module.rsplit(".", 1)[1]
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def test_the_table_is_the_typed_imports():
    assert _typed_imports() == read._WHERE


def test_every_exported_name_resolves_to_its_modules_object():
    import importlib

    for name in read.__all__:
        value = getattr(read, name)
        if name in read._WHERE:
            assert value is getattr(importlib.import_module(f"db.read.{read._WHERE[name]}"), name), name


def test_marks_is_the_function_not_its_module():
    import db.read.marks  # noqa: F401  (loading the submodule again must not rebind the name)

    assert callable(read.marks)
    assert read.marks.__module__ == "db.read.marks"


def _loaded_after_listing_entities(prefix: str) -> list[str]:
    """The modules named ``prefix``... that a fresh process has loaded once it used what `storyline entities` uses."""
    code = (
        "import sys, json\nfrom db import read\nread.entities, read.fuzzy_entities, read.as_json, read.EntityRow\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({prefix!r}))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=INIT.parents[2], timeout=60)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_listing_entities_loads_only_the_names_module():
    loaded = set(_loaded_after_listing_entities("db.read."))
    assert not loaded & {"db.read.pages", "db.read.copies", "db.read.search", "db.read.corpus", "db.read.listings"}


def test_the_rows_table_is_the_rows_typed_imports():
    from db.read import rows

    tree = ast.parse(Path(rows.__file__).read_text())
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    typed = {
        alias.name: node.module.rsplit(".", 1)[1]
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    assert typed == rows._WHERE
    assert set(rows._WHERE) | {"CLAIM", "EVENT", "JSON_FIELDS", "KIND", "as_json"} == set(rows.__all__)
    assert set(rows.JSON_FIELDS) <= set(rows._WHERE)  # keyed by the rows' names


def test_listing_entities_defines_only_the_entity_rows():
    assert _loaded_after_listing_entities("db.read.rows") == ["db.read.rows", "db.read.rows_entities"]
