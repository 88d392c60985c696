"""Folding ordering words into date mentions: "since 2019", "two weeks after March 3"."""

from __future__ import annotations

import re

from db.extract.dates.vocabulary import phrases, table
from db.extract.types import DateMention

# relation words right before a date = the relation they give it: "since" -> "after"
_RELATION = table("relations")
_REL_BEFORE = re.compile(r"(?i)(?<![\w-])(" + phrases(tuple(_RELATION)) + r")\s+(?:(?:on|in)\s+)?$")
_GAP = re.compile(r"\s+(?:the\s+)?")


def attach_relations(text: str, lo: int, found: list[DateMention]) -> list[DateMention]:
    """``found`` (one sentence's mentions, in order, the sentence starting at ``lo``) with ordering
    words folded in: a relation word before a date joins it, an undated "two weeks after" the date
    that follows it."""
    out: list[DateMention] = []
    for mention in found:
        prev = out[-1] if out else None
        # "two weeks after" + "March 3"
        if (
            prev is not None
            and prev.date is None
            and prev.relation in ("before", "after")
            and mention.relation == "on"
            and mention.date is not None
            and prev.text.lower().rstrip().endswith(("after", "before", "prior to"))
            and _GAP.fullmatch(text, prev.end, mention.start)
        ):
            out[-1] = DateMention(
                prev.start, mention.end, text[prev.start : mention.end], mention.date, mention.precision, prev.relation
            )
            continue
        if mention.relation == "on" and mention.date is not None:
            window = text[max(lo, mention.start - 24) : mention.start]
            rm = _REL_BEFORE.search(window)
            if rm:
                word = " ".join(rm.group(1).lower().split())
                relation = _RELATION.get(word)  # None: a look-alike such as "ſince" (long s)
                s = mention.start - len(window) + rm.start()
                possessive = text.startswith(("'s", "’s"), mention.end)  # "by Friday's storm"
                overlaps = prev is not None and prev.end > s
                if relation is not None and not (word == "by" and possessive) and not overlaps:
                    mention = DateMention(
                        s, mention.end, text[s : mention.end], mention.date, mention.precision, relation
                    )
        out.append(mention)
    return out
