"""Alias resolution: which entity mentions of a document name the same thing.

API
---
``resolve(mentions, text=None) -> Resolution``
    The full answer for one document. ``Resolution.entities`` holds one
    :class:`Entity` per cluster, in order of first mention; each carries its
    canonical ``name``, ``type``, cross-document ``key``, ``mergeable`` flag,
    the indices of its ``mentions`` and its ``aliases`` (every distinct surface
    form, first-seen order). ``Resolution.of_mention[i]`` is the entity index
    of mention ``i``. Nothing is remembered between calls: the pipeline
    resolves a document once and hands the answer to the claim finder.
``resolve_document(mentions) -> list[tuple[str, str]]``
    For each mention (same order), the (canonical name, type) of its entity.
``alias_forms(mentions) -> dict[tuple[str, str], list[str]]``
    (canonical name, type) -> every surface form used for that entity in the
    document (what the store records as aliases).
``entity_key(name, type) -> str``
    Normalised key for merging entities ACROSS documents.
``key_variants(key) -> list[str]``
    Other keys the same organisation may have in other documents ("labour party" / "labour").
``is_mergeable_across_documents(name, type) -> bool``
    False where a key alone is thin evidence (a one-word PERSON, an empty key).
``surface_form(mention) -> str``
    A mention's name (or text) as an alias: possessive and surrounding
    punctuation removed, whitespace folded.

Modules
-------
``vocabulary``  the word lists (db/text/lexicon's shared ones, this folder's own)
``normalise``   surface forms, keys, base words (legal forms, qualifiers, honorifics stripped)
``keys``        the cross-document key: ``entity_key``, ``is_mergeable_across_documents``
``clustering``  ``resolve``: the within-document clustering, its type vote and canonical names
``cues``        a place no gazetteer knows, read again by its document's contexts (``resolve(mentions, text)``);
                a person of the page's common words ("Post-Workout Meal") is a work or product (MISC);
                an organisation named after a work's noun ("her book X") is a work
``tidy``        tagged spans mended before resolution (the pipeline runs it): a greeting or imperative
                glued to a name dropped ("Hey X"), a unit or colour after a number no name ("1 Tbsp"),
                a describing opener and a trailing role cut ("Veteran Labour MPs" -> "Labour"),
                fixtures, coordinated names and a party glued to a person split, an institution's head
                joined with its "of" name ("Church" + "England" -> "Church of England")
"""

from __future__ import annotations

from db.extract.aliases.clustering import Entity, Resolution, alias_forms, resolve, resolve_document
from db.extract.aliases.keys import acronym_of_key, entity_key, is_mergeable_across_documents, key_variants
from db.extract.aliases.normalise import surface_form

__all__ = [
    "Entity",
    "Resolution",
    "resolve",
    "resolve_document",
    "alias_forms",
    "acronym_of_key",
    "entity_key",
    "key_variants",
    "is_mergeable_across_documents",
    "surface_form",
]
