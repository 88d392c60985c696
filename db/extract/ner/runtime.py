"""Fast tagging: the features the models know, as CRFsuite items.

At run time only features the models know are generated: after L1 most
feature strings (rare words, prefixes, word pairs) carry no weight, and
every string handed to CRFsuite costs a conversion and a lookup. The
result is the same labels as ``Features.sentence`` would give.

The features go to CRFsuite as UTF-8 ``bytes``: it encodes every ``str``
it is given, on every call, while bytes are copied as they are. Each
feature group is a tuple, empty when absent, so that one token's list is
built by a single list display of starred parts, in the training order
(CRFsuite sums the weights in that order; keeping it keeps the scores
bit for bit).
"""

from __future__ import annotations

from collections.abc import Iterable

from db.extract.ner.features import SENT_BREAK, Features, is_headline, short_shape, word_shape

_NONE: tuple = ()
_BOS, _BOS2 = (b"BOS",), (b"-2BOS",)
_EOS, _EOS2 = (b"EOS",), (b"+2EOS",)

# Words' CRFsuite items (tuples of shared bytes, ~560 bytes a word): a worker's
# largest cache, bounded (~28 MB full); news vocabulary repeats, so the hit
# rate stays high. It pays: the extract worker's pass over BBC takes ~22 s
# with it and ~52 s without. A word's items depend on nothing but the word and
# the model, and the cache is the model's (``Runtime.words``): never stale.
_ITEM_CACHE_MAX = 50_000

Items = list[list[bytes] | None]


def _known(feats: Iterable[str], keep: dict[str, bytes]) -> tuple[bytes, ...]:
    """The features of ``feats`` the models know, as (shared) bytes for CRFsuite."""
    return tuple(keep[a] for a in feats if a in keep)


class Runtime:
    """Features filtered by the attributes of the loaded models."""

    def __init__(self, features: Features, known: Iterable[str], labels: Iterable[str]):
        """``known``: the attributes the models weigh; ``labels``: those stage 1 gives."""
        self.word_features = features.word
        self.gazetteer = features.gazetteer
        self._lex = features.lex
        self._place_words = features.place_words
        # the parts of words' features shared by many words (see ``word``): small, never stale
        self._shapes: dict[str, tuple] = {}
        self._prefixes: dict[str, tuple] = {}
        self._suffixes: dict[str, tuple] = {}
        self._clusters: dict[tuple, tuple] = {}
        # each known feature's bytes made once: every cached word shares them
        self.keep: dict[str, bytes] = {a: a.encode() for a in sorted(set(known))}
        keep = self.keep
        self.words: dict[str, tuple] = {}
        self.dc = {st: _known((f"dc={st}",), keep) for st in range(4)}
        self.l1: dict[str, bytes] = {lab: ("l1=" + lab).encode() for lab in labels}
        # the combined features the models know, by their parts (a part may
        # itself hold "|", so every split is indexed); values are 1-tuples.
        # Word pairs are indexed by their first word, so that a word with no
        # known pair (most words) costs no lookup: first -> {second: feature}
        self.wprev: dict[str, dict[str, tuple[bytes]]] = {}
        self.wnext: dict[str, dict[str, tuple[bytes]]] = {}
        self.ss3: dict[tuple[str, str, str], tuple[bytes]] = {}
        for a in keep:
            if a.startswith("w-1|w="):
                self._index2(self.wprev, a, 6)
            elif a.startswith("w|w+1="):
                self._index2(self.wnext, a, 6)
            elif a.startswith("ss3="):
                rest = a[4:]
                bars = [k for k, c in enumerate(rest) if c == "|"]
                for x, k1 in enumerate(bars):
                    for k2 in bars[x + 1 :]:
                        self.ss3[rest[:k1], rest[k1 + 1 : k2], rest[k2 + 1 :]] = (a.encode(),)
        # the item that frames a part of a sentence tagged alone (see Model.tag)
        self.frame = list(self.word(".")[0])

    @staticmethod
    def _index2(d: dict, a: str, skip: int) -> None:
        rest = a[skip:]
        for k, c in enumerate(rest):
            if c == "|":
                d.setdefault(rest[:k], {})[rest[k + 1 :]] = (a.encode(),)

    def word(self, w: str) -> tuple:
        """Cached per word: (centre features, -2, -1, +1, +2 neighbour
        features, lw, ss, capitalised, headline features, the word's pair
        features as first word: "w-1|w=" and "w|w+1=" by the next word).

        What ``word_reference`` derives from ``Features.word``, in the same
        order, built from parts shared by many words: the features of a
        shape, of a 4-letter prefix, of a 4-letter suffix and of a cluster are
        looked up once each (~15 µs a new word instead of ~30; BBC has ~38,000
        distinct tokens, and each worker meets most of them)."""
        keep = self.keep
        lw = w.lower()
        sh = word_shape(w)
        shape = self._shapes.get(sh)
        if shape is None:
            shape = self._shape(w, sh)
        ss, sh_c, ss_n1, ss_p1, hl = shape
        pre = self._prefixes.get(w[:4])
        if pre is None:
            pre = self._prefixes[w[:4]] = _known(("p2=" + w[:2], "p3=" + w[:3], "p4=" + w[:4]), keep)
        suf = self._suffixes.get(lw[-4:])
        if suf is None:
            suf = self._suffix(lw)
        suf_c, s3_n1, s3_p1 = suf
        lex = self._lex
        flags = []
        if len(w) > 1 and w[0].isupper():
            flags.append("T" if not w.isupper() else "U")
        if "-" in w:
            flags.append("H")
            flags.append("hd=" + lw.split("-", 1)[0])
            flags.append("tl=" + lw.rsplit("-", 1)[1])
        if "." in w:
            flags.append("P")
        ttl = lw in lex.titles
        leg = lw in lex.legal_suffixes
        if ttl:
            flags.append("lx=ttl")
        if leg:
            flags.append("lx=leg")
        demonyms = lex.demonyms
        if lw in demonyms or (lw.endswith("s") and lw[:-1] in demonyms):
            flags.append("lx=dem")
        if lw in lex.months:
            flags.append("lx=mon")
        if lw in lex.days:
            flags.append("lx=day")
        if lw in self._place_words:
            flags.append("lx=plc")
        if lw in lex.common_words:
            flags.append("lx=com")
        if lw in lex.first_names:
            flags.append("lx=fn")
        cl = lex.clusters.get(lw)
        if cl is None:
            cl_c = cl_n1 = cl_p1 = cl_n2 = cl_p2 = _NONE
        else:
            clk = self._clusters.get(cl)
            if clk is None:
                clk = self._clusters[cl] = (
                    _known(("c1=" + cl[0], "c2=" + cl[1]), keep),
                    _known(("-1c2=" + cl[1],), keep),
                    _known(("1c2=" + cl[1],), keep),
                    _known(("-2c1=" + cl[0],), keep),
                    _known(("2c1=" + cl[0],), keep),
                )
            cl_c, cl_n1, cl_p1, cl_n2, cl_p2 = clk
        cue = None
        if w[:1].islower():
            if lw in lex.org_nouns:
                cue = "org"
            elif lw in lex.place_nouns:
                cue = "plc"
        get = keep.get
        centre = (
            b"b",
            *_known(("w=" + lw,), keep),
            *sh_c,
            *pre,
            *suf_c,
            *(_known(flags, keep) if flags else _NONE),
            *cl_c,
        )
        n2 = [get("-2w=" + lw), *cl_n2]
        n1 = [get("-1w=" + lw), *ss_n1, *s3_n1]
        p1 = [get("1w=" + lw), *ss_p1, *s3_p1]
        p2 = [get("2w=" + lw), *cl_p2]
        if ttl:
            n1.append(get("-1lx=ttl"))
            p1.append(get("1lx=ttl"))
        if leg:
            n1.append(get("-1lx=leg"))
            p1.append(get("1lx=leg"))
        n1.extend(cl_n1)
        p1.extend(cl_p1)
        if cue:
            n2.append(get("-2cue=" + cue))
            n1.append(get("-1cue=" + cue))
            p1.append(get("1cue=" + cue))
            p2.append(get("2cue=" + cue))
        val = (
            centre,
            tuple([a for a in n2 if a is not None]),
            tuple([a for a in n1 if a is not None]),
            tuple([a for a in p1 if a is not None]),
            tuple([a for a in p2 if a is not None]),
            lw,
            ss,
            w[:1].isupper(),
            hl,
            self.wprev.get(lw),
            self.wnext.get(lw),
        )
        if len(self.words) > _ITEM_CACHE_MAX:
            for cache in (self.words, self._shapes, self._prefixes, self._suffixes, self._clusters):
                cache.clear()
        self.words[w] = val
        return val

    def _shape(self, w: str, sh: str) -> tuple:
        """A word shape's features: (short shape, centre "sh=" "ss=", "-1ss=", "1ss=", headline)."""
        keep = self.keep
        ss = short_shape(w)
        val = (
            ss,
            _known(("sh=" + sh, "ss=" + ss), keep),
            _known(("-1ss=" + ss,), keep),
            _known(("1ss=" + ss,), keep),
            (b"HL", *_known(("HL|ss=" + ss,), keep)),
        )
        # the short shape is the shape's runs collapsed, so one per shape
        self._shapes[sh] = val
        return val

    def _suffix(self, lw: str) -> tuple:
        """A 4-letter suffix's features: (centre "s2=" "s3=" "s4=", "-1s3=", "1s3=")."""
        keep = self.keep
        val = (
            _known(("s2=" + lw[-2:], "s3=" + lw[-3:], "s4=" + lw[-4:]), keep),
            _known(("-1s3=" + lw[-3:],), keep),
            _known(("1s3=" + lw[-3:],), keep),
        )
        self._suffixes[lw[-4:]] = val
        return val

    def word_reference(self, w: str) -> tuple:
        """``word`` derived plainly from ``Features.word`` (what the tests hold ``word`` to)."""
        keep = self.keep
        f, nb, lw, ss = self.word_features(w)
        return (
            (b"b", *_known(f, keep)),
            _known(nb[-2], keep),
            _known(nb[-1], keep),
            _known(nb[1], keep),
            _known(nb[2], keep),
            lw,
            ss,
            w[:1].isupper(),
            (b"HL", *_known(("HL|ss=" + ss,), keep)),
            self.wprev.get(lw),
            self.wnext.get(lw),
        )

    def features(self, words: list[str], stats: dict[str, int] | None = None) -> list[list[str]]:
        """Same as ``Features.sentence`` less the features the models ignore."""
        return [[a.decode() for a in f] for f in self.items(words, stats)[0] if f is not None]

    def items(
        self, words: list[str], stats: dict[str, int] | None = None, segs: list[tuple[int, int]] | None = None
    ) -> tuple[Items, bool]:
        """(CRFsuite items of the sentence's words, whether it is a headline).
        With ``segs`` (see ``tag_segments``) the words outside them get None."""
        n = len(words)
        if not n:
            return [], False
        cache = self.words
        try:
            info = [cache[w] for w in words]
        except KeyError:
            word = self.word
            info = [cache.get(w) or word(w) for w in words]
        centre, left2, left1, right1, right2, lws, sss, caps, hlx, wpm, wnm = zip(*info)  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        hl = is_headline(words)
        # what each position sees of its neighbours (BOS/EOS at the edges)
        nexts = lws[1:]
        l1 = (_BOS, *left1[:-1])
        wp = (_NONE, *[m.get(x, _NONE) if m else _NONE for m, x in zip(wpm, nexts)])  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        l2 = ((_NONE, _BOS2) + left2[:-2])[:n]
        r1 = (*right1[1:], _EOS)
        wn = (*[m.get(x, _NONE) if m else _NONE for m, x in zip(wnm, nexts)], _NONE)  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        r2 = (right2[2:] + (_EOS2, _NONE))[-n:]
        ss3 = self.ss3.get
        edge = ("^", *sss, "$")
        s3 = [ss3(t, _NONE) for t in zip(edge, sss, edge[2:])]  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        extra = self._extras(words, lws, caps, hl, stats)
        if hl:
            extra = [(*h, *e) for h, e in zip(hlx, extra)]  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        gaz = self._gaz(words, lws, n)
        rows = zip(centre, l1, wp, l2, r1, wn, r2, s3, gaz, extra)  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        items: Items
        if segs is None or (len(segs) == 1 and segs[0] == (0, n)):
            items = [[*c, *a, *b, *d, *e, *f, *g, *h, *k, *x] for c, a, b, d, e, f, g, h, k, x in rows]
        else:
            wanted = [False] * n
            for s, e in segs:
                wanted[s:e] = [True] * (e - s)
            items = [
                [*c, *a, *b, *d, *e, *f, *g, *h, *k, *x] if want else None
                for want, (c, a, b, d, e, f, g, h, k, x) in zip(wanted, rows)  # noqa: B905 - per sentence: strict= costs ~150 ns a call
            ]
        return items, hl

    def _gaz(self, words, lws, n: int):
        gaz = self.gazetteer(words, lws)
        if gaz is None:
            return [_NONE] * n
        return [(g.encode(),) if g else _NONE for g in gaz]

    def _extras(self, words, lws, caps, hl: bool, stats) -> list[tuple]:
        """Per word the document-capitalisation feature ("dc=") where it applies."""
        n = len(words)
        extra = [_NONE] * n
        if stats is None:
            return extra
        dc = self.dc
        get = stats.get
        for i in [i for i, cap in enumerate(caps) if cap]:
            if hl or not i or words[i - 1] in SENT_BREAK:
                extra[i] = dc[get(lws[i], 0)]
        return extra

    def stage2(self, words: list[str], items1: Items, labels1: list[str], cons: dict) -> Items:
        """Stage-2 items: stage-1 items, the stage-1 label, then the word's
        document-consistency features (``cons`` as ``Document.cons_items``)."""
        l1 = self.l1
        get = cons.get
        return [
            [*f, l1[lab], *get(w, _NONE)] if f is not None else None
            for w, f, lab in zip(words, items1, labels1)  # noqa: B905 - per sentence: strict= costs ~150 ns a call
        ]
