"""`storyline eval-ner FILE`: score entity extraction on a CoNLL-2003 file."""

from __future__ import annotations

import click

from app.cli.common import fail
from app.cli.output import emit_table


@click.command("eval-ner")
@click.argument("conll_file", type=click.Path(exists=True, dir_okay=False))
@click.option("--jobs", "-j", type=click.IntRange(1, 256), default=None, help="Worker processes.")
def eval_ner(conll_file: str, jobs: int | None) -> None:
    """Score entity extraction on a CoNLL-2003 file: P/R/F1 per type.

    Each document is written as plain text (one sentence per line), ingested
    through the full pipeline, and its mentions scored exactly on
    (doc, line, column, text, type).
    """
    from app.evaluate import evaluate_conll
    from db.store.files import not_regular

    problem = not_regular(conll_file)
    if problem:  # a FIFO would wait for a writer forever, a device never end
        fail(f"{conll_file}: {problem}", code=2)
    try:
        results = evaluate_conll(conll_file, jobs=jobs)
    except UnicodeDecodeError:  # a ValueError too: said first
        fail(f"{conll_file} is not UTF-8 text (a CoNLL file is)", code=2)
    except ValueError as exc:
        fail(str(exc))
    except MemoryError:
        fail(f"{conll_file} is too large to score in memory", code=2)
    except OSError as exc:
        fail(f"cannot read {conll_file}: {exc.strerror or exc}", code=2)
    emit_table(
        ("TYPE", "PRECISION", "RECALL", "F1", "GOLD", "FOUND"),
        (
            (t, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", r["gold"], r["predicted"])
            for t, r in results.items()
        ),
    )
