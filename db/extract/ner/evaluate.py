"""Evaluating named-entity recognition on CoNLL-2003 style data.

``read_conll`` parses a CoNLL file ("token POS chunk NER" per line, blank line
between sentences, ``-DOCSTART-`` between documents) into
docs -> sentences -> (token, tag). ``conll_to_text`` turns one document into
plain text (one sentence per line, tokens separated by single spaces) plus
its gold mentions as (line, column, text, TYPE), 1-based. ``score`` computes
exact-match precision / recall / F1 per type and overall (micro).
"""

from __future__ import annotations

from collections.abc import Iterable

from db.extract.ner.spans import TYPE_OF_LABEL, bio_spans

Token = tuple[str, str]
Doc = list[list[Token]]


def read_conll(path: str) -> list[Doc]:
    """Read a CoNLL-2003 file into docs -> sentences -> (token, tag).

    The tag is the last column as given (IOB1 or BIO). A file without
    ``-DOCSTART-`` lines is one document.
    """
    docs: list[Doc] = []
    doc: Doc = []
    sent: list[Token] = []
    with open(path, encoding="utf-8") as fh:
        for raw in fh:
            line = raw.strip()
            if not line:
                if sent:
                    doc.append(sent)
                    sent = []
                continue
            parts = line.split()
            if parts[0] == "-DOCSTART-":
                if sent:
                    doc.append(sent)
                    sent = []
                if doc:
                    docs.append(doc)
                doc = []
                continue
            sent.append((parts[0], parts[-1] if len(parts) > 1 else "O"))
    if sent:
        doc.append(sent)
    if doc:
        docs.append(doc)
    return docs


def conll_to_text(doc: Doc) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Plain text of a document and its gold mentions.

    Returns (text, mentions) where text has one sentence per line, tokens
    separated by single spaces and "\\n" line ends, and each mention is
    (line 1-based, column 1-based, mention text, TYPE) with TYPE one of
    PERSON / ORG / PLACE / MISC.
    """
    lines: list[str] = []
    gold: list[tuple[int, int, str, str]] = []
    for lineno, sent in enumerate(doc, 1):
        toks = [t for t, _ in sent]
        offs = []
        pos = 0
        for t in toks:
            offs.append(pos)
            pos += len(t) + 1
        line = " ".join(toks)
        for s, e, typ in bio_spans([g for _, g in sent]):
            col = offs[s]
            end = offs[e - 1] + len(toks[e - 1])
            gold.append((lineno, col + 1, line[col:end], TYPE_OF_LABEL.get(typ, typ)))
        lines.append(line)
    return "".join(line + "\n" for line in lines), gold


def _prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "predicted": n_pred, "gold": n_gold}


def score(gold: Iterable[tuple], predicted: Iterable[tuple]) -> dict:
    """Exact-match P/R/F1 per type and overall (micro).

    ``gold`` and ``predicted`` are iterables of tuples whose last element is
    the TYPE, e.g. (doc, line, column, text, TYPE); a prediction counts when
    the whole tuple equals a gold one. Returns {"overall": {...}, TYPE: {...}}
    where each value has precision, recall, f1, tp, predicted, gold.
    """
    g = set(map(tuple, gold))
    p = set(map(tuple, predicted))
    types = sorted({t[-1] for t in g} | {t[-1] for t in p})
    out: dict = {}
    for typ in types:
        gt = {t for t in g if t[-1] == typ}
        pt = {t for t in p if t[-1] == typ}
        out[typ] = _prf(len(gt & pt), len(pt), len(gt))
    out["overall"] = _prf(len(g & p), len(p), len(g))
    return out
