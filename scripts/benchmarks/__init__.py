"""The benchmark runner behind `make bench` and scripts/bench.py, one module per job.

config (paths, names, targets), measure (Stat, p95, running a command while sampling its memory), results (what a
run collects), corpora (BBC in place, generated ones), one module per benchmark (generate, extract with
extract_worker and spacy_worker, ingest, reingest, cli, explorer, ner, dates), report (BENCHMARKS.md) and main (the
command line).
"""
