"""The claim finder's word lists, one data file each in this folder (lower case)."""

from __future__ import annotations

from pathlib import Path

from db.text import lexicon

HERE = Path(__file__).parent


def _words(name: str) -> frozenset[str]:
    return lexicon.words(name, HERE)


# Speech verbs that report a statement without "that" ("pointed out" included).
SPEECH_VERBS = _words("speech-verbs")
# Speech verbs that as often take a plain object ("added 5%", "posted a loss"): no statement without "that",
# a quote or a pronoun subject after them ("he added it would close").
OBJECT_VERBS = _words("object-verbs")
PRONOUN_SUBJECTS = _words("pronoun-subjects")
CIRCUMSTANCE_PREPOSITIONS = _words("circumstance-prepositions")  # "in a statement": where, not what
CLAUSE_VERBS = _words("clause-verbs")  # "would", "had": in the first words after one, a clause follows
# Verbs that report speech only with "that".
SPEECH_VERBS_WITH_THAT = _words("speech-verbs-with-that")
# Verbs whose recipient comes before the statement ("told reporters that").
RECIPIENT_VERBS = _words("speech-verbs-with-recipient")
# Verbs that attribute a quote after its speaker ("“...,” Smith claimed").
QUOTE_SUBJECT_VERBS = SPEECH_VERBS | _words("quote-subject-verbs-extra")
# Verbs that attribute a quote they directly follow besides the speech verbs ("“...?” asked Smith").
QUOTE_CUE_VERBS_EXTRA = _words("quote-cue-verbs-extra")
# Participles that report speech after a comma with "that" (", adding that").
SAYING_VERBS_WITH_THAT = _words("saying-verbs-with-that")

AUXILIARIES = _words("auxiliaries")  # "has", "also", "reportedly": between a speaker and its verb
ADVERBIAL_STARTS = _words("adverbial-starts")  # "on", "during", "yesterday": a phrase before "that"
CLAUSE_OPENERS = _words("clause-openers")
# Openers of a clause whose subject a pronoun right after it stands for ("When X arrived, he said ...").
PRONOUN_LEAD_OPENERS = _words("pronoun-lead-openers")  # "once", "although": a clause before the main one
REFERENCE_NOUNS = _words("reference-nouns")  # "the firm", "the company"
PERSON_REFERENCE_NOUNS = _words("person-reference-nouns")  # "the minister", "the lawyer"
SPEAKS_FOR_NOUNS = _words("speaks-for-nouns")  # "X's office", "X's spokesman": X speaks
RECIPIENTS = _words("recipients")  # "told reporters", "told the court"
NOT_A_SOURCE_NOUNS = _words("not-a-source-nouns")  # "according to the law"
NOUN_BEFORE_VERB = _words("noun-before-verb")  # "the final say": no cue
THAT_PRONOUN_NEXT = _words("that-pronoun-next")  # "say that will not happen": "that" is a subject
NUMBER_WORDS = _words("number-words")  # "three", "dozens", "crore": a figure
VERB_FORMS = _words("subject-stop-verbs")  # "was", "have": a mention after one is no sentence subject
PREPOSITIONS = _words("prepositions")  # a mention after one is no sentence subject
