"""Back-references: who "he", "she", "it", "the company" and "the minister" are.

What news prose does: a pronoun is the person last named as a speaker or as the subject of a
sentence before the one it stands in (so never a name inside its own quote or clause, nor an object
or a name after a preposition, nor a person the statement itself names in the third person), agreeing in
gender where a first name or an honorific tells it;
"it" and "the firm" are the organisation last named as a subject or speaker; "the minister", "the
lawyer", "the 21-year-old" are the person the text gave that role ("rural affairs minister X", "X,
the city's mayor"), else the person last named as a subject or speaker, or, when none was named before, the subject or
speaker of the next sentence (a lead's "..., the minister has said." then "..., X said."), or the first person
the text later gives that role ("Austria's interior minister said" ... "Interior Minister X"). A pronoun right after
an opening clause is that clause's subject ("When President X announced it, he said": X). A role the text brought
in unnamed ("a doctor at the scene") is nobody named: "the doctor said" stays None. "The company" is the one
organisation its own sentence names outside an opening adverbial, if there is one. When nothing fits, the
speaker stays None (the reference is kept as written): never a guess.

Subjects are those of :func:`db.extract.claims.speakers.subjects` (``Doc.subjects``).
"""

from __future__ import annotations

import bisect
import re
from collections import Counter

from db.extract.claims.document import Doc, Proto
from db.extract.claims.grammar import QMARK_RE
from db.extract.claims.lexicon import PERSON_REFERENCE_NOUNS, PRONOUN_LEAD_OPENERS
from db.extract.claims.speakers import lead_end
from db.text import lexicon
from db.text.types import Sentence

_WORD = re.compile(r"[\w’'-]+")
_FIRST_NAMES = lexicon.table("first-names")
_HONORIFIC_GENDER = {"mr": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f", "lady": "f", "dame": "f"}
_ROLE_GENDER = {
    "spokesman": "m",
    "chairman": "m",
    "king": "m",
    "prince": "m",
    "congressman": "m",
    "actor": "m",
    "spokeswoman": "f",
    "chairwoman": "f",
    "queen": "f",
    "princess": "f",
    "congresswoman": "f",
    "actress": "f",
}
_PRONOUN_GENDER = {"he": "m", "she": "f"}
# an unnamed holder of a role: "a doctor on the scene", "one senior official", "another lawyer"
_UNNAMED_ROLE = re.compile(r"\b(?:[Aa]n?|[Oo]ne|[Aa]nother)\s+(?:[a-z][\w-]*\s+){0,2}?(?P<noun>[a-z]+)\b")
_ROLE_AFTER_WORDS = 4  # a short description ("Austria's interior minister") may be named later in the text
_UNNAMED_REACH = 2000  # characters back in which an unnamed role holder is still the one meant
_ROLE_WINDOW = 4  # words before a name, or in the apposition after it, that give its role


class References:
    """The people and organisations a document's back-references can point to."""

    def __init__(self, d: Doc, protos: list[Proto]) -> None:
        self.d = d
        self.persons: list[tuple[int, int]] = []  # (position, mention): subjects and speakers
        self.orgs: list[tuple[int, int]] = []
        self.roles: dict[str, list[tuple[int, int]]] = {}  # role noun -> (position, mention)
        self.gender: dict[int, str] = {}  # cluster -> "m" / "f"
        self._subjects()
        for p in protos:
            if p.speaker is not None:
                self.spoke(d.entities[p.speaker].start, p.speaker)
        self.persons.sort()
        self.orgs.sort()
        self._roles_and_genders()

    # --- what the document gives --------------------------------------------------------

    def _subjects(self) -> None:
        for pos, i in self.d.subjects:
            (self.persons if self.d.ctype[i] == "PERSON" else self.orgs).append((pos, i))

    def _roles_and_genders(self) -> None:
        d = self.d
        text = d.text
        votes: dict[int, Counter] = {}
        for i, e in enumerate(d.entities):
            if d.ctype[i] != "PERSON":
                continue
            cluster = d.cluster[i]
            lead = _WORD.findall(text, max(0, e.start - 60), e.start)[-_ROLE_WINDOW:]
            tail = ""
            if text.startswith(",", e.end):
                stop = min((k for k in (text.find(",", e.end + 1), text.find(".", e.end + 1)) if k > 0), default=-1)
                if stop > 0:
                    tail = text[e.end + 1 : stop]
            for w in [*lead, *_WORD.findall(tail)[:_ROLE_WINDOW]]:
                lw = w.lower()
                if lw in PERSON_REFERENCE_NOUNS and (w in lead or w[:1].islower()):
                    self.roles.setdefault(lw, []).append((e.start, i))
            g: Counter[str] = Counter()
            if lead and lead[-1].lower().rstrip(".") in _HONORIFIC_GENDER:
                g[_HONORIFIC_GENDER[lead[-1].lower().rstrip(".")]] += 2
            first = e.text.split()[0].lower().rstrip(".")
            if first in _HONORIFIC_GENDER:
                g[_HONORIFIC_GENDER[first]] += 2
            elif len(e.text.split()) > 1 and _FIRST_NAMES.get(first) in ("m", "f"):
                g[_FIRST_NAMES[first]] += 1
            if g:  # (a cluster without a vote gets no gender: only looked up, never listed)
                held = votes.get(cluster)
                if held is None:
                    votes[cluster] = g
                else:
                    held.update(g)
        for cluster, g in votes.items():
            if g and (len(g) == 1 or g.most_common(2)[0][1] > g.most_common(2)[1][1]):
                self.gender[cluster] = g.most_common(1)[0][0]
        for positions in self.roles.values():
            positions.sort()

    def spoke(self, pos: int, mention: int) -> None:
        """A speaker (named, or resolved from a reference at ``pos``) is salient from there on."""
        kind = self.d.ctype[mention]
        if kind == "PERSON":
            bisect.insort(self.persons, (pos, mention))
        elif kind == "ORG":
            bisect.insort(self.orgs, (pos, mention))

    # --- resolving ------------------------------------------------------------------------

    def resolve(self, p: Proto) -> int | None:
        words = (p.ref or "").lower().split()
        if not words or words[0] == "they":
            return None
        d = self.d
        s = d.sentence_at(p.ref_pos)
        before = s.start if s else p.ref_pos
        head = words[-1]
        if words[0] in _PRONOUN_GENDER:
            # the people a quote, or the clause after "he said", names in the third person ("It was easy for X
            # to ...," she said; he insisted he still trusted X) are not who says it; a clause before its
            # pronoun may be about the speaker ("X faced charges, which he denies")
            quoted = QMARK_RE.match(d.text, p.start) is not None or p.ref_pos < p.start
            named = {d.cluster[i] for i in d.mentions_in(p.start, p.end)} if quoted else set()
            gender = _PRONOUN_GENDER[words[0]]
            lead = self._lead_subject(s, p.ref_pos, gender, named) if s is not None else None
            return lead if lead is not None else self._person(before, gender, named)
        if head in PERSON_REFERENCE_NOUNS or head.endswith("-old"):
            held = [(pos, i) for pos, i in self.roles.get(head, ()) if pos < before]
            unnamed = self._unnamed_before(head, p.ref_pos)
            if unnamed >= 0 and (not held or held[-1][0] < unnamed):
                return None  # "A doctor at the scene told X ... the doctor said": someone the text never names
            if held:
                return held[-1][1]
            found = self._person(before, _ROLE_GENDER.get(head))
            if found is None and len(words) <= _ROLE_AFTER_WORDS and s is not None:
                found = self._role_after(head, s.end)
            return found if found is not None else self._named_next(s)
        if words[0] == "the" and s is not None:
            same = self._org_in_sentence(s.start, p.ref_pos)
            if same is not None:
                return same
        return self._org(p.ref_pos)

    def _lead_subject(self, s: Sentence, ref_pos: int, gender: str, named: set[int]) -> int | None:
        """The person a pronoun right after an opening clause stands for: that clause's subject ("When Afghan
        President X announced the swap, he said": X; not "After meeting X, he said"), of the pronoun's
        gender where known."""
        d = self.d
        text = d.text
        lead = text[s.start : ref_pos]
        if not lead.rstrip().endswith(","):
            return None
        words = _WORD.findall(lead)
        if not words or words[0].lower() not in PRONOUN_LEAD_OPENERS:
            return None
        for i in d.mentions_in(s.start, ref_pos):
            e = d.entities[i]
            between = _WORD.findall(text, s.start, e.start)[1:]
            if len(between) > _ROLE_WINDOW or any(w[:1].islower() and w not in ("the", "former") for w in between):
                return None
            if d.ctype[i] in ("MISC", "PLACE"):
                continue  # a word of a title: "When Afghan President X ..."
            if d.ctype[i] != "PERSON" or d.in_quote(e.start):
                return None
            g = self.gender.get(d.cluster[i])
            if (g is not None and g != gender) or d.cluster[i] in named:
                return None
            return i
        return None

    def _unnamed_before(self, head: str, pos: int) -> int:
        """Where the text last brought in an unnamed holder of a role before ``pos`` ("a doctor at the scene",
        "one official"), or -1; a role followed by a name ("a lawyer, X,") is named."""
        d = self.d
        found = -1
        for m in _UNNAMED_ROLE.finditer(d.text, max(0, pos - _UNNAMED_REACH), pos):
            if m.group("noun").lower().rstrip("s") != head.rstrip("s") or d.in_quote(m.start()):
                continue  # (a quote's "we have a mayor who ..." brings in no one)
            after = d.mentions_in(m.end(), m.end() + 40)
            if after and d.ctype[after[0]] == "PERSON" and not d.text[m.end() : d.entities[after[0]].start].strip(" ,"):
                continue
            found = m.start()
        return found

    def _role_after(self, head: str, pos: int) -> int | None:
        """The first person the text gives a role after ``pos`` (the end of the reference's sentence): a lead's
        "Austria's interior minister said" before "Interior Minister X" is named."""
        for p, i in self.roles.get(head, ()):
            if p > pos:
                return i
        return None

    def _org_in_sentence(self, lo: int, pos: int) -> int | None:
        """The one organisation named in [lo, pos) outside quotes ("across Acme's platforms, according to the
        company"), or None when none or several are."""
        d = self.d
        lo = lead_end(d, lo, pos)  # not one of an opening adverbial ("Ahead of talks with X, the bourse said")
        found = [i for i in d.mentions_in(lo, pos) if d.ctype[i] == "ORG" and not d.in_quote(d.entities[i].start)]
        if found and len({d.cluster[i] for i in found}) == 1:
            return found[-1]
        return None

    def _named_next(self, s: Sentence | None) -> int | None:
        """A lead's "..., the minister has said." named in the next sentence: its subject or speaker."""
        if s is None:
            return None
        d = self.d
        k = bisect.bisect_right(d.sent_starts, s.start)
        if k >= len(d.sentences):
            return None
        nxt = d.sentences[k]
        j = bisect.bisect_left(self.persons, (nxt.start, -1))
        if j < len(self.persons) and self.persons[j][0] < nxt.end:
            return self.persons[j][1]
        return None

    def _person(self, before: int, gender: str | None, named: set[int] | frozenset[int] = frozenset()) -> int | None:
        """The person last named as a subject or speaker before ``before``, of ``gender`` where known, and
        none of the clusters ``named``."""
        k = bisect.bisect_left(self.persons, (before, -1)) - 1
        while k >= 0:
            i = self.persons[k][1]
            g = self.gender.get(self.d.cluster[i])
            if (
                (gender is None or g is None or g == gender)
                and self.d.cluster[i] not in named
                and self.d.cluster[self.d.full_person(i)] not in named
            ):
                return i
            k -= 1
        return None

    def _org(self, before: int) -> int | None:
        k = bisect.bisect_left(self.orgs, (before, -1)) - 1
        if k >= 0:
            return self.orgs[k][1]
        # no organisation named as a subject yet: the one the document has named most so far
        d = self.d
        counts: Counter = Counter()
        last: dict[int, int] = {}
        for i, e in enumerate(d.entities):
            if e.start >= before:
                break
            if d.ctype[i] == "ORG":
                counts[d.cluster[i]] += 1
                last[d.cluster[i]] = i
        if not counts:
            return None
        best = max(counts, key=lambda c: (counts[c], last[c]))
        return last[best]
