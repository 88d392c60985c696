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

    try:
        results = evaluate_conll(conll_file, jobs=jobs)
    except ValueError as exc:
        fail(str(exc))
    emit_table(
        ("TYPE", "PRECISION", "RECALL", "F1", "GOLD", "FOUND"),
        (
            (t, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}", r["gold"], r["predicted"])
            for t, r in results.items()
        ),
    )
