"""Alias resolution: which entity mentions of a document name the same thing.

API
---
``resolve(mentions) -> Resolution``
    The full answer for one document. ``Resolution.entities`` holds one
    :class:`Entity` per cluster, in order of first mention; each carries its
    canonical ``name``, ``type``, cross-document ``key``, ``mergeable`` flag,
    the indices of its ``mentions`` and its ``aliases`` (every distinct surface
    form, first-seen order). ``Resolution.of_mention[i]`` is the entity index
    of mention ``i``.
``resolve_document(mentions) -> list[tuple[str, str]]``
    For each mention (same order), the (canonical name, type) of its entity.
``alias_forms(mentions) -> dict[tuple[str, str], list[str]]``
    (canonical name, type) -> every surface form used for that entity in the
    document (what the store records as aliases).
``entity_key(name, type) -> str``
    Normalised key for merging entities ACROSS documents.
``is_mergeable_across_documents(name, type) -> bool``
    False where a key alone is thin evidence (a one-word PERSON, an empty key).

Within a document, mentions are merged when
  * their normalised forms are equal: case, accents, punctuation, dots of
    initials ("John A. Smith" / "John A Smith"), possessives, honorifics (PERSON),
    a leading "The", legal suffixes ("Corp", "Ltd", "Pvt Ltd", "GmbH", ...)
    and trailing parenthesised qualifiers ("(India)") are ignored;
  * a trailing country/region qualifier ("X India", "X Technologies India
    Ltd") is dropped when what remains is itself a form seen in the document,
    or clearly a company name (two or more words ending in a company word such
    as "Technologies", "Electronics", "Motors"). "Bank of India" keeps its
    country (it follows a connector word);
  * a short form matches a fuller form anywhere in the document: an ORG/MISC
    prefix ("Acme" -> "Acme Electronics"), an acronym of an ORG ("IBM"), or a
    PERSON variant with the same surname whose other words match in order,
    exactly or as initials ("Smith", "J. Smith", "John Smith" -> "John A.
    Smith"). A short form tagged with another type joins too (an ORG's prefix
    tagged PERSON), but a PLACE mention never joins a non-PLACE entity, and a
    country name or demonym is never taken as an ORG's short form ("China" is
    not "China Mobile"). When several fuller forms fit, one of the mention's
    own type wins, then the nearest preceding mention, then the nearest
    following one.

Cluster type: the majority type among the mentions of the cluster's fullest
forms (most words), then among all its mentions, then ORG > PERSON > PLACE >
MISC. So a short form "Acme" tagged PERSON joins ORG "Acme Electronics" and
the cluster is an ORG.

Canonical name: among the cluster's fullest forms (most words after
stripping suffixes/qualifiers/honorifics), the most frequent display form;
ties go to the longest string (so "John A. Smith" beats "John A Smith"),
then to the first seen. It never carries a legal suffix or a dropped
qualifier ("Acme Corp" alone in a document is canonically "Acme").

Cross-document key (``entity_key``): the canonical pipeline on one name,
lowercased, accents and punctuation removed, "&" read as "and", runs of
single letters joined ("J. K." -> "jk"), legal suffixes dropped, and for
ORG/MISC a trailing country qualifier dropped when the rest is clearly a
company name or a single non-generic word ("Acme India" -> "acme", but "Air
India", "Coal India" and "Radio Free Europe" stay whole). The key does not
include the type: the store should merge on (type, key).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from db.extract.types import EntitySpan

__all__ = [
    "Entity",
    "Resolution",
    "resolve",
    "resolve_document",
    "alias_forms",
    "entity_key",
    "is_mergeable_across_documents",
    "surface_form",
]

# --------------------------------------------------------------------------- word lists

# Normalised (lowercase, no dots) legal-form suffixes. The first set is
# unambiguous and stripped whatever the type (but PLACE); the second only for
# ORG and MISC.
_LEGAL_ALWAYS = frozenset(
    [
        "corp",
        "corporation",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "plc",
        "llc",
        "llp",
        "gmbh",
        "pvt",
        "pte",
        "pty",
        "bhd",
        "sdn",
        "kgaa",
    ]
)
_LEGAL_ORG = _LEGAL_ALWAYS | frozenset(
    [
        "co",
        "cos",
        "company",
        "group",
        "holdings",
        "holding",
        "ag",
        "sa",
        "sas",
        "sarl",
        "nv",
        "bv",
        "spa",
        "srl",
        "ab",
        "asa",
        "oy",
        "oyj",
        "kk",
        "lp",
        "se",
        "private",
    ]
)

_HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "doctor",
        "prof",
        "professor",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "reverend",
        "fr",
        "father",
        "gen",
        "general",
        "col",
        "colonel",
        "capt",
        "captain",
        "maj",
        "lt",
        "lieutenant",
        "sgt",
        "sergeant",
        "adm",
        "admiral",
        "cdr",
        "sen",
        "senator",
        "rep",
        "representative",
        "gov",
        "governor",
        "pres",
        "president",
        "vice",
        "chairman",
        "chairwoman",
        "chairperson",
        "chancellor",
        "minister",
        "premier",
        "prime",
        "deputy",
        "chief",
        "executive",
        "ceo",
        "md",
        "cfo",
        "coo",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "shri",
        "sri",
        "smt",
        "mrs.",
        "justice",
        "judge",
        "mayor",
        "secretary",
        "ambassador",
        "commissioner",
        "pope",
        "st",
        "saint",
        "imam",
        "rabbi",
        "cardinal",
        "bishop",
        "archbishop",
        "councillor",
        "councilor",
    ]
)

# Words after which a trailing country is part of the name ("Bank of India").
_CONNECTORS = frozenset(
    [
        "of",
        "for",
        "and",
        "&",
        "the",
        "de",
        "du",
        "des",
        "la",
        "le",
        "del",
        "della",
        "di",
        "da",
        "do",
        "dos",
        "van",
        "von",
        "zu",
    ]
)

_COUNTRIES_TEXT = """
afghanistan|albania|algeria|andorra|angola|antigua and barbuda|argentina|armenia|australia|
austria|azerbaijan|bahamas|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|
bolivia|bosnia and herzegovina|bosnia|botswana|brazil|brunei|bulgaria|burkina faso|burundi|
cambodia|cameroon|canada|cape verde|central african republic|chad|chile|china|colombia|comoros|
congo|costa rica|croatia|cuba|cyprus|czech republic|czechia|denmark|djibouti|dominica|
dominican republic|ecuador|egypt|el salvador|equatorial guinea|eritrea|estonia|eswatini|
ethiopia|fiji|finland|france|gabon|gambia|georgia|germany|ghana|greece|grenada|guatemala|
guinea|guinea-bissau|guyana|haiti|honduras|hungary|iceland|india|indonesia|iran|iraq|ireland|
israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|kiribati|kosovo|kuwait|
kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|lithuania|luxembourg|
madagascar|malawi|malaysia|maldives|mali|malta|marshall islands|mauritania|mauritius|mexico|
micronesia|moldova|monaco|mongolia|montenegro|morocco|mozambique|myanmar|burma|namibia|nauru|
nepal|netherlands|holland|new zealand|nicaragua|niger|nigeria|north korea|north macedonia|
macedonia|norway|oman|pakistan|palau|palestine|panama|papua new guinea|paraguay|peru|
philippines|poland|portugal|qatar|romania|russia|rwanda|saint lucia|samoa|san marino|
saudi arabia|senegal|serbia|seychelles|sierra leone|singapore|slovakia|slovenia|
solomon islands|somalia|south africa|south korea|korea|south sudan|spain|sri lanka|sudan|
suriname|sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|timor-leste|togo|tonga|
trinidad and tobago|tunisia|turkey|turkiye|turkmenistan|tuvalu|uganda|ukraine|
united arab emirates|uae|united kingdom|uk|britain|great britain|england|scotland|wales|
northern ireland|united states|united states of america|usa|us|america|uruguay|uzbekistan|
vanuatu|vatican|venezuela|vietnam|yemen|zambia|zimbabwe|hong kong|macau|puerto rico|
europe|asia|africa|americas|north america|south america|latin america|asia pacific|apac|
emea|middle east|australasia|nordics|benelux|eu
"""

_DEMONYMS_TEXT = """
afghan albanian algerian american angolan argentine argentinian armenian australian austrian
azerbaijani bahraini bangladeshi belarusian belgian bolivian bosnian brazilian british
bulgarian burmese cambodian cameroonian canadian chilean chinese colombian congolese croatian
cuban cypriot czech danish dutch ecuadorian egyptian emirati english eritrean estonian
ethiopian european filipino finnish french georgian german ghanaian greek guatemalan haitian
honduran hungarian icelandic indian indonesian iranian iraqi irish israeli italian ivorian
jamaican japanese jordanian kazakh kenyan korean kuwaiti kyrgyz lao laotian latvian lebanese
liberian libyan lithuanian luxembourgish macedonian malagasy malawian malaysian maldivian
malian maltese mauritian mexican moldovan mongolian montenegrin moroccan mozambican namibian
nepalese nepali nicaraguan nigerian nigerien norwegian omani pakistani palestinian panamanian
paraguayan peruvian polish portuguese qatari romanian russian rwandan saudi scottish senegalese
serbian singaporean slovak slovenian somali south african spanish sri lankan sudanese swedish
swiss syrian taiwanese tajik tanzanian thai tunisian turkish ugandan ukrainian uruguayan uzbek
venezuelan vietnamese welsh yemeni zambian zimbabwean asian african arab arabian latin nordic
western eastern northern southern
"""

COUNTRIES: frozenset[tuple[str, ...]] = frozenset(
    tuple(w.replace("-", " ").split()) for w in _COUNTRIES_TEXT.replace("\n", "").split("|") if w.strip()
)
DEMONYMS: frozenset[str] = frozenset(_DEMONYMS_TEXT.split())
_MAX_COUNTRY_WORDS = max(len(c) for c in COUNTRIES)
_COUNTRY_WORDS = frozenset(c[0] for c in COUNTRIES if len(c) == 1)

# Last word of a multi-word base that makes it "clearly a company name".
_COMPANY_WORDS = frozenset(
    [
        "technologies",
        "technology",
        "tech",
        "electronics",
        "electricals",
        "industries",
        "systems",
        "solutions",
        "software",
        "networks",
        "communications",
        "telecommunications",
        "telecom",
        "pharmaceuticals",
        "pharma",
        "labs",
        "laboratories",
        "motors",
        "automotive",
        "automobiles",
        "auto",
        "enterprises",
        "ventures",
        "capital",
        "partners",
        "brands",
        "foods",
        "beverages",
        "airlines",
        "airways",
        "bank",
        "bancorp",
        "insurance",
        "energy",
        "petroleum",
        "steel",
        "steels",
        "chemicals",
        "semiconductors",
        "semiconductor",
        "devices",
        "manufacturing",
        "mobile",
        "mobility",
        "logistics",
        "services",
        "infrastructure",
        "infotech",
        "infosystems",
        "engineering",
        "retail",
        "textiles",
        "exports",
        "investments",
        "securities",
        "financial",
        "finance",
        "media",
        "entertainment",
        "studios",
        "pictures",
        "records",
        "products",
        "paints",
        "cement",
        "mills",
        "tyres",
        "tires",
        "mining",
        "metals",
        "resources",
        "digital",
        "internet",
        "online",
        "platforms",
        "robotics",
        "biotech",
        "therapeutics",
        "healthcare",
        "hospitals",
        "construction",
        "realty",
        "properties",
        "developers",
        "appliances",
        "instruments",
        "components",
    ]
)

# Single words that with a country make a distinct name ("Air India", "Coal
# India", "Radio France"): never reduced to the bare word across documents.
_GENERIC_WORDS = frozenset(
    [
        "air",
        "airways",
        "airlines",
        "bank",
        "coal",
        "oil",
        "gas",
        "steel",
        "power",
        "radio",
        "tv",
        "television",
        "times",
        "today",
        "post",
        "news",
        "telecom",
        "mobile",
        "rail",
        "railways",
        "railway",
        "express",
        "energy",
        "petroleum",
        "insurance",
        "life",
        "national",
        "state",
        "general",
        "united",
        "royal",
        "new",
        "east",
        "west",
        "north",
        "south",
        "central",
        "global",
        "international",
        "first",
        "standard",
        "trust",
        "capital",
        "media",
        "press",
        "mail",
        "herald",
        "tribune",
        "journal",
        "daily",
        "weekly",
        "sports",
        "team",
        "government",
        "ministry",
        "police",
        "army",
        "navy",
        "council",
        "parliament",
        "congress",
        "league",
        "union",
        "federation",
        "association",
        "bureau",
        "agency",
        "office",
        "airport",
        "port",
        "university",
        "college",
        "school",
        "hospital",
        "church",
        "museum",
        "foundation",
        "fund",
        "reserve",
        "development",
        "industrial",
        "commercial",
        "savings",
        "tobacco",
        "cement",
        "sugar",
        "tea",
        "cotton",
        "shipping",
        "cargo",
        "logistics",
        "foods",
        "food",
        "water",
        "electric",
        "electricity",
        "nuclear",
        "solar",
        "wind",
        "chemicals",
        "pharma",
        "health",
        "healthcare",
        "care",
        "medical",
        "motor",
        "motors",
        "auto",
        "autos",
        "cricket",
        "football",
        "rugby",
        "hockey",
        "olympic",
        "olympics",
        "tourism",
        "visit",
        "invest",
        "trade",
        "export",
        "exports",
        "cinema",
        "film",
        "music",
        "opera",
        "ballet",
        "theatre",
        "theater",
        "greater",
        "metro",
        "city",
        "grand",
        "great",
    ]
)

_CUT_WORDS = frozenset(["in", "at", "on", "from", "with", "to", "by", "via"])

_TYPE_ORDER = {"ORG": 0, "PERSON": 1, "PLACE": 2, "MISC": 3}

# --------------------------------------------------------------------------- normalisation

_POSSESSIVE_RE = re.compile(r"(?:['’]s|(?<=s)['’])(?=\s|$|[,.;:)])")
_TRAILING_PAREN_RE = re.compile(r"\s*\([^()]*\)\s*$")
_EDGE_PUNCT = " \t\n\r,;:\"“”‘’'«»()[]{}–—-"
_SPACES_RE = re.compile(r"\s+")
_NON_WORD_RE = re.compile(r"[^\w&]+")
_HYPHENS_RE = re.compile(r"[-‐‑‒–—/]")


def surface_form(m: EntitySpan) -> str:
    """The mention's surface form as an alias: its name (or text), possessive
    and surrounding punctuation removed, whitespace folded."""
    return _surface(m.name or m.text)


# Names recur within and across documents: the string-only steps below are
# cached per distinct string (bounded, like _norm_word).
@lru_cache(maxsize=65536)
def _surface(s: str) -> str:
    s = _POSSESSIVE_RE.sub("", s)
    s = _SPACES_RE.sub(" ", s).strip(_EDGE_PUNCT)
    if "(" in s and s.count("(") > s.count(")"):
        s += ")"
    return s


@lru_cache(maxsize=65536)
def _norm_word(w: str) -> tuple[str, ...]:
    """One display word -> its normalised key words (a hyphenated word gives several)."""
    w = unicodedata.normalize("NFKD", w)
    w = "".join(c for c in w if not unicodedata.combining(c)).casefold()
    w = w.replace("’", "").replace("'", "").replace(".", "")
    out = []
    for part in _HYPHENS_RE.split(w):
        part = part.replace("&", " and ")
        out.extend(p for p in _NON_WORD_RE.sub(" ", part).split() if p)
    return tuple(out)


def _key_of(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    toks: list[str] = []
    for w in words:
        toks.extend(_norm_word(w))
    # Join runs of single letters: "J. K. Rowling" -> "jk rowling", "U. S." -> "us".
    out: list[str] = []
    run = ""
    for t in toks:
        if len(t) == 1 and t.isalpha():
            run += t
            continue
        if run:
            out.append(run)
            run = ""
        out.append(t)
    if run:
        out.append(run)
    return tuple(out)


def _norm1(w: str) -> str:
    n = _norm_word(w)
    return " ".join(n)


def _strip_legal(words: list[str], etype: str) -> list[str]:
    """Drop legal suffixes and trailing parenthesised parts (repeatedly)."""
    legal = _LEGAL_ORG if etype in ("ORG", "MISC") else _LEGAL_ALWAYS
    changed = True
    while changed and len(words) > 1:
        changed = False
        last = words[-1]
        if last.startswith("(") or last.endswith(")"):
            # a trailing parenthesised group, possibly several words
            j = len(words) - 1
            while j > 0 and not words[j].startswith("("):
                j -= 1
            if j > 0 and words[j].startswith("("):
                words = words[:j]
                changed = True
                continue
        n = _norm1(last)
        if n in legal:
            words = words[:-1]
            # "& Co", "and Co", "Pvt. Ltd." leftovers
            while len(words) > 1 and _norm1(words[-1]) in ("and", ""):
                words = words[:-1]
            changed = True
    return words


def _trailing_country(words: list[str]) -> int:
    """How many trailing words form a country/region name (0 if none)."""
    for k in range(min(_MAX_COUNTRY_WORDS, len(words) - 1), 0, -1):
        tail = _key_of(words[-k:])
        if tail in COUNTRIES:
            return k
    return 0


def _clearly_company(base: list[str]) -> bool:
    if len(base) < 2:
        return False
    last = _key_of(base[-1:])
    return bool(last) and last[-1] in _COMPANY_WORDS


def _strip_qualifier(words: list[str], etype: str, known: frozenset[tuple[str, ...]] | None) -> list[str]:
    """Drop a trailing country qualifier when the rest stands on its own.

    ``known`` is the set of base keys seen in the document (document level);
    None means the cross-document rule (rest clearly a company name, or one
    non-generic word).
    """
    if etype not in ("ORG", "MISC"):
        return words
    k = _trailing_country(words)
    if not k:
        return words
    base = words[:-k]
    if not base or _norm1(base[-1]) in _CONNECTORS:
        return words
    bkey = _key_of(base)
    if not bkey:
        return words
    if _clearly_company(base):
        return _strip_legal(base, etype)
    if known is not None:
        if bkey in known:
            return base
        return words
    if len(bkey) == 1 and bkey[0] not in _GENERIC_WORDS and bkey[0] not in _COUNTRY_WORDS and bkey[0] not in DEMONYMS:
        return base
    return words


def _base_words(name: str, etype: str) -> list[str]:
    """Display words of a name without possessive, honorifics, leading "The",
    legal suffixes and trailing parenthesised parts."""
    return list(_base_words_cached(name, etype))


@lru_cache(maxsize=65536)
def _base_words_cached(name: str, etype: str) -> tuple[str, ...]:
    s = _POSSESSIVE_RE.sub("", name)
    s = _SPACES_RE.sub(" ", s).strip(_EDGE_PUNCT)
    words = s.split()
    if not words:
        return ()
    if etype == "PERSON":
        while len(words) > 1 and _norm1(words[0]) in _HONORIFICS:
            words = words[1:]
    elif len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    if etype == "ORG":
        # an ORG name does not go on with a lowercase "in"/"at"/...: "Acme in India" is Acme
        for j in range(1, len(words)):
            if words[j] in _CUT_WORDS:
                words = words[:j]
                break
    if etype != "PLACE":
        words = _strip_legal(words, etype)
    return tuple(words)


# --------------------------------------------------------------------------- public key API


@lru_cache(maxsize=65536)
def entity_key(name: str, type: str) -> str:  # noqa: A002 - the brief's signature
    """Normalised key for merging entities across documents (type not included)."""
    words = _base_words(name, type)
    words = _strip_qualifier(words, type, None)
    return " ".join(_key_of(words))


def is_mergeable_across_documents(name: str, type: str) -> bool:  # noqa: A002
    """Whether an entity may merge with same-key entities of other documents.

    False for an empty key and for a one-word PERSON (a bare surname or first
    name is too thin to identify a person across documents).
    """
    key = entity_key(name, type)
    if not key:
        return False
    if type == "PERSON" and len(key.split()) < 2:
        return False
    return True


# --------------------------------------------------------------------------- document resolution


@dataclass(frozen=True, slots=True)
class Entity:
    name: str  # canonical display name
    type: str
    key: str  # entity_key(name, type)
    mergeable: bool  # is_mergeable_across_documents(name, type)
    mentions: tuple[int, ...]  # indices into the mention list
    aliases: tuple[str, ...]  # distinct surface forms, first-seen order


@dataclass(frozen=True, slots=True)
class Resolution:
    entities: tuple[Entity, ...]  # in order of first mention
    of_mention: tuple[int, ...]  # mention index -> entity index


@dataclass(slots=True)
class _Group:
    key: tuple[str, ...]
    members: list[int]
    types: Counter
    display: Counter  # display form -> count
    first_upper: bool = False  # single all-caps word (acronym candidate)
    type: str = ""  # majority type, set once the group is complete
    acronyms: set[str] = field(default_factory=set)  # of its forms, legal suffixes included

    @property
    def size(self) -> tuple[int, int]:
        return (len(self.key), sum(len(t) for t in self.key))


def _vote(types: Counter, fallback: Counter | None = None) -> str:
    best = max(types.values())
    tied = [t for t, n in types.items() if n == best]
    if len(tied) > 1 and fallback:
        sub = Counter({t: fallback.get(t, 0) for t in tied})
        best2 = max(sub.values())
        tied = [t for t in tied if sub[t] == best2]
    return min(tied, key=lambda t: _TYPE_ORDER.get(t, 9))


def _initial_match(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Each word of ``short`` matches a word of ``full`` in order, exactly or as an initial."""
    i = 0
    for s in short:
        while i < len(full):
            f = full[i]
            i += 1
            if (
                s == f
                or (len(s) == 1 and f.startswith(s))
                or (len(s) > 1 and s.isalpha() and len(s) <= 3 and _is_initials_of(s, full, i - 1))
            ):
                break
        else:
            return False
    return True


def _is_initials_of(s: str, full: tuple[str, ...], at: int) -> bool:
    """ "jk" against ("james", "kenneth", ...) starting at index ``at``."""
    if at + len(s) > len(full):
        return False
    return all(full[at + j].startswith(c) for j, c in enumerate(s))


def _person_variant(g: tuple[str, ...], l: tuple[str, ...]) -> bool:
    if len(l) < 2 or g[-1] != l[-1] or len(g[-1]) < 2:
        return False
    if len(g) == 1:
        return True
    return _initial_match(g[:-1], l[:-1])


_ACRONYM_SKIP = frozenset(["of", "and", "the", "for", "de", "du", "la", "le"])


def _acronym_of(l: tuple[str, ...]) -> str:
    return "".join(t[0] for t in l if t not in _ACRONYM_SKIP) if len(l) >= 2 else ""


def _acronym(g: _Group, l: _Group) -> bool:
    return g.first_upper and len(g.key) == 1 and g.key[0] in l.acronyms


def _matches(g: _Group, l: _Group) -> bool:
    gk, lk = g.key, l.key
    gt, lt = g.type, l.type
    if gt == "PLACE" and lt != "PLACE":
        return False
    if lt == "PERSON":
        return _person_variant(gk, lk)
    if lt in ("ORG", "MISC"):
        if len(gk) < len(lk) and lk[: len(gk)] == gk:
            if gk[0] in DEMONYMS or gk in COUNTRIES or gk[-1] in _CONNECTORS:
                return False
            return True
        return _acronym(g, l)
    if lt == "PLACE":
        return gt == "PLACE" and len(gk) < len(lk) and lk[: len(gk)] == gk and gk not in COUNTRIES
    return False


_last: tuple[tuple[EntitySpan, ...], Resolution] | None = None


def resolve(mentions: list[EntitySpan]) -> Resolution:
    """Cluster one document's mentions into entities (see the module docstring).

    The last answer is remembered, so the pipeline's resolve_document() and
    the claim finder share one computation per document.
    """
    global _last
    frozen = tuple(mentions)
    if _last is not None and _last[0] == frozen:
        return _last[1]
    res = _resolve(mentions)
    _last = (frozen, res)
    return res


def _resolve(mentions: list[EntitySpan]) -> Resolution:
    n = len(mentions)
    if not n:
        return Resolution((), ())
    # Pass 1: base forms without country qualifiers; collect known keys.
    words1: list[list[str]] = []
    for m in mentions:
        words1.append(_base_words(m.name or m.text, m.type))
    known = frozenset(_key_of(w) for w in words1)
    # Pass 2: drop qualifiers that leave a known form or a clear company name.
    groups: dict[tuple[str, ...], _Group] = {}
    mention_group: list[tuple[str, ...]] = []
    display_of: list[str] = []
    for i, m in enumerate(mentions):
        w = _strip_qualifier(words1[i], m.type, known)
        key = _key_of(w)
        if not key:  # nothing name-like left: keep the raw surface as its own key
            w = [surface_form(m) or m.text]
            key = (w[0].casefold(),)
        disp = " ".join(w)
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(key, [], Counter(), Counter())
            g.first_upper = len(w) == 1 and len(w[0]) >= 2 and w[0].isupper() and w[0].isalpha()
        g.members.append(i)
        if len(key) > 1 and m.type in ("ORG", "MISC"):
            g.acronyms.add(_acronym_of(key))
            g.acronyms.add(_acronym_of(_key_of(_POSSESSIVE_RE.sub("", m.name or m.text).split())))
            g.acronyms.discard("")
        g.types[m.type] += 1
        g.display[disp] += 1
        mention_group.append(key)
        display_of.append(disp)

    # Pass 3: attach shorter forms to fuller ones, fullest first. Fuller forms
    # are indexed by first word (prefixes), last word (surnames) and acronym.
    for g in groups.values():
        g.type = _vote(g.types)
    order = sorted(groups.values(), key=lambda g: (g.size, -g.members[0]), reverse=True)
    cluster_of: list[int] = [-1] * n
    n_clusters = 0
    by_first: dict[str, list[_Group]] = {}
    by_last: dict[str, list[_Group]] = {}
    by_acronym: dict[str, list[_Group]] = {}
    for g in order:
        pool: list[_Group] = by_first.get(g.key[0], []) + by_last.get(g.key[-1], [])
        if g.first_upper:
            pool += by_acronym.get(g.key[0], [])
        cands = []
        for l in pool:
            if l not in cands and _matches(g, l):
                cands.append(l)
        own = -1  # this group's own cluster, made when a member attaches nowhere
        for i in g.members:
            if not cands:
                if own < 0:
                    own = n_clusters
                    n_clusters += 1
                cluster_of[i] = own
                continue
            mt = mentions[i].type
            cs = [l for l in cands if l.type == mt] or [l for l in cands if l.type == g.type] or cands
            s0 = mentions[i].start
            best = None  # nearest preceding mention, else nearest following
            for l in cs:
                for j in l.members:
                    p = mentions[j].start
                    rank = (0, s0 - p) if p <= s0 else (1, p - s0)
                    if best is None or rank < best[0]:
                        best = (rank, cluster_of[j])
            cluster_of[i] = best[1]
        by_first.setdefault(g.key[0], []).append(g)
        by_last.setdefault(g.key[-1], []).append(g)
        for acr in g.acronyms:
            by_acronym.setdefault(acr, []).append(g)

    # Build entities in order of first mention.
    members: dict[int, list[int]] = {}
    for i, c in enumerate(cluster_of):
        members.setdefault(c, []).append(i)
    entities: list[Entity] = []
    remap: dict[int, int] = {}
    for c, idx in sorted(members.items(), key=lambda kv: kv[1][0]):
        fullest = max(len(mention_group[i]) for i in idx)
        full_idx = [i for i in idx if len(mention_group[i]) == fullest]
        all_types = Counter(mentions[i].type for i in idx)
        etype = _vote(Counter(mentions[i].type for i in full_idx), all_types)
        forms = Counter(display_of[i] for i in full_idx)
        first_seen = {}
        for i in full_idx:
            first_seen.setdefault(display_of[i], i)
        name = max(forms, key=lambda f: (forms[f], len(f), -first_seen[f]))
        aliases: list[str] = []
        for i in idx:
            a = surface_form(mentions[i])
            if a and a not in aliases:
                aliases.append(a)
        remap[c] = len(entities)
        key = entity_key(name, etype)
        entities.append(
            Entity(
                name=name,
                type=etype,
                key=key,
                mergeable=bool(key) and not (etype == "PERSON" and len(key.split()) < 2),
                mentions=tuple(idx),
                aliases=tuple(aliases),
            )
        )
    return Resolution(tuple(entities), tuple(remap[c] for c in cluster_of))


def resolve_document(mentions: list[EntitySpan]) -> list[tuple[str, str]]:
    """For each mention (same order), the (canonical name, type) of its entity."""
    res = resolve(mentions)
    return [(res.entities[e].name, res.entities[e].type) for e in res.of_mention]


def alias_forms(mentions: list[EntitySpan]) -> dict[tuple[str, str], list[str]]:
    """(canonical name, type) -> every distinct surface form of that entity in
    the document, first-seen order."""
    res = resolve(mentions)
    return {(e.name, e.type): list(e.aliases) for e in res.entities}
