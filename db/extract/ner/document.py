"""One document's analysis, and the entities of its sentences.

``Document(text, model)`` tokenizes every line of ``text`` into sentences,
takes the document's word statistics and tags every sentence with stage 1;
the stage-1 labels give the document-consistency features stage 2 reads.
``Document.entities(start, end)`` then tags one sentence with stage 2 where
it can change anything, and applies the news rules.
"""

from __future__ import annotations

from collections.abc import Callable

from db.extract.ner.features import doc_stats
from db.extract.ner.rules import clean_name
from db.extract.ner.segments import tag_segments
from db.extract.ner.spans import TYPE_OF_LABEL
from db.extract.ner.taggers import Model, consistency_maps
from db.extract.types import EntitySpan
from db.text.tokenize import tokenize, tokenize_sentences

Segmenter = Callable[[list[str], dict[str, int] | None], list[tuple[int, int]]]


class Document:
    """Per-document analysis: stats, stage-1 features/labels, consistency."""

    __slots__ = ("text", "model", "segment", "stats", "sents", "cons", "cons_items", "hot", "seen")

    def __init__(self, text: str, model: Model, segment: Segmenter = tag_segments):
        """``segment``: the parts of a sentence to tag (all of it must give the same labels)."""
        self.text = text
        self.model = model
        self.segment = segment
        lines = []
        sents = {}
        pos = 0
        for line in text.split("\n"):
            offs, spans = tokenize_sentences(line)
            lw = [line[s:e] for s, e in offs]
            lines.append(lw)
            for a, b in spans:
                # token offsets stay relative to the line: (line start, offsets)
                so = (pos, offs[a:b])
                sents[(pos + offs[a][0], pos + offs[b - 1][1])] = (so, lw[a:b])
            pos += len(line) + 1
        self.stats = doc_stats(lines)
        t1 = model.stage1
        tag = model.tag
        items = model.runtime.items
        done = {}
        pairs = []
        for key, (so, words) in sents.items():
            segs = segment(words, self.stats)
            if not segs:
                # no capital or digit to look at (or only a first word the document
                # otherwise writes in lower case, "Shares fell ..."): all "O";
                # features only if stage 2 needs them (see entities)
                f1, hl, l1 = None, False, ["O"] * len(words)
            else:
                f1, hl = items(words, self.stats, segs)
                l1 = tag(t1, f1, segs)
            done[key] = (so, words, f1, l1, hl, segs)
            pairs.append((words, l1))
        self.sents = done
        self.cons = consistency_maps(pairs)
        encoded = _ENCODED
        self.cons_items = {
            w: encoded.get(k) or encoded.setdefault(k, tuple(a.encode() for a in k))
            for w, k in zip(self.cons, map(tuple, self.cons.values()))  # noqa: B905 - the same dict's keys and values
        }
        # words the document-consistency features point to an entity for
        self.hot = frozenset(w for w, c in self.cons.items() if len(c) > 1 or c[0] != "tm=O")
        # stage-1 mentions' words seen more than once in the document
        seen: dict[str, int] = {}
        for words, l1 in pairs:
            if l1.count("O") == len(l1):
                continue
            for w, lab in zip(words, l1):  # noqa: B905 - per sentence: strict= costs ~150 ns a call
                if lab != "O":
                    seen[w] = seen.get(w, 0) + 1
        self.seen = frozenset(w for w, k in seen.items() if k > 1)

    def entities(self, start: int, end: int) -> list[EntitySpan]:
        """Entities in the sentence text[start:end], with offsets into the document's text."""
        model = self.model
        hit = self.sents.get((start, end))
        if hit is not None:
            (base, offs), words, f1, l1, hl, segs = hit  # offsets into ``text`` are base + offs
        else:
            sent = self.text[start:end]
            base, offs = start, tokenize(sent)
            if not offs:
                return []
            words = [sent[s:e] for s, e in offs]
            segs = self.segment(words, self.stats)
            f1, hl = model.runtime.items(words, self.stats, segs)
            l1 = model.tag(model.stage1, f1, segs) if segs else ["O"] * len(words)
        # Stage 2 only re-reads stage 1 in the light of the document: with no
        # stage-1 entity in the sentence and no word the document marks as an
        # entity, it agrees with stage 1 (checked on CoNLL dev and BBC).
        if (l1.count("O") == len(l1) and self.hot.isdisjoint(words)) or _consistent(words, l1, self.cons, self.seen):
            labels = l1
        else:
            runtime = model.runtime
            if f1 is None:
                f1, hl = runtime.items(words, self.stats, segs)
            labels = model.tag(model.stage2, runtime.stage2(words, f1, l1, self.cons_items), segs)
        ents = []
        text = self.text
        for i, j, typ, trim in model.rules.spans(words, labels, hl):
            s = base + offs[i][0]
            e = base + offs[j - 1][1] - trim
            surface = text[s:e]
            name = clean_name(surface)
            if not name:
                continue
            ents.append(EntitySpan(s, e, surface, TYPE_OF_LABEL[typ], name))
        return ents


# a word's consistency features as CRFsuite bytes, by the features: a few dozen combinations
# ("tm=" a label, "tmx", "sm=" a type), each encoded once (a pure function: never stale)
_ENCODED: dict[tuple[str, ...], tuple[bytes, ...]] = {}


def _consistent(words: list[str], l1: list[str], cons: dict, seen: frozenset) -> bool:
    """Whether every word's stage-1 type is the one the rest of the document
    gives it (each mention word seen again, no capitalised word left out
    beside a mention)."""
    get = cons.get
    last = len(l1) - 1
    for i, (w, lab) in enumerate(zip(words, l1)):  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        if lab != "O" and w not in seen:
            return False
        c = get(w)
        if c:
            if lab == "O" and ((i and l1[i - 1] != "O") or (i < last and l1[i + 1] != "O")):
                return False
            own = "tm=" + (lab[2:] if lab != "O" else "O")
            if c[0] != own or (len(c) > 1 and (c[1] == "tmx" or c[1][3:] != own[3:])):
                return False
    return True
