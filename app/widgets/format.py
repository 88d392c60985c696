"""How dates, gists and citations read in the panes (pure functions, no widgets)."""

from __future__ import annotations

from db.browse import CLAIM, Item

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def date_label(date: str | None, precision: str | None = None, relation: str | None = None,
               expression: str | None = None) -> str:
    """"2023-09-13", "2023-09 · Wed" (a weekday known only to the month), "before 2023-09", "undated"."""
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
    """One line: the claim in quotes, or the event's sentence."""
    text = " ".join(item.text.split())
    if item.kind == CLAIM:
        return "“" + text.strip('“”" ') + "”"
    return text


def short_doc(doc: str) -> str:
    return doc.rsplit("/", 1)[-1]


def citation(doc: str, line: int, text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f'{doc}:{line} — "{text}"'
