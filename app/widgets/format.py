"""How dates, gists and citations read in the panes (pure functions, no widgets)."""

from __future__ import annotations

import re

from rich.text import Text

from app.inert import inert
from db.read import CLAIM, EVENT, Item

KEPT = "★"  # a marked item or line (m; the evidence board M): in the timeline and the source's gutter
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def date_label(
    date: str | None, precision: str | None = None, relation: str | None = None, expression: str | None = None
) -> str:
    """ "2023-09-13", "2023-09 · Wed" (a weekday known only to the month), "before 2023-09", "undated"."""
    if not date:
        return "undated"
    label = date
    if precision == "month" and expression:
        lowered = expression.lower()
        day = next((d for d in _WEEKDAYS if d.lower() in lowered), None)
        if day:
            label = f"{date} · {day[:3]}"
    if relation in ("before", "after"):
        label = f"{relation} {label}"
    return label


def item_date(item: Item) -> str:
    return date_label(item.date, item.precision, item.relation, item.expression)


def gist(item: Item) -> str:
    """One line: the item's text as the document has it (a direct quote keeps its own marks)."""
    return " ".join(item.text.split())


FACT = "fact"


def item_kind(item: Item) -> str:
    """ "event" (a dated sentence), "claim" (attributed: a speaker or a cue) or "fact" (unattributed)."""
    if item.kind == EVENT:
        return EVENT
    return CLAIM if item.speaker or item.cue else FACT


def copies_label(item: Item, wide: bool = True) -> str:
    """ " · 3 sources · also in 11": independent groups reporting a claim, and the other documents
    whose copies folded into the row ("3 src +11" when narrow); "" for an item found once."""
    parts = []
    if item.sources > 1:
        parts.append(f"{item.sources} sources" if wide else f"{item.sources} src")
    if item.copies:
        parts.append(f"also in {item.copies}" if wide else f"+{item.copies}")
    return (" · " if wide else " ") + (" · " if wide else " ").join(parts) if parts else ""


def item_kinds(item: Item) -> tuple[str, ...]:
    """What a row is: its kind, and for an event that holds its sentence's claim, that claim's too."""
    if item.kind == EVENT and item.claim is not None:
        return (EVENT, CLAIM if item.speaker or item.cue else FACT)
    return (item_kind(item),)


def one_line(text: str) -> str:
    """Untrusted text for one row: inert, a line feed shown as ␊."""
    return inert(text).replace("\n", "\u240a")


HIDDEN = "\u2370"  # ⍰: stands in for an invisible character where one cell must stay one character


def visible_chars(text: str) -> str:
    """``text`` with each control or invisible character replaced by one visible character
    (␛ ␇ …, else ⍰), so positions in it do not move: for text a user is editing."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch == "\t":
            ch = " "
        elif not ch.isprintable():
            shown = inert(ch)
            ch = shown if len(shown) == 1 else HIDDEN
        out.append(ch)
    return "".join(out)


def literal(text: str, style: str = "") -> Text:
    """Untrusted text for a title, label, Static or prompt: inert, one line, never read as markup."""
    return Text(one_line(text), style=style)


def shorten(text: str, width: int) -> str:
    """``text`` in at most ``width`` characters, an ellipsis where it was cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def fit_middle(path: str, width: int) -> str:
    """``path`` in ``width`` characters, cut in the middle so that its start and file name show:
    "busi…002.txt", "000…5317.txt"."""
    if len(path) <= width:
        return path
    tail = min(len(path.rsplit("/", 1)[-1]), width * 2 // 3)
    return path[: width - 1 - tail] + "…" + path[len(path) - tail :]


def fit_path(path: str, width: int) -> str:
    """``path`` in at most ``width`` cells, cut on the left: "…/business/002.txt"."""
    if len(path) <= width:
        return path
    tail = path[len(path) - max(1, width - 1) :]
    cut = tail.find("/")
    if 0 <= cut < len(tail) - 1 and len(tail) - cut >= width // 2:
        tail = tail[cut:]
    return "…" + tail


def short_doc(doc: str) -> str:
    return doc.rsplit("/", 1)[-1]


def relative_doc(doc: str, root: str) -> str:
    """A document's path inside the corpus folder ``root`` ("business/002.txt"), else its name."""
    return doc[len(root) :] if root and doc.startswith(root) else short_doc(doc)


_OPAQUE = re.compile(r"[0-9a-f_.\-]*")  # a file name that is a number or a hash ("000_171dad24aabf5317")


def doc_label(doc: str, root: str, title: str | None) -> str:
    """How a list names a document: its path in the corpus, or its title where the file's name is only a
    number or a hash (a title says more than "000…5317.txt")."""
    path = relative_doc(doc, root)
    stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].split("#", 1)[0]
    return one_line(title) if title and title.strip() and _OPAQUE.fullmatch(stem.lower()) else path
