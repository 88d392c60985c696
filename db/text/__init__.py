"""Text handling: file bytes to lines, tokens, sentences and a document's own date.

Imports nothing of ours outside ``db.text``: ``decode`` (bytes to text),
``headers`` (metadata lines), ``boilerplate`` (site furniture), ``limits`` (what
extraction may read), ``document`` (the parser: ParsedDocument), ``sentences``,
``tokenize``, ``docdate`` (a document's date), ``calendar`` (month and weekday
names, date checks), ``patterns`` (regexes from word lists), ``types`` and
``lexicon`` (the one loader of vocabulary, and the shared word lists).
"""
