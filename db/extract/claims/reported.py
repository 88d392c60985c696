"""Reported speech.

In sentences not covered by a quote claim: "X said (in a filing to Y on
Wednesday) that CLAUSE", "X told Reuters CLAUSE", "X said CLAUSE", "CLAUSE,
X said." / "CLAUSE, said X.", "according to X, CLAUSE" / "CLAUSE, according
to X", "X has denied ..., saying CLAUSE" (", adding that", ", arguing
that", ... need "that"), and weaker verbs only with "that" ("X indicated
that", "media reports add that", "X revealed that"). The span is the
reported clause, up to the end of the sentence (its final punctuation
included); for "CLAUSE, X said." it is the clause before the comma. One
claim per sentence: the first cue that parses wins.
"""

from __future__ import annotations

import re

from db.extract.claims.document import Doc, Proto, fewer_words, n_words, trim
from db.extract.claims.grammar import (
    ACCORDING_RE,
    ADV_RE,
    COORD_RE,
    INFINITIVE_RE,
    NOT_A_SOURCE_RE,
    NOUN_BEFORE_RE,
    RECIPIENT_RE,
    REF_AFTER_RE,
    SAYING_RE,
    THAT_GAP_RE,
    WORD_RE,
    speech_verbs,
)
from db.extract.claims.lexicon import (
    CIRCUMSTANCE_PREPOSITIONS,
    CLAUSE_VERBS,
    OBJECT_VERBS,
    PRONOUN_SUBJECTS,
    RECIPIENT_VERBS,
    SPEECH_VERBS,
    SPEECH_VERBS_WITH_THAT,
    THAT_PRONOUN_NEXT,
    VERB_FORMS,
)
from db.extract.claims.speakers import apposition_speaker, pick, possessive, speaker_after, speaker_before
from db.text import lexicon
from db.text.types import Sentence

HONORIFICS = lexicon.words("honorifics")
_TITLE_GLUE = ("the", "of", "and", "for")


AUXILIARY_HAVE = ("has", "have", "had")
_PAST_FORM = re.compile(r"\w+ed$|said$|told$|wrote$|spoke$")


def _ends_clause(rest: str) -> bool:
    """Whether the text after a verb ends its clause: nothing, or a short adverbial ("on Friday")."""
    first = WORD_RE.search(rest)
    return first is None or (n_words(rest) <= 3 and ADV_RE.match(first.group()) is not None)


_CLAUSE_WITHIN = 5  # words after the verb in which an auxiliary shows a clause ("the plan would be ...")


def _clause_follows(rest: str) -> bool:
    """Whether the text after a verb is a clause, not an object: it starts with a pronoun subject or a titled
    name ("... it would close", "... Mr Stearns had agreed"), or an auxiliary comes within its first words
    ("... the situation would be monitored")."""
    words = [w.lower() for w in WORD_RE.findall(rest, 0, 200)[:_CLAUSE_WITHIN]]
    if not words:
        return False
    return (
        words[0] in PRONOUN_SUBJECTS or words[0].rstrip(".") in HONORIFICS or any(w in CLAUSE_VERBS for w in words[1:])
    )


_PHRASE_WORDS = 8  # at most this many words: a phrase ("in a statement on Friday"), longer is a clause


def _phrase_only(rest: str) -> bool:
    """Whether the text after a verb, to the end of the sentence, says where or when and no more: "in a
    statement.", "on 1 February." (not "of lower margins": there the phrase is what was said)."""
    words = [w.lower() for w in WORD_RE.findall(rest)]
    return (
        0 < len(words) <= _PHRASE_WORDS
        and words[0] in CIRCUMSTANCE_PREPOSITIONS
        and not any(w in CLAUSE_VERBS or w in PRONOUN_SUBJECTS for w in words)
    )


_BY_GERUND = re.compile(r"\s+by\s+([a-z]{2,})ing\b")
SPEAKING = SPEECH_VERBS | SPEECH_VERBS_WITH_THAT  # a speech verb's forms ("said", "says", "noted")


def _by_doing(rest: str) -> bool:
    """Whether the text after a verb says how it was done, by an act that is no speech ("responded by
    hitting him"; not "responded by saying that ...")."""
    m = _BY_GERUND.match(rest)
    if m is None:
        return False
    stem = m.group(1)  # "say", "not(e)", "argu(e)", "admitt(ed)", "tell(s)"
    forms = {stem, stem + "e", stem + "ed", stem + "d", stem[:-1], stem + "s", stem + "es", stem + "ed out"}
    return not forms & SPEAKING


def _parenthetical(before: str, rest: str) -> bool:
    """Whether a verb stands in a parenthesis of a pronoun and itself ("Nobody, he claimed, could")."""
    comma = before.rfind(",")
    if comma < 0 or not rest.lstrip().startswith(","):
        return False
    return REF_AFTER_RE.fullmatch(before[comma + 1 :].strip()) is not None


_ADVERBIAL_THEN_PARTICIPLE = re.compile(r"\s*(?:\w+\s+){0,3}?\w+,\s+[a-z]+ing\b")
# an infinitive between a verb and "that" ("to pay"; not "to reporters", "to the board")
_INFINITIVE_IN_GAP = re.compile(
    r"\bto\s+(?!(?:the|a|an|his|her|its|their|our|my|your|this|that|these|those|reporters|journalists|parliament)\b)"
    r"[a-z]+\b"
)
_PASSIVE_BEFORE = re.compile(r"\b(?:be|been|being|is|are|was|were)\s+(?:[a-z]+ly\s+)?$", re.IGNORECASE)
_LONG_SUBJECT = 14  # words of a subject after "CLAUSE," when a name ends it right before the verb


def subject_is_named(d: Doc, lo: int, verb: int) -> bool:
    """Whether the words in [lo, verb) are a noun phrase ending in a name right before the verb: no verb form
    in them, and a PERSON or ORG mention ends at most a space before the verb."""
    idx = d.mentions_in(lo, verb)
    if not idx or d.ctype[idx[-1]] not in ("PERSON", "ORG") or d.text[d.entities[idx[-1]].end : verb].strip():
        return False
    return not any(w.lower() in VERB_FORMS for w in WORD_RE.findall(d.text, lo, verb))


def _name_before_role(d: Doc, s: Sentence, comma: int, subj: str) -> tuple[int, int] | None:
    """(speaker, where the clause ends) of "CLAUSE, X, ROLE said": a lower-case role before the verb and,
    between the two commas before it, a person alone (maybe behind a title)."""
    if not subj[:1].islower():
        return None
    prev = d.text.rfind(",", s.start, comma)
    if prev < 0:
        return None
    idx = d.mentions_in(prev + 1, comma)
    if len(idx) != 1 or d.ctype[idx[0]] != "PERSON" or d.entities[idx[0]].end != comma:
        return None
    lead = WORD_RE.findall(d.text, prev + 1, d.entities[idx[0]].start)
    if len(lead) > 2 or not all(w[:1].isupper() for w in lead):
        return None
    return idx[0], prev


def _tail_apposition(d: Doc, s: Sentence, before: str) -> tuple[int, int] | None:
    """(speaker, where the clause ends) of "CLAUSE, X, TITLE, said": X alone between two commas."""
    cuts = [k for k, c in enumerate(before) if c == ","]
    if len(cuts) < 3:
        return None
    lo, hi = s.start + cuts[-3] + 1, s.start + cuts[-2]
    idx = [i for i in d.mentions_in(lo, hi) if d.ctype[i] in ("PERSON", "ORG")]
    if len(idx) != 1 or d.text[lo:hi].strip() != d.entities[idx[0]].text:
        return None
    return idx[0], s.start + cuts[-3]


def reported(d: Doc, s: Sentence, masked: str) -> Proto | None:
    text = d.text
    base = s.start
    # ---- according to
    am = ACCORDING_RE.search(masked)
    if am:
        a_lo, a_hi = base + am.start(), base + am.end()
        src_hi = d.region_end(a_hi, s.end)
        comma = text.find(",", a_hi, src_hi)
        if comma >= 0:
            src_hi = comma
        cue = " ".join(text[a_lo:a_hi].split())
        if NOT_A_SOURCE_RE.search(text, a_hi, src_hi):
            am = None  # "according to the law / the plan"
        speaker, ref, ref_pos = speaker_after(d, a_hi, src_hi)
        before_words = n_words(text[s.start : a_lo])
        after_words = n_words(text[src_hi : s.end])
        if before_words == 0:
            c_lo, c_hi = trim(text, src_hi, s.end)
        elif after_words >= 3 and before_words >= 3:
            c_lo, c_hi = s.start, s.end
        else:
            c_lo, c_hi = trim(text, s.start, a_lo)
        if am and not fewer_words(text[c_lo:c_hi], 3):
            according = Proto(c_lo, c_hi, cue, speaker, ref, ref_pos)
            if speaker is not None or ref is not None:
                return according
            # "X told the cabinet that ..., according to the statement": X said it
            masked = masked[: am.start()] + " " * (am.end() - am.start()) + masked[am.end() :]
            spoken = _speech(d, s, masked)
            return spoken if spoken is not None and spoken.speaker is not None else according
    return _speech(d, s, masked)


def _speech(d: Doc, s: Sentence, masked: str) -> Proto | None:
    """A speech verb's claim in the sentence, or ", saying ..." (see the module docstring)."""
    text = d.text
    base = s.start
    # ---- speech verbs
    verbs = list(speech_verbs(masked))
    for k, vm in enumerate(verbs):
        v_lo, v_hi = base + vm.start(), base + vm.end()
        verb = vm.group().lower()
        before = masked[: vm.start()]
        noun = NOUN_BEFORE_RE.search(before)
        if noun and noun.group().split()[0].lower() in AUXILIARY_HAVE and _PAST_FORM.match(verb):
            noun = None  # "has said", "had warned": a verb, unlike "have their say"
        if INFINITIVE_RE.search(before) or noun or not before.strip():
            continue
        if k + 1 < len(verbs) and _PASSIVE_BEFORE.search(before) and _PAST_FORM.match(verb):
            continue  # "Job cuts will be announced later, said X": the passive is not the sentence's cue
        after_lo = v_hi
        if verb in RECIPIENT_VERBS:
            rm = RECIPIENT_RE.match(text, v_hi, s.end)
            ments = d.mentions_in(v_hi, s.end)
            if ments and text[v_hi : d.entities[ments[0]].start].strip().lower() in ("", "the"):
                after_lo = d.entities[ments[0]].end
            elif rm:
                after_lo = rm.end()
            else:
                continue
        clause_lo = None
        cue = masked[vm.start() : vm.end()]  # as written (the match may be of the lower case)
        tm = THAT_GAP_RE.match(text, after_lo, s.end)
        if tm and _INFINITIVE_IN_GAP.search(tm.group("gap")):
            tm = None  # "agreed on Wednesday to pay $1m to settle claims that ...": "that" is not the verb's
        if tm:
            clause_lo = tm.end()
            nw = WORD_RE.search(text, tm.end(), s.end)
            if nw and nw.group().lower() in THAT_PRONOUN_NEXT:
                clause_lo = tm.end() - 4  # "say that will not happen": "that" is the subject
            elif not tm.group("gap").strip() and after_lo == v_hi:
                cue = text[v_lo : tm.end()]
        elif (
            verb in SPEECH_VERBS
            or verb in RECIPIENT_VERBS
            or _ends_clause(text[after_lo : s.end])
            or _parenthetical(before, text[after_lo : s.end])
        ):
            # (a verb that needs "that" may end the sentence: "CLAUSE, the airline announced Friday.")
            rest = text[after_lo : s.end]
            comma = base + before.rfind(",")
            subj = text[comma + 1 : v_lo].strip() if comma >= base else ""
            rest_first = WORD_RE.search(rest)
            after = [i for i in d.mentions_in(after_lo, s.end) if d.ctype[i] in ("PERSON", "ORG")]
            # a name right after the verb, maybe behind a title ("said Finance Minister X")
            lead = WORD_RE.findall(text, after_lo, d.entities[after[0]].start) if after else ["-"]
            named_next = len(lead) <= 6 and all(
                w[:1].isupper() or w.lower() in _TITLE_GLUE or w.lower().rstrip(".") in HONORIFICS for w in lead
            )
            tail = _tail_apposition(d, s, before) if comma >= base and not subj and not rest_first else None
            if tail is not None:
                # "CLAUSE, X, TITLE, said."
                c_lo, c_hi = trim(text, s.start, tail[1])
                if not fewer_words(text[c_lo:c_hi], 3):
                    return Proto(c_lo, c_hi, cue, tail[0])
            if comma >= base and apposition_speaker(d, s.start, v_lo) is not None:
                pass  # "X, APPOSITION, said CLAUSE"
            elif comma >= base and not subj and named_next:
                # "CLAUSE, said X, TITLE." / "Currently, says Dr X, CLAUSE."
                c_lo, c_hi = trim(text, s.start, comma)
                if fewer_words(text[c_lo:c_hi], 3):
                    c_lo, c_hi = trim(text, s.start, s.end)
                who = speaker_after(d, after_lo, d.region_end(after_lo, s.end))[0]
                return Proto(c_lo, c_hi, cue, who if who is not None else after[0])
            elif comma >= base and (
                # "CLAUSE, X said (on Monday)."
                (
                    subj
                    and not COORD_RE.match(subj.split()[0])
                    and (
                        (
                            n_words(subj) <= 8
                            and (
                                not rest_first
                                or (n_words(rest) <= 5 and ADV_RE.match(rest_first.group()))
                                # "CLAUSE, the Pentagon said on Thursday, beating a rival bid"
                                or (ADV_RE.match(rest_first.group()) and _ADVERBIAL_THEN_PARTICIPLE.match(rest))
                                or (rest.lstrip().startswith(",") and REF_AFTER_RE.fullmatch(subj))
                            )
                        )
                        # a long name ends the sentence: "CLAUSE, the U.S. Attorney's Office for the Western
                        # District of X said in a statement."
                        or (
                            n_words(subj) <= _LONG_SUBJECT
                            and subject_is_named(d, comma + 1, v_lo)
                            and (not rest_first or (n_words(rest) <= 5 and ADV_RE.match(rest_first.group())))
                        )
                    )
                )
                # "CLAUSE, said X (, Title)."
                or (
                    not subj
                    and rest_first
                    and n_words(rest) <= 8
                    and (rest_first.group()[0].isupper() or rest_first.group().lower() in ("the", "a", "an"))
                )
            ):
                c_lo, c_hi = trim(text, s.start, comma)
                if fewer_words(text[c_lo:c_hi], 3) and rest.lstrip().startswith(","):
                    c_lo, c_hi = trim(text, s.start, s.end)  # "Nobody, he claimed, could ..."
                if fewer_words(text[c_lo:c_hi], 3):
                    continue
                if subj:
                    speaker, ref, ref_pos = speaker_before(d, comma + 1, v_lo)
                    named = _name_before_role(d, s, comma, subj)
                    if named is not None:
                        # "CLAUSE, Rabbi X, founder of the Y Center said.": X, and the clause ends before X
                        speaker, ref, ref_pos = named[0], None, -1
                        c_lo, c_hi = trim(text, s.start, named[1])
                else:
                    speaker, ref, ref_pos = speaker_after(d, after_lo, d.region_end(after_lo, s.end))
                return Proto(c_lo, c_hi, cue, speaker, ref, ref_pos)
            if re.match(r"\s+to\b", rest):
                continue  # "is said to be"
            if verb in OBJECT_VERBS and not _clause_follows(rest):
                continue  # "added 5% to 740 yen", "posted a record loss": an object, not a statement
            if _phrase_only(rest):
                continue  # "X said in a statement.": where it was said, the statement is elsewhere
            if _by_doing(rest):
                continue  # "X responded by hitting him": how, not what was said
            clause_lo = after_lo
        else:
            continue
        c_lo, c_hi = trim(text, clause_lo, s.end)
        if fewer_words(text[c_lo:c_hi], 3):
            continue
        lo = s.start
        semi = max(masked.rfind(";", 0, vm.start()), masked.rfind(":", 0, vm.start()))
        if semi >= 0:
            lo = base + semi + 1
        speaker, ref, ref_pos = speaker_before(d, lo, v_lo)
        return Proto(c_lo, c_hi, " ".join(cue.split()), speaker, ref, ref_pos)
    # ---- ", saying ..."
    sm = SAYING_RE.search(masked)
    if sm:
        c_lo, c_hi = trim(text, base + sm.end(), s.end)
        if not fewer_words(text[c_lo:c_hi], 3):
            cue = (
                sm.group("cue") + (" that" if sm.group("that") else "")
                if sm.group("cue")
                else sm.group("cue2") + " that"
            )
            comma = base + sm.start()
            rm = REF_AFTER_RE.match(text, s.start, comma)
            if (
                rm
                and rm.group("ref").lower() in ("he", "she", "it", "they")
                or (rm and not d.mentions_in(s.start, rm.end()))
            ):
                return Proto(c_lo, c_hi, cue, None, rm.group("ref"), rm.start("ref"))
            who = None
            for pos, i in reversed(d.org_subjects):
                if pos < s.start:
                    break
                if pos < comma:
                    who = i
            idx = d.mentions_in(s.start, comma)
            appo = apposition_speaker(d, s.start, d.region_end(s.start, comma), idx) if idx else None
            if appo is not None and not possessive(d, appo):
                return Proto(c_lo, c_hi, cue, appo)
            idx = [i for i in idx if not possessive(d, i)] or idx
            if (
                idx
                and d.ctype[idx[0]] == "PERSON"
                and (who is None or d.entities[idx[0]].start < d.entities[who].start)
            ):
                who = idx[0]
            if who is None:
                who = pick(d, idx, rightmost=False)
            return Proto(c_lo, c_hi, cue, who)
    return None
