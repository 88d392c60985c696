"""Within-document alias resolution: which entity mentions of a document name the same thing.

Mentions are merged when
  * their normalised forms are equal (see normalise.py: case, accents,
    punctuation, initials, possessives, honorifics, a leading "The", legal
    suffixes and parenthesised qualifiers are ignored);
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
    not "China Mobile"), and a place the gazetteer knows is no short form of a
    longer "place" it does not know ("London" is not "London Marathon", "Dubai"
    not "Dubai Duty Free"). A bare institution's head is a short form of the
    document's name it heads or ends ("the Bank" of "Bank of England", "the
    Commission" of "European Commission"). When several fuller forms fit, one of the mention's
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
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from db.extract.aliases import cues
from db.extract.aliases.cues import first_names
from db.extract.aliases.keys import entity_key, mergeable_key
from db.extract.aliases.normalise import (
    POSSESSIVE_RE,
    base_words,
    clearly_company,
    key_of,
    strip_qualifier,
    surface_form,
    trailing_country,
)
from db.extract.aliases.vocabulary import (
    ACRONYM_SKIP,
    COMPANY_TAILS,
    CONNECTORS,
    COUNTRIES,
    DEMONYMS,
    HONORIFICS,
    INSTITUTION_HEADS,
    LEGAL_ORG,
)
from db.extract.types import EntitySpan

_TYPE_ORDER = {"ORG": 0, "PERSON": 1, "PLACE": 2, "MISC": 3}
_OUTVOTE = 3  # a mention takes another type when that many of its entity's mentions outvote it that many times


@dataclass(frozen=True, slots=True)
class Entity:
    name: str  # canonical display name
    type: str
    key: str  # entity_key(name, type)
    mergeable: bool  # is_mergeable_across_documents(name, type)
    mentions: tuple[int, ...]  # indices into the mention list
    aliases: tuple[str, ...]  # distinct surface forms, first-seen order
    settled: bool = True  # False: a place no gazetteer knows and no context shows one (cues.reread)


@dataclass(frozen=True, slots=True)
class Resolution:
    entities: tuple[Entity, ...]  # in order of first mention
    of_mention: tuple[int, ...]  # mention index -> entity index
    type_of_mention: tuple[str, ...] = ()  # mention index -> the type it keeps (see mention_types)


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


def _person_variant(g: tuple[str, ...], f: tuple[str, ...]) -> bool:
    if len(f) < 2 or g[-1] != f[-1] or len(g[-1]) < 2:
        return False
    if len(g) == 1:
        return True
    return _initial_match(g[:-1], f[:-1])


def _first_name_of(g: _Group, f: _Group) -> bool:
    """Whether ``g`` is a bare first name ("Mike", tagged a person) of the fuller person ``f`` ("Mike Ford")."""
    return (
        g.type == "PERSON"
        and len(g.key) == 1
        and len(f.key) >= 2
        and f.key[0] == g.key[0]
        and g.key[0] in first_names()
    )


def _titled(m: EntitySpan, text: str | None) -> bool:
    """Whether a mention is written with an honorific or title before the name ("Prince Charles"),
    inside its span or just before it."""
    words = (m.text or "").split()
    if len(words) > 1 and " ".join(key_of(words[:1])) in HONORIFICS:
        return True
    before = text[max(0, m.start - 16) : m.start].split() if text is not None else []
    return bool(before) and before[-1][:1].isupper() and " ".join(key_of(before[-1:])) in HONORIFICS


def _acronym_of(key: tuple[str, ...]) -> str:
    return "".join(t[0] for t in key if t not in ACRONYM_SKIP) if len(key) >= 2 else ""


def _acronym(g: _Group, f: _Group) -> bool:
    return g.first_upper and len(g.key) == 1 and g.key[0] in f.acronyms


def _matches(g: _Group, f: _Group) -> bool:
    """Whether group ``g`` is a short form of the fuller group ``f``."""
    gk, fk = g.key, f.key
    gt, ft = g.type, f.type
    if gt == "PLACE" and ft != "PLACE":
        return False
    if ft == "PERSON":
        return _person_variant(gk, fk) or _first_name_of(g, f)
    if ft in ("ORG", "MISC"):
        if len(gk) == 1 and gk[0] in INSTITUTION_HEADS and gt in ("ORG", "MISC") and len(fk) > 1:
            # "the Bank" of "Bank of England", "the Commission" of "European Commission"
            return (fk[0] == gk[0] and fk[1] in ("of", "for")) or fk[-1] == gk[0]
        if len(gk) < len(fk) and fk[: len(gk)] == gk:
            # a bare name joins a company's fuller name, not a product's or a programme's
            # ("Nintendo" is not "Nintendo DS", "BBC" not "BBC News")
            # (and a person's name is not the party or firm named after him: "the Robert X Party")
            return (
                fk[-1] in COMPANY_TAILS
                and not (gk[0] in DEMONYMS or gk in COUNTRIES or gk[-1] in CONNECTORS)
                and not (gt == "PERSON" and (len(gk) > 1 or gk[0] in first_names()))
            )
        return _acronym(g, f)
    if ft == "PLACE":
        if gt != "PLACE":
            return False
        if len(gk) < len(fk) and fk[: len(gk)] == gk and gk not in COUNTRIES:
            # a known place is no short form of a longer "place" the gazetteer does not know: "London"
            # is not "London Marathon", "Dubai" not "Dubai Duty Free" (but "New York" is "New York City")
            return not cues.known_place_key(gk) or cues.known_place_key(fk)
        return _acronym(g, f)  # "US"
    return False


def resolve(mentions: list[EntitySpan], text: str | None = None) -> Resolution:
    """Cluster one document's mentions into entities (see the module docstring). With the
    document's ``text``, a place that is no known place is read again by its contexts (cues.py)."""
    n = len(mentions)
    if not n:
        return Resolution((), ())
    # Pass 1: base forms without country qualifiers; collect known keys.
    words1: list[list[str]] = []
    for m in mentions:
        words1.append(base_words(m.name or m.text, m.type))
    mentions = _country_arms(mentions, words1)
    known = frozenset(key_of(w) for w in words1)
    # Pass 2: drop qualifiers that leave a known form or a clear company name.
    groups: dict[tuple[str, ...], _Group] = {}
    mention_group: list[tuple[str, ...]] = []
    display_of: list[str] = []
    glued: set[int] = set()
    for i, m in enumerate(mentions):
        w = strip_qualifier(words1[i], m.type, known)
        if len(w) < len(words1[i]) and not clearly_company(w):
            glued.add(i)  # "X India" read as "X", a form of the document: an arm of X, or two names run together
        key = key_of(w)
        if not key:  # nothing name-like left: keep the raw surface as its own key
            w = [surface_form(m) or m.text]
            key = (w[0].casefold(),)
        disp = " ".join(w)
        g = groups.get(key)
        if g is None:
            g = groups[key] = _Group(key, [], Counter(), Counter())
            g.first_upper = len(w) == 1 and len(w[0]) >= 2 and w[0].isupper() and w[0].isalpha()
        g.members.append(i)
        if len(key) > 1 and m.type in ("ORG", "MISC", "PLACE"):
            g.acronyms.add(_acronym_of(key))
            g.acronyms.add(_acronym_of(key_of(POSSESSIVE_RE.sub("", m.name or m.text).split())))
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
    first_named: set[int] = set()  # mentions of a bare first name joined to the person who has it
    by_first: dict[str, list[_Group]] = {}
    by_last: dict[str, list[_Group]] = {}
    by_acronym: dict[str, list[_Group]] = {}
    for g in order:
        pool: list[_Group] = by_first.get(g.key[0], []) + by_last.get(g.key[-1], [])
        if g.first_upper:
            pool += by_acronym.get(g.key[0], [])
        cands: list[_Group] = []
        for f in pool:
            if f not in cands and _matches(g, f):
                cands.append(f)
        if cands and len(g.key) == 1:
            # a bare first name joins the one person of the document who has it, and only when no
            # surname (or other form) fits: "Mike" beside "Mike Ford" and "Mike Glass" stays alone
            other = [f for f in cands if not (f.type == "PERSON" and f.key[-1] != g.key[0] and _first_name_of(g, f))]
            if other:
                cands = other
            elif len({f.key for f in cands}) > 1 or any(_titled(mentions[i], text) for i in g.members):
                cands = []  # (and "Prince Charles" is no first name of the document's Charles Kennedy)
            else:
                first_named.update(g.members)
        own = -1  # this group's own cluster, made when a member attaches nowhere
        for i in g.members:
            if not cands:
                if own < 0:
                    own = n_clusters
                    n_clusters += 1
                cluster_of[i] = own
                continue
            mt = mentions[i].type
            cs = [f for f in cands if f.type == mt] or [f for f in cands if f.type == g.type] or cands
            s0 = mentions[i].start
            best: tuple[tuple[int, int], int] | None = None  # nearest preceding mention, else nearest following
            for f in cs:
                for j in f.members:
                    p = mentions[j].start
                    rank = (0, s0 - p) if p <= s0 else (1, p - s0)
                    if best is None or rank < best[0]:
                        best = (rank, cluster_of[j])
            assert best is not None  # cs is not empty, and a group has members
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
        first_seen: dict[str, int] = {}
        for i in full_idx:
            first_seen.setdefault(display_of[i], i)
        name = max(forms, key=lambda f: (forms[f], len(f), -first_seen[f]))
        aliases: list[str] = []
        company = bool(glued.intersection(idx)) and _company_evidence(mentions, idx, etype)
        by_first_name = False
        if first_named.intersection(idx):
            full = mention_group[full_idx[0]]
            by_surname = sum(0 < len(k) < len(full) and full[-len(k) :] == k for k in (mention_group[i] for i in idx))
            by_first_name = sum(i in first_named for i in idx) > max(1, by_surname)
        for i in idx:
            if i in glued and not company:
                continue  # "EU China" (a headline), "Labour Britain" (a missing comma): no name of the EU's
            if i in first_named and not by_first_name:
                # "Charles" beside "Charles Kennedy" is his here, but no name of his in other
                # documents (the store joins a bare name to the person whose alias it is), unless
                # the document calls him by it more than by his surname ("Paula" of a race report)
                continue
            a = surface_form(mentions[i])
            if a and a not in aliases:
                aliases.append(a)
        remap[c] = len(entities)
        settled = True
        if etype == "PLACE" and text is not None:
            new, settled = cues.reread(text, mentions, idx, name)
            if new != "PLACE":
                etype = new
                mentions = _retyped(mentions, idx, new)
        elif (
            etype in ("PERSON", "ORG", "MISC")
            and text is not None
            and len(name.split()) <= 3
            and cues.titled(text, mentions, idx)
        ):
            # "President X" beside "the X administration" and "voters handed X a defeat": an unseen
            # surname that is also a word, tagged by its contexts; the title says whose they all are
            mentions = _retyped(_retyped(mentions, idx, "PERSON", "ORG"), idx, "PERSON", "MISC")
            etype = "PERSON"
        elif (
            etype == "PERSON"
            and text is not None
            and (cues.reread_person(text, mentions, idx) == "MISC" or cues.common_words_person(text, name))
        ):
            etype = "MISC"  # "the film X", a heading or a product
            mentions = _retyped(mentions, idx, "MISC", "PERSON")
        elif (
            etype == "ORG"
            and text is not None
            and cues.reread_org(text, mentions, idx) == "MISC"
            and not _company_evidence(mentions, idx, etype)
        ):
            etype = "MISC"  # "her book X", "the show X"
            mentions = _retyped(mentions, idx, "MISC", "ORG")
        if etype != "PLACE" and text is not None and cues.celestial(text, name):
            mentions = _retyped(mentions, idx, "PLACE", etype)  # "Europa" of a page about space: the moon
            etype = "PLACE"
        ekey = entity_key(name, etype)
        entities.append(
            Entity(
                name=name,
                type=etype,
                key=ekey,
                mergeable=mergeable_key(ekey, etype),
                mentions=tuple(idx),
                aliases=tuple(aliases),
                settled=settled,
            )
        )
    of_mention = tuple(remap[c] for c in cluster_of)
    return Resolution(tuple(entities), of_mention, mention_types(mentions, entities, of_mention))


def mention_types(mentions: list[EntitySpan], entities: list[Entity], of_mention: tuple[int, ...]) -> tuple[str, ...]:
    """The type each mention keeps: its own (what its context gave the tagger), unless at least
    three of its entity's mentions read as one other type, three times as often as its own ("WTO"
    tagged MISC among ORG "WTO"s). The entity's type, decided by its fullest forms, is evidence,
    not an override: one "World Trade Organisation" tagged MISC does not make eleven ORG "WTO"
    MISC. (Chosen on CoNLL-2003 dev, span+type F1 through the pipeline: 0.9219, against 0.9212 for
    every mention's own type, 0.9202 for a 2:1 vote and 0.9169 for the entity's type.)"""
    out: list[str] = []
    tally: dict[int, tuple[Counter[str], str, int]] = {}  # an entity's votes, counted once (not once per mention)
    for i, m in enumerate(mentions):
        e = of_mention[i]
        entity = entities[e]
        hit = tally.get(e)
        if hit is None:
            votes = Counter(mentions[j].type for j in entity.mentions)
            hit = tally[e] = (votes, *votes.most_common(1)[0])
        votes, best, n = hit
        if entity.type == "ORG" and m.type != "ORG" and _short_of_company(m, entity):
            out.append("ORG")  # "Tata" of "Tata Motors": the company, however it was tagged
        else:
            out.append(best if n >= _OUTVOTE and n >= _OUTVOTE * votes[m.type] else m.type)
    return tuple(out)


def _short_of_company(m: EntitySpan, entity: Entity) -> bool:
    """Whether ``m`` is a short form of ``entity``'s name that ends like a company's ("Tata" of
    "Tata Motors")."""
    full = entity.key.split()
    if len(full) < 2 or full[-1] not in COMPANY_TAILS:
        return False
    short = key_of(base_words(m.name or m.text, "ORG"))
    return 0 < len(short) < len(full) and tuple(full[: len(short)]) == short


def _company_evidence(mentions: list[EntitySpan], idx: list[int], etype: str) -> bool:
    """Whether an entity is a company by its forms in the document: an organisation one of whose
    forms ends in a legal form ("X Corp") or a company word ("X Technologies"), so that "X India" is
    its arm there, a name of it."""
    if etype != "ORG":
        return False
    for i in idx:
        words = POSSESSIVE_RE.sub("", mentions[i].name or mentions[i].text).split()
        if len(words) > 1 and (" ".join(key_of(words[-1:])) in LEGAL_ORG or clearly_company(words)):
            return True
    return False


def _retyped(mentions: list[EntitySpan], idx: list[int], etype: str, was: str = "PLACE") -> list[EntitySpan]:
    """``mentions`` with those of ``idx`` typed ``was`` typed ``etype`` (a copy: the caller's list is not changed)."""
    out = list(mentions)
    for i in idx:
        if out[i].type == was:
            out[i] = replace(out[i], type=etype)
    return out


def _country_arms(mentions: list[EntitySpan], words: list[list[str]]) -> list[EntitySpan]:
    """A PLACE mention that is an organisation of the document and a country ("Samsung India" where
    "Samsung" is an ORG) names the organisation's arm there: it is an ORG."""
    orgs = {key_of(w) for m, w in zip(mentions, words, strict=True) if m.type == "ORG"}
    if not orgs:
        return mentions
    out = list(mentions)
    for i, (m, w) in enumerate(zip(mentions, words, strict=True)):
        if m.type == "PLACE" and len(w) > 1:
            k = trailing_country(w)
            if k and key_of(w[:-k]) in orgs and key_of(w) not in COUNTRIES:  # "South Korea" is a country
                out[i] = replace(m, type="ORG")
    return out


def resolve_document(mentions: list[EntitySpan]) -> list[tuple[str, str]]:
    """For each mention (same order), the (canonical name, type) of its entity."""
    res = resolve(mentions)
    return [(res.entities[e].name, res.entities[e].type) for e in res.of_mention]


def alias_forms(mentions: list[EntitySpan]) -> dict[tuple[str, str], list[str]]:
    """(canonical name, type) -> every distinct surface form of that entity in
    the document, first-seen order."""
    res = resolve(mentions)
    return {(e.name, e.type): list(e.aliases) for e in res.entities}
