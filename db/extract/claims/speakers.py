"""Speakers: the mention that speaks for a cue, or the back-reference that names it.

``speaker`` is the index into ``entities`` of the mention that speaks; the
mention's cluster type (from :mod:`db.extract.aliases`) decides: a mention
right before the verb, else the name of an apposition ("X, chief executive of
Y, said"; "Y's lawyer, X, said"), else a possessive's owner when its office
or spokesman speaks ("X's office confirmed"), else a back-reference ("he",
"the firm", "the minister"), else the nearest PERSON, else ORG. A person before the organisations and places
the person is of speaks ("Dr X of the Health Department says", "Judge X of the District Court in Y wrote"), and
so does a name given to a role ("The Lord Chancellor, Lord X, said"; "X, Acme's chief executive told"); a party
and state tag ("D-Ohio") never does. After a cue
("said X"), the first PERSON, else ORG; of "said Acme spokesman X" or "said
Finance Minister X", the person. A back-reference is resolved later by
:mod:`db.extract.claims.references` (then ``speaker`` and ``speaker_ref`` are
both set); when nothing fits, ``speaker`` is None and ``speaker_ref`` still
says who was meant ("they", an unknown "he"). Non-entity sources ("media
reports", "analysts") give ``speaker`` None and ``speaker_ref`` None.
"""

from __future__ import annotations

import re

from db.extract.claims.document import Doc, n_words
from db.extract.claims.grammar import AUX_GAP_RE, COORD_RE, REF_AFTER_RE, REF_BEFORE_RE, SPEAKS_FOR_RE, WORD_RE
from db.extract.claims.lexicon import ADVERBIAL_STARTS, CLAUSE_OPENERS, PREPOSITIONS, REFERENCE_NOUNS, VERB_FORMS

_PRONOUNS = frozenset({"he", "she", "it", "they"})
_LEAD_WORDS = frozenset({"of", "the", "and", "but", "for"})  # words of a title before a name
_SUBJECT_MAX_WORDS = 10
_ROLE_MAX_WORDS = 10  # "the president of one of the city's main charities, X, said"
_PAST = re.compile(r"[a-z]{2,}ed$")
_WORD = re.compile(r"[\w’'-]+")
_FIRST_WORD = re.compile(r"[\s\"“”'‘’(]*([A-Za-z]+)")
# between a person and the organisation or place the person is of: "X of the Y", "X, of Y", "X at Y"
_OF_PLACE = re.compile(r",?\s+(?:of|at|from|in)\s+(?:the\s+)?")
_ROLE_TAIL = re.compile(r"(?:\s+[a-z][\w-]*){0,3}\s*,\s*")  # the rest of a role, then its name: " director, "
_CLAUSE_JOIN = re.compile(r"\b(?:and|but|while)\b")  # "The number of X fell and in May Y said": a new clause
_FOR_PLACE = re.compile(r"\s+for\s+(?:the\s+)?")
# a subject headed by a collective noun: "A group of investors led by X"
_GROUP_GAP = 3  # words between a group's "of" and a name inside it ("friends of former Acme boss X")
_COMMON_HEAD = re.compile(
    r"\s*(?:(?:[Bb]ut|[Aa]nd|[Yy]et)\s+)?(?:[Aa]n?|[Tt]he|[Ss]ome|[Ss]everal|[Mm]any|[Mm]ultiple|[Nn]umerous|[Tt]wo|[Tt]hree)"
    r"\s+(?:[a-z][\w-]*\s+){1,2}of\b"
)


# a US politician's party and state after the name ("Sen. X, D-Ohio, said"): no speaker of its own
_PARTY_TAG = re.compile(r"[DRI]-[A-Z][\w.]*$")


def not_a_party_tag(d: Doc, idx: list[int]) -> list[int]:
    return [i for i in idx if not _PARTY_TAG.match(d.entities[i].text)]


def pick(d: Doc, idx: list[int], rightmost: bool) -> int | None:
    """PERSON first, then ORG; the nearest to the verb."""
    seq = list(reversed(idx)) if rightmost else idx
    for want in ("PERSON", "ORG"):
        for i in seq:
            if d.ctype[i] == want:
                return i
    return None


def possessive(d: Doc, i: int) -> bool:
    e = d.entities[i]
    return e.text.endswith(("’s", "'s")) or d.text.startswith(("’s", "'s"), e.end)


# A wire dateline opening a story: "(Reuters) — ", "WASHINGTON (AP) - ", "LONDON, March 3 (Reuters) -". The agency
# in it credits the story; it is no subject of the sentence.
_DATELINE = re.compile(r"(?:[A-Z][^()\n]{0,60}?\s*)?\([^()\n]{1,40}\)\s*[—–-]{1,2}\s+")


def lead_end(d: Doc, lo: int, hi: int) -> int:
    """Where an opening adverbial or clause ends ("In a statement on Friday,", "Ahead of talks with X,",
    "Speaking to reporters,", "Once X had signed,"): just after its comma; after a wire dateline
    ("(Reuters) — "); ``lo`` when the clause opens with neither. A name in it is no subject."""
    text = d.text
    dateline = _DATELINE.match(text, lo, hi) if text.find("(", lo, hi) >= 0 else None  # one holds a "("
    if dateline:
        lo = dateline.end()
    comma = text.find(",", lo, hi)
    if comma < 0:
        return lo
    m = _FIRST_WORD.match(text, lo, comma)
    if m is None:
        return lo
    w = m.group(1).lower()
    if not (w in ADVERBIAL_STARTS or w in CLAUSE_OPENERS or w in PREPOSITIONS or (len(w) > 5 and w.endswith("ing"))):
        return lo
    if d.mentions_in(m.start(1), m.end(1) + 1):
        return lo
    named = d.mentions_in(comma - 60, comma)
    if (
        w not in CLAUSE_OPENERS
        and named
        and d.ctype[named[-1]] in ("PERSON", "ORG")
        and not text[d.entities[named[-1]].end : comma].strip()
    ):
        return lo  # "Speaking after the vote X, leader of Y, said": the comma opens an apposition
    return comma + 1


def speaker_before(d: Doc, lo: int, verb: int) -> tuple[int | None, str | None, int]:
    """Speaker of a verb at ``verb`` whose subject lies in [lo, verb)."""
    text = d.text
    lo = lead_end(d, lo, verb)
    idx = not_a_party_tag(d, [i for i in d.mentions_in(lo, verb) if not d.in_quote(d.entities[i].start)])
    # "A group of investors led by X said", "Friends of X had told": the subject is the group; a name after
    # a preposition in it is no speaker, nor, even right before the verb, one within its first words after
    # "of" ("The chairman of the Bar, X has said": X speaks)
    head = _COMMON_HEAD.match(text, lo, verb)
    in_group: set[int] = set()
    at_head: set[int] = set()
    if head:
        for i in idx:
            start = d.entities[i].start
            if _after_preposition(text, lo, start):
                in_group.add(i)
                gap = text[head.end() : start]
                if "," not in gap and n_words(gap) <= _GROUP_GAP:
                    at_head.add(i)
    if idx and idx[-1] not in at_head:
        last = idx[-1]
        gap = text[d.entities[last].end : verb]
        if gap[:2] in ("'s", "’s") and gap[2:3].isspace() and AUX_GAP_RE.fullmatch(gap, 2):
            gap = gap[2:]  # "Shoney's said", "McDonald's has said": a name in 's, no possessive before a verb
        # "The authors of the research published in the journal X argued": X is inside a phrase inside the subject
        buried = (
            head is not None
            and last in in_group
            and "," not in text[head.end() : d.entities[last].start]
            and not _CLAUSE_JOIN.search(text, head.end(), d.entities[last].start)
            and _after_preposition(text, head.end(), d.entities[last].start)
        )
        if AUX_GAP_RE.fullmatch(gap) and d.ctype[last] in ("PERSON", "ORG", "PLACE") and not buried:
            if len(idx) > 1 and d.ctype[last] != "PERSON":
                of_whom = _person_of(d, idx)
                if of_whom is not None:
                    return of_whom, None, -1  # "Judge X of the District Court in Y wrote": X
                prev = d.entities[idx[-2]]
                if d.ctype[idx[-2]] == "ORG" and _FOR_PLACE.fullmatch(text, prev.end, d.entities[last].start):
                    return idx[-2], None, -1  # "the Attorney's Office for the District of Y said": the office
            if d.ctype[last] != "PERSON":
                lead_person = _person_with_role(d, lo, idx)
                if lead_person is not None:
                    return lead_person, None, -1  # "X, founder of the Y Centre said": X
            return last, None, -1
    appo = apposition_speaker(d, lo, verb, idx)
    if appo is not None:
        return appo, None, -1
    if idx and possessive(d, idx[-1]) and SPEAKS_FOR_RE.fullmatch(text, d.entities[idx[-1]].end, verb):
        return idx[-1], None, -1  # "Mr. Netanyahu's office confirmed": the office speaks for him
    m = REF_BEFORE_RE.search(text, lo, verb)
    if m:
        owner = [i for i in idx if d.entities[i].end <= m.start("ref")]
        if (
            owner
            # (not "Echoing X, the prime minister said": "the ..." after a comma may open the main clause)
            and m.group("ref").split()[0].lower() not in _PRONOUNS | {"the", "this"}
            and d.ctype[owner[-1]] == "PERSON"
            and text[d.entities[owner[-1]].end : m.start("ref")].strip() == ","
            and not possessive(d, owner[-1])
        ):
            return owner[-1], None, -1  # "X, Acme's chief executive told": the role is X's
        given = _named_after(d, idx, m.end("ref"))
        if given is not None:
            return given, None, -1  # "The Lord Chancellor, Lord X, said": the name the role is given
        named = named_in_reference(d, idx, m.start("ref"), m.end("ref"))
        if named is not None:
            return named, None, -1
        return None, m.group("ref"), m.start("ref")
    idx = [i for i in idx if not possessive(d, i)]
    if COORD_RE.search(text, lo, verb):
        # "X did this ... but said ...": the speaker is the sentence's subject
        if idx and n_words(text[lo : d.entities[idx[0]].start]) <= 2 and d.ctype[idx[0]] in ("PERSON", "ORG"):
            return idx[0], None, -1
        m = REF_AFTER_RE.match(text, lo, verb)
        if m and n_words(text[lo : m.start("ref")]) <= 1:
            given = _named_after(d, idx, m.end("ref"))
            if given is not None:
                return given, None, -1  # "The Lord Chancellor, Lord X, agreed ... but added"
            return None, m.group("ref"), m.start("ref")
        return None, None, -1
    return pick(d, [i for i in idx if i not in in_group], rightmost=True), None, -1


def _person_of(d: Doc, idx: list[int]) -> int | None:
    """The person before a chain of places and organisations the person is of, ending at the last mention:
    "Dr X of the Health Department", "Judge X of the District Court in Y" (X); None when no person heads it."""
    text = d.text
    k = len(idx) - 1
    while k > 0:
        prev, cur = d.entities[idx[k - 1]], d.entities[idx[k]]
        if not _OF_PLACE.fullmatch(text, prev.end, cur.start):
            return None
        if d.ctype[idx[k - 1]] == "PERSON":
            return idx[k - 1] if _named_person(text, prev.start, prev.text) else None
        if d.ctype[idx[k - 1]] not in ("ORG", "PLACE"):
            return None
        k -= 1
    return None


def _named_after(d: Doc, idx: list[int], ref_end: int) -> int | None:
    """The person named right after a role, between commas or before one ("the chancellor, Lord X,")."""
    for i in idx:
        if d.entities[i].start >= ref_end:
            if d.ctype[i] == "PERSON" and _ROLE_TAIL.fullmatch(d.text, ref_end, d.entities[i].start):
                return i
            return None
    return None


def _named_person(text: str, start: int, name: str) -> bool:
    """Whether a person's mention reads as a name, not a word of a longer name: two words or more, or a
    title before it ("President X of Y"; not "the Fraser of Allander Institute")."""
    if " " in name.strip():
        return True
    before = text[max(0, start - 40) : start].split()
    return bool(before) and before[-1][:1].isupper()


def _person_with_role(d: Doc, lo: int, idx: list[int]) -> int | None:
    """The person of "X, ROLE of the Y said" (no comma closing the role): the subject opens with X, a comma,
    then a lower-case role and no other comma."""
    if len(idx) < 2 or d.ctype[idx[0]] != "PERSON":
        return None
    text = d.text
    first = d.entities[idx[0]]
    if not text.startswith(",", first.end) or possessive(d, idx[0]):
        return None
    lead = WORD_RE.findall(text, lo, first.start)
    if len(lead) > 4 or not all(w[:1].isupper() or w.lower() in _LEAD_WORDS for w in lead):
        return None
    role = text[first.end + 1 : d.entities[idx[-1]].start]
    words = WORD_RE.findall(role)
    if "," in role or not words or not words[0][:1].islower() or len(words) > _ROLE_MAX_WORDS:
        return None
    return idx[0]


def _after_preposition(text: str, lo: int, pos: int) -> bool:
    return any(w.lower() in PREPOSITIONS for w in _WORD.findall(text, lo, pos))


def named_in_reference(d: Doc, idx: list[int], lo: int, hi: int) -> int | None:
    """The organisation a description of an organisation names before its noun ("the Acme news agency":
    Acme), or None; not a person's ("the Acme boss" is someone at Acme)."""
    words = WORD_RE.findall(d.text, lo, hi)
    if not words or words[-1].lower() not in REFERENCE_NOUNS:
        return None
    for i in reversed(idx):
        e = d.entities[i]
        if e.start < lo:
            break
        if e.end <= hi and d.ctype[i] == "ORG" and not possessive(d, i):
            tail = WORD_RE.findall(d.text, e.end, hi)
            if len(tail) <= 2 and all(w[:1].islower() for w in tail):
                return i
    return None


def apposition_speaker(d: Doc, lo: int, verb: int, idx: list[int] | None = None) -> int | None:
    """The speaker of "X, APPOSITION, said" (X) or "ROLE, X, said" (X), or None."""
    text = d.text
    if not text[lo:verb].rstrip(" \t\"”’'").endswith(","):
        return None
    if idx is None:
        idx = [i for i in d.mentions_in(lo, verb) if not d.in_quote(d.entities[i].start)]
    if not idx:
        return None
    last = d.entities[idx[-1]]
    if (
        d.ctype[idx[-1]] in ("PERSON", "ORG")
        and not text[last.end : verb].strip(" ,\"”’'")
        and text[lo : last.start].rstrip().endswith(",")
        and n_words(text[lo : last.start].rstrip()[:-1].rsplit(",", 1)[-1]) <= _ROLE_MAX_WORDS
    ):
        return idx[-1]  # "Slepian's lawyer, Glenn Murray, said"; not "A group led by X and its chief, Y, said"
    k = 0
    while k < len(idx) - 1 and d.ctype[idx[k]] in ("PLACE", "MISC"):
        k += 1  # a word of the title: "Illinois Attorney General X, whose office ..., said"
    first = d.entities[idx[k]]
    lead = WORD_RE.findall(text, lo, first.start)
    if (
        d.ctype[idx[k]] in ("PERSON", "ORG")
        and text.startswith(",", first.end)
        and (
            (len(lead) <= 4 and all(w[:1].isupper() or w.lower() in _LEAD_WORDS for w in lead))
            # "Speaking after the vote X, leader of Y, said"
            or (lead and len(lead[0]) > 5 and lead[0].endswith("ing") and len(lead) <= 8)
        )
    ):
        return idx[k]  # "Jack Law, chief executive of Alcohol Focus Scotland, said"
    return None


# After a cue, where the speaker's phrase ends and the medium begins: "said one expert, as reported by the X".
_MEDIUM_AFTER = re.compile(
    r"(?i),?\s+(?:as\s+)?(?:reported|quoted|cited)\s+(?:by|in)\b|,\s+according\s+to\b|\s+in\s+an?\s+interview\s+with\b"
)


def speaker_after(d: Doc, lo: int, hi: int) -> tuple[int | None, str | None, int]:
    """Speaker named after a cue, in [lo, hi): first PERSON, else ORG, else a back-reference; a name after "as
    reported by" or "in an interview with" is the medium, not the speaker."""
    medium = _MEDIUM_AFTER.search(d.text, lo, hi)
    if medium:
        hi = medium.start()
    m = REF_AFTER_RE.match(d.text, lo, hi)
    idx = not_a_party_tag(d, d.mentions_in(lo, hi))
    if m and (not idx or d.entities[idx[0]].start >= m.end()):
        given = _named_after(d, idx, m.end())
        if given is not None:
            return given, None, -1  # "said the festival's executive director, X": the role is X's
        return None, m.group("ref"), m.start("ref")
    found = pick(d, idx, rightmost=False)
    if found is None and idx and d.entities[idx[0]].start - lo < 40:
        found = idx[0]
    if found is not None and d.ctype[found] == "PERSON":
        # "said William Hill spokesman Rupert Adams": a name, a role, a person: the person
        k = idx.index(found) + 1
        if k < len(idx) and d.ctype[idx[k]] == "PERSON":
            between = WORD_RE.findall(d.text, d.entities[found].end, d.entities[idx[k]].start)
            if 0 < len(between) <= 4 and "," not in d.text[d.entities[found].end : d.entities[idx[k]].start]:
                found = idx[k]  # "said Economic and Fiscal Policy Minister X" (the first is part of a title)
    return found, None, -1


def subjects(d: Doc) -> list[tuple[int, int]]:
    """(position, mention) of each sentence's subject: its first PERSON mention, and the first
    ORG before that, outside quotes, not possessive ("Acme's chief executive, X, said": X), with
    at most ``_SUBJECT_MAX_WORDS`` words before it and none a preposition or a verb form
    ("Indian authorities have accused X": X is no subject). "UK Athletics chief X": both."""
    text = d.text
    out: list[tuple[int, int]] = []
    for s in d.sentences:
        org_found = False
        start = lead_end(d, s.start, s.end)
        for i in d.mentions_in(start, s.end):
            e = d.entities[i]
            if d.ctype[i] not in ("PERSON", "ORG") or d.in_quote(e.start):
                continue
            before = [w.lower() for w in _WORD.findall(text, start, e.start)]
            if len(before) > _SUBJECT_MAX_WORDS or any(
                w in PREPOSITIONS or w in VERB_FORMS or _PAST.match(w) for w in before
            ):
                break
            if possessive(d, i):
                if d.cluster[i] in d.people and not has_subject_in(out, s.start):
                    out.append((e.start, i))  # "X's relay triumph made up for ...": X is the topic, unless Y follows
                continue
            if d.ctype[i] == "PERSON":
                out.append((e.start, i))
                break
            if not org_found:
                out.append((e.start, i))
                org_found = True
    return out


def has_subject_in(out: list[tuple[int, int]], start: int) -> bool:
    """Whether ``out`` already holds a subject of the sentence starting at ``start``."""
    return bool(out) and out[-1][0] >= start


def find_subjects(d: Doc) -> None:
    """The sentence subjects, for back-references; the ORG ones for "X has denied it, saying ..."."""
    d.subjects = subjects(d)
    d.org_subjects = [(pos, i) for pos, i in d.subjects if d.ctype[i] == "ORG"]
