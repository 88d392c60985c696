"""The claim finder's per-document state, and the text helpers every finder uses."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import islice

from db.extract.aliases import Resolution
from db.extract.claims.grammar import QMARK_RE, REGION_END_RE, WORD_RE
from db.extract.claims.lexicon import PERSON_REFERENCE_NOUNS, PREPOSITIONS, REFERENCE_NOUNS
from db.extract.types import EntitySpan
from db.text import lexicon
from db.text.tokenize import ABBREVIATIONS
from db.text.types import Sentence

_OPENERS = "“„«"
_LEGAL_FORMS = lexicon.words("legal-forms")
_PERSON_TITLES = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lady", "dame", "lord"})
_WHO_AFTER = re.compile(r",?\s+who\b")
_WHICH_AFTER = re.compile(r",\s+which\b")
_PEOPLE_OPENERS = frozenset(lexicon.table("first-names")) | _PERSON_TITLES


def _first_word(name: str) -> str:
    return name.split(None, 1)[0].lower().rstrip(".")


_SURNAME_TITLES = re.compile(
    r"(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+[A-Z][\w’'-]+$"
)  # not Lord, Sir: "Lord's", "Lord of the Rings"


def _titled_surname(name: str) -> bool:
    """Whether a mention is a title and a surname: "Ms. Park", "Mr Dor"."""
    return _SURNAME_TITLES.match(name) is not None


_STRAIGHT = ('"', "''")  # a straight quote opens or closes by what is next to it


@dataclass(slots=True)
class Proto:
    """A claim in the making: its span, cue and speaker (or back-reference, at ``ref_pos``)."""

    start: int
    end: int
    cue: str | None
    speaker: int | None = None
    ref: str | None = None
    ref_pos: int = -1
    attributed: bool = False


class Doc:
    """Per-document state shared by the finders."""

    def __init__(self, text: str, sentences: list[Sentence], entities: list[EntitySpan], res: Resolution) -> None:
        self.text = text
        self.sentences = sentences
        self.entities = entities
        self.starts = [e.start for e in entities]
        self.cluster = list(res.of_mention)
        self.types = [res.entities[c].type for c in res.of_mention]  # the resolver's, before the finder's reading
        self.ctype = reference_types(text, entities, self.cluster, self.types)
        # clusters surely people: a mention opens with a known first name or a title ("Jane Smith", "Mr Smith")
        self.people = {
            self.cluster[i]
            for i, e in enumerate(entities)
            if self.ctype[i] == "PERSON" and " " in e.text and _first_word(e.text) in _PEOPLE_OPENERS
        }
        self.sent_starts = [s.start for s in sentences]
        self.subjects: list[tuple[int, int]] = []  # (position, mention index) of sentence subjects
        self.org_subjects: list[tuple[int, int]] = []  # the ORG ones
        self.quotes: list[tuple[int, int, bool]] = []  # (open, end, closed), text order
        self.quote_starts: list[int] = []
        self.line_quotes: dict[int, list[tuple[int, int, bool]]] = {}  # line start -> its quotes
        self._full_names: set[int] | None = None

    def full_person(self, i: int) -> int:
        """The mention of the person a surname, titled or bare, stands for ("Ms. Park" or "Park" for the one
        Linda Park the text names before it), when the resolver typed it no person (the claim finder reads it as
        one) and kept it apart; else ``i``."""
        e = self.entities[i]
        words = e.text.split()
        if self.ctype[i] != "PERSON" or not (_titled_surname(e.text) or (len(words) == 1 and e.text[:1].isupper())):
            return i
        if self.types[i] == "PERSON" or self.cluster[i] in self._named_clusters():
            return i  # a person the resolver typed so is its to join; or its entity has a full name already
        surname = words[-1].rstrip(".,")
        if surname.endswith(("’s", "'s")):
            surname = surname[:-2]
        found = [
            j
            for j in range(i)
            if self.ctype[j] == "PERSON"
            and self.cluster[j] != self.cluster[i]
            and len(self.entities[j].text.split()) > 1
            and _first_word(self.entities[j].text) not in _PERSON_TITLES
            and self.entities[j].text.split()[-1] == surname
        ]
        if found and len({self.cluster[j] for j in found}) == 1:
            return found[-1]
        return i

    def _named_clusters(self) -> set[int]:
        """Clusters with a mention of two words or more that is not a title and a surname."""
        if self._full_names is None:
            self._full_names = {
                self.cluster[j]
                for j, e in enumerate(self.entities)
                if len(e.text.split()) > 1 and not _titled_surname(e.text)
            }
        return self._full_names

    def mentions_in(self, lo: int, hi: int) -> list[int]:
        i = bisect.bisect_left(self.starts, lo)
        out: list[int] = []
        ents = self.entities
        while i < len(ents) and ents[i].start < hi:
            if ents[i].end <= hi:
                out.append(i)
            i += 1
        return out

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quote_starts, pos) - 1
        return k >= 0 and pos < self.quotes[k][1]

    def sentence_at(self, pos: int) -> Sentence | None:
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        if k >= 0 and pos < self.sentences[k].end:
            return self.sentences[k]
        return None

    def region_end(self, lo: int, hi: int) -> int:
        """Where the clause starting at ``lo`` ends: not at the period of an abbreviation ("Mr. Dor")."""
        text = self.text
        while True:
            m = REGION_END_RE.search(text, lo, hi)
            if m is None:
                return hi
            p = m.start()
            if text[p] != "." or not abbreviation_before(text, p):
                return p
            lo = p + 1


def reference_types(text: str, entities: list[EntitySpan], cluster: list[int], types: list[str]) -> list[str]:
    """The type each mention has for the claim finder: its entity's, unless the text says that a
    name typed PERSON is an organisation, or one typed ORG a person, and nothing says otherwise.

    An organisation: a company form ends a mention ("Acme Corp."), or a lower-case organisation noun
    comes right before it ("engineering group Acme"). A person: an honorific or a lower-case role
    noun right before it ("Mr Acme", "striker Acme"), or ", who" right after it (", which": an organisation).
    """
    votes: dict[int, list[int]] = {}  # cluster -> [person evidence, organisation evidence]
    titled: set[int] = set()  # clusters of a PLACE whose mention opens with a title ("Ms. Park"): a person
    for i, e in enumerate(entities):
        if types[i] == "PLACE" and _titled_surname(e.text):
            titled.add(cluster[i])
        if types[i] not in ("PERSON", "ORG"):
            continue
        v = votes.setdefault(cluster[i], [0, 0])
        words = e.text.split()
        if words and words[-1].lower().strip(".,") in _LEGAL_FORMS and len(words) > 1:
            v[1] += 1
        if words and words[0].lower().rstrip(".") in _PERSON_TITLES:
            v[0] += 1
        lead = text[max(0, e.start - 30) : e.start]
        lw = ""
        if lead[-1:].isspace() and (lead_words := lead.split()):
            w = lead_words[-1].rstrip(".")
            lw = w.lower()
            if lw in _PERSON_TITLES or (w[:1].islower() and lw in PERSON_REFERENCE_NOUNS):
                v[0] += 1
            elif w[:1].islower() and lw in REFERENCE_NOUNS:
                v[1] += 1
        if lw in PREPOSITIONS:
            continue  # "X of Acme, who ...": the relative clause is X's
        if _WHO_AFTER.match(text, e.end):
            v[0] += 1
        elif _WHICH_AFTER.match(text, e.end):
            v[1] += 1
    out = list(types)
    for i, t in enumerate(types):
        person, org = votes.get(cluster[i], (0, 0))
        if t == "ORG" and person and not org:
            out[i] = "PERSON"
        elif t == "PERSON" and org and not person:
            out[i] = "ORG"
        elif t == "PLACE" and cluster[i] in titled:
            out[i] = "PERSON"
    return out


def lines_of(text: str, sentences: list[Sentence]) -> list[tuple[int, int, list[Sentence]]]:
    out: list[tuple[int, int, list[Sentence]]] = []
    for s in sentences:
        if out and out[-1][0] <= s.start < out[-1][1]:
            out[-1][2].append(s)
            continue
        lo = text.rfind("\n", 0, s.start) + 1
        hi = text.find("\n", s.start)
        if hi < 0:
            hi = len(text)
        out.append((lo, hi, [s]))
    return out


def _closes_after_space(text: str, lo: int, hi: int, p: int, n: int) -> bool:
    """Whether a straight quote mark after a space closes the open quote: the wires' `"This is over, " said X`
    (punctuation before the space, a space or the line's end after the mark)."""
    k = p - 1
    while k > lo and text[k].isspace():
        k -= 1
    return text[k] in ",.!?" and (p + n >= hi or text[p + n].isspace())


def find_quotes(text: str, lo: int, hi: int) -> list[tuple[int, int, bool]]:
    quotes: list[tuple[int, int, bool]] = []
    open_at = -1
    for m in QMARK_RE.finditer(text, lo, hi):
        c = m.group()
        p = m.start()
        n = len(c)  # 2 for the wire services' `` and ''
        if open_at < 0:
            if (
                c in _OPENERS
                or c == "``"
                or (
                    c in _STRAIGHT
                    and (p == lo or not text[p - 1].isalnum())
                    and p + n < hi
                    and not text[p + n].isspace()
                )
            ):
                open_at = p
        elif c in "”»" or (c in _STRAIGHT and (not text[p - 1].isspace() or _closes_after_space(text, lo, hi, p, n))):
            quotes.append((open_at, p + n, True))
            open_at = -1
        elif c in _OPENERS or c == "``":
            quotes.append((open_at, p, False))
            open_at = p
    if open_at >= 0:
        quotes.append((open_at, hi, False))
    out = []
    for o, e, closed in quotes:
        while e > o + 1 and text[e - 1].isspace():
            e -= 1
        if WORD_RE.search(text, o, e):
            out.append((o, e, closed))
    return out


_RELATIVE = re.compile(r",\s*(?:who|which)\b")
_RELATIVE_MAX = 160  # characters of a relative clause between a speaker and its verb


def relative_clause_end(text: str, at: int, hi: int) -> int | None:
    """Where a relative clause opening at ``at`` (", who serves in the cabinet,") ends: just after its closing
    comma; None when no such clause opens there or it does not close before ``hi`` within the same sentence."""
    m = _RELATIVE.match(text, at, hi)
    if m is None:
        return None
    close = text.find(",", m.end(), min(hi, at + _RELATIVE_MAX))
    if close < 0 or any(c in '.!?;:“”"' for c in text[m.end() : close]):
        return None
    return close + 1


def abbreviation_before(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation that does not end a sentence ("Mr.", "Dr.")."""
    k = dot
    while k > 0 and text[k - 1].isalpha():
        k -= 1
    return k < dot and (k == 0 or not text[k - 1].isalnum()) and text[k:dot].lower() in ABBREVIATIONS


def n_words(s: str) -> int:
    return len(WORD_RE.findall(s))


def fewer_words(s: str, k: int) -> bool:
    """``n_words(s) < k``, reading no further than the k-th word."""
    return sum(1 for _ in islice(WORD_RE.finditer(s), k)) < k


def trim(text: str, lo: int, hi: int, strip: str = " \t,;:—–-") -> tuple[int, int]:
    while lo < hi and text[lo] in strip:
        lo += 1
    while hi > lo and text[hi - 1] in " \t,;:—–-":
        hi -= 1
    return lo, hi
