"""Named-entity recognition for English news: PERSON, ORG, PLACE, MISC.

Two linear-chain CRFs (python-crfsuite) trained on CoNLL-2003 English tag the
tokens of one sentence, the second re-reading the first in the light of the
whole document; rule-based post-processing then cleans the mentions for
ordinary news.

``find_entities(text, start, end)`` tags the sentence ``text[start:end]``;
when ``text`` is the whole document, document-level features are computed
once per document.

Modules: ``lexicons`` (the word lists and where they live), ``manifest`` (the
hashes a model directory is checked against), ``features`` (word and sentence
features, document statistics, the gazetteer), ``runtime`` (those features as
CRFsuite items), ``taggers`` (the model: two taggers, the consistency and stage-2
features), ``segments`` (the parts of a sentence to tag), ``document`` (one
document's analysis and its sentences' entities), ``spans`` (the BIO
decoder), ``rules`` (the news rules), ``recognize`` (``find_entities``),
``evaluate`` (CoNLL reading and scoring).
"""

from db.extract.ner.features import Features, doc_stats
from db.extract.ner.lexicons import MODEL_DIR
from db.extract.ner.manifest import ModelMismatch
from db.extract.ner.recognize import Recognizer, find_entities
from db.extract.ner.rules import clean_name
from db.extract.ner.segments import LEFT_CONTEXT, MERGE_GAP, RIGHT_CONTEXT, tag_segments
from db.extract.ner.spans import bio_spans
from db.extract.ner.taggers import Model, consistency_maps, stage2_features

__all__ = [
    "LEFT_CONTEXT",
    "MERGE_GAP",
    "MODEL_DIR",
    "RIGHT_CONTEXT",
    "Features",
    "Model",
    "ModelMismatch",
    "Recognizer",
    "bio_spans",
    "clean_name",
    "consistency_maps",
    "doc_stats",
    "find_entities",
    "stage2_features",
    "tag_segments",
]
