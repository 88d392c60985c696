"""db/ is the UI-free core: importing all of it must not import textual or app."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_db_never_imports_the_ui():
    code = (
        "import pkgutil, importlib, sys, db\n"
        "for m in pkgutil.walk_packages(db.__path__, 'db.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('textual', 'app'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
