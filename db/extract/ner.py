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
from itertools import compress
from pathlib import Path

from db.extract.types import EntitySpan
from db.text.tokenize import tokenize

DATA_DIR = Path(__file__).parent / "data"
MODEL_PATH = DATA_DIR / "ner.crfsuite"
PLACES_PATH = DATA_DIR / "places.txt"

TYPE_OF_LABEL = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "MISC": "MISC"}

# ---------------------------------------------------------------- lexicons
# General English lexicons (no corpus text, nothing specific to any story).

TITLES = frozenset(
    [
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "prof",
        "prof.",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "rev.",
        "reverend",
        "father",
        "sister",
        "brother",
        "saint",
        "president",
        "vice-president",
        "premier",
        "chancellor",
        "minister",
        "secretary",
        "governor",
        "senator",
        "sen",
        "sen.",
        "congressman",
        "congresswoman",
        "representative",
        "rep",
        "rep.",
        "mayor",
        "ambassador",
        "envoy",
        "king",
        "queen",
        "prince",
        "princess",
        "emperor",
        "sheikh",
        "pope",
        "cardinal",
        "bishop",
        "archbishop",
        "rabbi",
        "imam",
        "ayatollah",
        "general",
        "gen",
        "gen.",
        "gen'l",
        "colonel",
        "col",
        "col.",
        "lieutenant",
        "lt",
        "lt.",
        "major",
        "maj",
        "maj.",
        "captain",
        "capt",
        "capt.",
        "sergeant",
        "sgt",
        "sgt.",
        "commander",
        "cmdr",
        "admiral",
        "adm",
        "marshal",
        "judge",
        "justice",
        "attorney",
        "counsel",
        "chairman",
        "chairwoman",
        "chairperson",
        "chair",
        "vice-chairman",
        "vice-chairwoman",
        "vice-chair",
        "co-chairman",
        "deputy",
        "chief",
        "ceo",
        "cfo",
        "coo",
        "cto",
        "md",
        "director",
        "executive",
        "manager",
        "founder",
        "co-founder",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "analyst",
        "economist",
        "coach",
        "striker",
        "goalkeeper",
        "midfielder",
        "defender",
        "vice",
        "prime",
        "foreign",
        "finance",
        "home",
        "interior",
        "defence",
        "defense",
        "trade",
        "state",
        "managing",
    ]
)
# Words that may continue a title ("Vice Chairman & MD", "Minister of State").
# Lower-case words that may sit inside a name ("Bank of England").
NAME_CONNECTORS = frozenset(
    [
        "of",
        "and",
        "for",
        "on",
        "the",
        "de",
        "la",
        "le",
        "du",
        "des",
        "der",
        "den",
        "van",
        "von",
        "da",
        "di",
        "del",
        "dos",
        "das",
        "y",
        "al",
        "el",
        "bin",
        "ibn",
        "bint",
        "&",
        "'s",
    ]
)
TITLE_GLUE = frozenset(["&", "and", "of", "for", "-", ",", "the"])

LEGAL_SUFFIXES = frozenset(
    [
        "corp",
        "corp.",
        "corporation",
        "inc",
        "inc.",
        "incorporated",
        "ltd",
        "ltd.",
        "limited",
        "co",
        "co.",
        "company",
        "plc",
        "llc",
        "llp",
        "lp",
        "ag",
        "sa",
        "nv",
        "bv",
        "gmbh",
        "spa",
        "oy",
        "ab",
        "as",
        "asa",
        "kk",
        "holdings",
        "holding",
        "group",
        "bank",
        "technologies",
        "technology",
        "industries",
        "international",
    ]
)

DEMONYMS = frozenset(
    [
        "afghan",
        "albanian",
        "algerian",
        "american",
        "angolan",
        "argentine",
        "argentinian",
        "armenian",
        "australian",
        "austrian",
        "azerbaijani",
        "bahraini",
        "bangladeshi",
        "belarusian",
        "belgian",
        "bolivian",
        "bosnian",
        "brazilian",
        "british",
        "bulgarian",
        "burmese",
        "burundian",
        "cambodian",
        "cameroonian",
        "canadian",
        "chadian",
        "chilean",
        "chinese",
        "colombian",
        "congolese",
        "croatian",
        "cuban",
        "cypriot",
        "czech",
        "danish",
        "dutch",
        "ecuadorian",
        "egyptian",
        "emirati",
        "english",
        "eritrean",
        "estonian",
        "ethiopian",
        "european",
        "filipino",
        "finnish",
        "french",
        "georgian",
        "german",
        "ghanaian",
        "greek",
        "guatemalan",
        "haitian",
        "honduran",
        "hungarian",
        "icelandic",
        "indian",
        "indonesian",
        "iranian",
        "iraqi",
        "irish",
        "israeli",
        "italian",
        "ivorian",
        "jamaican",
        "japanese",
        "jordanian",
        "kazakh",
        "kenyan",
        "korean",
        "kosovan",
        "kuwaiti",
        "kyrgyz",
        "laotian",
        "latvian",
        "lebanese",
        "liberian",
        "libyan",
        "lithuanian",
        "luxembourgish",
        "macedonian",
        "malagasy",
        "malawian",
        "malaysian",
        "malian",
        "maltese",
        "mauritanian",
        "mexican",
        "moldovan",
        "mongolian",
        "montenegrin",
        "moroccan",
        "mozambican",
        "namibian",
        "nepalese",
        "nepali",
        "nigerian",
        "nigerien",
        "norwegian",
        "omani",
        "pakistani",
        "palestinian",
        "panamanian",
        "paraguayan",
        "persian",
        "peruvian",
        "polish",
        "portuguese",
        "qatari",
        "romanian",
        "russian",
        "rwandan",
        "saudi",
        "scottish",
        "senegalese",
        "serb",
        "serbian",
        "singaporean",
        "slovak",
        "slovenian",
        "somali",
        "south-african",
        "spanish",
        "sri",
        "sudanese",
        "swedish",
        "swiss",
        "syrian",
        "taiwanese",
        "tajik",
        "tanzanian",
        "thai",
        "tibetan",
        "tunisian",
        "turkish",
        "turkmen",
        "ugandan",
        "ukrainian",
        "uruguayan",
        "uzbek",
        "venezuelan",
        "vietnamese",
        "welsh",
        "yemeni",
        "zambian",
        "zimbabwean",
        "arab",
        "african",
        "asian",
        "latin",
        "nordic",
        "scandinavian",
        "balkan",
        "caribbean",
        "western",
        "eastern",
        "soviet",
        "islamic",
        "muslim",
        "christian",
        "catholic",
        "protestant",
        "jewish",
        "hindu",
        "buddhist",
        "sikh",
        "kurdish",
        "basque",
        "catalan",
        "flemish",
        "walloon",
        "hispanic",
        "pashtun",
        "tamil",
        "bengali",
        "punjabi",
    ]
)

MONTHS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
DAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])

# Capitalised at the start of a sentence or in a headline, these are not
# names by themselves.
COMMON_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "him",
        "them",
        "us",
        "me",
        "there",
        "here",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "and",
        "or",
        "but",
        "nor",
        "so",
        "yet",
        "for",
        "if",
        "then",
        "than",
        "as",
        "at",
        "by",
        "in",
        "on",
        "of",
        "off",
        "to",
        "from",
        "with",
        "without",
        "into",
        "onto",
        "over",
        "under",
        "after",
        "before",
        "since",
        "until",
        "while",
        "during",
        "about",
        "above",
        "below",
        "between",
        "among",
        "through",
        "across",
        "against",
        "despite",
        "although",
        "though",
        "because",
        "unless",
        "whether",
        "also",
        "only",
        "just",
        "even",
        "still",
        "already",
        "again",
        "however",
        "meanwhile",
        "moreover",
        "furthermore",
        "nevertheless",
        "nonetheless",
        "thus",
        "hence",
        "instead",
        "currently",
        "recently",
        "previously",
        "later",
        "earlier",
        "now",
        "today",
        "yesterday",
        "tomorrow",
        "tonight",
        "last",
        "next",
        "previous",
        "first",
        "second",
        "third",
        "finally",
        "overall",
        "separately",
        "according",
        "asked",
        "said",
        "says",
        "told",
        "added",
        "not",
        "no",
        "yes",
        "all",
        "any",
        "some",
        "many",
        "most",
        "more",
        "much",
        "few",
        "several",
        "each",
        "every",
        "both",
        "either",
        "neither",
        "other",
        "another",
        "such",
        "same",
        "own",
        "new",
        "old",
        "big",
        "small",
        "large",
        "major",
        "top",
        "high",
        "low",
        "good",
        "bad",
        "best",
        "worst",
        "more",
        "less",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "hundred",
        "thousand",
        "million",
        "billion",
        "please",
        "thanks",
        "sources",
        "source",
        "officials",
        "reports",
        "report",
        "media",
        "news",
        "update",
        "updated",
        "breaking",
        "exclusive",
        "analysis",
        "comment",
        "opinion",
        "video",
        "watch",
        "read",
        "live",
        "photo",
        "photos",
        "post",
        "share",
        "home",
        "world",
        "business",
        "sport",
        "sports",
        "politics",
        "market",
        "markets",
        "economy",
        "weather",
        "health",
        "science",
        "technology",
        "tech",
        "culture",
        "entertainment",
        "travel",
        "editorial",
        "company",
        "government",
        "police",
        "minister",
        "state",
    ]
)

# Lower-case nouns that stand in apposition before an organisation's name
# ("US tech firm X", "carmaker X") or after a place name ("X district").
ORG_NOUNS = frozenset(
    [
        "firm",
        "firms",
        "company",
        "companies",
        "group",
        "maker",
        "makers",
        "giant",
        "giants",
        "manufacturer",
        "carmaker",
        "automaker",
        "chipmaker",
        "drugmaker",
        "handset",
        "smartphone",
        "retailer",
        "brand",
        "conglomerate",
        "startup",
        "start-up",
        "carrier",
        "airline",
        "operator",
        "supplier",
        "insurer",
        "lender",
        "bank",
        "broker",
        "bankers",
        "outfit",
        "subsidiary",
        "club",
        "side",
        "team",
        "party",
        "newspaper",
        "daily",
        "broadcaster",
        "network",
        "channel",
        "agency",
        "regulator",
        "watchdog",
        "developer",
        "publisher",
        "studio",
        "label",
        "distributor",
        "exporter",
        "importer",
        "producer",
    ]
)
PLACE_NOUNS = frozenset(
    [
        "district",
        "province",
        "county",
        "region",
        "prefecture",
        "state",
        "city",
        "town",
        "village",
        "municipality",
        "governorate",
        "borough",
        "suburb",
        "valley",
        "island",
        "islands",
    ]
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
    """word -> (center features, {offset: neighbour features}, lowercased, short shape)."""

    def __missing__(self, w: str):
        val = self[w] = self.compute(w)
        return val

    @staticmethod
    def compute(w: str) -> tuple:
        lw = w.lower()
        sh = word_shape(w)
        ss = short_shape(w)
        f = [
            "w=" + lw,
            "sh=" + sh,
            "ss=" + ss,
            "p2=" + w[:2],
            "p3=" + w[:3],
            "p4=" + w[:4],
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
        # lower-case nouns that introduce or follow a name: "tech firm X", "X district"
        cue = None
        if w[:1].islower():
            if lw in ORG_NOUNS:
                cue = "org"
            elif lw in PLACE_NOUNS:
                cue = "plc"
        nb = {}
        for o in (-2, -1, 1, 2):
            p = str(o)
            g = [p + "w=" + lw]
            if o in (-1, 1):
                g.append(p + "ss=" + ss)
                g.append(p + "s3=" + lw[-3:])
                if lw in TITLES:
                    g.append(p + "lx=ttl")
                if lw in LEGAL_SUFFIXES:
                    g.append(p + "lx=leg")
            if cue:
                g.append(p + "cue=" + cue)
            nb[o] = g
        return (f, nb, lw, ss)


_words = _WordCache()
_WORD_CACHE_MAX = 200_000
# Words' CRFsuite items (tuples of shared bytes, ~560 bytes a word): a worker's
# largest cache, so smaller (~28 MB full); news vocabulary repeats, so the hit
# rate stays high.
_ITEM_CACHE_MAX = 50_000

_SENT_BREAK = frozenset([".", "!", "?", ":", ";", '"', "“", "”", "‘", "'", "(", "[", "-", "--", "—", "–", "...", "*"])


def is_headline(words: list[str]) -> bool:
    """All words with letters are upper case (and there is at least one)."""
    seen = False
    for w in words:
        # w.isalpha() first: most words are all letters, no per-character scan
        if w.isalpha() or any(c.isalpha() for c in w):
            if not w.isupper():
                return False
            seen = True
    return seen


def doc_stats(lines: list[list[str]]) -> dict[str, int]:
    """lowercased word -> bit flags over the document.

    1: seen capitalised where capitals are informative (not first in a
    sentence, not in an all-caps line); 2: seen in lower case.
    """
    # distinct word strings first, so each is lowercased once
    caps: set[str] = set()
    lower: set[str] = set()
    for words in lines:
        if is_headline(words):
            continue
        lower.update([w for w in words if w[:1].islower()])
        caps.update([w for p, w in zip(words, words[1:]) if w[:1].isupper() and p not in _SENT_BREAK])
    stats: dict[str, int] = {}
    for w in caps:
        stats[w.lower()] = 1
    for w in lower:
        lw = w.lower()
        stats[lw] = stats.get(lw, 0) | 2
    return stats


def _gazetteer(words: list[str], lws: list[str]) -> list[str | None] | None:
    """Longest place match starting on a capitalised word: "gz=B" / "gz=I" per word (None if none)."""
    gaz = None
    places = _places
    first = _place_first
    n = len(words)
    after = 0  # end of the last match: matches do not overlap
    for i in [i for i, lw in enumerate(lws) if lw in first]:
        if i < after or not words[i][:1].isupper():
            continue
        for k in range(min(first[lws[i]], n - i), 0, -1):
            if tuple(lws[i : i + k]) in places:
                if gaz is None:
                    gaz = [None] * n
                gaz[i] = "gz=B"
                for j in range(i + 1, i + k):
                    gaz[j] = "gz=I"
                after = i + k
                break
    return gaz


def sentence_features(words: list[str], stats: dict[str, int] | None = None) -> list[list[str]]:
    """CRF features for the words of one sentence."""
    if _places is None:
        _load_places()
    if len(_words) > _WORD_CACHE_MAX:
        _words.clear()
    n = len(words)
    info = [_words[w] for w in words]
    hl = is_headline(words)
    gaz = _gazetteer(words, [x[2] for x in info]) or [None] * n
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
        feats.append("ss3=" + (info[i - 1][3] if i else "^") + "|" + ss + "|" + (info[i + 1][3] if i + 1 < n else "$"))
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
        if labels.count("O") == len(labels):
            continue  # no mention
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
    return _stage1_tagger().tag(_Runtime.get().items(words, stats)[0])


# ---------------------------------------------------------------- fast tagging
# At run time only features the models know are generated: after L1 most
# feature strings (rare words, prefixes, word pairs) carry no weight, and
# every string handed to CRFsuite costs a conversion and a lookup. The
# result is the same labels as ``sentence_features`` would give.
#
# The features go to CRFsuite as UTF-8 ``bytes``: it encodes every ``str``
# it is given, on every call, while bytes are copied as they are. Each
# feature group is a tuple, empty when absent, so that one token's list is
# built by a single list display of starred parts, in the training order
# (CRFsuite sums the weights in that order; keeping it keeps the scores
# bit for bit).

_NONE: tuple = ()
_BOS, _BOS2 = (b"BOS",), (b"-2BOS",)
_EOS, _EOS2 = (b"EOS",), (b"+2EOS",)


class _Runtime:
    """Features filtered by the attributes of the loaded models."""

    _inst: _Runtime | None = None
    _key: tuple | None = None

    _paths: tuple = ()

    @classmethod
    def get(cls) -> _Runtime:
        paths = cls._paths
        if paths and paths[0] is MODEL_PATH and paths[1] is STAGE1_PATH:
            return cls._inst  # the same model paths as last time (called per sentence)
        key = (str(MODEL_PATH), str(STAGE1_PATH), _two_stage())
        if cls._inst is None or cls._key != key:
            cls._inst = cls()
            cls._key = key
        cls._paths = (MODEL_PATH, STAGE1_PATH)
        return cls._inst

    def __init__(self):
        if _places is None:
            _load_places()
        keep: set[str] = set()
        paths = {str(MODEL_PATH)}
        if _two_stage():
            paths.add(str(STAGE1_PATH))
        for p in paths:
            keep.update(a for a, _ in _get_tagger(Path(p)).info().state_features)
        # each known feature's bytes made once: every cached word shares them
        self.keep: dict[str, bytes] = {a: a.encode() for a in sorted(keep)}
        self.words: dict[str, tuple] = {}
        self.dc = {st: _known((("dc=%d" % st),), self.keep) for st in range(4)}
        self.l1: dict[str, bytes] = {}
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
        # the item that frames a part of a sentence tagged alone (see _tag)
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
        features as first word: "w-1|w=" and "w|w+1=" by the next word)."""
        keep = self.keep
        f, nb, lw, ss = _WordCache.compute(w)
        val = (
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
        if len(self.words) > _ITEM_CACHE_MAX:
            self.words.clear()
        self.words[w] = val
        return val

    def features(self, words: list[str], stats: dict[str, int] | None = None) -> list[list[str]]:
        """Same as ``sentence_features`` less the features the models ignore."""
        return [[a.decode() for a in f] for f in self.items(words, stats)[0]]

    def items(
        self, words: list[str], stats: dict[str, int] | None = None, segs: list[tuple[int, int]] | None = None
    ) -> tuple[list[list[bytes] | None], bool]:
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
        centre, left2, left1, right1, right2, lws, sss, caps, hlx, wpm, wnm = zip(*info)
        hl = is_headline(words)
        # what each position sees of its neighbours (BOS/EOS at the edges)
        nexts = lws[1:]
        l1 = (_BOS, *left1[:-1])
        wp = (_NONE, *[m.get(x, _NONE) if m else _NONE for m, x in zip(wpm, nexts)])
        l2 = ((_NONE, _BOS2) + left2[:-2])[:n]
        r1 = (*right1[1:], _EOS)
        wn = (*[m.get(x, _NONE) if m else _NONE for m, x in zip(wnm, nexts)], _NONE)
        r2 = (right2[2:] + (_EOS2, _NONE))[-n:]
        ss3 = self.ss3.get
        edge = ("^", *sss, "$")
        s3 = [ss3(t, _NONE) for t in zip(edge, sss, edge[2:])]
        extra = self._extras(words, lws, caps, hl, stats)
        if hl:
            extra = [(*h, *e) for h, e in zip(hlx, extra)]
        gaz = self._gaz(words, lws, n)
        rows = zip(centre, l1, wp, l2, r1, wn, r2, s3, gaz, extra)
        if segs is None or (len(segs) == 1 and segs[0] == (0, n)):
            items = [[*c, *a, *b, *d, *e, *f, *g, *h, *k, *x] for c, a, b, d, e, f, g, h, k, x in rows]
        else:
            wanted = [False] * n
            for s, e in segs:
                wanted[s:e] = [True] * (e - s)
            items = [
                [*c, *a, *b, *d, *e, *f, *g, *h, *k, *x] if want else None
                for want, (c, a, b, d, e, f, g, h, k, x) in zip(wanted, rows)
            ]
        return items, hl

    @staticmethod
    def _gaz(words, lws, n: int):
        gaz = _gazetteer(words, lws)
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
            if hl or not i or words[i - 1] in _SENT_BREAK:
                extra[i] = dc[get(lws[i], 0)]
        return extra

    def stage2(self, words: list[str], items1: list[list[bytes]], labels1: list[str], cons: dict) -> list[list[bytes]]:
        """Stage-2 items: stage-1 items, the stage-1 label, then the word's
        document-consistency features (``cons`` as ``_Doc.cons_items``)."""
        l1 = self.l1
        get = cons.get
        for lab in labels1:
            if lab not in l1:
                l1[lab] = ("l1=" + lab).encode()
        return [[*f, l1[lab], *get(w, _NONE)] if f is not None else None for w, f, lab in zip(words, items1, labels1)]


def _known(feats, keep: dict[str, bytes]) -> tuple[bytes, ...]:
    """The features of ``feats`` the models know, as (shared) bytes for CRFsuite."""
    return tuple(keep[a] for a in feats if a in keep)


class _Doc:
    """Per-document analysis: stats, stage-1 features/labels, consistency."""

    __slots__ = ("text", "stats", "sents", "cons", "cons_items", "hot", "seen")

    def __init__(self, text: str):
        from db.text.tokenize import tokenize_sentences

        self.text = text
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
        t1 = _stage1_tagger()
        items = _Runtime.get().items
        done = {}
        pairs = []
        for key, (so, words) in sents.items():
            segs = tag_segments(words, self.stats)
            if not segs:
                # no capital or digit to look at (or only a first word the document
                # otherwise writes in lower case, "Shares fell ..."): all "O";
                # features only if stage 2 needs them (see find_entities)
                f1, hl, l1 = None, False, ["O"] * len(words)
            else:
                f1, hl = items(words, self.stats, segs)
                l1 = _tag(t1, f1, segs)
            done[key] = (so, words, f1, l1, hl, segs)
            pairs.append((words, l1))
        self.sents = done
        self.cons = consistency_maps(pairs)
        self.cons_items = {w: tuple(a.encode() for a in c) for w, c in self.cons.items()}
        # words the document-consistency features point to an entity for
        self.hot = frozenset(w for w, c in self.cons.items() if len(c) > 1 or c[0] != "tm=O")
        # stage-1 mentions' words seen more than once in the document
        seen: dict[str, int] = {}
        for words, l1 in pairs:
            if l1.count("O") == len(l1):
                continue
            for w, lab in zip(words, l1):
                if lab != "O":
                    seen[w] = seen.get(w, 0) + 1
        self.seen = frozenset(w for w, k in seen.items() if k > 1)


_UPPER_OR_DIGIT = re.compile(r"[^\W_a-z]")  # a capital letter or a digit (or a caseless letter)


# Both stages skip the stretches of a sentence far from any capital letter
# or digit: those words are labelled "O" (their features are not even
# assembled), and the tagger sees only the parts
# around the capitals and digits, LEFT_CONTEXT words before and RIGHT_CONTEXT
# after (parts at most MERGE_GAP words apart are tagged as one). A part cut
# out of a sentence is framed by a "." item on each cut side: CRFsuite scores
# no transition into a sequence's first label, so without the frame a cut
# part can open on a name ("the quality of The Daily ..." as one ORG).
# With these settings every label over all of BBC and CoNLL dev is the one
# whole-sentence tagging gives, and the tagger sees ~68% of BBC's words
# (frames included).
SEGMENTED = True
LEFT_CONTEXT = 3
RIGHT_CONTEXT = 2
MERGE_GAP = 2


_CAPITAL = re.compile(r"[^\W\d_a-z]")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


class _Anchors(dict):
    """word -> whether it may be (part of) a name: it holds a capital letter,
    or a digit beside a letter ("G8", "3G"); bare numbers are never tagged."""

    def __missing__(self, w: str) -> bool:
        val = self[w] = _CAPITAL.search(w) is not None or (
            _DIGIT.search(w) is not None and _LETTER.search(w) is not None
        )
        return val


_anchor = _Anchors()
_ANCHOR_CACHE_MAX = 100_000


def tag_segments(words: list[str], stats: dict[str, int] | None = None) -> list[tuple[int, int]]:
    """(start, end) word ranges of ``words`` the tagger needs to see; [] if
    none (no capital letter or digit), [(0, len(words))] for all of it."""
    n = len(words)
    if not SEGMENTED:
        return [(0, n)]
    if len(_anchor) >= _ANCHOR_CACHE_MAX:
        _anchor.clear()
    flags = list(map(_anchor.__getitem__, words))
    if stats is not None:
        # the first word (after any opening quote) is no anchor when it is a
        # word the document otherwise writes only in lower case ("But", "The");
        # a sentence with no other anchor is not tagged at all (~10% of BBC's)
        f = 0
        while f < n - 1 and words[f] in _SENT_BREAK:
            f += 1
        if flags[f]:
            w = words[f]
            if stats.get(w.lower()) == 2 and not _UPPER_OR_DIGIT.search(w, 1):
                flags[f] = False
    idx = list(compress(range(n), flags))
    if not idx:
        return []
    segs = []
    left, right = LEFT_CONTEXT, RIGHT_CONTEXT + 1
    a, b = idx[0] - left, idx[0] + right
    for k in idx[1:]:
        if k - left <= b + MERGE_GAP:
            b = k + right
        else:
            segs.append((max(a, 0), b))
            a, b = k - left, k + right
    segs.append((max(a, 0), min(b, n)))
    return segs


def _tag(tagger, items: list, segs: list[tuple[int, int]]) -> list[str]:
    """Labels of a sentence's ``items``, tagging only its ``segs``."""
    n = len(items)
    if len(segs) == 1 and segs[0] == (0, n):
        return tagger.tag(items)
    labels = ["O"] * n
    frame = _Runtime.get().frame
    for a, b in segs:
        part = items[a:b]
        if a:
            part.insert(0, frame)
        if b < n:
            part.append(frame)
        got = tagger.tag(part)
        labels[a:b] = got[1 if a else 0 : len(got) - (b < n)]
    return labels


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
_SPACES_RE = re.compile(r"\s+")


def bio_spans(labels: list[str]) -> list[tuple[int, int, str]]:
    """(start, end exclusive, TYPE) token spans of BIO labels (lenient)."""
    spans = []
    if labels.count("O") == len(labels):
        return spans  # most sentences: no mention, no loop
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
    if s.endswith("."):  # (the only case _LEGAL_DOT can match)
        s = _LEGAL_DOT.sub(r"\1", s)
    # every whitespace character but " " is non-printable: most names need no regex
    if "  " in s or not s.isprintable():
        s = _SPACES_RE.sub(" ", s)
    return s


def _post_process(words: list[str], labels: list[str], hl: bool) -> list[tuple[int, int, str, int]]:
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
        # a lower-case function word that cannot sit inside a name ends it: "Acme in India"
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
        if not hl:
            typ = _apposition_type(words, i, j, typ)
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


_PERSONAL_TITLES = frozenset(["mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx."])
_PLACE_AFTER = PLACE_NOUNS - {"state", "island", "islands", "valley"}
_ROMAN = frozenset(["II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"])


def _apposition_type(words: list[str], i: int, j: int, typ: str) -> str:
    """The type the words around the mention words[i:j] call for (news apposition cues).

    "tech firm X" and "carmaker X" name an organisation, "X district" a
    place, "Mr X" a person; a multi-word "person" with an acronym in it
    ("Acme IBC") is an organisation.
    """
    prev = words[i - 1] if i > 0 else ""
    if typ != "PER" and prev.lower() in _PERSONAL_TITLES:
        return "PER"
    if typ in ("PER", "LOC") and prev in ORG_NOUNS:
        return "ORG"
    if typ in ("PER", "ORG") and j < len(words) and words[j] in _PLACE_AFTER:
        return "LOC"
    if typ == "PER" and j - i > 1:
        for w in words[i:j]:
            if len(w) >= 2 and w.isupper() and w.isalpha() and w not in _ROMAN:
                return "ORG"
    return typ


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


SKIP_CONSISTENT = True


def _consistent(words: list[str], l1: list[str], cons: dict, seen: frozenset) -> bool:
    """Whether every word's stage-1 type is the one the rest of the document
    gives it (each mention word seen again, no capitalised word left out
    beside a mention)."""
    get = cons.get
    last = len(l1) - 1
    for i, (w, lab) in enumerate(zip(words, l1)):
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
        (base, offs), words, f1, l1, hl, segs = hit  # offsets into ``text`` are base + offs
    else:
        sent = text[start:end]
        base, offs = start, tokenize(sent)
        if not offs:
            return []
        words = [sent[s:e] for s, e in offs]
        segs = tag_segments(words, doc.stats)
        f1, hl = _Runtime.get().items(words, doc.stats, segs)
        l1 = _tag(_stage1_tagger(), f1, segs) if segs else ["O"] * len(words)
    if _two_stage():
        # Stage 2 only re-reads stage 1 in the light of the document: with no
        # stage-1 entity in the sentence and no word the document marks as an
        # entity, it agrees with stage 1 (checked on CoNLL dev and BBC).
        if (
            l1.count("O") == len(l1)
            and doc.hot.isdisjoint(words)
            or SKIP_CONSISTENT
            and _consistent(words, l1, doc.cons, doc.seen)
        ):
            labels = l1
        else:
            if f1 is None:
                f1, hl = _Runtime.get().items(words, doc.stats, segs)
            labels = _tag(_get_tagger(MODEL_PATH), _Runtime.get().stage2(words, f1, l1, doc.cons_items), segs)
    else:
        labels = l1
    ents = []
    for i, j, typ, trim in _post_process(words, labels, hl):
        s = base + offs[i][0]
        e = base + offs[j - 1][1] - trim
        surface = text[s:e]
        name = clean_name(surface)
        if not name:
            continue
        ents.append(EntitySpan(s, e, surface, TYPE_OF_LABEL[typ], name))
    return ents
