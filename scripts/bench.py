"""`make bench`: Storyline's performance benchmarks; rewrites BENCHMARKS.md (`--help` for the options).

The runner lives in scripts/benchmarks/ (benchmarks/main.py is the command line). This file stays the one way to
run it, and also the extraction worker the `extract` benchmark starts:

    .venv/bin/python scripts/bench.py --extract-worker full --runs 3
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root, for `db`

from benchmarks.main import main  # noqa: E402 - scripts/ (this file's folder) is on sys.path; the root just above

if __name__ == "__main__":
    sys.exit(main())
