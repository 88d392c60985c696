"""Named-entity recognition for English news: PERSON, ORG, PLACE, MISC.

A linear-chain CRF (python-crfsuite) trained on CoNLL-2003 English tags the
tokens of one sentence; rule-based post-processing then cleans the mentions
for ordinary news (titles and roles left out of names, possessives split off,
"Beijing-based" read as the place "Beijing", lone capitalised common words at
the start of a sentence or in an all-caps headline dropped).

``find_entities(text, start, end)`` tags the sentence ``text[start:end]``;
when ``text`` is the whole document, document-level features (how each word
is capitalised elsewhere in the document) are computed once per document and
cached, which helps with headlines and sentence-initial words.

The model and the gazetteer are loaded lazily once per process. Feature work
is cached per word, so tagging is fast.
"""

from __future__ import annotations

import re
from pathlib import Path

from db.extract.tokenize import tokenize
from db.extract.types import EntitySpan

DATA_DIR = Path(__file__).parent / "data"
MODEL_PATH = DATA_DIR / "ner.crfsuite"
PLACES_PATH = DATA_DIR / "places.txt"

TYPE_OF_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "MISC": "MISC"}

# ---------------------------------------------------------------- lexicons
# General English lexicons (no corpus text, nothing specific to any story).

TITLES = frozenset(
    """
    mr mr. mrs mrs. ms ms. miss dr dr. prof prof. professor sir dame lord lady
    rev rev. reverend father sister brother saint
    president vice-president premier chancellor minister secretary governor
    senator sen sen. congressman congresswoman representative rep rep. mayor
    ambassador envoy king queen prince princess emperor sheikh pope cardinal
    bishop archbishop rabbi imam ayatollah general gen gen. gen'l colonel col
    col. lieutenant lt lt. major maj maj. captain capt capt. sergeant sgt sgt.
    commander cmdr admiral adm marshal judge justice attorney counsel
    chairman chairwoman chairperson chair vice-chairman vice-chairwoman
    vice-chair co-chairman deputy chief ceo cfo coo cto md director
    executive manager founder co-founder spokesman spokeswoman spokesperson
    analyst economist coach striker goalkeeper midfielder defender
    vice prime foreign finance home interior defence defense trade state
    managing
    """.split()
)
# Words that may continue a title ("Vice Chairman & MD", "Minister of State").
# Lower-case words that may sit inside a name ("Bank of England").
NAME_CONNECTORS = frozenset(
    "of and for on the de la le du des der den van von da di del dos das y al el bin ibn bint & 's".split()
)
TITLE_GLUE = frozenset(["&", "and", "of", "for", "-", ",", "the"])

LEGAL_SUFFIXES = frozenset(
    """
    corp corp. corporation inc inc. incorporated ltd ltd. limited co co. company
    plc llc llp lp ag sa nv bv gmbh spa oy ab as asa kk holdings holding group
    bank technologies technology industries international
    """.split()
)

DEMONYMS = frozenset(
    """
    afghan albanian algerian american angolan argentine argentinian armenian
    australian austrian azerbaijani bahraini bangladeshi belarusian belgian
    bolivian bosnian brazilian british bulgarian burmese burundian cambodian
    cameroonian canadian chadian chilean chinese colombian congolese croatian
    cuban cypriot czech danish dutch ecuadorian egyptian emirati english
    eritrean estonian ethiopian european filipino finnish french georgian german
    ghanaian greek guatemalan haitian honduran hungarian icelandic indian
    indonesian iranian iraqi irish israeli italian ivorian jamaican japanese
    jordanian kazakh kenyan korean kosovan kuwaiti kyrgyz laotian latvian
    lebanese liberian libyan lithuanian luxembourgish macedonian malagasy
    malawian malaysian malian maltese mauritanian mexican moldovan mongolian
    montenegrin moroccan mozambican namibian nepalese nepali nigerian nigerien
    norwegian omani pakistani palestinian panamanian paraguayan persian peruvian
    polish portuguese qatari romanian russian rwandan saudi scottish senegalese
    serb serbian singaporean slovak slovenian somali south-african spanish
    sri sudanese swedish swiss syrian taiwanese tajik tanzanian thai tibetan
    tunisian turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan
    vietnamese welsh yemeni zambian zimbabwean arab african asian latin nordic
    scandinavian balkan caribbean western eastern soviet islamic muslim
    christian catholic protestant jewish hindu buddhist sikh kurdish basque
    catalan flemish walloon hispanic pashtun tamil bengali punjabi
    """.split()
)

MONTHS = frozenset(
    "january february march april may june july august september october "
    "november december jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
DAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# Capitalised at the start of a sentence or in a headline, these are not
# names by themselves.
COMMON_WORDS = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our
    my your him them us me there here what which who whom whose when where why
    how and or but nor so yet for if then than as at by in on of off to from with
    without into onto over under after before since until while during about
    above below between among through across against despite although though
    because unless whether also only just even still already again however
    meanwhile moreover furthermore nevertheless nonetheless thus hence instead
    currently recently previously later earlier now today yesterday tomorrow
    tonight last next previous first second third finally overall separately
    according asked said says told added not no yes all any some many most more
    much few several each every both either neither other another such same own
    new old big small large major top high low good bad best worst more less
    one two three four five six seven eight nine ten hundred thousand million
    billion please thanks sources source officials reports report media news
    update updated breaking exclusive analysis comment opinion video watch read
    live photo photos post share home world business sport sports politics
    market markets economy weather health science technology tech culture
    entertainment travel editorial company government police minister state
    """.split()
)

_TITLE_MULTI = re.compile(r"^(?:vice|deputy|co|acting|former|ex|managing)-", re.I)

# ---------------------------------------------------------------- features

_SHAPE_TABLE = {}
for _c in range(0x250):
    ch = chr(_c)
    if ch.isupper():
        _SHAPE_TABLE[_c] = "X"
    elif ch.islower():
        _SHAPE_TABLE[_c] = "x"
    elif ch.isdigit():
        _SHAPE_TABLE[_c] = "d"
del _c, ch

_RUN_RE = re.compile(r"(.)\1{3,}")
_SHORT_RE = re.compile(r"(.)\1+")


def word_shape(w: str) -> str:
    """'Beijing-based' -> 'Xxxxx-xxxx' (runs cut at 4)."""
    s = w.translate(_SHAPE_TABLE)
    return _RUN_RE.sub(r"\1\1\1\1", s)


def short_shape(w: str) -> str:
    """'Beijing-based' -> 'Xx-x'."""
    return _SHORT_RE.sub(r"\1", w.translate(_SHAPE_TABLE))


_places: dict[tuple[str, ...], bool] | None = None
_place_words: frozenset[str] = frozenset()
_place_first: dict[str, int] = {}  # first word -> longest place name starting with it


def _load_places() -> None:
    global _places, _place_words, _place_first
    places: dict[tuple[str, ...], bool] = {}
    words: set[str] = set()
    if PLACES_PATH.exists():
        for line in PLACES_PATH.read_text(encoding="utf-8").splitlines():
            name = line.strip()
            if not name or name.startswith("#"):
                continue
            key = tuple(name.lower().split())
            places[key] = True
            if len(key) == 1:
                words.add(key[0])
    _places = places
    _place_words = frozenset(words)
    first: dict[str, int] = {}
    for k in places:
        first[k[0]] = max(first.get(k[0], 0), len(k))
    _place_first = first


class _WordCache(dict):
    """word -> (center features, {offset: neighbour features})."""

    def __missing__(self, w: str):
        lw = w.lower()
        sh = word_shape(w)
        ss = short_shape(w)
        f = [
            "w=" + lw,
            "sh=" + sh,
            "ss=" + ss,
            "p1=" + w[:1],
            "p2=" + w[:2],
            "p3=" + w[:3],
            "p4=" + w[:4],
            "s1=" + lw[-1:],
            "s2=" + lw[-2:],
            "s3=" + lw[-3:],
            "s4=" + lw[-4:],
        ]
        if len(w) > 1 and w[0].isupper():
            f.append("T" if not w.isupper() else "U")
        if "-" in w:
            f.append("H")
            head = lw.split("-", 1)[0]
            f.append("hd=" + head)
            f.append("tl=" + lw.rsplit("-", 1)[1])
        if "." in w:
            f.append("P")
        if lw in TITLES:
            f.append("lx=ttl")
        if lw in LEGAL_SUFFIXES:
            f.append("lx=leg")
        if lw in DEMONYMS or (lw.endswith("s") and lw[:-1] in DEMONYMS):
            f.append("lx=dem")
        if lw in MONTHS:
            f.append("lx=mon")
        if lw in DAYS:
            f.append("lx=day")
        if lw in _place_words:
            f.append("lx=plc")
        if lw in COMMON_WORDS:
            f.append("lx=com")
        nb = {}
        for o in (-2, -1, 1, 2):
            p = str(o)
            g = [p + "w=" + lw, p + "ss=" + ss]
            if o in (-1, 1):
                g.append(p + "sh=" + sh)
                g.append(p + "s3=" + lw[-3:])
                if lw in TITLES:
                    g.append(p + "lx=ttl")
                if lw in LEGAL_SUFFIXES:
                    g.append(p + "lx=leg")
            nb[o] = g
        val = (f, nb, lw, ss)
        self[w] = val
        return val


_words = _WordCache()
_WORD_CACHE_MAX = 200_000

_SENT_BREAK = frozenset([".", "!", "?", ":", ";", '"', "“", "”", "‘", "'", "(", "[", "-", "--", "—", "–", "...", "*"])


def is_headline(words: list[str]) -> bool:
    """All words with letters are upper case (and there is at least one)."""
    seen = False
    for w in words:
        if any(c.isalpha() for c in w):
            if not w.isupper():
                return False
            seen = True
    return seen


def doc_stats(lines: list[list[str]]) -> dict[str, int]:
    """lowercased word -> bit flags over the document.

    1: seen capitalised where capitals are informative (not first in a
    sentence, not in an all-caps line); 2: seen in lower case.
    """
    stats: dict[str, int] = {}
    for words in lines:
        if is_headline(words):
            continue
        prev = None
        for w in words:
            c = w[:1]
            if c.isupper():
                if prev is not None and prev not in _SENT_BREAK:
                    lw = w.lower()
                    stats[lw] = stats.get(lw, 0) | 1
            elif c.islower():
                lw = w.lower()
                stats[lw] = stats.get(lw, 0) | 2
            prev = w
    return stats


def sentence_features(words: list[str], stats: dict[str, int] | None = None) -> list[list[str]]:
    """CRF features for the words of one sentence."""
    if _places is None:
        _load_places()
    if len(_words) > _WORD_CACHE_MAX:
        _words.clear()
    n = len(words)
    info = [_words[w] for w in words]
    hl = is_headline(words)
    # gazetteer: longest place match starting on a capitalised word
    gaz = [None] * n
    places = _places
    i = 0
    while i < n:
        kmax = _place_first.get(info[i][2], 0)
        if kmax and words[i][:1].isupper():
            for k in range(min(kmax, n - i), 0, -1):
                key = tuple(x[2] for x in info[i : i + k])
                if key in places:
                    gaz[i] = "gz=B"
                    for j in range(i + 1, i + k):
                        gaz[j] = "gz=I"
                    i += k - 1
                    break
        i += 1
    out = []
    for i in range(n):
        f, _, lw, ss = info[i]
        feats = ["b"]
        feats.extend(f)
        if i >= 1:
            feats.extend(info[i - 1][1][-1])
            feats.append("w-1|w=" + info[i - 1][2] + "|" + lw)
            if i >= 2:
                feats.extend(info[i - 2][1][-2])
            else:
                feats.append("-2BOS")
        else:
            feats.append("BOS")
        if i + 1 < n:
            feats.extend(info[i + 1][1][1])
            feats.append("w|w+1=" + lw + "|" + info[i + 1][2])
            if i + 2 < n:
                feats.extend(info[i + 2][1][2])
            else:
                feats.append("+2EOS")
        else:
            feats.append("EOS")
        feats.append(
            "ss3=" + (info[i - 1][3] if i else "^") + "|" + ss + "|" + (info[i + 1][3] if i + 1 < n else "$")
        )
        if gaz[i]:
            feats.append(gaz[i])
        if hl:
            feats.append("HL")
            feats.append("HL|ss=" + ss)
        if stats is not None and (hl or i == 0 or words[i - 1] in _SENT_BREAK) and words[i][:1].isupper():
            st = stats.get(lw, 0)
            feats.append("dc=%d" % st)
        out.append(feats)
    return out


# ---------------------------------------------------------------- model
# Two CRFs: stage 1 tags every sentence of the document from local features;
# stage 2 adds document-consistency features built from the stage-1 labels
# (Krishnan & Manning 2006): the majority label of the same word elsewhere in
# the document, and of the longer mentions that contain it.

STAGE1_PATH = DATA_DIR / "ner_stage1.crfsuite"

_taggers: dict[str, object] = {}


def _get_tagger(path: Path | None = None):
    path = path or MODEL_PATH
    key = str(path)
    t = _taggers.get(key)
    if t is None:
        import pycrfsuite

        t = pycrfsuite.Tagger()
        t.open(key)
        _taggers[key] = t
    return t


def consistency_maps(sents: list[tuple[list[str], list[str]]]) -> dict[str, str]:
    """word -> consistency features text from stage-1 (words, BIO labels) of a document."""
    tok: dict[str, dict[str, int]] = {}
    sup: dict[str, dict[str, int]] = {}
    for words, labels in sents:
        for w, lab in zip(words, labels):
            if w[:1].isupper():
                d = tok.setdefault(w, {})
                t = lab[2:] if lab != "O" else "O"
                d[t] = d.get(t, 0) + 1
        for i, j, typ in bio_spans(labels):
            if j - i > 1:
                for w in words[i:j]:
                    if w[:1].isupper():
                        d = sup.setdefault(w, {})
                        d[typ] = d.get(typ, 0) + 1
    out: dict[str, list[str]] = {}
    for w, d in tok.items():
        best = max(sorted(d), key=d.__getitem__)
        f = ["tm=" + best]
        if len(d) > 1:
            f.append("tmx")
        out[w] = f
    for w, d in sup.items():
        best = max(sorted(d), key=d.__getitem__)
        out.setdefault(w, []).append("sm=" + best)
    return out


def stage2_features(words: list[str], feats1: list[list[str]], labels1: list[str], cons: dict) -> list[list[str]]:
    """Stage-2 features: stage-1 features plus document consistency."""
    out = []
    for i, w in enumerate(words):
        f = feats1[i] + ["l1=" + labels1[i]]
        c = cons.get(w)
        if c:
            f.extend(c)
        out.append(f)
    return out


def _two_stage() -> bool:
    """Whether a stage-1 model sits beside the main one (else single stage)."""
    key = ("two-stage", str(STAGE1_PATH))
    if key not in _taggers:
        _taggers[key] = STAGE1_PATH.exists()
    return _taggers[key]


def _stage1_tagger():
    return _get_tagger(STAGE1_PATH if _two_stage() else MODEL_PATH)


def tag_words(words: list[str], stats: dict[str, int] | None = None) -> list[str]:
    """Stage-1 BIO labels (PER/ORG/LOC/MISC) for the words of one sentence."""
    if not words:
        return []
    return _stage1_tagger().tag(sentence_features(words, stats))


class _Doc:
    """Per-document analysis: stats, stage-1 features/labels, consistency."""

    __slots__ = ("text", "stats", "sents", "cons")

    def __init__(self, text: str):
        from db.extract.tokenize import split_token_offsets

        self.text = text
        lines = []
        sents = {}
        pos = 0
        for line in text.split("\n"):
            offs = tokenize(line)
            lines.append([line[s:e] for s, e in offs])
            if offs:
                for a, b in split_token_offsets(line, offs):
                    so = [(pos + s, pos + e) for s, e in offs[a:b]]
                    sents[(so[0][0], so[-1][1])] = so
            pos += len(line) + 1
        self.stats = doc_stats(lines)
        t1 = _stage1_tagger()
        done = {}
        pairs = []
        for key, so in sents.items():
            words = [text[s:e] for s, e in so]
            f1 = sentence_features(words, self.stats)
            l1 = t1.tag(f1)
            done[key] = (so, words, f1, l1)
            pairs.append((words, l1))
        self.sents = done
        self.cons = consistency_maps(pairs)


_doc_cache: list[_Doc] = []


def _doc_for(text: str) -> _Doc:
    """Analysis of ``text``, cached for the last document seen."""
    if _doc_cache and (_doc_cache[0].text is text or _doc_cache[0].text == text):
        return _doc_cache[0]
    d = _Doc(text)
    _doc_cache[:] = [d]
    return d


# ---------------------------------------------------------------- spans

_POSSESSIVE = ("'s", "’s", "'S", "’S", "'", "’")
_STRIP_CHARS = " \t\n\"'“”‘’`,;:!?()[]{}<>*—–"
_BASED_RE = re.compile(r"^(.+?)-(based|born|headquartered|listed)$", re.I)
_LEGAL_DOT = re.compile(r"\b(Corp|Inc|Ltd|Co|Bros|Cos|Plc|Llc)\.$", re.I)


def bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end exclusive, TYPE) token spans of BIO labels (lenient)."""
    spans = []
    cur = None
    start = 0
    for i, lab in enumerate(labels):
        if lab == "O":
            if cur:
                spans.append((start, i, cur))
            cur = None
            continue
        pre, typ = lab.split("-", 1)
        if pre == "B" or typ != cur:
            if cur:
                spans.append((start, i, cur))
            cur, start = typ, i
    if cur:
        spans.append((start, len(labels), cur))
    return spans


def _is_title_word(w: str) -> bool:
    lw = w.lower()
    if lw in TITLES:
        return True
    if "-" in lw:
        parts = lw.split("-")
        return all(p in TITLES or p in ("vice", "co", "ex", "deputy") for p in parts)
    return False


def clean_name(s: str) -> str:
    """Display name: no possessive, no stray or legal punctuation."""
    s = s.strip(_STRIP_CHARS)
    for p in ("'s", "’s", "'S", "’S"):
        if s.endswith(p):
            s = s[: -len(p)]
    s = s.rstrip(_STRIP_CHARS)
    s = _LEGAL_DOT.sub(r"\1", s)
    s = re.sub(r"\s+", " ", s)
    return s


def _post_process(
    words: list[str], labels: list[str], hl: bool
) -> list[tuple[int, int, str, int]]:
    """Token spans after the news rules: (i, j, TYPE, characters to cut off the end)."""
    out = []
    n = len(words)
    for i, j, typ in bio_spans(labels):
        # possessive / stray punctuation tokens at the edges
        while j > i and (words[j - 1] in _POSSESSIVE or not any(c.isalnum() for c in words[j - 1])):
            j -= 1
        while i < j and not any(c.isalnum() for c in words[i]):
            i += 1
        if i >= j:
            continue
        # a lower-case function word that cannot sit inside a name ends it: "Xiaomi in India"
        for k in range(i + 1, j):
            w = words[k]
            if w[:1].islower() and w in COMMON_WORDS and w not in NAME_CONNECTORS:
                j = k
                break
        while j > i and words[j - 1] in NAME_CONNECTORS:
            j -= 1
        # titles and roles: "Prime Minister Narendra Modi" -> "Narendra Modi"
        k = i
        while k < j and (_is_title_word(words[k]) or (k > i and words[k].lower() in TITLE_GLUE)):
            k += 1
        if k >= j:
            if typ == "PER" or all(_is_title_word(w) or w.lower() in TITLE_GLUE for w in words[i:j]):
                continue  # only a title
        elif typ == "PER" or k - i >= 1 and typ == "MISC":
            if typ == "PER" or _is_title_word(words[i]):
                i = k
        # lone common word at sentence start or in a headline
        if j - i == 1:
            w = words[i]
            lw = w.lower()
            if (i == 0 or hl or (i > 0 and words[i - 1] in _SENT_BREAK)) and lw in COMMON_WORDS:
                continue
        out.append((i, j, typ, 0))
    if BASED_RULE and not hl:
        out = _based_compounds(words, out)
    return out


# "Beijing-based" -> the place "Beijing" (CoNLL itself tags "Beijing-based"
# as MISC; news readers want the place).
BASED_RULE = True


def _based_compounds(words, spans):
    spans = sorted(spans)
    for i, w in enumerate(words):
        if "-" not in w:
            continue
        m = _BASED_RE.match(w)
        if not m or not m.group(1)[:1].isupper():
            continue
        pre = m.group(1)
        cut = len(w) - len(pre)
        typ = "MISC" if pre.lower() in DEMONYMS else "LOC"
        first = i
        keep = []
        for a, b, t, trim in spans:
            if a <= i < b:
                if a < i:
                    first = a  # "Hong Kong-based": the whole place
                if b > i + 1:
                    keep.append((i + 1, b, t, trim))  # "Boston-based Acme" -> Acme stays
            elif b == i and a < i and t == "LOC" and first == i:
                first = a
            else:
                keep.append((a, b, t, trim))
        keep.append((first, i + 1, typ, cut))
        spans = sorted(keep)
    return spans


def find_entities(text: str, start: int = 0, end: int | None = None) -> list[EntitySpan]:
    """Entities in the sentence text[start:end], with offsets into ``text``.

    ``text`` may be the whole document: its word statistics are then used
    as context (computed once per document).
    """
    if end is None:
        end = len(text)
    doc = _doc_for(text)
    hit = doc.sents.get((start, end))
    if hit is not None:
        offs, words, f1, l1 = hit
        offs = [(s - start, e - start) for s, e in offs]
    else:
        sent = text[start:end]
        offs = tokenize(sent)
        if not offs:
            return []
        words = [sent[s:e] for s, e in offs]
        f1 = sentence_features(words, doc.stats)
        l1 = _stage1_tagger().tag(f1)
    if _two_stage():
        labels = _get_tagger(MODEL_PATH).tag(stage2_features(words, f1, l1, doc.cons))
    else:
        labels = l1
    hl = is_headline(words)
    ents = []
    for i, j, typ, trim in _post_process(words, labels, hl):
        s = offs[i][0]
        e = offs[j - 1][1]
        if trim:
            e -= trim
        s += start
        e += start
        surface = text[s:e]
        name = clean_name(surface)
        if not name:
            continue
        ents.append(EntitySpan(s, e, surface, TYPE_OF_LABEL[typ], name))
    return ents
